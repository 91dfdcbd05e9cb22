import type { Db } from '../db'
import type { ApplyService } from './apply'
import type { AuthUser } from './auth'

/**
 * Closing an account (个人信息保护法 §47: deletion when the person withdraws). What only the account holds goes:
 * open drafts with their uploaded files (disk or S3), messages (and case SMS waiting to be merged), family links in both directions (grants given end at
 * once), 他人为我办理 entries about the person, pending reminders, sessions, mini-program bindings, the e-voucher codes
 * and SMS history of the phone. Submitted cases, ratings and complaints are the agency's records (档案) and stay,
 * naming an account that no longer signs in: its phone and identity are removed from the account row.
 */
export class AccountService {
  constructor(private readonly d: { db: Db; apply: ApplyService; now: () => Date }) {}

  async close(user: AuthUser): Promise<void> {
    const db = this.d.db
    const at = this.d.now().toISOString()
    const idNumber = user.realName?.idNumber ?? null
    const drafts = await db.prepare<[string], { id: string }>('SELECT id FROM drafts WHERE user_id = ? AND application_id IS NULL').all(user.id)
    await this.d.apply.removeDrafts(drafts.map((r) => r.id))
    await db.tx(async () => {
      await db.prepare('DELETE FROM notifications WHERE user_id = ?').run(user.id)
      // case SMS still waiting to be merged: a closed account's phone is not messaged any more
      await db.prepare('DELETE FROM sms_digest WHERE user_id = ?').run(user.id)
      await db.prepare('DELETE FROM family_members WHERE proxy_user_id = ?').run(user.id)
      await db.prepare('DELETE FROM idempotency_keys WHERE user_id = ?').run(user.id)
      await db.prepare('DELETE FROM platform_accounts WHERE user_id = ?').run(user.id)
      await db.prepare('UPDATE sessions SET revoked_at = ?, revoked_reason = ? WHERE user_id = ? AND revoked_at IS NULL').run(at, 'account-closed', user.id)
      await db.prepare('DELETE FROM sms_codes WHERE phone = ?').run(user.phone)
      await db.prepare('DELETE FROM sms_outbox WHERE phone = ?').run(user.phone)
      if (idNumber) {
        await db
          .prepare("UPDATE family_members SET status = 'revoked', scopes_json = '[]', decided_at = ? WHERE id_number = ? AND status IN ('active', 'pending')")
          .run(at, idNumber)
        await db.prepare('DELETE FROM proxy_log WHERE applicant_id_number = ?').run(idNumber)
        await db.prepare("DELETE FROM reminders WHERE owner_id_number = ? AND status = 'pending'").run(idNumber)
        await db.prepare('DELETE FROM evoucher_codes WHERE id_number = ?').run(idNumber)
        await db.prepare('DELETE FROM evoucher_proxy_codes WHERE id_number = ? OR proxy_user_id = ?').run(idNumber, user.id)
      }
      // the row stays for the agency's records that name it; nothing personal is left in it
      await db
        .prepare('UPDATE users SET phone = ?, real_name = NULL, real_id_number = NULL, realname_verified_at = NULL WHERE id = ?')
        .run(`closed:${user.id}`, user.id)
    })
  }
}
