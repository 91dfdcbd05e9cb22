import type { Notification, NotificationsResponse } from '../../../contract/apply'
import type { Db } from '../db'
import { errors } from '../../../domain/errors'
import { v7 as uuidv7 } from 'uuid'

export interface NotificationInput {
  title: string
  body: string
  applicationId?: string | null
  reminderId?: string | null
  /** also send it as an SMS to the account's phone (every case node does, 000 §6.1.4) */
  sms?: boolean
}

/** What the notification service needs from the outside: the account's phone, and the SMS adapter. */
export interface NotifyChannels {
  phoneOf(userId: string): Promise<string | null>
  sendSms(phone: string, text: string): Promise<void>
  warn(msg: string, err: unknown): void
}

interface Row {
  id: string
  title: string
  body: string
  application_id: string | null
  reminder_id: string | null
  created_at: string
  read_at: string | null
}

interface DigestRow {
  id: string
  user_id: string
  application_id: string
  title: string
  body: string
  due_at: string
}

/** Notices of one case within this long of the first are sent as one SMS (six staff steps in 30 s: one SMS). */
export const SMS_DIGEST_MS = 60_000

const SMS_SIGN = '【医保掌上办】'

/**
 * The one SMS for the notices of one case that came within a minute: every step with its words in full (an amount
 * paid, a tracking number, what to 补正 — nothing the person needs is dropped), the case named once at the front
 * when the notices share it (「您申请的“…”（YB…）」), in the order they happened.
 */
export function digestText(parts: Array<{ title: string; body: string }>): string {
  if (parts.length === 1) return `${SMS_SIGN}${parts[0].title}：${parts[0].body}`
  const bodies = parts.map((p) => p.body)
  let common = bodies.reduce((a, b) => {
    let i = 0
    while (i < a.length && i < b.length && a[i] === b[i]) i++
    return a.slice(0, i)
  })
  // the shared part ends where the case is named: 「…（YB3311…）」
  common = common.slice(0, common.lastIndexOf('）') + 1)
  const steps = common ? bodies.map((b) => b.slice(common.length).replace(/^[：，]/, '')) : parts.map((p) => `${p.title}：${p.body}`)
  return `${SMS_SIGN}办件进度（1 分钟内 ${parts.length} 条）：${common}${steps.join('；')}`
}

/**
 * The message centre (000 §6.1.4: the citizen is told at every node): an in-app message kept in the database, and an
 * SMS through the SMS adapter. A failed SMS never fails the case action that caused it; the in-app message stays.
 *
 * SMS about a case are merged: the notices of one case for one account within SMS_DIGEST_MS of the first wait in
 * `sms_digest` and go out as one SMS when that minute is over (this instance's timer sends it on time; the scheduled
 * `flushDue` of any instance sends what an instance that stopped left behind). In-app messages are not delayed.
 */
export class NotificationService {
  private readonly timers = new Set<ReturnType<typeof setTimeout>>()
  private stopped = false

  constructor(
    private readonly db: Db,
    private readonly channels: NotifyChannels,
    private readonly now: () => Date
  ) {}

  /**
   * Records the in-app message (inside the caller's transaction when there is one: it joins it); returns what to do
   * once that transaction committed: send the SMS, or — for a case — arrange for its merged SMS. `send` never rejects:
   * a failed SMS (or phone lookup) is only logged.
   */
  async record(userId: string, n: NotificationInput): Promise<{ send: () => Promise<void> }> {
    const now = this.now()
    const at = now.toISOString()
    // the id orders messages written at the same instant (one transaction, a frozen test clock) as they were written
    await this.db
      .prepare(
        'INSERT INTO notifications (id, user_id, title, body, application_id, reminder_id, created_at) VALUES (?, ?, ?, ?, ?, ?, ?)'
      )
      .run(uuidv7(), userId, n.title, n.body, n.applicationId ?? null, n.reminderId ?? null, at)
    if (n.sms && n.applicationId) {
      const due = await this.holdForDigest(userId, n.applicationId, n, now)
      return { send: async () => this.flushAt(due) }
    }
    return {
      send: async () => {
        if (!n.sms) return
        await this.sendTo(userId, `${SMS_SIGN}${n.title}：${n.body}`)
      }
    }
  }

  /**
   * The one way a citizen's action sends an SMS to someone else's phone (a family invite to a person who may have no
   * account yet). The caller decides within its limits whether to send (FamilyService: FAMILY_INVITE_SMS_*). Never
   * rejects; a failure is logged.
   */
  async smsToOther(fromUserId: string, phone: string, text: string): Promise<void> {
    try {
      await this.channels.sendSms(phone, `${SMS_SIGN}${text}`)
    } catch (err) {
      this.channels.warn(`SMS from account ${fromUserId} to another person failed`, err)
    }
  }

