import type { AuthUser } from './auth-user'
import { randomUUID } from 'node:crypto'
import { checkDecline, confirmedDraft, deemedConsentDue, reminderMessage } from '../../../domain/reminders'
import { shanghaiDate } from '../../../domain/calendar'
import { objectionDeadline } from '../../../domain/reminder-deadline'
import type { CaseSystem } from '../adapters/casesystem/types'
import type { Reminder } from '../../../contract/apply'
import { maskName } from '../../../contract/identity'
import type { AgencyAdapter } from '../adapters/agency/types'
import type { DataSharingAdapter } from '../adapters/datasharing/types'
import type { Db } from '../db'
import { AppError, errors } from '../../../domain/errors'
import type { ApplyService } from './apply'
import type { CatalogService } from './catalog'
import type { NotificationService } from './notifications'

interface ReminderRow {
  id: string
  owner_id_number: string
  for_id_number: string
  for_name: string
  item_id: string
  region_code: string
  reason: string
  status: Reminder['status']
  decline_reason: string | null
  draft_id: string | null
  created_at: string
  decided_at: string | null
  objection_deadline: string | null
  /** the item's form values the source supplied (000 图4 免提交), JSON */
  source_json: string | null
  application_id: string | null
}

type Proposal = { ownerIdNumber: string; forIdNumber: string; forName: string; itemId: string; region: string; reason: string; values?: Record<string, string> }

export interface ReminderDeps {
  db: Db
  catalog: CatalogService
  agency: AgencyAdapter
  dataSharing: DataSharingAdapter
  apply: ApplyService
  /** makes the case from the source's data (confirmed, or no objection by the deadline) */
  cases: Pick<CaseSystem, 'submitFromSource'>
  notifications: NotificationService
  now: () => Date
  /** the account real-named as this person, if any (from the auth service) */
  accountOf: (idNumber: string) => Promise<string | null>
}

/**
 * 提醒办 (000 §6.1.2.1.2): the agency proposes a case to a person — from what the data-sharing platform knows
 * (e.g. a newborn not yet enrolled → 城乡居民参保登记) or from window staff — and the citizen confirms (a prefilled
 * draft) or declines (recorded).
 */
export class ReminderService {
  constructor(private readonly d: ReminderDeps) {}

  private view(r: ReminderRow): Reminder {
    let itemName = r.item_id
    let regionName = r.region_code
    try {
      itemName = this.d.catalog.itemDefinition(r.item_id)?.name ?? r.item_id
      regionName = this.d.catalog.region(r.region_code).node.name
    } catch {
      // a region no longer served: keep the codes
    }
    return {
      id: r.id,
      itemId: r.item_id,
      itemName,
      region: { code: r.region_code, name: regionName },
      reason: r.reason,
      personName: maskName(r.for_name),
      status: r.status,
      createdAt: r.created_at,
      decidedAt: r.decided_at,
      draftId: r.draft_id,
      objectionDeadline: r.objection_deadline,
      applicationId: r.application_id
    }
  }

  /** Records a proposal once (the same person, item and beneficiary are proposed only once) and tells the owner. */
  async propose(p: Proposal): Promise<Reminder> {
    return (await this.proposeOnce(p)).reminder
  }

  /**
   * 000 §6.1.2.1.2 超时未反对默认办理: the last day to object, where the guide promises 视同同意办理 and the source
   * supplied the whole application (without it there is nothing the agency could handle on the citizen's silence).
   */
  private objectionDeadline(p: Proposal, now: Date): string | null {
    try {
      return objectionDeadline(this.d.catalog.itemDetail(p.itemId, p.region), p.values !== undefined, now)
    } catch {
      // an item the region does not serve: no promise to keep
      return null
    }
  }

