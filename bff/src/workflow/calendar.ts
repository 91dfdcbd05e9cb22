import chineseDays from 'chinese-days/dist/chinese-days.json'

/**
 * Working days (工作日) in Asia/Shanghai, with the official holiday calendar of the State Council (国务院办公厅
 * 关于部分节假日安排的通知): public holidays are days off, 调休 weekends are working days. Time limits of the guides
 * (001 §4.1.2 “办结时限”, 003 §7.x.7) are counted in these days.
 *
 * The calendar data is the `chinese-days` package's published JSON (`dist/chinese-days.json`, the same data its
 * functions use). We read the data instead of calling `isWorkday('YYYY-MM-DD')` because the package parses such a
 * string as UTC midnight and then reads it back with local-time getters, which names the previous day on a server
 * west of UTC. Here every date is a plain YYYY-MM-DD string and weekdays are computed in UTC: the answer does not
 * depend on the server's time zone.
 *
 * A year the package does not cover (the State Council publishes each year's arrangement late in the year before)
 * falls back to weekends only; `calendarCoverage()` lets the BFF warn on start, and updating `chinese-days` fixes it.
 */

interface ChineseDaysData {
  /** date → "English,中文,days": official days off */
  holidays: Record<string, string>
  /** date → ...: 调休 weekend days that are working days */
  workdays: Record<string, string>
}

const data = chineseDays as ChineseDaysData
const HOLIDAYS = new Set(Object.keys(data.holidays))
const WORKDAYS = new Set(Object.keys(data.workdays))
const COVERED_YEARS = new Set([...HOLIDAYS].map((d) => Number(d.slice(0, 4))))
const COVERAGE = { from: Math.min(...COVERED_YEARS), to: Math.max(...COVERED_YEARS) }

const DAY_MS = 86_400_000
const DATE_PATTERN = /^(\d{4})-(\d{2})-(\d{2})$/

/** The first and last year whose official holidays and 调休 days the installed `chinese-days` knows. */
export function calendarCoverage(): { from: number; to: number } {
  return { ...COVERAGE }
}

/** Whether the official arrangement of this year is known (else weekends only are days off). */
export function isYearCovered(year: number): boolean {
  return COVERED_YEARS.has(year)
}

/** Epoch milliseconds of UTC midnight of a YYYY-MM-DD date; throws RangeError for anything that is not a real date. */
function toUtcMs(date: string): number {
  const m = DATE_PATTERN.exec(date)
  if (!m) throw new RangeError(`not a YYYY-MM-DD date: ${JSON.stringify(date)}`)
  const [y, mo, d] = [Number(m[1]), Number(m[2]), Number(m[3])]
  const ms = Date.UTC(y, mo - 1, d)
  const back = new Date(ms)
  if (back.getUTCFullYear() !== y || back.getUTCMonth() !== mo - 1 || back.getUTCDate() !== d) {
    throw new RangeError(`not a real date: ${date}`)
  }
  return ms
}

function fromUtcMs(ms: number): string {
  return new Date(ms).toISOString().slice(0, 10)
}

const SHANGHAI = new Intl.DateTimeFormat('en-CA', {
  timeZone: 'Asia/Shanghai',
  year: 'numeric',
  month: '2-digit',
  day: '2-digit'
})

/** The calendar date in Asia/Shanghai (the agencies' calendar) of an instant, as YYYY-MM-DD. */
export function shanghaiDate(instant: Date): string {
  if (Number.isNaN(instant.getTime())) throw new RangeError('invalid Date')
  const parts = SHANGHAI.formatToParts(instant)
  const get = (t: Intl.DateTimeFormatPartTypes): string => parts.find((p) => p.type === t)?.value ?? ''
  return `${get('year')}-${get('month')}-${get('day')}`
}

const SHANGHAI_TIME = new Intl.DateTimeFormat('en-GB', {
  timeZone: 'Asia/Shanghai',
  hour: '2-digit',
  minute: '2-digit',
  hourCycle: 'h23'
})

/** Date and time in Asia/Shanghai, as YYYY-MM-DD HH:mm (办理时间 on results, 001 §5.3.1). */
export function shanghaiDateTime(instant: Date): string {
  return `${shanghaiDate(instant)} ${SHANGHAI_TIME.format(instant)}`
}

function isWorkingDayMs(ms: number, date: string): boolean {
  if (WORKDAYS.has(date)) return true
  if (HOLIDAYS.has(date)) return false
  const weekday = new Date(ms).getUTCDay()
  return weekday !== 0 && weekday !== 6
}

/** Whether a YYYY-MM-DD date is a working day: Monday–Friday except official holidays, plus 调休 weekend days. */
export function isWorkingDay(date: string): boolean {
  return isWorkingDayMs(toUtcMs(date), date)
}

/**
 * The n-th working day after `from` (day `from` itself is not counted): the due date of a time limit of n working
 * days that starts on `from`. n = 0 gives `from`.
 */
export function addWorkingDays(from: string, n: number): string {
  if (!Number.isInteger(n) || n < 0) throw new RangeError(`working days must be a non-negative integer, got ${n}`)
  let ms = toUtcMs(from)
  let left = n
  while (left > 0) {
    ms += DAY_MS
    if (isWorkingDayMs(ms, fromUtcMs(ms))) left--
  }
  return fromUtcMs(ms)
}

/** The working days after `from` up to and including `to` (0 when `to` is not after `from`). */
export function workingDaysBetween(from: string, to: string): number {
  const start = toUtcMs(from)
  const end = toUtcMs(to)
  let count = 0
  for (let ms = start + DAY_MS; ms <= end; ms += DAY_MS) {
    if (isWorkingDayMs(ms, fromUtcMs(ms))) count++
  }
  return count
}

/**
 * The due date (the last working day) of a case: `timeLimitDays` working days from the day the clock started
 * (受理), moved on by the working days the case spent waiting for the citizen's 补正 (001 §5.2.3.5: that time is
 * the citizen's, not the agency's).
 */
export function dueDate(input: { clockStart: string; timeLimitDays: number; pausedWorkingDays: number }): string {
  if (!Number.isInteger(input.pausedWorkingDays) || input.pausedWorkingDays < 0) {
    throw new RangeError(`paused working days must be a non-negative integer, got ${input.pausedWorkingDays}`)
  }
  return addWorkingDays(input.clockStart, input.timeLimitDays + input.pausedWorkingDays)
}

/** Overdue once the date in Shanghai is after the due date (the whole due date still counts). */
export function isOverdue(due: string, now: Date): boolean {
  toUtcMs(due)
  return shanghaiDate(now) > due
}
