/**
 * The columns of a date picker (年 / 月 / 日) between two YYYY-MM-DD bounds, and the date a choice of column indexes
 * means. Pure: the picker (index.tsx) renders them, the tests check the bounds.
 */
export interface DateColumns {
  years: number[]
  months: number[]
  days: number[]
}

export interface YMD {
  y: number
  m: number
  d: number
}

export function parseYmd(s: string | undefined): YMD | null {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(s ?? '')
  return m ? { y: Number(m[1]), m: Number(m[2]), d: Number(m[3]) } : null
}

export function formatYmd(v: YMD): string {
  return `${String(v.y).padStart(4, '0')}-${String(v.m).padStart(2, '0')}-${String(v.d).padStart(2, '0')}`
}

export function daysInMonth(y: number, m: number): number {
  return new Date(Date.UTC(y, m, 0)).getUTCDate()
}

const range = (a: number, b: number): number[] => Array.from({ length: Math.max(0, b - a + 1) }, (_, i) => a + i)

/** The date moved inside [start, end] (both valid YYYY-MM-DD, start ≤ end). */
export function clampDate(v: YMD, start: YMD, end: YMD): YMD {
  const s = formatYmd(v)
  if (s < formatYmd(start)) return start
  if (s > formatYmd(end)) return end
  return v
}

/** The years, and the months and days of the selected year and month, that lie inside [start, end]. */
export function dateColumns(selected: YMD, start: YMD, end: YMD): DateColumns {
  const years = range(start.y, end.y)
  const months = range(selected.y === start.y ? start.m : 1, selected.y === end.y ? end.m : 12)
  const sameStartMonth = selected.y === start.y && selected.m === start.m
  const sameEndMonth = selected.y === end.y && selected.m === end.m
  const days = range(sameStartMonth ? start.d : 1, sameEndMonth ? end.d : daysInMonth(selected.y, selected.m))
  return { years, months, days }
}

/**
 * One column changed: the new date, with the day kept where the month allows it (31 → 30 in April) and the whole
 * date kept inside the bounds.
 */
export function changeDate(current: YMD, column: 'y' | 'm' | 'd', value: number, start: YMD, end: YMD): YMD {
  const next = { ...current, [column]: value }
  next.d = Math.min(next.d, daysInMonth(next.y, next.m))
  return clampDate(next, start, end)
}
