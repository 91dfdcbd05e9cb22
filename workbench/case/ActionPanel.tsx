import { useEffect, useState } from 'react'
import { GUIDE_PART_LABEL, type ApplicationDetail, type StaffAction, type StaffActionPreview } from '../../contract/apply'
import type { ItemDetail } from '../../contract/catalog'
import { CASE_ACTIONS_BY_ROLE, type StaffAccount } from '../../contract/staff'
import { caseStateOf } from '../../domain/case-state'
import { allowedActions } from '../../domain/workflow'
import { ApiError } from '../api'
import type { StaffAssignee } from '../../contract/workbench'
import type { CaseApi } from './api'

/** 'requirements:2' → the condition the rejection cites */
const citedCondition = (key: string): { part: 'requirements' | 'prohibitions'; no: number } => {
  const [part, no] = key.split(':')
  return { part: part as 'requirements' | 'prohibitions', no: Number(no) }
}

/** What the window calls each step; 办结 is 准予 or 不予 (001 §5.2.3.4). */
const CHOICES = [
  ['preAccept', '预受理'],
  ['receivePaper', '收到原件'],
  ['accept', '受理'],
  ['startReview', '开始审核'],
  ['requestSupplement', '补正'],
  ['complete', '办结（准予）'],
  ['reject', '办结（不予）'],
  ['deliver', '送达'],
  ['returnMaterials', '退还原件'],
  ['reassign', '改派'],
  // 003 §7.4.1.7 特殊情况: once, to the item's 20 working days, with a reason the citizen reads
  ['extendTimeLimit', '延长时限（特殊情况）']
] as const
type Choice = (typeof CHOICES)[number][0]

/**
 * The actions the account's role may take on the case now (the BFF decides again), each with its reasons, and the
 * citizen's message shown before anything is sent: 预览 asks the BFF for a dry run, 确认发送 sends the same step.
 */