  private async proposeOnce(p: Proposal): Promise<{ reminder: Reminder; created: boolean }> {
    const now = this.d.now()
    const at = now.toISOString()
    const id = randomUUID()
    const deadline = this.objectionDeadline(p, now)
    const r = await this.d.db
      .prepare(
        `INSERT INTO reminders (id, owner_id_number, for_id_number, for_name, item_id, region_code, reason, created_at, objection_deadline, source_json)
         VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT DO NOTHING`
      )
      .run(id, p.ownerIdNumber, p.forIdNumber, p.forName, p.itemId, p.region, p.reason, at, deadline, p.values ? JSON.stringify(p.values) : null)
    const row = await this.d.db
      .prepare<[string, string, string], ReminderRow>(
        'SELECT * FROM reminders WHERE owner_id_number = ? AND for_id_number = ? AND item_id = ?'
      )
      .get(p.ownerIdNumber, p.forIdNumber, p.itemId)
    if (!row) throw errors.internal()
    if (r.changes > 0) {
      const owner = await this.d.accountOf(p.ownerIdNumber)
      if (owner) {
        const n = await this.d.notifications.record(owner, { ...reminderMessage(p.reason, row.objection_deadline), reminderId: row.id, sms: true })
        // the SMS goes out without holding up the answer; send() never rejects (a failure is logged)
        void n.send()
      }
    }
    return { reminder: this.view(row), created: r.changes > 0 }
  }

  /** Asks the agency what it proposes to this person now and records the new proposals; how many were new. */
  private async offer(idNumber: string): Promise<number> {
    const person = await this.d.dataSharing.person(idNumber)
    if (!person) return 0
    let created = 0
    for (const p of await this.d.agency.proposeReminders(person, this.d.now())) {
      const r = await this.proposeOnce({ ownerIdNumber: idNumber, ...p })
      if (r.created) created++
    }
    return created
  }

  /**
   * 000 §6.1.2.1.2 自动触发提醒: the agency's proposals are pushed (站内消息 and SMS) to every real-named account, not
   * only computed when the citizen opens 提醒办. The scheduler runs it once per period across instances, and a
   * proposal is recorded (and told) once per person, beneficiary and item, so a second run or instance tells nobody
   * twice.
   */
  async sweep(): Promise<{ accounts: number; proposed: number }> {
    const rows = await this.d.db
      .prepare<[], { real_id_number: string }>('SELECT real_id_number FROM users WHERE real_id_number IS NOT NULL ORDER BY real_id_number')
      .all()
    let proposed = 0
    for (const r of rows) proposed += await this.offer(r.real_id_number)
    return { accounts: rows.length, proposed }
  }

  /** The reminders of the signed-in person; asks the agency for new proposals first. */
  async list(user: AuthUser): Promise<Reminder[]> {
    if (!user.realName) return []
    await this.offer(user.realName.idNumber)
    const rows = await this.d.db
      .prepare<[string], ReminderRow>('SELECT * FROM reminders WHERE owner_id_number = ? ORDER BY created_at DESC, id DESC')
      .all(user.realName.idNumber)
    return rows.map((r) => this.view(r))
  }

  private async own(user: AuthUser, id: string): Promise<ReminderRow> {
    if (!user.realName) throw new AppError(403, 'REALNAME_REQUIRED', '请先完成实名认证')
    const row = await this.d.db
      .prepare<[string, string], ReminderRow>('SELECT * FROM reminders WHERE id = ? AND owner_id_number = ?')
      .get(id, user.realName.idNumber)
    if (!row) throw errors.reminderUnknown()
    return row
  }

