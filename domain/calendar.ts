import { getSolarDateFromLunar, getSolarTermDate } from 'chinese-days'
import chineseDays from 'chinese-days/dist/chinese-days.json'
import type { HolidayCalendarFile } from '../contract/calendar'
import { errors } from './errors'

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
 * falls back to the law itself (`calendarSource(year)` says which applies):
 *  - 'statutory-fallback' (2025 to 2099): weekends, the statutory public holidays of the 《全国年节及纪念日放假办法》
 *    as amended in 2024 (in force 1 January 2025, art. 2: 元旦 1 day, 春节 4 days 除夕–正月初三, 清明节 1 day,
 *    劳动节 2 days May 1–2, 端午节 1 day, 中秋节 1 day, 国庆节 3 days Oct 1–3), and the make-up days of art. 6 (a
 *    statutory day that falls on a Saturday or Sunday is made up on a working day: here the first following weekday
 *    that is neither statutory nor already a make-up day, which is what every published arrangement of 2025–2026
 *    does). Lunar dates and the 清明 solar term come from chinese-days' own functions (see `statutoryDaysOff`).
 *    What cannot be known in advance is left out: the 调休 weekends worked and the extra bridge days the State
 *    Council adds around 春节 and 国庆, so the fallback is the legal minimum of days off, not the final arrangement.
 *  - 'weekends-only': years before 2025 that the package does not cover (other rules applied then) and years after
 *    2099 (beyond the package's lunar and solar-term tables).
 * `calendarCoverage()` lets the BFF warn on start, and updating `chinese-days` replaces the fallback.
 *
 * An agency need not wait for a package release: `loadHolidayCalendar` takes the State Council's notice of a year
 * as a data file (contract/calendar.ts, docs/holiday-calendar.md), checked against the law, and from then on that
 * year is 'official' and counted by the file (it replaces the package's data for that year). The BFF keeps the
 * files in its database and loads them on start and on import; the functions below stay pure in their inputs and
 * read the loaded years like the package's.
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

/** Whether the official arrangement of this year is known (else `calendarSource` tells which fallback applies). */
export function isYearCovered(year: number): boolean {
  return COVERED_YEARS.has(year) || LOADED.has(year)
}

/** A year loaded from an agency's calendar file: its days off and 调休 working days, and the notice it came from. */
interface LoadedYear {
  source: string
  daysOff: ReadonlySet<string>
  workdays: ReadonlySet<string>
}
const LOADED = new Map<number, LoadedYear>()

/**
 * What is wrong with a calendar file, in words for the administrator (empty: nothing). Every date is a real date
 * of the file's year; a 调休 working day is a Saturday or Sunday and not also a day off; each holiday is listed
 * once; and every statutory holiday day of the 放假办法 (art. 2, `statutoryDaysOff`) is a day off — a file that
 * misses 国庆 or is for another year is refused rather than used for due dates.
 */
export function checkHolidayCalendar(file: HolidayCalendarFile): string[] {
  const problems: string[] = []
  const names = new Set<string>()
  const off = new Set<string>()
  const worked = new Set<string>()
  for (const h of file.holidays) {
    if (names.has(h.name)) problems.push(`${h.name}列出了两次`)
    names.add(h.name)
    for (const [list, into, label] of [
      [h.daysOff, off, '放假'],
      [h.workdays, worked, '调休上班']
    ] as const) {
      for (const d of list) {
        let ms: number
        try {
          ms = toUtcMs(d)
        } catch {
          problems.push(`${h.name}${label}日期 ${d} 不是有效日期`)
          continue
        }
        if (Number(d.slice(0, 4)) !== file.year) problems.push(`${h.name}${label}日期 ${d} 不在 ${file.year} 年`)
        if (label === '调休上班' && !isWeekendMs(ms)) problems.push(`${h.name}调休上班日期 ${d} 不是周六或周日`)
        into.add(d)
      }
    }
  }
  for (const d of worked) if (off.has(d)) problems.push(`${d} 既是放假日又是调休上班日`)
  for (const s of statutoryDaysOff(file.year)) {
    if (s.kind === 'statutory' && !off.has(s.date)) problems.push(`${s.date}（${s.holiday}）是法定节假日，文件中没有列为放假`)
  }
  return problems
}

/**
 * Loads the official arrangement of a year from an agency's calendar file (replacing what was known of that year);
 * throws 400 CALENDAR_INVALID with the problems of `checkHolidayCalendar`.
 */
export function loadHolidayCalendar(file: HolidayCalendarFile): void {
  const problems = checkHolidayCalendar(file)
  if (problems.length) throw errors.calendarInvalid(problems)
  LOADED.set(file.year, {
    source: file.source,
    daysOff: new Set(file.holidays.flatMap((h) => h.daysOff)),
    workdays: new Set(file.holidays.flatMap((h) => h.workdays))
  })
}

/** The years loaded from calendar files, with the notice each came from. */
export function loadedCalendarYears(): Array<{ year: number; source: string }> {
  return [...LOADED].map(([year, y]) => ({ year, source: y.source })).sort((a, b) => a.year - b.year)
}

/** Forgets the loaded files (a test's fresh start; the BFF loads them again from its database on start). */
export function unloadHolidayCalendars(): void {
  LOADED.clear()
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

/** Where the working days of a year come from (see the module comment). */
export type CalendarSource = 'official' | 'statutory-fallback' | 'weekends-only'

/**
 * The years of the statutory fallback: the 2024 amendment of the 放假办法 is in force from 2025; chinese-days'
 * solar-term formula uses 21st-century constants and its lunar table ends with 2100.
 */
const STATUTORY_FROM = 2025
const STATUTORY_TO = 2099

/** Where the working days of this year come from: the official arrangement, the statutory fallback, or weekends only. */
export function calendarSource(year: number): CalendarSource {
  if (COVERED_YEARS.has(year) || LOADED.has(year)) return 'official'
  if (Number.isInteger(year) && year >= STATUTORY_FROM && year <= STATUTORY_TO) return 'statutory-fallback'
  return 'weekends-only'
}

/** The statutory public holidays of the 放假办法 (art. 2, as amended in 2024). */
export type StatutoryHoliday = '元旦' | '春节' | '清明节' | '劳动节' | '端午节' | '中秋节' | '国庆节'

export interface StatutoryDayOff {
  /** YYYY-MM-DD */
  date: string
  holiday: StatutoryHoliday
  /**
   * 'statutory': a day of the holiday itself (art. 2); 'make-up': the weekday off (补假, art. 6) for a statutory day
   * that fell on a Saturday or Sunday.
   */
  kind: 'statutory' | 'make-up'
}

function localYmd(d: Date): string {
  const pad = (n: number): string => String(n).padStart(2, '0')
  return `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())}`
}

function isWeekendMs(ms: number): boolean {
  const weekday = new Date(ms).getUTCDay()
  return weekday === 0 || weekday === 6
}

/**
 * The solar date of a day of a (non-leap) lunar month. chinese-days' getSolarDateFromLunar reads its argument with
 * local-time getters and builds its answer from a local-time base date, so it is given a local-midnight Date and its
 * answer is the same in every time zone (given the string 'YYYY-MM-DD' it would parse UTC midnight, and read the
 * previous day west of UTC).
 */
function lunarToSolar(lunarYear: number, month: number, day: number): string {
  const { date } = getSolarDateFromLunar(new Date(lunarYear, month - 1, day))
  toUtcMs(date)
  return date
}

/**
 * The day of 清明 (the solar term pure_brightness, in April). chinese-days' getSolarTermDate builds its answer as UTC
 * midnight and formats it with local-time getters, so west of UTC it names the previous day. We undo that: the day
 * is the one of {answer, answer + 1} whose UTC midnight reads locally as the answer (exactly one does).
 */
function qingming(year: number): string {
  const answer = getSolarTermDate(year, 4, 'pure_brightness')
  const answerMs = toUtcMs(answer)
  const ms = [answerMs, answerMs + DAY_MS].find((t) => localYmd(new Date(t)) === answer)
  const date = ms === undefined ? '' : fromUtcMs(ms)
  if (date < `${year}-04-04` || date > `${year}-04-06`) {
    throw new Error(`chinese-days gave an impossible 清明 for ${year}: ${answer}`)
  }
  return date
}

/**
 * The days off of a year by the 放假办法 alone (2025–2099): its statutory holiday days (art. 2; 春节, 端午节 and
 * 中秋节 by the lunar calendar, 清明节 on the solar term) and the make-up weekdays of art. 6, in date order. A
 * statutory day on a weekend is made up on the first following weekday that is neither statutory nor already a
 * make-up day; one make-up day per calendar date (when 中秋 falls on a 国庆 day, the law says nothing of the lost
 * day: the State Council decides, and it is not counted here). Computed afresh on every call.
 */
export function statutoryDaysOff(year: number): StatutoryDayOff[] {
  if (!Number.isInteger(year) || year < STATUTORY_FROM || year > STATUTORY_TO) {
    throw new RangeError(`the statutory holidays are computed for ${STATUTORY_FROM}–${STATUTORY_TO}, not ${year}`)
  }
  // 正月初一 of the lunar year that starts in this solar year; 除夕 is the day before it (the last day of the 12th
  // month, whether it has 29 or 30 days, and whether or not the year has a leap 12th month)
  const newYear = lunarToSolar(year, 1, 1)
  if (newYear < `${year}-01-21` || newYear > `${year}-02-20`) {
    throw new Error(`chinese-days gave an impossible 正月初一 for ${year}: ${newYear}`)
  }
  const newYearMs = toUtcMs(newYear)
  const days: StatutoryDayOff[] = []
  const add = (date: string, holiday: StatutoryHoliday): void => {
    days.push({ date, holiday, kind: 'statutory' })
  }
  add(`${year}-01-01`, '元旦')
  for (let k = -1; k <= 2; k++) add(fromUtcMs(newYearMs + k * DAY_MS), '春节')
  add(qingming(year), '清明节')
  add(`${year}-05-01`, '劳动节')
  add(`${year}-05-02`, '劳动节')
  add(lunarToSolar(year, 5, 5), '端午节')
  add(lunarToSolar(year, 8, 15), '中秋节')
  for (const d of ['01', '02', '03']) add(`${year}-10-${d}`, '国庆节')
  days.sort((a, b) => (a.date < b.date ? -1 : a.date > b.date ? 1 : 0))

  const taken = new Set(days.map((d) => d.date))
  const madeUp = new Set<string>()
  const makeUps: StatutoryDayOff[] = []
  for (const { date, holiday } of days) {
    const ms = toUtcMs(date)
    if (!isWeekendMs(ms) || madeUp.has(date)) continue
    madeUp.add(date)
    let t = ms + DAY_MS
    while (isWeekendMs(t) || taken.has(fromUtcMs(t))) t += DAY_MS
    taken.add(fromUtcMs(t))
    makeUps.push({ date: fromUtcMs(t), holiday, kind: 'make-up' })
  }
  return [...days, ...makeUps].sort((a, b) => (a.date < b.date ? -1 : a.date > b.date ? 1 : 0))
}

/** The statutory days off of fallback years, computed once per year (the answer does not depend on the time zone). */
const fallbackDaysOff = new Map<number, ReadonlySet<string>>()

function isStatutoryDayOff(year: number, date: string): boolean {
  let set = fallbackDaysOff.get(year)
  if (!set) {
    set = new Set(statutoryDaysOff(year).map((d) => d.date))
    fallbackDaysOff.set(year, set)
  }
  return set.has(date)
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
  const loaded = LOADED.get(Number(date.slice(0, 4)))
  if (loaded) return loaded.workdays.has(date) || (!loaded.daysOff.has(date) && !isWeekendMs(ms))
  if (WORKDAYS.has(date)) return true
  if (HOLIDAYS.has(date)) return false
  if (isWeekendMs(ms)) return false
  const year = Number(date.slice(0, 4))
  return !(calendarSource(year) === 'statutory-fallback' && isStatutoryDayOff(year, date))
}

/**
 * Whether a YYYY-MM-DD date is a working day: Monday–Friday except official holidays, plus 调休 weekend days; in a
 * year the official data does not cover, Monday–Friday except the statutory days off (`calendarSource`).
 */
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
 * (受理; 0 = 即时办结, the same working day), moved on by the working days the case spent waiting for the citizen's 补正 (001 §5.2.3.5: that time is
 * the citizen's, not the agency's).
 */
export function dueDate(input: { clockStart: string; timeLimitDays: number; pausedWorkingDays: number }): string {
  if (!Number.isInteger(input.pausedWorkingDays) || input.pausedWorkingDays < 0) {
    throw new RangeError(`paused working days must be a non-negative integer, got ${input.pausedWorkingDays}`)
  }
  const days = input.timeLimitDays + input.pausedWorkingDays
  // 即时办结 (0 days) on a day off is due the next working day, the first day the agency can act
  if (days === 0 && !isWorkingDay(input.clockStart)) return addWorkingDays(input.clockStart, 1)
  return addWorkingDays(input.clockStart, days)
}

/** Overdue once the date in Shanghai is after the due date (the whole due date still counts). */
export function isOverdue(due: string, now: Date): boolean {
  toUtcMs(due)
  return shanghaiDate(now) > due
}
