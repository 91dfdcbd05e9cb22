import type { FastifyInstance } from 'fastify'
import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import { HolidayCalendarStatusSchema, type HolidayCalendarFile } from '../../../contract/calendar'
import { addWorkingDays, calendarSource, isWorkingDay, statutoryDaysOff, unloadHolidayCalendars } from '../../../domain/calendar'
import { dueDate } from '../../../domain/calendar'
import { CalendarService } from '../../src/services/calendar'
import { testApp } from '../helpers'
import { staffAuth } from '../staff/helpers'

/**
 * The holiday calendar of a year chinese-days does not cover (it ends with 2026): the State Council's arrangement as
 * a data file (docs/holiday-calendar.md), imported by an administrator, stored in the database, loaded again on
 * start, and counted by every due date from then on. The 2027 file here is made up for the test (the real notice is
 * not out): the law's 2027 days off (放假办法 art. 2 and 6) plus a bridge week around 春节 and a 调休 Sunday.
 * The last test gives stored cases without a time limit theirs (the clock every due date counts on).
 */
let now = new Date('2026-12-07T02:00:00Z') // Monday, December 2026: next year is 2027
const clock = (): Date => now
let app: FastifyInstance
let cleanup: () => Promise<void>
let dataDir: string

function file2027(): HolidayCalendarFile {
  const law = statutoryDaysOff(2027)
  const byName = (n: string) => law.filter((d) => d.holiday === n).map((d) => d.date)
  const names = ['元旦', '春节', '清明节', '劳动节', '端午节', '中秋节', '国庆节'] as const
  return {
    format: 'yibao-holiday-calendar/1',
    year: 2027,
    source: '测试用 2027 年节假日安排（非真实通知）',
    holidays: names.map((name) =>
      name === '春节'
        ? // 正月初一 2027 is Saturday 6 February: off Friday 5 to Friday 12, Sunday 14 worked
          { name, daysOff: ['2027-02-05', '2027-02-06', '2027-02-07', '2027-02-08', '2027-02-09', '2027-02-10', '2027-02-11', '2027-02-12'], workdays: ['2027-02-14'] }
        : { name, daysOff: byName(name), workdays: [] }
    )
  }
}

beforeAll(async () => {
  unloadHolidayCalendars()
  const t = await testApp({ clock })
  app = t.app
  cleanup = t.cleanup
  dataDir = t.dataDir
})
afterAll(async () => {
  unloadHolidayCalendars()
  await cleanup()
})

const status = async (role: 'admin' | 'clerk' = 'admin') => {
  const res = await app.inject({ url: '/api/v1/staff/calendar', headers: await staffAuth(app, { role, enrolled: true }) })
  expect(res.statusCode).toBe(200)
  return HolidayCalendarStatusSchema.parse(res.json())
}
const post = async (body: unknown, role: 'admin' | 'clerk' = 'admin') =>
  app.inject({ method: 'POST', url: '/api/v1/staff/calendar', headers: await staffAuth(app, { role, enrolled: true }), payload: body as object })

it('warns while next year has no official arrangement: due dates then ignore 调休', async () => {
  const s = await status('clerk')
  expect(s.years.find((y) => y.year === 2027)).toEqual({ year: 2027, source: 'statutory-fallback', loadedFrom: null })
  expect(s.warning).toContain('2027 年的节假日安排尚未导入')
  expect(s.warning).toContain('docs/holiday-calendar.md')
})

it('refuses a file that is not the format, or contradicts the law, with CALENDAR_INVALID and says why', async () => {
  expect((await post(file2027(), 'clerk')).statusCode).toBe(403)
  const noFormat = await post({ year: 2027 })
  expect({ status: noFormat.statusCode, code: noFormat.json().code }).toEqual({ status: 400, code: 'CALENDAR_INVALID' })
  const f = file2027()
  const withoutNationalDay = { ...f, holidays: f.holidays.filter((h) => h.name !== '国庆节') }
  const res = await post(withoutNationalDay)
  expect({ status: res.statusCode, code: res.json().code }).toEqual({ status: 400, code: 'CALENDAR_INVALID' })
  expect(res.json().message).toContain('2027-10-01（国庆节）是法定节假日')
  const weekdayWorked = { ...f, holidays: f.holidays.map((h) => (h.name === '元旦' ? { ...h, workdays: ['2027-01-04'] } : h)) }
  expect((await post(weekdayWorked)).json().message).toContain('2027-01-04 不是周六或周日')
  expect(calendarSource(2027)).toBe('statutory-fallback')
})

