import { randomUUID } from 'node:crypto'
import type { EvaluationGrants } from '../evaluation/embedded'
import type { ComplaintSystem } from './types'
import {
  COMPLAINT_CATEGORY_LABEL,
  COMPLAINT_CHANNEL_LABEL,
  COMPLAINT_STATUS_LABEL,
  COMPLAINT_SUBJECT_LABEL,
  type Complaint,
  type ComplaintCategory,
  type ComplaintChannel,
  type ComplaintStatus,
  type ComplaintSubject,
  type CreateComplaintRequest,
  type RateComplaintRequest,
  type StaffComplaint,
  type StaffComplaintAction,
  type StaffComplaintIntake
} from '../../../../contract/evaluation'
import { maskName } from '../../../../contract/identity'
import { regionCovers, regionPrefix } from '../../../../contract/staff'
import type { Db } from '../../db'
import { AppError, errors } from '../../../../domain/errors'
import { addWorkingDays, isOverdue, shanghaiDate } from '../../../../domain/calendar'
import type { ApplicationRow } from '../casesystem/views'
import type { AuthUser } from '../../services/auth-user'
import type { CatalogService } from '../../services/catalog'
import type { NotificationService } from '../../services/notifications'

export interface ComplaintDeps {
  db: Db
  catalog: CatalogService
  notifications: NotificationService
  now: () => Date
  /** COMPLAINT_ANSWER_DAYS: working days to answer, from filing */
  answerDays: number
  /** the region of a complaint that names neither a case nor a region */
  defaultRegion: string
  grants: EvaluationGrants
}

interface ComplaintRow {
  id: string
  complaint_no: string
  user_id: string
  complainant_name: string
  complainant_id_number: string
  subject: ComplaintSubject
  application_id: string | null
  staff_name: string | null
  region_code: string
  region_name: string
  item_id: string | null
  category: ComplaintCategory
  text: string
  status: ComplaintStatus
  due_date: string
  answer_text: string | null
  answered_at: string | null
  answered_by: string | null
  rating_satisfied: number | null
  rating_text: string | null
  rated_at: string | null
  channel: ComplaintChannel
  contact_phone: string | null
  contact_address: string | null
  intake_by: string | null
  created_at: string
  updated_at: string
}

/** what a new complaint holds, filed in the app or entered by staff */
interface NewComplaint {
  userId: string
  complainantName: string
  complainantIdNumber: string
  subject: ComplaintSubject
  app: ApplicationRow | null
  staffName: string | null
  regionCode: string
  regionName: string
  category: ComplaintCategory
  text: string
  channel: ComplaintChannel
  contactPhone: string | null
  contactAddress: string | null
  intakeBy: string | null
  /** the event's actor */
  actor: { kind: 'citizen' | 'staff'; name: string }
}

interface ComplaintEventRow {
  id: string
  at: string
  actor_kind: 'citizen' | 'staff' | 'system'
  actor_name: string
  action: 'file' | 'startHandling' | 'answer' | 'rate'
  label: string
  note: string | null
}

const COMPLAINT_ACTION_LABEL = { startHandling: '开始处理', answer: '答复', rate: '评价答复' } as const

/**
 * Complaints: received (on filing, online) → handling → answered (the staff's answer, notified in-app and by SMS) →
 * closed when the citizen rates the answer. The due date is COMPLAINT_ANSWER_DAYS working days from filing; the seeds
 * (003 §11.3, 002 "在承诺时间内回复") set no figure, so it is configuration (default 5).
 */
export class EmbeddedComplaintSystem implements ComplaintSystem {
  constructor(private readonly d: ComplaintDeps) {}

  private get db(): Db {
    return this.d.db
  }

  private async row(id: string): Promise<ComplaintRow> {
    const r = await this.db.prepare<[string], ComplaintRow>('SELECT * FROM complaints WHERE id = ?').get(id)
    if (!r) throw errors.complaintUnknown()
    return r
  }

  private async ownRow(user: AuthUser, id: string): Promise<ComplaintRow> {
    const r = await this.row(id)
    if (r.user_id !== user.id) throw errors.complaintUnknown()
    return r
  }

  private async addEvent(id: string, e: Omit<ComplaintEventRow, 'id' | 'at'>, at: string): Promise<void> {
    const seq = ((await this.db.prepare<[string], { s: number | null }>('SELECT MAX(seq) AS s FROM complaint_events WHERE complaint_id = ?').get(id))?.s ?? 0) + 1
    await this.db
      .prepare('INSERT INTO complaint_events (id, complaint_id, seq, at, actor_kind, actor_name, action, label, note) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)')
      .run(randomUUID(), id, seq, at, e.actor_kind, e.actor_name, e.action, e.label, e.note)
  }