  /** Confirming makes (or finds) the prefilled draft for the person the reminder is for. Confirming twice is harmless. */
  async confirm(user: AuthUser, id: string): Promise<{ reminder: Reminder; draftId: string | null; applicationId: string | null }> {
    const row = await this.own(user, id)
    if (row.application_id) {
      if (row.status !== 'confirmed') throw errors.reminderDecided()
      return { reminder: this.view(row), draftId: null, applicationId: row.application_id }
    }
    const already = confirmedDraft({ status: row.status, draftId: row.draft_id })
    if (already) return { reminder: this.view(row), draftId: already, applicationId: null }
    if (row.source_json && row.status === 'pending') {
      // 000 图4 (§6.2.6.1, §6.7.1 经参保人员确认，自动完成): the source supplied the application; confirming makes the case
      const made = await this.caseFromSource(row, user.id, 'confirm')
      if (made) {
        await this.d.db
          .prepare("UPDATE reminders SET status = 'confirmed', application_id = ?, decided_at = ? WHERE id = ? AND status = 'pending'")
          .run(made, this.d.now().toISOString(), id)
        const now = await this.own(user, id)
        return { reminder: this.view(now), draftId: null, applicationId: now.application_id }
      }
    }
    const { draft } = await this.d.apply.createDraft(
      user,
      { itemId: row.item_id, region: row.region_code, reminderId: row.id },
      { name: row.for_name, idNumber: row.for_id_number }
    )
    await this.d.db
      .prepare("UPDATE reminders SET status = 'confirmed', draft_id = ?, decided_at = ? WHERE id = ?")
      .run(draft.id, this.d.now().toISOString(), id)
    return { reminder: this.view(await this.own(user, id)), draftId: draft.id, applicationId: null }
  }

  /** The case from the source's data (null when the source no longer fits the form: the citizen gets a draft). */
  private async caseFromSource(row: ReminderRow, userId: string, by: 'confirm' | 'deemedConsent'): Promise<string | null> {
    try {
      const made = await this.d.cases.submitFromSource({
        reminderId: row.id,
        remindedAt: row.created_at,
        by,
        userId,
        applicant: { name: row.for_name, idNumber: row.for_id_number },
        itemId: row.item_id,
        region: row.region_code,
        values: JSON.parse(row.source_json ?? '{}') as Record<string, string>
      })
      return made.applicationId
    } catch (err) {
      if (err instanceof AppError && err.status < 500) return null
      throw err
    }
  }

  /**
   * 000 §6.1.2.1.2 宜推行超时未反对默认办理 (§6.2.5.1, §6.2.6.1, §6.7.1 规定时间内未收到确认信息视同确认同意办理): each
   * pending reminder whose objection deadline has passed is claimed (one UPDATE: one instance wins), its case made from
   * the source's data and decided by rule, and the citizen told the result. The scheduler runs it once per period across
   * instances; a claim whose case was not made (the process died) is finished by the next run.
   */
  async sweepDeemedConsent(): Promise<{ deemed: number }> {
    const now = this.d.now()
    const today = shanghaiDate(now)
    const due = await this.d.db
      .prepare<[string], ReminderRow>(
        "SELECT * FROM reminders WHERE (status = 'pending' AND objection_deadline < ?) OR (status = 'deemedConsented' AND application_id IS NULL) ORDER BY created_at, id"
      )
      .all(today)
    let deemed = 0
    for (const row of due) {
      const owner = await this.d.accountOf(row.owner_id_number)
      if (!owner) continue
      if (row.status === 'pending') {
        if (!deemedConsentDue({ status: row.status, objectionDeadline: row.objection_deadline }, today)) continue
        const claim = await this.d.db
          .prepare("UPDATE reminders SET status = 'deemedConsented', decided_at = ? WHERE id = ? AND status = 'pending'")
          .run(now.toISOString(), row.id)
        if (claim.changes !== 1) continue
      }
      const made = await this.caseFromSource(row, owner, 'deemedConsent')
      if (!made) continue
      await this.d.db.prepare('UPDATE reminders SET application_id = ? WHERE id = ?').run(made, row.id)
      deemed++
    }
    return { deemed }
  }

  async decline(user: AuthUser, id: string, reason?: string): Promise<Reminder> {
    const row = await this.own(user, id)
    checkDecline(row)
    await this.d.db
      .prepare("UPDATE reminders SET status = 'declined', decline_reason = ?, decided_at = ? WHERE id = ?")
      .run(reason ?? null, this.d.now().toISOString(), id)
    return this.view(await this.own(user, id))
  }
}
