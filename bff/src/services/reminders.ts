import type { AuthUser } from './auth-user'
import { randomUUID } from 'node:crypto'
import { checkDecline, confirmedDraft, reminderMessage } from '../../../domain/reminders'
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
}

export interface ReminderDeps {
  db: Db
  catalog: CatalogService
  agency: AgencyAdapter
  dataSharing: DataSharingAdapter
  apply: ApplyService
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
      draftId: r.draft_id
    }
  }

  /** Records a proposal once (the same person, item and beneficiary are proposed only once) and tells the owner. */
  async propose(p: { ownerIdNumber: string; forIdNumber: string; forName: string; itemId: string; region: string; reason: string }): Promise<Reminder> {
    return (await this.proposeOnce(p)).reminder
  }

  private async proposeOnce(p: { ownerIdNumber: string; forIdNumber: string; forName: string; itemId: string; region: string; reason: string }): Promise<{ reminder: Reminder; created: boolean }> {
    const at = this.d.now().toISOString()
    const id = randomUUID()
    const r = await this.d.db
      .prepare(
        `INSERT INTO reminders (id, owner_id_number, for_id_number, for_name, item_id, region_code, reason, created_at)
         VALUES (?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT DO NOTHING`
      )
      .run(id, p.ownerIdNumber, p.forIdNumber, p.forName, p.itemId, p.region, p.reason, at)
    const row = await this.d.db
      .prepare<[string, string, string], ReminderRow>(
        'SELECT * FROM reminders WHERE owner_id_number = ? AND for_id_number = ? AND item_id = ?'
      )
      .get(p.ownerIdNumber, p.forIdNumber, p.itemId)
    if (!row) throw errors.internal()
    if (r.changes > 0) {
      const owner = await this.d.accountOf(p.ownerIdNumber)
      if (owner) {
        const n = await this.d.notifications.record(owner, { ...reminderMessage(p.reason), reminderId: row.id, sms: true })
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
      const r = await this.proposeOnce({ ownerIdNumber: idNumber, forIdNumber: p.forIdNumber, forName: p.forName, itemId: p.itemId, region: p.region, reason: p.reason })
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
  async confirm(user: AuthUser, id: string): Promise<{ reminder: Reminder; draftId: string }> {
    const row = await this.own(user, id)
    const already = confirmedDraft({ status: row.status, draftId: row.draft_id })
    if (already) return { reminder: this.view(row), draftId: already }
    const { draft } = await this.d.apply.createDraft(
      user,
      { itemId: row.item_id, region: row.region_code, reminderId: row.id },
      { name: row.for_name, idNumber: row.for_id_number }
    )
    await this.d.db
      .prepare("UPDATE reminders SET status = 'confirmed', draft_id = ?, decided_at = ? WHERE id = ?")
      .run(draft.id, this.d.now().toISOString(), id)
    return { reminder: this.view(await this.own(user, id)), draftId: draft.id }
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