  private async view(r: ComplaintRow, citizen: boolean): Promise<Complaint> {
    let app = r.application_id
      ? await this.db
          .prepare<[string], { case_no: string; item_name: string; applicant_id_number: string }>('SELECT case_no, item_name, applicant_id_number FROM applications WHERE id = ?')
          .get(r.application_id)
      : undefined
    // the complainant's own text stays theirs; the case it was about is shown only while they may still see it
    if (citizen && app && !(await this.d.grants.allows(r.user_id, app.applicant_id_number, 'rate'))) app = undefined
    const events = await this.db
      .prepare<[string], ComplaintEventRow>('SELECT id, at, actor_kind, actor_name, action, label, note FROM complaint_events WHERE complaint_id = ? ORDER BY seq')
      .all(r.id)
    return {
      id: r.id,
      complaintNo: r.complaint_no,
      subject: r.subject,
      subjectLabel: COMPLAINT_SUBJECT_LABEL[r.subject],
      applicationId: app ? r.application_id : null,
      caseNo: app?.case_no ?? null,
      itemName: app?.item_name ?? null,
      staffName: r.staff_name,
      region: { code: r.region_code, name: r.region_name },
      category: r.category,
      categoryLabel: COMPLAINT_CATEGORY_LABEL[r.category],
      text: r.text,
      status: r.status,
      statusLabel: COMPLAINT_STATUS_LABEL[r.status],
      channel: r.channel,
      channelLabel: COMPLAINT_CHANNEL_LABEL[r.channel],
      createdAt: r.created_at,
      dueDate: r.due_date,
      overdue: (r.status === 'received' || r.status === 'handling') && isOverdue(r.due_date, this.d.now()),
      answer: r.answer_text && r.answered_at ? { text: r.answer_text, at: r.answered_at, by: r.answered_by ?? '' } : null,
      rating: r.rated_at && r.rating_satisfied !== null ? { satisfied: r.rating_satisfied === 1, text: r.rating_text, at: r.rated_at } : null,
      canRate: r.status === 'answered',
      events: events.map((e) => ({
        id: e.id,
        at: e.at,
        actor: { kind: e.actor_kind, name: citizen && e.actor_kind === 'citizen' ? maskName(e.actor_name) : e.actor_name },
        action: e.action,
        label: e.label,
        note: e.note
      }))
    }
  }

  private async staffView(r: ComplaintRow): Promise<StaffComplaint> {
    const phone = r.contact_phone ?? (await this.db.prepare<[string], { phone: string }>('SELECT phone FROM users WHERE id = ?').get(r.user_id))?.phone ?? null
    return {
      ...(await this.view(r, false)),
      complainantName: r.complainant_name,
      contactPhone: phone,
      contactAddress: r.contact_address,
      intakeBy: r.intake_by,
      allowedActions: r.status === 'received' ? ['startHandling', 'answer'] : r.status === 'handling' ? ['answer'] : []
    }
  }

  /** Files a complaint (real-named). About a case: one the account may act on (else 404, as for any case). */
  async file(user: AuthUser, req: CreateComplaintRequest): Promise<Complaint> {
    if (!user.realName) throw errors.realnameRequired()
    let app: ApplicationRow | null = null
    if (req.subject === 'application') {
      app = (await this.db.prepare<[string], ApplicationRow>('SELECT * FROM applications WHERE id = ?').get(req.applicationId ?? '')) ?? null
      // about a case: one the account may rate now (the applicant, or the 'rate' grant), submitter or not
      if (!app || !(await this.d.grants.allows(user.id, app.applicant_id_number, 'rate'))) throw errors.applicationUnknown()
    }
    const regionCode = app?.region_code ?? req.region ?? this.d.defaultRegion
    const id = await this.insert({
      userId: user.id,
      complainantName: user.realName?.name ?? '',
      complainantIdNumber: user.realName?.idNumber ?? '',
      subject: req.subject,
      app,
      staffName: req.subject === 'staff' ? (req.staffName ?? null) : null,
      regionCode,
      regionName: app?.region_name ?? this.d.catalog.region(regionCode).node.name,
      category: req.category,
      text: req.text,
      // filed in the app: 网上投诉 (003 §11.3.2)
      channel: 'online',
      contactPhone: null,
      contactAddress: null,
      intakeBy: null,
      actor: { kind: 'citizen', name: user.realName?.name ?? '本人' }
    })
    return this.view(await this.row(id), true)
  }