export function ActionPanel({ api, account, c, item, onDone }: { api: CaseApi; account: StaffAccount; c: ApplicationDetail; item: ItemDetail | null; onDone: (c: ApplicationDetail) => void }) {
  const now = new Set<string>(allowedActions(caseStateOf(c)))
  // past the due date with no extension recorded before it, neither an extension nor a 补正 is taken any more (the BFF
  // answers 409 TIME_LIMIT_PASSED): they are not offered (domain/guide-contract.ts)
  const closedByDueDate = (a: string) => c.overdue && (a === 'extendTimeLimit' || a === 'requestSupplement')
  const mine = CHOICES.filter(([a]) => now.has(a) && CASE_ACTIONS_BY_ROLE[account.role].includes(a) && !closedByDueDate(a))
  const [choice, setChoice] = useState<Choice | ''>('')
  const [note, setNote] = useState('')
  const [materials, setMaterials] = useState<string[]>([])
  const [copies, setCopies] = useState<string[]>([])
  const [conditions, setConditions] = useState<string[]>([])
  const [days, setDays] = useState('5')
  const [method, setMethod] = useState<'pickup' | 'mail' | 'online'>('pickup')
  const [trackingNo, setTrackingNo] = useState('')
  const [amount, setAmount] = useState('')
  const [staffId, setStaffId] = useState('')
  const [preview, setPreview] = useState<StaffActionPreview | null>(null)
  const [error, setError] = useState<string | null>(null)
  const [busy, setBusy] = useState(false)
  const [assignees, setAssignees] = useState<StaffAssignee[] | null>(null)
  // the 改派 picker: the BFF names whom it would accept (active clerks and 科长 of the case's region)
  useEffect(() => {
    if (choice !== 'reassign' || assignees) return
    api.assignees(c.id).then(
      (r) => setAssignees(r.assignees),
      (err: unknown) => setError(err instanceof ApiError ? err.message : '可改派人员暂时无法读取，请稍后重试')
    )
  }, [choice, assignees, api, c.id])

  const lateNote = c.overdue && c.dueDate ? <p className='error'>办件已超过办理期限（{c.dueDate}）且未在期限内延期：不能再延期或要求补正，请尽快作出办理决定。</p> : null
  if (!mine.length)
    return (
      <>
        {lateNote}
        <p>当前环节没有您可办理的操作。</p>
      </>
    )

  const paper = c.paper?.materials.filter((m) => !m.receivedAt) ?? []
  const body = (): StaffAction | null => {
    const n = note.trim() || undefined
    switch (choice) {
      case 'preAccept':
      case 'accept':
      case 'startReview':
      case 'returnMaterials':
        return { action: choice, note: n }
      case 'receivePaper':
        return { action: 'receivePaper', materialIds: materials.length ? materials : undefined, note: n }
      case 'requestSupplement':
        return {
          action: 'requestSupplement',
          materialIds: materials,
          ...(copies.some((m) => materials.includes(m)) ? { betterCopy: copies.filter((m) => materials.includes(m)) } : {}),
          note: note.trim(),
          deadlineDays: Number(days) || 5
        }
      case 'complete':
        return { action: 'complete', note: n, ...(amount.trim() ? { amountFen: Math.round(Number(amount) * 100) } : {}) }
      case 'reject':
        return { action: 'reject', reason: note.trim(), conditions: conditions.map(citedCondition) }
      case 'deliver':
        return { action: 'deliver', method, trackingNo: trackingNo.trim() || undefined, note: n }
      case 'reassign':
        return { action: 'reassign', staffId, note: n }
      case 'extendTimeLimit':
        return { action: 'extendTimeLimit', reason: note.trim() }
      default:
        return null
    }
  }
  const fail = (err: unknown) => setError(err instanceof ApiError ? err.message : '网络异常，请稍后重试')
  const ask = async (e: React.FormEvent) => {
    e.preventDefault()
    const b = body()
    if (!b) return setError('请选择要办理的操作')
    if (choice === 'requestSupplement' && (!materials.length || !note.trim())) return setError('请勾选需要补正的材料并写明问题')
    if (choice === 'reject' && !conditions.length) return setError('请勾选不予办理所依据的办事指南条件')
    if (choice === 'reject' && !note.trim()) return setError('请填写不予办理的理由')
    if (choice === 'extendTimeLimit' && !note.trim()) return setError('请填写延长办理时限的理由')
    if (choice === 'reassign' && !staffId) return setError('请选择改派给谁')
    setBusy(true)
    setError(null)
    try {
      setPreview(await api.preview(c.id, b))
    } catch (err) {
      fail(err)
    } finally {
      setBusy(false)
    }
  }
  const send = async () => {
    const b = body()
    if (!b) return
    setBusy(true)
    try {
      const done = await api.act(c.id, b)
      setPreview(null)
      setChoice('')
      setNote('')
      setMaterials([])
      setCopies([])
      setConditions([])
      onDone(done)
    } catch (err) {
      setPreview(null)
      fail(err)
    } finally {
      setBusy(false)
    }
  }
  const flip = (list: string[], id: string) => (list.includes(id) ? list.filter((x) => x !== id) : [...list, id])
  const toggle = (id: string) => setMaterials((m) => flip(m, id))
  const edited = () => setPreview(null)
  // 补正: only the materials of the guide the case was filed under, numbered as the citizen's guide numbers them
  const given = new Set(c.uploads.map((u) => u.materialId))
  const pickable =
    choice === 'receivePaper'
      ? paper.map((m) => ({ id: m.id, name: m.name }))
      : (item?.guide.materials ?? []).map((m, i) => ({ id: m.id, name: `第 ${i + 1} 项 ${m.name}${given.has(m.id) ? '（已提交）' : ''}` }))
  const guideConditions = item
    ? (['requirements', 'prohibitions'] as const).map((part) => ({ part, items: item.guide.conditions[part].map((text, i) => ({ key: `${part}:${i + 1}`, text: `第 ${i + 1} 项：${text}` })) }))
    : []

  return (
    <section aria-labelledby='act-title' className='actions'>
      <h2 id='act-title'>办理</h2>
      {lateNote}
      <form onSubmit={(e) => void ask(e)} onChange={edited}>
        <label>
          操作
          <select value={choice} onChange={(e) => setChoice(e.target.value as Choice)}>
            <option value=''>请选择</option>
            {mine.map(([a, label]) => (
              <option key={a} value={a}>
                {label}
              </option>
            ))}
          </select>
        </label>
        {(choice === 'requestSupplement' || choice === 'receivePaper') && (
          <fieldset>
            <legend>{choice === 'receivePaper' ? '本次收到的原件（不选：全部收到）' : '需要补正的材料'}</legend>
            {pickable.map((m) => (
              <label key={m.id} className='check'>
                <input type='checkbox' checked={materials.includes(m.id)} onChange={() => toggle(m.id)} /> {m.name}
              </label>
            ))}
          </fieldset>
        )}
        {choice === 'requestSupplement' && materials.some((m) => given.has(m)) && (
          <fieldset>
            <legend>已提交的材料中，只需更清晰完整版本的</legend>
            {pickable
              .filter((m) => materials.includes(m.id) && given.has(m.id))
              .map((m) => (
                <label key={m.id} className='check'>
                  <input type='checkbox' checked={copies.includes(m.id)} onChange={() => setCopies((x) => flip(x, m.id))} /> {m.name}
                </label>
              ))}
          </fieldset>
        )}
        {choice === 'requestSupplement' && <p className='hint'>补正只能要求办事指南所列的材料；确需其他材料的，请先修订办事指南。</p>}
        {choice === 'reject' &&
          guideConditions.map((g) => (
            <fieldset key={g.part}>
              <legend>{GUIDE_PART_LABEL[g.part]}（勾选不予办理所依据的条件）</legend>
              {g.items.map((x) => (
                <label key={x.key} className='check'>
                  <input type='checkbox' checked={conditions.includes(x.key)} onChange={() => setConditions((list) => flip(list, x.key))} /> {x.text}
                </label>
              ))}
            </fieldset>
          ))}
        {choice === 'requestSupplement' && (
          <label>
            补正期限（工作日）
            <input type='number' min={1} max={30} value={days} onChange={(e) => setDays(e.target.value)} />
          </label>
        )}
        {choice === 'deliver' && (
          <>
            <label>
              送达方式
              <select value={method} onChange={(e) => setMethod(e.target.value as typeof method)}>
                <option value='pickup'>窗口领取</option>
                <option value='mail'>邮寄</option>
                <option value='online'>在线送达</option>
              </select>
            </label>
            {method === 'mail' && (
              <label>
                快递运单号
                <input value={trackingNo} onChange={(e) => setTrackingNo(e.target.value)} />
              </label>
            )}
          </>
        )}
        {choice === 'complete' && c.itemId && (
          <label>
            支付金额（元，报销、退费类事项必填）
            <input inputMode='decimal' value={amount} onChange={(e) => setAmount(e.target.value)} />
          </label>
        )}
        {choice === 'reassign' && (
          <label>
            改派给
            <select value={staffId} onChange={(e) => setStaffId(e.target.value)}>
              <option value=''>{assignees ? '请选择工作人员' : '正在读取本辖区在岗人员…'}</option>
              {assignees?.map((a) => (
                <option key={a.id} value={a.id} disabled={a.current}>
                  {a.name}（{a.roleLabel}，{a.region.name}）{a.current ? '：当前经办人' : a.away ? '：今日请假' : ''}
                </option>
              ))}
            </select>
          </label>
        )}
        {choice && (
          <label>
            {choice === 'reject'
              ? '不予办理的理由（必填）'
              : choice === 'requestSupplement'
                ? '材料问题说明（必填）'
                : choice === 'extendTimeLimit'
                  ? `延长理由（必填，参保人可见；办理时限将延长至 ${item?.guide.timeLimit.special?.workingDays ?? 20} 个工作日）`
                  : '说明（选填）'}
            <textarea value={note} maxLength={choice === 'extendTimeLimit' ? 200 : 500} onChange={(e) => setNote(e.target.value)} />
          </label>
        )}
        {error && (
          <p role='alert' className='error'>
            {error}
          </p>
        )}
        <button type='submit' disabled={busy || !choice}>
          预览参保人将收到的消息
        </button>
      </form>
      {preview && (
        <div className='preview' role='region' aria-label='消息预览'>
          <p>
            办理后：{preview.timelineLabel}（{preview.statusAfterLabel}）。参保人将收到：
          </p>
          <blockquote>
            <strong>{preview.notice.title}</strong>
            <br />
            {preview.notice.body}
          </blockquote>
          <button type='button' disabled={busy} onClick={() => void send()}>
            确认发送
          </button>
          <button type='button' className='secondary' onClick={() => setPreview(null)}>
            返回修改
          </button>
        </div>
      )}
    </section>
  )
}
