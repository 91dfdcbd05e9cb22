import { yuan, type AccountMovement, type Contribution, type EnrollmentPeriod, type Visit } from '@contract'

/**
 * Money and periods of 医保云档案. Amounts arrive in fen (integers, contract/record.ts) so sums are exact; they are
 * shown in 元 with 2 decimals and thousands separators, the way a bank statement reads (contract `yuan`).
 */
export { yuan }

/** 1,234.56 元 */
export function money(fen: number): string {
  return `${yuan(fen)} 元`
}

/** +1,234.56 元 / -45.60 元 (account movements: money in and out) */
export function signedMoney(fen: number): string {
  return `${fen > 0 ? '+' : ''}${yuan(fen)} 元`
}

/** 2026-10 → 2026年10月 (职工, monthly); 2025 → 2025年度 (居民, yearly) */
export function periodLabel(period: string): string {
  const m = /^(\d{4})-(\d{2})$/.exec(period)
  if (m) return `${m[1]}年${Number(m[2])}月`
  return /^\d{4}$/.test(period) ? `${period}年度` : period
}

/** 2016-03-01 至今 / 2011-07-01 至 2016-02-29 */
export function spanText(p: Pick<EnrollmentPeriod, 'from' | 'to'>): string {
  return `${p.from} 至 ${p.to ?? '今'}`
}

/** Newest first whatever order the answer came in (stable: equal keys keep their order). */
export function newestFirst<T>(list: readonly T[], key: (x: T) => string): T[] {
  return list
    .map((x, i) => ({ x, i }))
    .sort((a, b) => (key(a.x) === key(b.x) ? a.i - b.i : key(a.x) < key(b.x) ? 1 : -1))
    .map((e) => e.x)
}

export const byDate = (x: AccountMovement | Visit): string => x.date
export const byPeriod = (x: Contribution): string => x.period
export const byFrom = (x: EnrollmentPeriod): string => x.from

/** The 结算清单's sum (fen). */
export function linesTotal(v: Pick<Visit, 'lines'>): number {
  return v.lines.reduce((s, l) => s + l.amount, 0)
}
