import { useCallback, useEffect, useMemo, useRef, useState, type FormEvent, type KeyboardEvent } from 'react'
import { EVOUCHER_USAGE_DAYS, RegisterTerminalRequestSchema, TERMINAL_KIND_LABELS, TerminalKindSchema } from '../../contract/evoucher'
import type { RegisteredTerminal, StaffTerminal } from '../../contract/workbench'
import { ApiError, type StaffRequester } from '../api'
import { ErrorNote } from '../supervision/ErrorNote'
import { terminalApi } from './api'

/**
 * 扫码终端 for the 管理员: the register of the counters' terminals that decode citizens' e-voucher codes (the one
 * `npm run terminal` also keeps). A new terminal's key is shown once, with a copy button and a warning that it cannot
 * be shown again (the BFF keeps only its SHA-256); 停用 asks first, since a revoked terminal cannot be brought back.
 * The form checks with the same rules as the BFF and the CLI (contract/evoucher.ts) and keeps what was typed.
 */

type Calls = ReturnType<typeof terminalApi>
type Fields = Partial<Record<'id' | 'institutionName' | 'kind', string>>

const message = (err: unknown): string => (err instanceof ApiError ? err.message : '网络异常，请稍后重试')
const time = (iso: string): string => new Date(iso).toLocaleString('zh-CN', { timeZone: 'Asia/Shanghai', hour12: false })