it('imports next year: the warning goes, and due dates count its days off and its 调休 Sunday', async () => {
  // by the law alone (the fallback): Thursday 11 February 2027 is a working day, Sunday 14 is not
  expect([isWorkingDay('2027-02-11'), isWorkingDay('2027-02-14')]).toEqual([true, false])
  const before = addWorkingDays('2027-02-04', 3)
  const res = await post(file2027())
  expect(res.statusCode).toBe(200)
  const s = HolidayCalendarStatusSchema.parse(res.json())
  expect(s.years.find((y) => y.year === 2027)).toEqual({ year: 2027, source: 'official', loadedFrom: '测试用 2027 年节假日安排（非真实通知）' })
  expect(s.warning).toBeNull()
  expect([isWorkingDay('2027-02-11'), isWorkingDay('2027-02-14')]).toEqual([false, true])
  // accepted Thursday 4 February with 3 working days: Sunday 14, Monday 15, Tuesday 16 (the bridge week is off)
  expect(addWorkingDays('2027-02-04', 3)).toBe('2027-02-16')
  expect(before).not.toBe('2027-02-16')
  expect(dueDate({ clockStart: '2027-02-04', timeLimitDays: 3, pausedWorkingDays: 0 })).toBe('2027-02-16')
})

it('is kept in the database: a restarted BFF loads it again', async () => {
  unloadHolidayCalendars()
  expect(calendarSource(2027)).toBe('statutory-fallback')
  const again = await testApp({ clock, dataDir })
  try {
    expect(calendarSource(2027)).toBe('official')
    expect(isWorkingDay('2027-02-14')).toBe(true)
  } finally {
    await again.app.close()
  }
})

it('the documented example (the 2026 notice) gives the same working days as the installed package', async () => {
  const doc = JSON.parse(readFileSync(join(__dirname, '../../../docs/holiday-calendar-2026.json'), 'utf8')) as HolidayCalendarFile
  const days: string[] = []
  for (let t = Date.UTC(2026, 0, 1); t < Date.UTC(2027, 0, 1); t += 86_400_000) days.push(new Date(t).toISOString().slice(0, 10))
  const packaged = days.map(isWorkingDay)
  const service = new CalendarService({ db: app.db, now: clock })
  await service.import({ name: '测试管理员' }, doc)
  expect(days.map(isWorkingDay)).toEqual(packaged)
  now = new Date('2027-01-04T02:00:00Z')
  expect(service.warning()).toContain('2028 年的节假日安排尚未导入')
})

it('a manual case kept without a time limit gets one on upgrade (migration 018): 即时办结 0, the others 10', async () => {
  const { signIn, preparedDraft, SAMPLE } = await import('../apply/helpers')
  const zhang = await signIn(app, SAMPLE.zhang.phone, SAMPLE.zhang)
  const applicant = { name: SAMPLE.zhang.name, idNumber: SAMPLE.zhang.idNumber, phone: SAMPLE.zhang.phone }
  const ids: string[] = []
  for (const item of ['long-term-offsite-filing', 'medical-certificate']) {
    const draftId = await preparedDraft(app, zhang, item, '331102', applicant, undefined, now)
    const res = await app.inject({ method: 'POST', url: `/api/v1/drafts/${draftId}/submit`, headers: { ...zhang.headers, 'idempotency-key': `k-${item}-migrate` }, payload: {} })
    expect(res.statusCode).toBe(201)
    ids.push(res.json().id as string)
  }
  // as a case submitted before every manual case had a clock was stored
  await app.db.prepare('UPDATE applications SET time_limit_days = NULL').run()
  await app.db.prepare('DELETE FROM schema_migrations WHERE version = 18').run()
  const again = await testApp({ clock, dataDir })
  try {
    const rows = await again.app.db.prepare<[], { id: string; time_limit_days: number | null }>('SELECT id, time_limit_days FROM applications').all()
    const limit = (id: string) => rows.find((r) => r.id === id)?.time_limit_days
    expect(ids.map(limit)).toEqual([0, 10])
  } finally {
    await again.app.close()
  }
})
