import { COMPLAINT_TEXT_MAX } from '../contract/evaluation'
import { EVOUCHER_FREEZE_HOURS, TERMINAL_KIND_LABELS, type EVoucherUsageEntry, type TerminalKind } from '../contract/evoucher'
import { shanghaiDateTime } from './calendar'
import { errors } from './errors'

/**
 * The e-voucher usage log and 「不是我」: the rules the BFF and the mocks share. NHSA has warned of 医保码 used by
 * someone else and of fake "您的医保已停用" messages; the person sees every decode of their codes and can stop new
 * codes at once, report the use to the agency as 冒用, and learn what to do next.
 */

/** A terminal id as the person sees it: only its last 4 characters, enough to tell two counters apart. */
export function maskTerminalId(id: string): string {
  return `****${id.length > 4 ? id.slice(-4) : ''}`
}

/** When a freeze that starts at `now` ends. */
export function freezeEnd(now: Date): Date {
  return new Date(now.getTime() + EVOUCHER_FREEZE_HOURS * 3600_000)
}

/** The freeze still in force at `now`, or null (an ended freeze is none). */
export function activeFreeze(frozenUntil: string | null | undefined, now: Date): string | null {
  return frozenUntil && Date.parse(frozenUntil) > now.getTime() ? frozenUntil : null
}

/** Refuses a new code while the person's codes are frozen (423 EVOUCHER_FROZEN, saying until when). */
export function requireNotFrozen(frozenUntil: string | null | undefined, now: Date): void {
  const until = activeFreeze(frozenUntil, now)
  if (until) throw errors.evoucherFrozen(shanghaiDateTime(new Date(until)))
}

/** What the person should do after 「不是我」, in plain steps. */
export const NOT_ME_NEXT_STEPS: readonly string[] = [
  '医保码已暂停使用 24 小时，期间任何人都无法用它看病、购药。',
  '我们已把这条记录作为“冒用”投诉转给医保经办机构，处理结果会在“我的投诉”中告诉您。',
  '请拨打医保服务热线 12393，说明这次使用不是您本人。',
  '请核对医保账户：在本应用“我的医保档案”或医保经办窗口查看近期的就医和购药记录、个人账户余额。',
  '不要相信“医保卡停用”“医保账户异常需要验证”之类的短信或电话，不点短信里的链接，不把验证码告诉任何人。',
  '如已造成损失，请向当地公安机关报案。'
]

/** A decode entry as the log shows it, from what was recorded at the counter. */
export interface DecodeRecord {
  id: string
  decodedAt: string
  institutionName: string
  terminalKind: TerminalKind
  /** the terminal id in full (masked here) */
  terminalId: string
  /** the proxy's name in full when a proxy fetched the code (masked by `maskName` here) */
  fetchedBy: string | null
  reportedAt: string | null
  complaintNo: string | null
}

export function usageEntry(r: DecodeRecord, maskName: (name: string) => string): EVoucherUsageEntry {
  return {
    id: r.id,
    decodedAt: r.decodedAt,
    institutionName: r.institutionName,
    terminalKind: r.terminalKind,
    terminalKindLabel: TERMINAL_KIND_LABELS[r.terminalKind],
    terminalId: maskTerminalId(r.terminalId),
    fetchedBy: r.fetchedBy === null ? null : maskName(r.fetchedBy),
    reportedAt: r.reportedAt,
    complaintNo: r.complaintNo
  }
}

/**
 * The text of the 冒用 complaint filed by 「不是我」: the decode's details as the agency needs them to trace the counter
 * (the terminal id in full: the agency's register of terminals names it; people stay masked as everywhere).
 */
export function misuseReportText(
  r: DecodeRecord,
  person: { maskedName: string; reportedBy: 'self' | 'guardian' },
  maskName: (name: string) => string
): string {
  const who = person.reportedBy === 'self' ? '参保人本人' : '参保人的家庭成员（亲情账户）'
  const lines = [
    `【医保码冒用报告】${who}报告：以下一次医保码使用不是本人所为，请核查。`,
    `参保人：${person.maskedName}`,
    `使用时间：${shanghaiDateTime(new Date(r.decodedAt))}`,
    `定点医药机构：${r.institutionName}（${TERMINAL_KIND_LABELS[r.terminalKind]}）`,
    `终端编号：${r.terminalId}`,
    r.fetchedBy === null ? '医保码由参保人本人账户获取。' : `医保码由代办人 ${maskName(r.fetchedBy)}（亲情账户）在其手机上获取。`,
    `已暂停参保人的医保码 ${EVOUCHER_FREEZE_HOURS} 小时。`
  ]
  return lines.join('\n').slice(0, COMPLAINT_TEXT_MAX)
}
