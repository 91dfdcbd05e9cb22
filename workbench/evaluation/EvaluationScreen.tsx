import { useCallback, useEffect, useMemo, useRef, useState, type FormEvent } from 'react'
import { FOLLOW_UP_RESULT_LABEL, type LoopState, type StaffEvaluation, type StaffEvaluationAction, type StaffEvaluationActionName } from '../../contract/evaluation'
import { staffMay, type StaffAccount } from '../../contract/staff'
import { ApiError, type StaffRequester } from '../api'
import { ErrorNote } from '../supervision/ErrorNote'
import { evaluationApi } from './api'
import { Deadline } from '../supervision/Deadline'

/**
 * 好差评 (000 §8.2.1 差评回访 → 核实 → 整改或解释说明 → 反馈; 申诉 against a malicious rating, decided by the 科长):
 * the 差评 waiting on the agency, overdue first, each with the citizen's rating text and photo, and the steps the
 * BFF allows now. What the citizen will read (整改情况, 解释说明) is shown before it is sent.
 */

const VIEWS = {
  open: '待处理差评',
  appealing: '申诉待复核',
  all: '全部评价'
} as const
type View = keyof typeof VIEWS

const CLOSED: readonly LoopState[] = ['accepted', 'appealUpheld', 'feedbackReady']

const ACTION_LABEL: Record<StaffEvaluationActionName, string> = {
  followUp: '记录回访',
  verify: '提交核实',
  rectify: '提交整改',
  explain: '提交解释说明',
  appeal: '提出申诉',
  decideAppeal: '复核申诉'
}

function byUrgency(a: StaffEvaluation, b: StaffEvaluation): number {
  const ao = a.loop?.overdue ? 0 : 1
  const bo = b.loop?.overdue ? 0 : 1
  if (ao !== bo) return ao - bo
  return (a.loop?.dueDate ?? '9999') < (b.loop?.dueDate ?? '9999') ? -1 : (a.loop?.dueDate ?? '9999') > (b.loop?.dueDate ?? '9999') ? 1 : a.ratedAt < b.ratedAt ? -1 : 1
}

