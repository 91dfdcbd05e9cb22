import { useCallback, useEffect, useMemo, useRef, useState, type FormEvent } from 'react'
import {
  COMPLAINT_CATEGORY_LABEL,
  COMPLAINT_CHANNEL_LABEL,
  COMPLAINT_SUBJECT_LABEL,
  StaffComplaintIntakeSchema,
  type ComplaintCategory,
  type ComplaintChannel,
  type ComplaintSubject,
  type StaffComplaint
} from '../../contract/evaluation'
import { ApiError, type StaffRequester } from '../api'
import { ErrorNote } from '../supervision/ErrorNote'
import { Deadline } from '../supervision/Deadline'
import { complaintsApi } from './api'

/**
 * 投诉 (003 §11.3): intake of a complaint received 现场 / 电话 / 网上 / 信函 (§11.3.2), the list with each answer's
 * limit in working days (overdue first, then the open ones by due date), and the answer within the limit.
 */

const open = (c: StaffComplaint) => c.status === 'received' || c.status === 'handling'

function byUrgency(a: StaffComplaint, b: StaffComplaint): number {
  const rank = (c: StaffComplaint) => (c.overdue ? 0 : open(c) ? 1 : 2)
  return rank(a) - rank(b) || (open(a) ? (a.dueDate < b.dueDate ? -1 : a.dueDate > b.dueDate ? 1 : 0) : a.createdAt > b.createdAt ? -1 : 1)
}

