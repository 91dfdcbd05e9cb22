import { useState, type FormEvent } from 'react'
import type { RegionNode } from '../../contract/catalog'
import { STAFF_ROLES, STAFF_ROLE_LABELS, type StaffAccount, type StaffRole } from '../../contract/staff'
import { ApiError } from '../api'
import { ErrorNote } from '../supervision/ErrorNote'
import type { adminApi } from './api'

/** one <option> per post, in the contract's order, named as staff call them */
export function RoleOptions() {
  return (
    <>
      {STAFF_ROLES.map((r) => (
        <option key={r} value={r}>
          {STAFF_ROLE_LABELS[r]}
        </option>
      ))}
    </>
  )
}

/**
 * 调整岗位或区域: a person moves to another post or county. The BFF applies it at once (their next request acts with
 * it) and records it in 操作记录; the administrator's own account is not offered (another administrator does that).
 */
export function ChangeAccount({
  calls,
  accounts,
  regions,
  self,
  onChanged
}: {
  calls: Pick<ReturnType<typeof adminApi>, 'update'>
  accounts: StaffAccount[]
  regions: RegionNode[]
  self: StaffAccount
  onChanged: () => void
}) {
  const open = accounts.filter((a) => a.status !== 'disabled' && a.id !== self.id)
  const [id, setId] = useState('')
  const [role, setRole] = useState<StaffRole | ''>('')
  const [region, setRegion] = useState('')
  const [error, setError] = useState<string | null>(null)
  const [done, setDone] = useState<string | null>(null)
  const [busy, setBusy] = useState(false)
  const chosen = open.find((a) => a.id === id)

  const submit = async (e: FormEvent) => {
    e.preventDefault()
    setDone(null)
    if (!chosen) return setError('请选择要调整的工作人员')
    const body = { ...(role && role !== chosen.role ? { role } : {}), ...(region && region !== chosen.region.code ? { region } : {}) }
    if (!body.role && !body.region) return setError('请选择新的岗位或所属区域')
    setBusy(true)
    setError(null)
    try {
      const a = await calls.update(chosen.id, body)
      setDone(`已调整：${a.name} 现为 ${a.roleLabel}，所属 ${a.region.name}，即时生效`)
      setRole('')
      setRegion('')
      onChanged()
    } catch (err) {
      setError(err instanceof ApiError ? err.message : '网络异常，请稍后重试')
    } finally {
      setBusy(false)
    }
  }

  return (
    <form aria-label='调整岗位或区域' onSubmit={(e) => void submit(e)}>
      <h2>调整岗位或区域</h2>
      <label>
        工作人员
        <select value={id} onChange={(e) => setId(e.target.value)}>
          <option value=''>请选择</option>
          {open.map((a) => (
            <option key={a.id} value={a.id}>
              {a.name}（{a.username}，{a.roleLabel}，{a.region.name}）
            </option>
          ))}
        </select>
      </label>
      <label>
        新岗位
        <select value={role} onChange={(e) => setRole(e.target.value as StaffRole | '')}>
          <option value=''>不变</option>
          <RoleOptions />
        </select>
      </label>
      <label>
        新所属区域
        <select value={region} onChange={(e) => setRegion(e.target.value)}>
          <option value=''>不变</option>
          {regions.map((n) => (
            <option key={n.code} value={n.code}>
              {n.name}
            </option>
          ))}
        </select>
      </label>
      <p>调整即时生效；原来分派给他的办件仍由他经办，需要时请科长改派。</p>
      <ErrorNote error={error} />
      {done && <p role='status'>{done}</p>}
      <button type='submit' disabled={busy}>
        调整
      </button>
    </form>
  )
}