export function TerminalsScreen({ api }: { api: Pick<StaffRequester, 'request'> }) {
  const calls = useMemo(() => terminalApi(api), [api])
  const [terminals, setTerminals] = useState<StaffTerminal[] | null>(null)
  const [error, setError] = useState<string | null>(null)
  const [done, setDone] = useState<string | null>(null)
  const [issued, setIssued] = useState<RegisteredTerminal | null>(null)
  const [confirming, setConfirming] = useState<StaffTerminal | null>(null)

  const load = useCallback(async () => {
    try {
      setTerminals((await calls.list()).terminals)
    } catch (err) {
      setError(message(err))
    }
  }, [calls])
  useEffect(() => {
    void load()
  }, [load])

  const revoked = (t: StaffTerminal) => {
    setConfirming(null)
    setError(null)
    setDone(`已停用终端 ${t.id}（${t.institutionName}），其密钥不能再解码医保码`)
    void load()
  }
  const active = terminals?.filter((t) => !t.revokedAt).length ?? 0

  return (
    <main className='admin'>
      <h1>扫码终端</h1>
      <p>
        定点医药机构的扫码终端凭终端密钥（请求头 X-Terminal-Key）解码参保人的医保码；每次解码都记入参保人的“使用记录”，显示机构名称、用途和终端编号后 4 位。终端不分辖区，由管理员统一登记。
      </p>
      <ErrorNote error={error} />
      {done && <p role='status'>{done}</p>}
      {terminals === null ? (
        !error && <p>正在加载…</p>
      ) : terminals.length === 0 ? (
        <p>尚未登记扫码终端：请在下方新增</p>
      ) : (
        <table>
          <caption>
            扫码终端（{terminals.length} 台，使用中 {active} 台）
          </caption>
          <thead>
            <tr>
              <th scope='col'>终端编号</th>
              <th scope='col'>定点医药机构</th>
              <th scope='col'>用途</th>
              <th scope='col'>登记时间</th>
              <th scope='col'>状态</th>
              <th scope='col'>最近解码（近 {EVOUCHER_USAGE_DAYS} 天）</th>
              <th scope='col'>操作</th>
            </tr>
          </thead>
          <tbody>
            {terminals.map((t) => (
              <tr key={`${t.configured ? 'env' : 'db'}:${t.id}`}>
                <th scope='row'>{t.id}</th>
                <td>{t.institutionName}</td>
                <td>{t.kindLabel}</td>
                <td>{t.registeredAt ? time(t.registeredAt) : '部署配置（TERMINAL_KEY）'}</td>
                <td>{t.revokedAt ? `已停用（${time(t.revokedAt)}）` : '使用中'}</td>
                <td>{t.lastDecodedAt ? time(t.lastDecodedAt) : '无'}</td>
                <td>
                  {t.configured ? (
                    '修改部署配置停用'
                  ) : t.revokedAt ? (
                    '—'
                  ) : (
                    <button type='button' id={`revoke-${t.id}`} aria-label={`停用终端 ${t.id}`} onClick={() => setConfirming(t)}>
                      停用
                    </button>
                  )}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      {confirming && <ConfirmRevoke calls={calls} terminal={confirming} onRevoked={revoked} onCancel={() => setConfirming(null)} />}
      {issued && <IssuedKey issued={issued} onClose={() => setIssued(null)} />}
      <RegisterTerminal
        calls={calls}
        onRegistered={(made) => {
          setDone(null)
          setIssued(made)
          void load()
        }}
      />
    </main>
  )
}

/** 停用 asks first: the key stops at once and the terminal cannot be brought back (its id stays taken). */
function ConfirmRevoke({ calls, terminal, onRevoked, onCancel }: { calls: Calls; terminal: StaffTerminal; onRevoked: (t: StaffTerminal) => void; onCancel: () => void }) {
  const [error, setError] = useState<string | null>(null)
  const [busy, setBusy] = useState(false)
  const cancelRef = useRef<HTMLButtonElement>(null)
  useEffect(() => cancelRef.current?.focus(), [terminal.id])
  const cancel = () => {
    onCancel()
    // back to the row's 停用 button, where the keyboard was
    setTimeout(() => document.getElementById(`revoke-${terminal.id}`)?.focus(), 0)
  }
  const confirm = async () => {
    setBusy(true)
    setError(null)
    try {
      onRevoked(await calls.revoke(terminal.id))
    } catch (err) {
      setError(message(err))
    } finally {
      setBusy(false)
    }
  }
  const onKeyDown = (e: KeyboardEvent) => {
    if (e.key === 'Escape') cancel()
  }
  return (
    <section role='alertdialog' aria-labelledby='revoke-title' aria-describedby='revoke-desc' className='panel terminal-panel' onKeyDown={onKeyDown}>
      <h2 id='revoke-title'>确定停用终端 {terminal.id} 吗？</h2>
      <p id='revoke-desc'>
        停用后，{terminal.institutionName}的这台{TERMINAL_KIND_LABELS[terminal.kind]}终端立即不能再解码医保码，且不能恢复；如需继续使用，请登记一个新编号的终端并配置新密钥。
      </p>
      <ErrorNote error={error} />
      <button type='button' className='danger' disabled={busy} onClick={() => void confirm()}>
        确认停用
      </button>
      <button type='button' className='secondary' ref={cancelRef} disabled={busy} onClick={cancel}>
        取消
      </button>
    </section>
  )
}

/** The key of the terminal just registered: this answer is the only place it ever appears. */
function IssuedKey({ issued, onClose }: { issued: RegisteredTerminal; onClose: () => void }) {
  const [copied, setCopied] = useState<string | null>(null)
  const headingRef = useRef<HTMLHeadingElement>(null)
  const keyRef = useRef<HTMLInputElement>(null)
  useEffect(() => headingRef.current?.focus(), [issued.key])
  // closing or reloading the tab while the key is on screen asks first: it is the key's only appearance
  useEffect(() => {
    const keep = (e: BeforeUnloadEvent) => e.preventDefault()
    window.addEventListener('beforeunload', keep)
    return () => window.removeEventListener('beforeunload', keep)
  }, [])
  const copy = async () => {
    try {
      await navigator.clipboard.writeText(issued.key)
      setCopied('已复制到剪贴板，请粘贴到该终端的配置中')
    } catch {
      // no clipboard (plain HTTP, or refused): select it for Ctrl+C
      keyRef.current?.select()
      setCopied('浏览器不允许自动复制：密钥已选中，请按 Ctrl+C 复制')
    }
  }
  const t = issued.terminal
  return (
    <section aria-labelledby='key-title' className='panel terminal-panel'>
      <h2 id='key-title' ref={headingRef} tabIndex={-1}>
        已登记终端 {t.id}（{t.institutionName}，{t.kindLabel}）：请立即保存密钥
      </h2>
      <p className='error'>
        <strong>密钥只显示这一次。</strong>离开或关闭后无法再次查看，系统只保存它的摘要、无法找回；遗失后只能停用该终端并重新登记。
      </p>
      <label>
        终端密钥（X-Terminal-Key）
        <input ref={keyRef} className='key' readOnly value={issued.key} onFocus={(e) => e.currentTarget.select()} aria-describedby='key-hint' />
      </label>
      <p id='key-hint' role='status'>
        {copied ?? '点“复制密钥”，或选中密钥后按 Ctrl+C 复制'}
      </p>
      <button type='button' onClick={() => void copy()}>
        复制密钥
      </button>
      <button type='button' className='secondary' onClick={onClose}>
        我已保存密钥，关闭
      </button>
    </section>
  )
}

const EMPTY = { id: '', institutionName: '', kind: '' }

function RegisterTerminal({ calls, onRegistered }: { calls: Calls; onRegistered: (made: RegisteredTerminal) => void }) {
  const [f, setF] = useState(EMPTY)
  const [fields, setFields] = useState<Fields>({})
  const [error, setError] = useState<string | null>(null)
  const [busy, setBusy] = useState(false)
  const submit = async (e: FormEvent) => {
    e.preventDefault()
    // the BFF's and the CLI's rules, so a mistake is named before anything is sent
    const checked = RegisterTerminalRequestSchema.safeParse(f)
    if (!checked.success) {
      const found: Fields = {}
      for (const issue of checked.error.issues) found[issue.path[0] as keyof Fields] ??= issue.message
      setFields(found)
      return setError('请按提示修改标出的项目')
    }
    setBusy(true)
    setFields({})
    setError(null)
    try {
      const made = await calls.register(checked.data)
      setF(EMPTY)
      onRegistered(made)
    } catch (err) {
      // what was typed stays; the field the BFF names is marked
      if (err instanceof ApiError) setFields(err.fields as Fields)
      setError(message(err))
    } finally {
      setBusy(false)
    }
  }
  const field = (name: keyof Fields) => ({
    'aria-invalid': fields[name] ? true : undefined,
    'aria-describedby': fields[name] ? `terminal-${name}-error` : undefined
  })
  const note = (name: keyof Fields) =>
    fields[name] && (
      <p id={`terminal-${name}-error`} className='error field-error'>
        {fields[name]}
      </p>
    )
  return (
    <form onSubmit={(e) => void submit(e)} noValidate aria-labelledby='terminal-create-title' className='action'>
      <h2 id='terminal-create-title'>新增终端</h2>
      <label>
        终端编号
        <input value={f.id} autoComplete='off' spellCheck={false} onChange={(e) => setF({ ...f, id: e.target.value })} {...field('id')} />
      </label>
      {note('id')}
      <label>
        定点医药机构名称
        <input value={f.institutionName} onChange={(e) => setF({ ...f, institutionName: e.target.value })} {...field('institutionName')} />
      </label>
      {note('institutionName')}
      <label>
        用途
        <select value={f.kind} onChange={(e) => setF({ ...f, kind: e.target.value })} {...field('kind')}>
          <option value=''>请选择</option>
          {TerminalKindSchema.options.map((k) => (
            <option key={k} value={k}>
              {TERMINAL_KIND_LABELS[k]}
            </option>
          ))}
        </select>
      </label>
      {note('kind')}
      <ErrorNote error={error} />
      <button type='submit' disabled={busy}>
        登记并生成密钥
      </button>
    </form>
  )
}
