import { HolidayCalendarFileSchema, type HolidayCalendarFile, type HolidayCalendarStatus } from '../../../contract/calendar'
import type { StaffAccount } from '../../../contract/staff'
import {
  calendarCoverage,
  calendarSource,
  loadHolidayCalendar,
  loadedCalendarYears,
  shanghaiDate,
  unloadHolidayCalendars
} from '../../../domain/calendar'
import { errors } from '../../../domain/errors'
import type { Db } from '../db'

interface CalendarRow {
  year: number
  source: string
  file_json: string
}

/**
 * The holiday calendar the due dates count with (domain/calendar.ts): the installed `chinese-days` data plus the
 * State Council's arrangements an agency imported for later years (contract/calendar.ts). The files live in the
 * database, so every instance loads the same ones on start; an import loads at once on the instance that took it
 * (another instance picks it up on its next start or `reload`).
 */
export class CalendarService {
  constructor(private readonly d: { db: Db; now: () => Date }) {}

  /** Loads every imported year from the database (on start). A stored file that no longer passes is skipped, said. */
  async reload(): Promise<string[]> {
    const rows = await this.d.db.prepare<[], CalendarRow>('SELECT year, source, file_json FROM holiday_calendars ORDER BY year').all()
    unloadHolidayCalendars()
    const problems: string[] = []
    for (const row of rows) {
      try {
        loadHolidayCalendar(HolidayCalendarFileSchema.parse(JSON.parse(row.file_json)))
      } catch (err) {
        problems.push(`${row.year}: ${err instanceof Error ? err.message : String(err)}`)
      }
    }
    return problems
  }

  /** Imports a year's arrangement (管理员): checked against the law, stored, and used for due dates from now on. */
  async import(staff: Pick<StaffAccount, 'name'>, body: unknown): Promise<HolidayCalendarStatus> {
    const parsed = HolidayCalendarFileSchema.safeParse(body)
    if (!parsed.success) throw errors.calendarInvalid(parsed.error.issues.map((i) => `${i.path.join('.') || '文件'}：${i.message}`))
    const file: HolidayCalendarFile = parsed.data
    // checked (and loaded) before it is stored: a file that contradicts the law never reaches the database
    loadHolidayCalendar(file)
    await this.d.db
      .prepare(
        `INSERT INTO holiday_calendars (year, source, file_json, imported_at, imported_by) VALUES (?, ?, ?, ?, ?)
         ON CONFLICT (year) DO UPDATE SET source = excluded.source, file_json = excluded.file_json, imported_at = excluded.imported_at, imported_by = excluded.imported_by`
      )
      .run(file.year, file.source, JSON.stringify(file), this.d.now().toISOString(), staff.name)
    return this.status()
  }

  /** This year, next year and every loaded year: where their working days come from. */
  status(): HolidayCalendarStatus {
    const thisYear = Number(shanghaiDate(this.d.now()).slice(0, 4))
    const loaded = new Map(loadedCalendarYears().map((y) => [y.year, y.source]))
    const years = [...new Set([thisYear, thisYear + 1, ...loaded.keys()])].sort((a, b) => a - b)
    return {
      years: years.map((year) => ({ year, source: calendarSource(year), loadedFrom: loaded.get(year) ?? null })),
      warning: this.warning()
    }
  }

  /** Set when next year (Asia/Shanghai) has no official arrangement: what the agency should do about it. */
  warning(): string | null {
    const next = Number(shanghaiDate(this.d.now()).slice(0, 4)) + 1
    if (calendarSource(next) === 'official') return null
    const to = calendarCoverage().to
    return `${next} 年的节假日安排尚未导入（已安装的日历数据截至 ${to} 年）：在此之前 ${next} 年的办结期限只计法定节假日、不计调休。国务院办公厅公布安排后，请用 npm run staff -- calendar-import <文件> 导入（格式见 docs/holiday-calendar.md）。`
  }
}
