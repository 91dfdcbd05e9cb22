import type { Reminder } from '../contract/apply'
import { errors } from './errors'

/**
 * 提醒办 (000 §6.1.2.1.2): the agency proposes, the citizen confirms (into a draft, once: a second confirm finds the
 * same draft) or declines (once, recorded). The BFF's reminder service and the msw mocks decide with these.
 */

/** null: confirm now; a draft id: already confirmed, answer it again; 409 REMINDER_DECIDED once declined. */
export function confirmedDraft(r: Pick<Reminder, 'status' | 'draftId'>): string | null {
  if (r.status === 'declined') throw errors.reminderDecided()
  return r.status === 'confirmed' && r.draftId ? r.draftId : null
}

/** Only a pending reminder can be declined (409 REMINDER_DECIDED). */
export function checkDecline(r: Pick<Reminder, 'status'>): void {
  if (r.status !== 'pending') throw errors.reminderDecided()
}

/** The message a proposal sends (in-app and SMS); with an objection deadline it says it (000 §6.1.2.1.2). */
export function reminderMessage(reason: string, objectionDeadline: string | null = null): { title: string; body: string } {
  if (!objectionDeadline) return { title: '提醒办', body: `${reason}，点此确认办理。` }
  return { title: '提醒办', body: `${reason}，点此确认办理或表示不同意；${deemedConsentLine(objectionDeadline)}。` }
}

/**
 * 000 §6.1.2.1.2 宜推行超时未反对默认办理, and for the items §6.2.2.1, §6.2.5.1, §6.2.6.1, §6.7.1: the guides that say
 * 规定时间内未确认的视同同意办理 (in their tips or answers) promise it. Read from the guide's own text, so the promise
 * the citizen reads and the rule applied are one.
 */
export function guidePromisesDeemedConsent(guide: { faq: ReadonlyArray<{ a: string }> }, tips: readonly string[] = []): boolean {
  return [...tips, ...guide.faq.map((f) => f.a)].some((t) => /未确认的视同同意办理/.test(t))
}

/**
 * The agency's objection period: the seeds give no number, so it is the agency's own rule (a region's
 * `deemedConsentDays`), this many working days without one — the 一般业务 period of the seeds (003 §7.4.1.7).
 */
export const AGENCY_DEFAULT_DEEMED_CONSENT_DAYS = 10

export function deemedConsentRule(days: number | undefined): { workingDays: number; text: string } {
  const n = days ?? AGENCY_DEFAULT_DEEMED_CONSENT_DAYS
  return {
    workingDays: n,
    text: `规定时间内未确认的视同同意办理：标准未规定具体期限，本经办机构规定自收到提醒之日起 ${n} 个工作日内未表示不同意的，视同同意办理`
  }
}

/** 「12月8日前未表示不同意的，将视同同意办理」 for a YYYY-MM-DD deadline (the app, the message, the SMS). */
export function deemedConsentLine(deadline: string): string {
  const [, m, d] = deadline.split('-').map(Number)
  return `${m}月${d}日前未表示不同意的，将视同同意办理`
}

/** The deadline passed without objection (the whole deadline day still counts, Shanghai dates `today`). */
export function deemedConsentDue(r: Pick<Reminder, 'status' | 'objectionDeadline'>, today: string): boolean {
  return r.status === 'pending' && r.objectionDeadline !== null && today > r.objectionDeadline
}

/** The submit node's note of a case made from a reminder: who started it and why (000 §6.1.2.1.2, 图4). */
export function sourceCaseNote(by: 'confirm' | 'deemedConsent', reminderDate: string): string {
  return by === 'deemedConsent'
    ? `超时未反对视同同意：${reminderDate}的提醒办在规定时间内未表示不同意，由医保经办平台依据共享数据自动发起办理（免提交）`
    : `已确认${reminderDate}的提醒办，由医保经办平台依据共享数据自动发起办理（免提交）`
}

/** Who started a case made from a reminder (the timeline's actor, a system one: the platform made it from the data). */
export const SOURCE_CASE_ACTOR: Record<'confirm' | 'deemedConsent', string> = {
  confirm: '医保经办平台（本人已确认提醒办）',
  deemedConsent: '医保经办平台（超时未反对视同同意）'
}

/** The timeline node of the start of such a case. */
export function sourceCaseLabel(by: 'confirm' | 'deemedConsent'): string {
  return by === 'deemedConsent' ? '超时未反对，视同同意办理' : '已确认提醒办，自动发起办理'
}
