import { useCallback, useEffect, useMemo, useState, type FormEvent } from 'react'
import type { RegionNode } from '../../contract/catalog'
import { regionCovers, type StaffAccount, type StaffRole } from '../../contract/staff'
import type { AssignmentRuleView } from '../../contract/workbench'
import { ApiError, type StaffRequester } from '../api'
import { ErrorNote } from '../supervision/ErrorNote'
import { adminApi } from './api'
import { ChangeAccount, RoleOptions } from './ChangeAccount'

/**
 * 人员与分配 for the 管理员: staff accounts of the region (create with a role and region, deactivate), the rules that
 * assign new manual cases to clerks in turn (001 §5.2.3.1, per region and item), and absences (no case goes to a
 * clerk who is away). A person's role or region is changed in place (ChangeAccount), in effect at once.
 */

function message(err: unknown): string {
  return err instanceof ApiError ? err.message : '网络异常，请稍后重试'
}

function flatten(nodes: RegionNode[], out: RegionNode[] = []): RegionNode[] {
  for (const n of nodes) {
    out.push(n)
    flatten(n.children ?? [], out)
  }
  return out
}

export function AdminScreen({ api, account }: { api: StaffRequester; account: StaffAccount }) {
  const calls = useMemo(() => adminApi(api), [api])
  const [accounts, setAccounts] = useState<StaffAccount[] | null>(null)
  const [rules, setRules] = useState<AssignmentRuleView[]>([])
  const [regions, setRegions] = useState<RegionNode[]>([])
  const [error, setError] = useState<string | null>(null)

  const load = useCallback(async () => {
    try {
      const [a, r] = await Promise.all([calls.accounts(), calls.rules()])
      setAccounts(a.accounts)
      setRules(r.rules)
      setError(null)
    } catch (err) {
      setError(message(err))
    }
  }, [calls])
  useEffect(() => {
    void load()
    calls
      .regions()
      .then((r) => setRegions(flatten(r.regions).filter((n) => account.region.code === '000000' || regionCovers(account.region.code, n.code))))
      .catch((err: unknown) => setError(message(err)))
  }, [load, calls, account.region.code])

  const disable = async (a: StaffAccount) => {
    if (!window.confirm(`确定停用 ${a.name}（${a.username}）的账号吗？停用后其登录随即失效。`)) return
    try {
      await calls.disable(a.id)
      await load()
    } catch (err) {
      setError(message(err))
    }
  }

  return (
    <main className='admin'>
      <h1>人员与分配</h1>
      <ErrorNote error={error} />
      <h2>工作人员账号</h2>
      {accounts === null ? (
        <p>正在加载…</p>
      ) : (
        <table>
          <caption>工作人员账号（{accounts.length} 个）</caption>
          <thead>
            <tr>
              <th scope='col'>姓名</th>
              <th scope='col'>登录名</th>
              <th scope='col'>岗位</th>
              <th scope='col'>辖区</th>
              <th scope='col'>状态</th>
              <th scope='col'>操作</th>
            </tr>
          </thead>
          <tbody>
            {accounts.map((a) => (
              <tr key={a.id}>
                <td>{a.name}</td>
                <td>{a.username}</td>
                <td>{a.roleLabel}</td>
                <td>{a.region.name}</td>
                <td>{a.status === 'active' ? '已启用' : a.status === 'invited' ? '待激活' : '已停用'}</td>
                <td>
                  {a.status !== 'disabled' && a.id !== account.id && (
                    <button type='button' onClick={() => void disable(a)} aria-label={`停用 ${a.name}`}>
                      停用
                    </button>
                  )}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      <CreateAccount calls={calls} regions={regions} onCreated={() => void load()} />
      {accounts && <ChangeAccount calls={calls} accounts={accounts} regions={regions} self={account} onChanged={() => void load()} />}
      <h2>办件分配规则</h2>
      {rules.length === 0 ? (
        <p>尚无分配规则：新办件将等待科长分配</p>
      ) : (
        <table>
          <caption>分配规则（按地区和事项，窗口人员轮流接件）</caption>
          <thead>
            <tr>
              <th scope='col'>地区</th>
              <th scope='col'>事项</th>
              <th scope='col'>窗口受理人员</th>
              <th scope='col'>操作</th>
            </tr>
          </thead>
          <tbody>
            {rules.map((r) => (
              <tr key={r.id}>
                <td>{r.region.name}</td>
                <td>{r.itemId === '*' ? '全部事项' : r.itemId}</td>
                <td>{r.clerks.map((c) => c.name).join('、')}</td>
                <td>
                  <button type='button' aria-label={`删除 ${r.region.name} 的规则`} onClick={() => void calls.deleteRule(r.id).then(load, (err: unknown) => setError(message(err)))}>
                    删除
                  </button>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      <RuleForm calls={calls} regions={regions.filter((n) => n.level !== 'province')} clerks={(accounts ?? []).filter((a) => a.role === 'clerk' && a.status === 'active')} onSaved={() => void load()} />
      <AbsenceForm calls={calls} staff={(accounts ?? []).filter((a) => a.status === 'active' && (a.role === 'clerk' || a.role === 'reviewer'))} />
    </main>
  )
}

type Calls = ReturnType<typeof adminApi>

function useSubmit(): { error: string | null; done: string | null; busy: boolean; run: (f: () => Promise<string>) => Promise<void>; fail: (m: string) => void } {
  const [error, setError] = useState<string | null>(null)
  const [done, setDone] = useState<string | null>(null)
  const [busy, setBusy] = useState(false)
  return {
    error,
    done,
    busy,
    fail: (m) => {
      setDone(null)
      setError(m)
    },
    run: async (f) => {
      setBusy(true)
      setError(null)
      setDone(null)
      try {
        setDone(await f())
      } catch (err) {
        setError(message(err))
      } finally {
        setBusy(false)
      }
    }
  }
}

function Outcome({ s }: { s: ReturnType<typeof useSubmit> }) {
  return (
    <>
      <ErrorNote error={s.error} />
      {s.done && <p role='status'>{s.done}</p>}
    </>
  )
}

function CreateAccount({ calls, regions, onCreated }: { calls: Calls; regions: RegionNode[]; onCreated: () => void }) {
  const [f, setF] = useState({ username: '', name: '', role: 'clerk' as StaffRole, region: '' })
  const s = useSubmit()
  const region = f.region || regions[0]?.code || ''
  const submit = (e: FormEvent) => {
    e.preventDefault()
    if (!f.username.trim() || !f.name.trim() || !region) return s.fail('请填写登录名、姓名并选择辖区')
    void s.run(async () => {
      const made = await calls.create({ username: f.username.trim(), name: f.name.trim(), role: f.role, region })
      setF({ ...f, username: '', name: '' })
      onCreated()
      return `已创建 ${made.account.name} 的账号。激活码：${made.enrollCode}（${made.enrollExpiresAt.slice(0, 16).replace('T', ' ')} 前有效），请当面交给本人，由本人设置密码并绑定动态验证码。`
    })
  }
  return (
    <form onSubmit={submit} noValidate aria-labelledby='create-title' className='action'>
      <h3 id='create-title'>新建账号</h3>
      <label>
        登录名
        <input value={f.username} maxLength={32} onChange={(e) => setF({ ...f, username: e.target.value })} />
      </label>
      <label>
        姓名
        <input value={f.name} maxLength={30} onChange={(e) => setF({ ...f, name: e.target.value })} />
      </label>
      <label>
        岗位
        <select value={f.role} onChange={(e) => setF({ ...f, role: e.target.value as StaffRole })}>
          <RoleOptions />
        </select>
      </label>
      <RegionSelect regions={regions} value={region} onChange={(v) => setF({ ...f, region: v })} />
      <Outcome s={s} />
      <button type='submit' disabled={s.busy}>
        创建账号
      </button>
    </form>
  )
}

function RegionSelect({ regions, value, onChange }: { regions: RegionNode[]; value: string; onChange: (v: string) => void }) {
  return (
    <label>
      辖区
      <select value={value} onChange={(e) => onChange(e.target.value)}>
        {regions.map((r) => (
          <option key={r.code} value={r.code}>
            {r.name}（{r.code}）
          </option>
        ))}
      </select>
    </label>
  )
}

function RuleForm({ calls, regions, clerks, onSaved }: { calls: Calls; regions: RegionNode[]; clerks: StaffAccount[]; onSaved: () => void }) {
  const [regionPick, setRegion] = useState('')
  const [itemId, setItemId] = useState('*')
  const [items, setItems] = useState<{ id: string; name: string }[]>([])
  const [chosen, setChosen] = useState<string[]>([])
  const s = useSubmit()
  const region = regionPick || regions[0]?.code || ''
  useEffect(() => {
    if (!region) return
    calls
      .items(region)
      .then((r) => setItems(r.items))
      .catch(() => setItems([]))
  }, [calls, region])
  const eligible = clerks.filter((c) => regionCovers(c.region.code, region))
  const submit = (e: FormEvent) => {
    e.preventDefault()
    if (chosen.length === 0) return s.fail('请至少选择一名窗口受理人员')
    void s.run(async () => {
      const rule = await calls.putRule({ region, itemId, clerkIds: chosen })
      onSaved()
      return `已保存：${rule.region.name}${itemId === '*' ? '全部事项' : `“${items.find((i) => i.id === itemId)?.name ?? itemId}”`}的新办件由 ${rule.clerks.map((c) => c.name).join('、')} 轮流接件`
    })
  }
  return (
    <form onSubmit={submit} noValidate aria-labelledby='rule-title' className='action'>
      <h3 id='rule-title'>设置分配规则</h3>
      <RegionSelect
        regions={regions}
        value={region}
        onChange={(v) => {
          setRegion(v)
          setItemId('*')
          setChosen([])
        }}
      />
      <label>
        事项
        <select value={itemId} onChange={(e) => setItemId(e.target.value)}>
          <option value='*'>全部事项</option>
          {items.map((i) => (
            <option key={i.id} value={i.id}>
              {i.name}
            </option>
          ))}
        </select>
      </label>
      <fieldset>
        <legend>轮流接件的窗口受理人员</legend>
        {eligible.length === 0 && <p>该地区没有已启用的窗口受理人员</p>}
        {eligible.map((c) => (
          <label key={c.id} className='inline'>
            <input type='checkbox' checked={chosen.includes(c.id)} onChange={(e) => setChosen(e.target.checked ? [...chosen, c.id] : chosen.filter((x) => x !== c.id))} />
            {c.name}
          </label>
        ))}
      </fieldset>
      <Outcome s={s} />
      <button type='submit' disabled={s.busy}>
        保存规则
      </button>
    </form>
  )
}

function AbsenceForm({ calls, staff }: { calls: Calls; staff: StaffAccount[] }) {
  const [staffPick, setStaff] = useState('')
  const [from, setFrom] = useState('')
  const [until, setUntil] = useState('')
  const s = useSubmit()
  const staffId = staffPick || staff[0]?.id || ''
  const name = staff.find((a) => a.id === staffId)?.name ?? ''
  const save = (clear: boolean) => (e?: FormEvent) => {
    e?.preventDefault()
    if (!staffId) return s.fail('请选择工作人员')
    if (!clear && (!from || !until)) return s.fail('请填写缺勤的开始和结束日期')
    void s.run(async () => {
      const a = await calls.absence(staffId, clear ? {} : { from, until })
      return a.from ? `${name} ${a.from} 至 ${a.until} 缺勤，期间不分配新办件` : `已清除 ${name} 的缺勤`
    })
  }
  return (
    <form onSubmit={save(false)} noValidate aria-labelledby='absence-title' className='action'>
      <h3 id='absence-title'>缺勤登记</h3>
      <label>
        工作人员
        <select value={staffId} onChange={(e) => setStaff(e.target.value)}>
          {staff.map((a) => (
            <option key={a.id} value={a.id}>
              {a.name}（{a.roleLabel}，{a.region.name}）
            </option>
          ))}
        </select>
      </label>
      <label>
        开始日期
        <input type='date' value={from} onChange={(e) => setFrom(e.target.value)} />
      </label>
      <label>
        结束日期
        <input type='date' value={until} onChange={(e) => setUntil(e.target.value)} />
      </label>
      <Outcome s={s} />
      <button type='submit' disabled={s.busy}>
        保存缺勤
      </button>
      <button type='button' disabled={s.busy} onClick={() => save(true)()}>
        清除缺勤
      </button>
    </form>
  )
}