export function EvaluationScreen({ api, account }: { api: StaffRequester; account: StaffAccount }) {
  const calls = useMemo(() => evaluationApi(api), [api])
  const [view, setView] = useState<View>('open')
  const [list, setList] = useState<StaffEvaluation[] | null>(null)
  const [selected, setSelected] = useState<StaffEvaluation | null>(null)
  const [error, setError] = useState<string | null>(null)

  const load = useCallback(async () => {
    try {
      const { evaluations } = await calls.list(view === 'appealing' ? { state: 'appealing' } : {})
      const shown = view === 'open' ? evaluations.filter((e) => e.loop && !CLOSED.includes(e.loop.state) && e.loop.state !== 'appealing') : evaluations
      setList([...shown].sort(byUrgency))
      setError(null)
    } catch (err) {
      setError(err instanceof ApiError ? err.message : '网络异常，列表可能不是最新')
    }
  }, [calls, view])

  useEffect(() => {
    void load()
  }, [load])

  const open = async (id: string) => {
    try {
      setSelected(await calls.get(id))
    } catch (err) {
      setError(err instanceof ApiError ? err.message : '网络异常，请稍后重试')
    }
  }

  return (
    <main className='evaluations'>
      <h1>好差评</h1>
      <div role='group' aria-label='列表'>
        {(Object.keys(VIEWS) as View[]).map((v) => (
          <button key={v} type='button' aria-pressed={v === view} onClick={() => setView(v)}>
            {VIEWS[v]}
          </button>
        ))}
      </div>
      <ErrorNote error={error} />
      {list === null ? (
        <p>正在加载…</p>
      ) : list.length === 0 ? (
        <p>暂无{VIEWS[view]}</p>
      ) : (
        <table>
          <caption>
            {VIEWS[view]}（{list.length} 条，已超期的在前）
          </caption>
          <thead>
            <tr>
              <th scope='col'>办件编号</th>
              <th scope='col'>事项</th>
              <th scope='col'>评价</th>
              <th scope='col'>处理状态</th>
              <th scope='col'>整改或解释期限</th>
              <th scope='col'>操作</th>
            </tr>
          </thead>
          <tbody>
            {list.map((e) => (
              <tr key={e.id}>
                <td>{e.caseNo}</td>
                <td>{e.itemName}</td>
                <td>
                  {e.levelLabel}
                  {e.defaultedLabel && `（${e.defaultedLabel}）`}
                </td>
                <td>{e.loop?.stateLabel ?? '—'}</td>
                <td>{e.loop ? <Deadline dueDate={e.loop.dueDate} overdue={e.loop.overdue} open={e.loop.allowedActions.length > 0} /> : '—'}</td>
                <td>
                  <button type='button' onClick={() => void open(e.id)} aria-label={`处理 ${e.caseNo}`}>
                    处理
                  </button>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      {selected && (
        <EvaluationDetail
          key={selected.id}
          evaluation={selected}
          account={account}
          calls={calls}
          onChanged={(e) => {
            setSelected(e)
            void load()
          }}
        />
      )}
    </main>
  )
}

function EvaluationDetail({
  evaluation: e,
  account,
  calls,
  onChanged
}: {
  evaluation: StaffEvaluation
  account: StaffAccount
  calls: ReturnType<typeof evaluationApi>
  onChanged: (e: StaffEvaluation) => void
}) {
  // keyboard and screen-reader users land on the rating opened (and on it again after each step)
  const heading = useRef<HTMLHeadingElement>(null)
  useEffect(() => heading.current?.focus(), [e])
  const [photo, setPhoto] = useState<string | null>(null)
  const [photoError, setPhotoError] = useState<string | null>(null)
  useEffect(() => () => (photo ? URL.revokeObjectURL(photo) : undefined), [photo])
  const actions = (e.loop?.allowedActions ?? []).filter((a) => a !== 'decideAppeal' || staffMay(account.role, 'evaluations.decideAppeal'))

  return (
    <section aria-labelledby='evaluation-detail' className='detail'>
      <h2 id='evaluation-detail' ref={heading} tabIndex={-1}>
        {e.caseNo} · {e.itemName}
      </h2>
      <dl>
        <dt>评价</dt>
        <dd>
          {e.levelLabel}
          {e.reasonLabels.length > 0 && `：${e.reasonLabels.join('、')}`}
        </dd>
        <dt>评价内容</dt>
        <dd>{e.text ?? '（未填写）'}</dd>
        {e.comment && (
          <>
            <dt>追评</dt>
            <dd>{e.comment.text}</dd>
          </>
        )}
        <dt>评价人</dt>
        <dd>
          {e.actorName}（办件申请人 {e.applicantName}）{e.contactPhone && `，联系电话 ${e.contactPhone}`}
        </dd>
        <dt>处理状态</dt>
        <dd>{e.loop ? e.loop.stateLabel : '非差评，无需回访'}</dd>
        {e.loop && (
          <>
            <dt>整改或解释期限</dt>
            <dd>
              <Deadline dueDate={e.loop.dueDate} overdue={e.loop.overdue} open={e.loop.allowedActions.length > 0} />
            </dd>
          </>
        )}
        {e.loop?.dispute && (
          <>
            <dt>评价人异议</dt>
            <dd>{e.loop.dispute.text}</dd>
          </>
        )}
        {e.loop?.appeal && (
          <>
            <dt>申诉</dt>
            <dd>
              {e.loop.appeal.reason}（{e.loop.appeal.by}）{e.loop.appeal.decision !== 'pending' && `；复核：${e.loop.appeal.decision === 'upheld' ? '申诉成立' : '申诉不成立'}，${e.loop.appeal.note ?? ''}`}
            </dd>
          </>
        )}
      </dl>
      {e.photo && (
        <p>
          {photo ? (
            <img src={photo} alt={`评价人上传的照片（${e.caseNo}）`} className='photo' />
          ) : (
            <button
              type='button'
              onClick={() =>
                void calls
                  .photo(e.id)
                  .then(setPhoto)
                  .catch(() => setPhotoError('照片无法加载，请稍后重试'))
              }
            >
              查看评价照片
            </button>
          )}
          {photoError && <span role='alert'>{photoError}</span>}
        </p>
      )}
      {e.loop && e.loop.events.length > 0 && (
        <>
          <h3>处理记录</h3>
          <ol>
            {e.loop.events.map((ev) => (
              <li key={ev.id}>
                {ev.at.slice(0, 16).replace('T', ' ')} {ev.actor.name} {ev.label}
                {ev.note && `：${ev.note}`}
              </li>
            ))}
          </ol>
        </>
      )}
      {actions.map((a) => (
        <ActionForm key={`${a}-${e.loop?.events.length ?? 0}`} action={a} itemName={e.itemName} caseNo={e.caseNo} onSend={async (body) => onChanged(await calls.act(e.id, body))} />
      ))}
    </section>
  )
}

/** One step of the loop: its fields, the citizen-facing wording previewed, and the BFF's refusal shown in place. */
function ActionForm({
  action,
  itemName,
  caseNo,
  onSend
}: {
  action: StaffEvaluationActionName
  itemName: string
  caseNo: string
  onSend: (body: StaffEvaluationAction) => Promise<void>
}) {
  const [text, setText] = useState('')
  const [choice, setChoice] = useState<'' | 'yes' | 'no'>('')
  const [error, setError] = useState<string | null>(null)
  const [busy, setBusy] = useState(false)
  const id = `action-${action}`
  const choices: Partial<Record<StaffEvaluationActionName, { legend: string; yes: string; no: string }>> = {
    followUp: { legend: '回访结果', yes: FOLLOW_UP_RESULT_LABEL.reached, no: FOLLOW_UP_RESULT_LABEL.unreachable },
    verify: { legend: '反映的问题是否属实', yes: '属实', no: '不属实' },
    decideAppeal: { legend: '申诉是否成立', yes: '申诉成立（不计入满意度）', no: '申诉不成立' }
  }
  const textLabel: Record<StaffEvaluationActionName, string> = {
    followUp: '回访情况',
    verify: '核实情况',
    rectify: '整改情况（评价人可见）',
    explain: '解释说明（评价人可见）',
    appeal: '申诉理由',
    decideAppeal: '复核意见'
  }
  const c = choices[action]

  const submit = async (ev: FormEvent) => {
    ev.preventDefault()
    const t = text.trim()
    if (c && !choice) return setError(`请选择${c.legend}`)
    if (!t) return setError(`请填写${textLabel[action].replace(/（.*）/, '')}`)
    const body: StaffEvaluationAction =
      action === 'followUp'
        ? { action, result: choice === 'yes' ? 'reached' : 'unreachable', note: t }
        : action === 'verify'
          ? { action, substantiated: choice === 'yes', finding: t }
          : action === 'decideAppeal'
            ? { action, upheld: choice === 'yes', note: t }
            : action === 'appeal'
              ? { action, reason: t }
              : { action, note: t }
    setBusy(true)
    setError(null)
    try {
      await onSend(body)
    } catch (err) {
      // what was typed stays: the refusal is shown next to it
      setError(err instanceof ApiError ? err.message : '网络异常，请稍后重试')
    } finally {
      setBusy(false)
    }
  }

  return (
    <form onSubmit={submit} noValidate aria-labelledby={`${id}-title`} className='action'>
      <h3 id={`${id}-title`}>{ACTION_LABEL[action]}</h3>
      {c && (
        <fieldset>
          <legend>{c.legend}</legend>
          <label className='inline'>
            <input type='radio' name={`${id}-choice`} checked={choice === 'yes'} onChange={() => setChoice('yes')} />
            {c.yes}
          </label>
          <label className='inline'>
            <input type='radio' name={`${id}-choice`} checked={choice === 'no'} onChange={() => setChoice('no')} />
            {c.no}
          </label>
        </fieldset>
      )}
      <label>
        {textLabel[action]}
        <textarea value={text} maxLength={500} onChange={(ev) => setText(ev.target.value)} />
      </label>
      {(action === 'rectify' || action === 'explain') && text.trim() && (
        <p className='preview'>
          评价人将收到（站内消息和短信）：“您对“{itemName}”（{caseNo}）的评价，工作人员已{action === 'rectify' ? '整改' : '作出解释说明'}：{text.trim()}。请在办件的评价中确认是否认可。”
        </p>
      )}
      <ErrorNote error={error} />
      <button type='submit' disabled={busy}>
        {busy ? '正在提交…' : ACTION_LABEL[action]}
      </button>
    </form>
  )
}