  /**
   * Joins the digest of this case for this account whose minute is still running (or opens one); returns when it is
   * due. A digest past its minute but not yet sent (no instance has flushed it yet) is not joined: it goes as it is.
   */
  private async holdForDigest(userId: string, applicationId: string, n: NotificationInput, now: Date): Promise<Date> {
    const open = await this.db
      .prepare<[string, string, string], { due_at: string }>(
        'SELECT due_at FROM sms_digest WHERE user_id = ? AND application_id = ? AND due_at > ? ORDER BY due_at LIMIT 1'
      )
      .get(userId, applicationId, now.toISOString())
    const due = open ? open.due_at : new Date(now.getTime() + SMS_DIGEST_MS).toISOString()
    await this.db
      .prepare('INSERT INTO sms_digest (id, user_id, application_id, title, body, created_at, due_at) VALUES (?, ?, ?, ?, ?, ?, ?)')
      .run(uuidv7(), userId, applicationId, n.title, n.body, now.toISOString(), due)
    return new Date(due)
  }

  /** This instance sends the digest when it is due (a timer that never keeps the process alive). */
  private flushAt(due: Date): void {
    if (this.stopped) return
    const wait = Math.max(0, due.getTime() - this.now().getTime()) + 50
    const timer = setTimeout(() => {
      this.timers.delete(timer)
      this.flushDue().catch((err: unknown) => this.channels.warn('SMS digest failed', err))
    }, wait)
    timer.unref?.()
    this.timers.add(timer)
  }

  /**
   * Sends every digest that is due, one SMS per case and account. Claiming is one DELETE … RETURNING, so two instances
   * flushing at once never send the same notice twice. Returns how many SMS this call sent. Calls on one instance run
   * one after another: when it resolves, whatever an earlier call of this instance claimed has been sent too.
   */
  flushDue(): Promise<number> {
    const run = this.flushing.then(() => this.sendDue())
    this.flushing = run.catch(() => 0)
    return run
  }

  private flushing: Promise<unknown> = Promise.resolve()

  private async sendDue(): Promise<number> {
    if (!this.db.open) return 0
    const rows = await this.db
      .prepare<[string], DigestRow>('DELETE FROM sms_digest WHERE due_at <= ? RETURNING id, user_id, application_id, title, body, due_at')
      .all(this.now().toISOString())
    const batches = new Map<string, DigestRow[]>()
    for (const r of [...rows].sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0))) {
      const key = `${r.user_id} ${r.application_id} ${r.due_at}`
      batches.set(key, [...(batches.get(key) ?? []), r])
    }
    for (const parts of batches.values()) await this.sendTo(parts[0].user_id, digestText(parts))
    return batches.size
  }

  /** Stops this instance's digest timers, now and later (the app closing); what they would send waits for flushDue. */
  stop(): void {
    this.stopped = true
    for (const t of this.timers) clearTimeout(t)
    this.timers.clear()
  }

  private async sendTo(userId: string, text: string): Promise<void> {
    try {
      const phone = await this.channels.phoneOf(userId)
      if (!phone) return
      await this.channels.sendSms(phone, text)
    } catch (err) {
      this.channels.warn('SMS notification failed', err)
    }
  }

  async list(userId: string): Promise<NotificationsResponse> {
    const rows = await this.db
      .prepare<[string], Row>(
        'SELECT id, title, body, application_id, reminder_id, created_at, read_at FROM notifications WHERE user_id = ? ORDER BY created_at DESC, id DESC LIMIT 200'
      )
      .all(userId)
    const unread = await this.db
      .prepare<[string], { n: number }>('SELECT COUNT(*) AS n FROM notifications WHERE user_id = ? AND read_at IS NULL')
      .get(userId)
    return { notifications: rows.map(toView), unread: unread?.n ?? 0 }
  }

  async markRead(userId: string, id: string): Promise<void> {
    const r = await this.db
      .prepare('UPDATE notifications SET read_at = COALESCE(read_at, ?) WHERE id = ? AND user_id = ?')
      .run(this.now().toISOString(), id, userId)
    if (r.changes === 0) throw errors.notificationUnknown()
  }

  async markAllRead(userId: string): Promise<void> {
    await this.db
      .prepare('UPDATE notifications SET read_at = ? WHERE user_id = ? AND read_at IS NULL')
      .run(this.now().toISOString(), userId)
  }
}

function toView(r: Row): Notification {
  return {
    id: r.id,
    title: r.title,
    body: r.body,
    applicationId: r.application_id,
    reminderId: r.reminder_id,
    createdAt: r.created_at,
    read: r.read_at !== null
  }
}