  /**
   * A complaint received at the window, by phone, by letter or on another portal (003 §11.3.2), entered by staff of
   * the region. The person may have no account here: nobody is notified in the app, the answer goes back by the
   * phone or address recorded. About a case: its 办件编号, a case of the staff member's region (else 404).
   */
  async staffFile(req: StaffComplaintIntake, actor: { name: string; regionCode: string }): Promise<StaffComplaint> {
    let app: ApplicationRow | null = null
    if (req.subject === 'application') {
      app = (await this.db.prepare<[string], ApplicationRow>('SELECT * FROM applications WHERE case_no = ?').get(req.caseNo ?? '')) ?? null
      if (!app || (actor.regionCode !== '000000' && !regionCovers(actor.regionCode, app.region_code))) throw errors.applicationUnknown()
    }
    const regionCode = app?.region_code ?? req.region ?? actor.regionCode
    if (actor.regionCode !== '000000' && !regionCovers(actor.regionCode, regionCode)) throw errors.regionUnknown()
    const id = await this.insert({
      userId: '',
      complainantName: req.complainantName,
      complainantIdNumber: '',
      subject: req.subject,
      app,
      staffName: req.subject === 'staff' ? (req.staffName ?? null) : null,
      regionCode,
      regionName: app?.region_name ?? this.d.catalog.region(regionCode).node.name,
      category: req.category,
      text: req.text,
      channel: req.channel,
      contactPhone: req.contactPhone ?? null,
      contactAddress: req.address ?? null,
      intakeBy: actor.name,
      actor: { kind: 'staff', name: actor.name }
    })
    return this.staffGet(id, actor.regionCode)
  }

  /** Records a complaint, numbers it, and tells the complainant when they have an account here. */
  private async insert(c: NewComplaint): Promise<string> {
    const now = this.d.now()
    const at = now.toISOString()
    const today = shanghaiDate(now)
    const id = randomUUID()
    const due = addWorkingDays(today, this.d.answerDays)
    // sent once the transaction committed (it may run more than once)
    const send = await this.db.tx(async () => {
      await this.db
        .prepare(
          `INSERT INTO complaints (id, complaint_no, user_id, complainant_name, complainant_id_number, subject, application_id, staff_name, region_code, region_name,
             item_id, category, text, status, due_date, channel, contact_phone, contact_address, intake_by, created_at, updated_at)
           VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, 'received', ?, ?, ?, ?, ?, ?, ?)`
        )
        .run(
          id,
          // numbered last (below): the counter is one row for every complaint of the region and day, locked from the
          // draw to the commit
          `pending-${id}`,
          c.userId,
          c.complainantName,
          c.complainantIdNumber,
          c.subject,
          c.app?.id ?? null,
          c.staffName,
          c.regionCode,
          c.regionName,
          c.app?.item_id ?? null,
          c.category,
          c.text,
          due,
          c.channel,
          c.contactPhone,
          c.contactAddress,
          c.intakeBy,
          at,
          at
        )
      const label = c.actor.kind === 'citizen' ? '已提交投诉，已受理' : `已受理${COMPLAINT_CHANNEL_LABEL[c.channel]}投诉`
      await this.addEvent(id, { actor_kind: c.actor.kind, actor_name: c.actor.name, action: 'file', label, note: null }, at)
      const n = await this.db
        .prepare<[string, string], { n: number }>(
          'INSERT INTO complaint_counters (region_code, day, n) VALUES (?, ?, 1) ON CONFLICT (region_code, day) DO UPDATE SET n = complaint_counters.n + 1 RETURNING n'
        )
        .get(c.regionCode, today.replace(/-/g, ''))
      const no = `TS${c.regionCode}${today.replace(/-/g, '')}${String(n?.n ?? 1).padStart(5, '0')}`
      await this.db.prepare('UPDATE complaints SET complaint_no = ? WHERE id = ?').run(no, id)
      if (!c.userId) return null
      const note = await this.d.notifications.record(c.userId, {
        title: '投诉已受理',
        body: `您的投诉（${no}）已受理，我们将在 ${due} 前答复您。`,
        applicationId: c.app?.id ?? null
      })
      return note.send
    })
    if (send) await send()
    return id
  }

  async list(user: AuthUser): Promise<Complaint[]> {
    const rows = await this.db
      .prepare<[string], ComplaintRow>('SELECT * FROM complaints WHERE user_id = ? ORDER BY created_at DESC, complaint_no DESC LIMIT 200')
      .all(user.id)
    const out: Complaint[] = []
    for (const r of rows) out.push(await this.view(r, true))
    return out
  }

