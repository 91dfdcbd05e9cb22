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

/**
 * The message centre (000 §6.1.4: the citizen is told at every node): an in-app message kept in the database, and an
 * SMS through the SMS adapter. A failed SMS never fails the case action that caused it; the in-app message stays.
 */
export class NotificationService {
  constructor(
    private readonly db: Db,
    private readonly channels: NotifyChannels,
    private readonly now: () => Date
  ) {}

  /**
   * Records the in-app message (inside the caller's transaction when there is one: it joins it); returns the SMS to
   * send once that transaction committed. `send` never rejects: a failed SMS (or phone lookup) is only logged.
   */
  async record(userId: string, n: NotificationInput): Promise<{ send: () => Promise<void> }> {
    const at = this.now().toISOString()
    // the id orders messages written at the same instant (one transaction, a frozen test clock) as they were written
    await this.db
      .prepare(
        'INSERT INTO notifications (id, user_id, title, body, application_id, reminder_id, created_at) VALUES (?, ?, ?, ?, ?, ?, ?)'
      )
      .run(uuidv7(), userId, n.title, n.body, n.applicationId ?? null, n.reminderId ?? null, at)
    return {
      send: async () => {
        if (!n.sms) return
        try {
          const phone = await this.channels.phoneOf(userId)
          if (!phone) return
          await this.channels.sendSms(phone, `【医保掌上办】${n.title}：${n.body}`)
        } catch (err) {
          this.channels.warn('SMS notification failed', err)
        }
      }
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