export function ComplaintsScreen({ api }: { api: StaffRequester }) {
  const calls = useMemo(() => complaintsApi(api), [api])
  const [list, setList] = useState<StaffComplaint[] | null>(null)
  const [selected, setSelected] = useState<StaffComplaint | null>(null)
  const [error, setError] = useState<string | null>(null)

  const load = useCallback(async () => {
    try {
      setList([...(await calls.list()).complaints].sort(byUrgency))
      setError(null)
    } catch (err) {
      setError(err instanceof ApiError ? err.message : '网络异常，列表可能不是最新')
    }
  }, [calls])
  useEffect(() => {
    void load()
  }, [load])

  const changed = (c: StaffComplaint) => {
    setSelected(c)
    void load()
  }

  return (
    <main className='complaints'>
      <h1>投诉</h1>
      <Intake calls={calls} onFiled={changed} />
      <ErrorNote error={error} />
      {list === null ? (
        <p>正在加载…</p>
      ) : list.length === 0 ? (
        <p>暂无投诉</p>
      ) : (
        <table>
          <caption>投诉列表（{list.filter(open).length} 件待答复，{list.filter((c) => c.overdue).length} 件已超期，超期的在前）</caption>
          <thead>
            <tr>
              <th scope='col'>投诉编号</th>
              <th scope='col'>渠道</th>
              <th scope='col'>投诉人</th>
              <th scope='col'>类别</th>
              <th scope='col'>状态</th>
              <th scope='col'>答复期限</th>
              <th scope='col'>操作</th>
            </tr>
          </thead>
          <tbody>
            {list.map((c) => (
              <tr key={c.id}>
                <td>{c.complaintNo}</td>
                <td>{c.channelLabel}</td>
                <td>{c.complainantName}</td>
                <td>{c.categoryLabel}</td>
                <td>{c.statusLabel}</td>
                <td>
                  <Deadline dueDate={c.dueDate} overdue={c.overdue} open={open(c)} />
                </td>
                <td>
                  <button type='button' onClick={() => setSelected(c)} aria-label={`${open(c) ? '答复' : '查看'} ${c.complaintNo}`}>
                    {open(c) ? '答复' : '查看'}
                  </button>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      {selected && <ComplaintDetail key={`${selected.id}-${selected.events.length}`} complaint={selected} calls={calls} onChanged={changed} />}
    </main>
  )
}

const CHANNELS = Object.keys(COMPLAINT_CHANNEL_LABEL) as ComplaintChannel[]
const SUBJECTS = Object.keys(COMPLAINT_SUBJECT_LABEL) as ComplaintSubject[]
const CATEGORIES = Object.keys(COMPLAINT_CATEGORY_LABEL) as ComplaintCategory[]

/** 登记投诉: checked with the contract's own schema before sending; what was typed stays on any refusal. */
function Intake({ calls, onFiled }: { calls: ReturnType<typeof complaintsApi>; onFiled: (c: StaffComplaint) => void }) {
  const empty = { channel: 'onsite' as ComplaintChannel, complainantName: '', contactPhone: '', address: '', subject: 'other' as ComplaintSubject, caseNo: '', staffName: '', category: 'attitude' as ComplaintCategory, text: '' }
  const [f, setF] = useState(empty)
  const [error, setError] = useState<string | null>(null)
  const [done, setDone] = useState<string | null>(null)
  const [busy, setBusy] = useState(false)
  const set = (k: keyof typeof empty) => (e: { target: { value: string } }) => setF({ ...f, [k]: e.target.value })

  const submit = async (e: FormEvent) => {
    e.preventDefault()
    setDone(null)
    const parsed = StaffComplaintIntakeSchema.safeParse({
      channel: f.channel,
      complainantName: f.complainantName,
      contactPhone: f.contactPhone.trim() || undefined,
      address: f.channel === 'letter' ? f.address.trim() || undefined : undefined,
      subject: f.subject,
      caseNo: f.subject === 'application' ? f.caseNo.trim() || undefined : undefined,
      staffName: f.subject === 'staff' ? f.staffName.trim() || undefined : undefined,
      category: f.category,
      text: f.text
    })
    if (!parsed.success) return setError(parsed.error.issues[0].message)
    setBusy(true)
    setError(null)
    try {
      const c = await calls.file(parsed.data)
      setF(empty)
      setDone(`已登记投诉 ${c.complaintNo}，请在 ${c.dueDate} 前答复`)
      onFiled(c)
    } catch (err) {
      setError(err instanceof ApiError ? err.message : '网络异常，请稍后重试')
    } finally {
      setBusy(false)
    }
  }

  return (
    <form onSubmit={submit} noValidate aria-labelledby='intake-title' className='action'>
      <h2 id='intake-title'>登记投诉</h2>
      <label>
        投诉渠道
        <select value={f.channel} onChange={set('channel')}>
          {CHANNELS.map((c) => (
            <option key={c} value={c}>
              {COMPLAINT_CHANNEL_LABEL[c]}投诉
            </option>
          ))}
        </select>
      </label>
      <label>
        投诉人姓名
        <input value={f.complainantName} maxLength={30} onChange={set('complainantName')} />
      </label>
      <label>
        联系电话{f.channel === 'phone' ? '（来电号码）' : '（选填）'}
        <input value={f.contactPhone} inputMode='tel' maxLength={20} onChange={set('contactPhone')} />
      </label>
      {f.channel === 'letter' && (
        <label>
          回复地址
          <input value={f.address} maxLength={200} onChange={set('address')} />
        </label>
      )}
      <label>
        投诉对象
        <select value={f.subject} onChange={set('subject')}>
          {SUBJECTS.map((s) => (
            <option key={s} value={s}>
              {COMPLAINT_SUBJECT_LABEL[s]}
            </option>
          ))}
        </select>
      </label>
      {f.subject === 'application' && (
        <label>
          办件编号
          <input value={f.caseNo} maxLength={40} onChange={set('caseNo')} />
        </label>
      )}
      {f.subject === 'staff' && (
        <label>
          被投诉工作人员姓名或窗口号
          <input value={f.staffName} maxLength={30} onChange={set('staffName')} />
        </label>
      )}
      <label>
        投诉类别
        <select value={f.category} onChange={set('category')}>
          {CATEGORIES.map((c) => (
            <option key={c} value={c}>
              {COMPLAINT_CATEGORY_LABEL[c]}
            </option>
          ))}
        </select>
      </label>
      <label>
        投诉内容
        <textarea value={f.text} maxLength={1000} onChange={set('text')} />
      </label>
      <ErrorNote error={error} />
      {done && <p role='status'>{done}</p>}
      <button type='submit' disabled={busy}>
        {busy ? '正在登记…' : '登记投诉'}
      </button>
    </form>
  )
}

function ComplaintDetail({ complaint: c, calls, onChanged }: { complaint: StaffComplaint; calls: ReturnType<typeof complaintsApi>; onChanged: (c: StaffComplaint) => void }) {
  const [text, setText] = useState('')
  const [error, setError] = useState<string | null>(null)
  const [busy, setBusy] = useState(false)
  // keyboard and screen-reader users land on the complaint opened (it is remounted after each step)
  const heading = useRef<HTMLHeadingElement>(null)
  useEffect(() => heading.current?.focus(), [])
  const send = async (body: Parameters<typeof calls.act>[1]) => {
    setBusy(true)
    setError(null)
    try {
      onChanged(await calls.act(c.id, body))
    } catch (err) {
      setError(err instanceof ApiError ? err.message : '网络异常，请稍后重试')
    } finally {
      setBusy(false)
    }
  }
  const answer = (e: FormEvent) => {
    e.preventDefault()
    if (!text.trim()) return setError('请填写答复内容')
    void send({ action: 'answer', text: text.trim() })
  }
  // filed in the app: the citizen is told in the app and by SMS; entered by staff: the answer goes back the same way
  const reach = c.intakeBy
    ? `请按登记的${[c.contactPhone && `电话 ${c.contactPhone}`, c.contactAddress && `地址 ${c.contactAddress}`].filter(Boolean).join(' 或 ')} 答复投诉人，并在此记录答复内容。`
    : `投诉人将收到站内消息和短信：“您的投诉（${c.complaintNo}）已答复：${text.trim() || '……'}”`

  return (
    <section aria-labelledby='complaint-detail' className='detail'>
      <h2 id='complaint-detail' ref={heading} tabIndex={-1}>
        {c.complaintNo} · {c.channelLabel}投诉
      </h2>
      <dl>
        <dt>投诉人</dt>
        <dd>
          {c.complainantName}
          {c.contactPhone && `，联系电话 ${c.contactPhone}`}
          {c.contactAddress && `，地址 ${c.contactAddress}`}
        </dd>
        <dt>投诉对象</dt>
        <dd>
          {c.subjectLabel}
          {c.caseNo && `：${c.caseNo} ${c.itemName ?? ''}`}
          {c.staffName && `：${c.staffName}`}
        </dd>
        <dt>类别</dt>
        <dd>{c.categoryLabel}</dd>
        <dt>投诉内容</dt>
        <dd>{c.text}</dd>
        <dt>答复期限</dt>
        <dd>
          <Deadline dueDate={c.dueDate} overdue={c.overdue} open={open(c)} />
        </dd>
        {c.answer && (
          <>
            <dt>答复</dt>
            <dd>
              {c.answer.text}（{c.answer.by}）
            </dd>
          </>
        )}
        {c.rating && (
          <>
            <dt>投诉人评价</dt>
            <dd>{c.rating.satisfied ? '满意' : '不满意'}</dd>
          </>
        )}
      </dl>
      <h3>处理记录</h3>
      <ol>
        {c.events.map((ev) => (
          <li key={ev.id}>
            {ev.at.slice(0, 16).replace('T', ' ')} {ev.actor.name} {ev.label}
            {ev.note && `：${ev.note}`}
          </li>
        ))}
      </ol>
      {c.allowedActions.includes('startHandling') && (
        <button type='button' disabled={busy} onClick={() => void send({ action: 'startHandling' })}>
          开始处理
        </button>
      )}
      {c.allowedActions.includes('answer') && (
        <form onSubmit={answer} noValidate aria-labelledby='answer-title' className='action'>
          <h3 id='answer-title'>答复投诉</h3>
          <label>
            答复内容
            <textarea value={text} maxLength={1000} onChange={(e) => setText(e.target.value)} />
          </label>
          <p className='preview'>{reach}</p>
          <button type='submit' disabled={busy}>
            {busy ? '正在提交…' : '提交答复'}
          </button>
        </form>
      )}
      <ErrorNote error={error} />
    </section>
  )
}