  async get(user: AuthUser, id: string): Promise<Complaint> {
    return this.view(await this.ownRow(user, id), true)
  }

  /** The citizen rates the answer (satisfied or not); the complaint is then closed. */
  async rate(user: AuthUser, id: string, req: RateComplaintRequest): Promise<Complaint> {
    const at = this.d.now().toISOString()
    await this.db.tx(async () => {
      await this.db.lock(`complaint:${id}`)
      const r = await this.ownRow(user, id)
      if (r.status !== 'answered') throw errors.complaintStepNotAllowed(COMPLAINT_STATUS_LABEL[r.status], COMPLAINT_ACTION_LABEL.rate)
      await this.db
        .prepare("UPDATE complaints SET status = 'closed', rating_satisfied = ?, rating_text = ?, rated_at = ?, updated_at = ? WHERE id = ?")
        .run(req.satisfied ? 1 : 0, req.text ?? null, at, at, id)
      await this.addEvent(
        id,
        { actor_kind: 'citizen', actor_name: user.realName?.name ?? '本人', action: 'rate', label: req.satisfied ? '对答复满意，已办结' : '对答复不满意，已办结', note: req.text ?? null },
        at
      )
    })
    return this.get(user, id)
  }

  /** Complaints about the staff member's region (`scope`), the open ones by due date. */
  async staffList(q: { status?: ComplaintStatus; overdue?: boolean } = {}, scope = '000000'): Promise<StaffComplaint[]> {
    const like = scope === '000000' ? '%' : `${regionPrefix(scope)}%`
    const rows = q.status
      ? await this.db
          .prepare<[string, string], ComplaintRow>('SELECT * FROM complaints WHERE status = ? AND region_code LIKE ? ORDER BY due_date, created_at, complaint_no')
          .all(q.status, like)
      : await this.db.prepare<[string], ComplaintRow>('SELECT * FROM complaints WHERE region_code LIKE ? ORDER BY created_at DESC, complaint_no DESC LIMIT 500').all(like)
    const views: StaffComplaint[] = []
    for (const r of rows) views.push(await this.staffView(r))
    return q.overdue === undefined ? views : views.filter((v) => v.overdue === q.overdue)
  }

  async staffGet(id: string, scope = '000000'): Promise<StaffComplaint> {
    const r = await this.row(id)
    if (scope !== '000000' && !regionCovers(scope, r.region_code)) throw errors.complaintUnknown()
    return this.staffView(r)
  }

  /** A step by the signed-in staff member, recorded under their account's name; outside their region: 404. */
  async staffAct(id: string, a: StaffComplaintAction, actor: { name: string; regionCode: string }): Promise<StaffComplaint> {
    await this.staffGet(id, actor.regionCode)
    const at = this.d.now().toISOString()
    // the SMS to send once the transaction committed (it may run more than once)
    const send = await this.db.tx(async (): Promise<(() => Promise<void>) | null> => {
      // the complaint's status decides the step: read under its lock (a citizen's rating, another staff member)
      await this.db.lock(`complaint:${id}`)
      const r = await this.row(id)
      const refuse = (): AppError => errors.complaintStepNotAllowed(COMPLAINT_STATUS_LABEL[r.status], COMPLAINT_ACTION_LABEL[a.action])
      if (a.action === 'startHandling') {
        if (r.status !== 'received') throw refuse()
        await this.db.prepare("UPDATE complaints SET status = 'handling', updated_at = ? WHERE id = ?").run(at, id)
        await this.addEvent(id, { actor_kind: 'staff', actor_name: actor.name, action: 'startHandling', label: '处理中', note: a.note ?? null }, at)
        return null
      }
      if (r.status !== 'received' && r.status !== 'handling') throw refuse()
      await this.db
        .prepare("UPDATE complaints SET status = 'answered', answer_text = ?, answered_at = ?, answered_by = ?, updated_at = ? WHERE id = ?")
        .run(a.text, at, actor.name, at, id)
      await this.addEvent(id, { actor_kind: 'staff', actor_name: actor.name, action: 'answer', label: '已答复', note: a.text }, at)
      // entered by staff for a person without an account: the answer goes back by the phone or letter recorded
      if (!r.user_id) return null
      const n = await this.d.notifications.record(r.user_id, {
        title: '投诉已答复',
        body: `您的投诉（${r.complaint_no}）已答复：${a.text}`,
        applicationId: r.application_id,
        sms: true
      })
      return n.send
    })
    if (send) await send()
    return this.staffGet(id, actor.regionCode)
  }
}
