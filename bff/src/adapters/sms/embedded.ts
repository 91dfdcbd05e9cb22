import type { Db } from '../../db'
import type { OutboxEntry, SmsAdapter, SmsMessage } from './types'

interface OutboxRow {
  phone: string
  text: string
  code: string | null
  sent_at: string
}

/**
 * The default SMS adapter: nothing leaves the machine; every message lands in `sms_outbox` (the database), where
 * GET /api/v1/dev/outbox (not in production) shows it. A deployment replaces this with its SMS gateway.
 */
export class EmbeddedSmsAdapter implements SmsAdapter {
  readonly kind = 'embedded'

  constructor(private readonly db: Db) {}

  async send(message: SmsMessage, at: Date): Promise<void> {
    await this.db
      .prepare('INSERT INTO sms_outbox (phone, text, code, sent_at) VALUES (?, ?, ?, ?)')
      .run(message.phone, message.text, message.code ?? null, at.toISOString())
  }

  async outbox(phone: string, limit: number): Promise<OutboxEntry[]> {
    const rows = await this.db
      .prepare<[string, number], OutboxRow>('SELECT phone, text, code, sent_at FROM sms_outbox WHERE phone = ? ORDER BY id DESC LIMIT ?')
      .all(phone, limit)
    return rows.map((r) => ({ phone: r.phone, text: r.text, code: r.code, sentAt: r.sent_at }))
  }
}
