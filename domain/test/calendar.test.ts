import { execFileSync } from 'node:child_process'
import path from 'node:path'
import { getLunarDate } from 'chinese-days'
import chineseDays from 'chinese-days/dist/chinese-days.json'
import {
  addWorkingDays,
  calendarCoverage,
  calendarSource,
  dueDate,
  isOverdue,
  isWorkingDay,
  isYearCovered,
  shanghaiDate,
  shanghaiDateTime,
  statutoryDaysOff,
  workingDaysBetween
} from '../calendar'

const official = chineseDays as { holidays: Record<string, string>; workdays: Record<string, string> }

/** Every YYYY-MM-DD from `from` to `to` inclusive. */
function days(from: string, to: string): string[] {
  const out: string[] = []
  for (let t = Date.parse(`${from}T00:00:00Z`); t <= Date.parse(`${to}T00:00:00Z`); t += 86_400_000) {
    out.push(new Date(t).toISOString().slice(0, 10))
  }
  return out
}
const weekday = (d: string): number => new Date(`${d}T00:00:00Z`).getUTCDay()

describe('coverage of the official holiday calendar (chinese-days)', () => {
  it('covers the years of the tests and falls back to the statutory holidays after its last year', () => {
    const { from, to } = calendarCoverage()
    expect(from).toBeLessThanOrEqual(2025)
    expect(to).toBeGreaterThanOrEqual(2026)
    for (let y = from; y <= to; y++) {
      expect(isYearCovered(y)).toBe(true)
      expect(calendarSource(y)).toBe('official')
    }
    expect(isYearCovered(to + 1)).toBe(false)
    expect(calendarSource(to + 1)).toBe('statutory-fallback')
    // before the 2024 amendment other rules applied; after 2099 the package's lunar and solar-term tables end
    expect(calendarSource(from - 1)).toBe('weekends-only')
    expect(calendarSource(2100)).toBe('weekends-only')
    // the first uncovered year: Monday–Friday except the statutory days off, whatever its 调休 will be
    const off = new Set(statutoryDaysOff(to + 1).map((d) => d.date))
    expect(off.size).toBeGreaterThanOrEqual(13)
    for (const d of days(`${to + 1}-01-01`, `${to + 1}-12-31`)) {
      expect([d, isWorkingDay(d)]).toEqual([d, weekday(d) >= 1 && weekday(d) <= 5 && !off.has(d)])
    }
    // a year outside the fallback: Monday–Friday only
    for (const d of days(`${from - 1}-01-01`, `${from - 1}-12-31`)) {
      expect(isWorkingDay(d)).toBe(weekday(d) >= 1 && weekday(d) <= 5)
    }
  })

})

describe('statutory fallback (《全国年节及纪念日放假办法》 as amended in 2024, art. 2 and art. 6)', () => {
  /** The official data names 清明, 端午, 中秋 without 节. */
  const officialName = (date: string): string | undefined => official.holidays[date]?.split(',')[1]
  const sameHoliday = (ours: string, theirs: string | undefined): boolean => ours === theirs || ours === `${theirs}节`

  it.each([2025, 2026])('reproduces %i: every statutory and make-up day is an official day off of the same holiday', (year) => {
    expect(calendarSource(year)).toBe('official')
    const computed = statutoryDaysOff(year)
    for (const { date, holiday } of computed) {
      expect([date, holiday, isWorkingDay(date), sameHoliday(holiday, officialName(date))]).toEqual([date, holiday, false, true])
    }
    // the third field of the official data is the holiday's statutory length: 元旦 1, 春节 4, 清明 1, 劳动节 2, ...
    const statutory = computed.filter((d) => d.kind === 'statutory')
    expect(statutory).toHaveLength(13)
    for (const { date, holiday } of statutory) {
      const length = Number(official.holidays[date].split(',')[2])
      expect([holiday, statutory.filter((d) => d.holiday === holiday).length]).toEqual([holiday, length])
    }
    // a make-up day for every statutory day on a weekend, on a weekday
    const weekendDays = new Set(statutory.filter((d) => weekday(d.date) % 6 === 0).map((d) => d.date))
    const makeUps = computed.filter((d) => d.kind === 'make-up')
    expect(makeUps).toHaveLength(weekendDays.size)
    for (const d of makeUps) expect(weekday(d.date) % 6).not.toBe(0)
  })

  it('knows 2025 and 2026 as published: 端午 on Sat May 31 2025 made up on Mon Jun 2, 清明 on Sun Apr 5 2026 on Mon Apr 6', () => {
    const at = (year: number, kind: 'statutory' | 'make-up'): string[] =>
      statutoryDaysOff(year).filter((d) => d.kind === kind).map((d) => `${d.date} ${d.holiday}`)
    expect(at(2025, 'make-up')).toEqual(['2025-06-02 端午节'])
    expect(at(2026, 'make-up')).toEqual(['2026-04-06 清明节', '2026-05-04 劳动节', '2026-10-05 国庆节'])
    expect(at(2025, 'statutory')).toContain('2025-01-28 春节') // 除夕, a statutory day since 2025
    expect(at(2025, 'statutory')).toContain('2025-10-06 中秋节')
  })

  it('computes 2027: 元旦 Fri Jan 1, 春节 除夕 Fri Feb 5 to 初三 Mon Feb 8, 清明 Mon Apr 5, 端午 Wed Jun 9, 中秋 Wed Sep 15', () => {
    expect(statutoryDaysOff(2027).map((d) => `${d.date} ${d.holiday}${d.kind === 'make-up' ? ' 补假' : ''}`)).toEqual([
      '2027-01-01 元旦',
      '2027-02-05 春节',
      '2027-02-06 春节',
      '2027-02-07 春节',
      '2027-02-08 春节',
      '2027-02-09 春节 补假', // for Sat Feb 6
      '2027-02-10 春节 补假', // for Sun Feb 7
      '2027-04-05 清明节',
      '2027-05-01 劳动节',
      '2027-05-02 劳动节',
      '2027-05-03 劳动节 补假',
      '2027-05-04 劳动节 补假',
      '2027-06-09 端午节',
      '2027-09-15 中秋节',
      '2027-10-01 国庆节',
      '2027-10-02 国庆节',
      '2027-10-03 国庆节',
      '2027-10-04 国庆节 补假',
      '2027-10-05 国庆节 补假'
    ])
    // the lunar dates, read back with the package's forward conversion (asked at noon in Shanghai)
    const lunar = (d: string): string => {
      const l = getLunarDate(new Date(`${d}T12:00:00+08:00`))
      return `${l.isLeap ? '闰' : ''}${l.lunarMon}-${l.lunarDay}`
    }
    // the 12th month of lunar 2026 has 29 days: 除夕 2027 is 腊月廿九
    expect(['2027-02-05', '2027-02-06', '2027-06-09', '2027-09-15'].map(lunar)).toEqual(['12-29', '1-1', '5-5', '8-15'])
  })

  it('answers 2027 dates as days off (whether from the fallback or, once published, the official arrangement)', () => {
    expect(isWorkingDay('2027-01-01')).toBe(false) // Friday, 元旦
    expect(weekday('2027-01-01')).toBe(5)
    for (const d of days('2027-02-05', '2027-02-08')) expect([d, isWorkingDay(d)]).toEqual([d, false])
    expect(isWorkingDay('2027-04-05')).toBe(false) // Monday, 清明
    expect(isWorkingDay('2027-06-09')).toBe(false) // Wednesday, 端午
    expect(isWorkingDay('2027-09-15')).toBe(false) // Wednesday, 中秋
    expect(isWorkingDay('2026-12-31')).toBe(true)
    expect(isWorkingDay('2027-01-04')).toBe(true)
    // Dec 31, (Jan 1 元旦, Jan 2–3 weekend), Jan 4, Jan 5
    expect(addWorkingDays('2026-12-30', 3)).toBe('2027-01-05')
    expect(dueDate({ clockStart: '2026-12-30', timeLimitDays: 3, pausedWorkingDays: 0 })).toBe('2027-01-05')
  })

  it('counts due dates across the 2027 fallback 春节 (除夕 to 初三 and two make-up days)', () => {
    expect(calendarSource(2027)).toBe(isYearCovered(2027) ? 'official' : 'statutory-fallback')
    if (calendarSource(2027) === 'statutory-fallback') {
      expect(addWorkingDays('2027-02-04', 1)).toBe('2027-02-11') // Thu → Thu: Feb 5–10 off
      // February 2027 has 20 weekdays; 4 are off: Fri Feb 5 (除夕), Mon Feb 8 (初三), make-up Tue Feb 9 and Wed Feb 10
      expect(workingDaysBetween('2027-01-31', '2027-02-28')).toBe(20 - 4)
    } else {
      // once chinese-days publishes 2027, the official arrangement rules and the fallback is only the legal minimum
      for (const d of statutoryDaysOff(2027)) expect([d.date, isWorkingDay(d.date)]).toEqual([d.date, false])
    }
  })

  it('keeps the lunar holidays on their lunar dates for every fallback year (2025–2099)', () => {
    const lunar = (d: string) => getLunarDate(new Date(`${d}T12:00:00+08:00`))
    for (let year = 2025; year <= 2099; year++) {
      const list = statutoryDaysOff(year)
      const of = (h: string) => list.filter((d) => d.holiday === h && d.kind === 'statutory').map((d) => d.date)
      const [eve, first, second, third] = of('春节')
      expect([year, lunar(eve).lunarMon, lunar(eve).isLeap, lunar(first).lunarMon, lunar(first).lunarDay]).toEqual([year, 12, false, 1, 1])
      expect(lunar(third).lunarDay).toBe(3)
      expect(Date.parse(second) - Date.parse(eve)).toBe(2 * 86_400_000)
      for (const [h, mon, day] of [['端午节', 5, 5], ['中秋节', 8, 15]] as const) {
        const l = lunar(of(h)[0])
        expect([year, h, l.lunarMon, l.lunarDay, l.isLeap]).toEqual([year, h, mon, day, false])
      }
      const [qm] = of('清明节')
      expect(qm >= `${year}-04-04` && qm <= `${year}-04-06`).toBe(true)
      // every make-up day is a weekday that is not itself a statutory day, one per statutory weekend date
      const statutoryDates = new Set(list.filter((d) => d.kind === 'statutory').map((d) => d.date))
      const makeUps = list.filter((d) => d.kind === 'make-up').map((d) => d.date)
      expect(new Set(makeUps).size).toBe(makeUps.length)
      expect(makeUps.length).toBe([...statutoryDates].filter((d) => weekday(d) % 6 === 0).length)
      for (const d of makeUps) expect([d, weekday(d) % 6 !== 0, statutoryDates.has(d)]).toEqual([d, true, false])
    }
  })

  it('refuses years outside the fallback', () => {
    expect(() => statutoryDaysOff(2024)).toThrow(RangeError)
    expect(() => statutoryDaysOff(2100)).toThrow(RangeError)
    expect(() => statutoryDaysOff(2027.5)).toThrow(RangeError)
  })
})

describe('国庆 2025 (Oct 1–8 off; 调休: Sun Sep 28 and Sat Oct 11 are working days)', () => {
  it('knows the days', () => {
    for (const d of days('2025-10-01', '2025-10-08')) expect([d, isWorkingDay(d)]).toEqual([d, false])
    expect(isWorkingDay('2025-09-27')).toBe(false) // Saturday
    expect(isWorkingDay('2025-09-28')).toBe(true) // Sunday, 调休
    expect(isWorkingDay('2025-09-30')).toBe(true)
    expect(isWorkingDay('2025-10-09')).toBe(true)
    expect(isWorkingDay('2025-10-11')).toBe(true) // Saturday, 调休
    expect(isWorkingDay('2025-10-12')).toBe(false)
  })

  it('counts due dates across it', () => {
    expect(addWorkingDays('2025-09-26', 1)).toBe('2025-09-28') // Friday → the 调休 Sunday
    expect(addWorkingDays('2025-09-30', 1)).toBe('2025-10-09') // the whole holiday skipped
    expect(addWorkingDays('2025-09-30', 3)).toBe('2025-10-11') // Oct 9, 10, then the 调休 Saturday
    // Sep 26, 28, 29, 30, Oct 9, 10, 11, 13, 14, 15
    expect(addWorkingDays('2025-09-25', 10)).toBe('2025-10-15')
    expect(dueDate({ clockStart: '2025-09-25', timeLimitDays: 10, pausedWorkingDays: 0 })).toBe('2025-10-15')
    expect(workingDaysBetween('2025-09-26', '2025-10-12')).toBe(6)
    expect(workingDaysBetween('2025-10-01', '2025-10-08')).toBe(0)
  })
})

describe('春节 2026 (Feb 15–23 off; 调休: Sat Feb 14 and Sat Feb 28 are working days)', () => {
  it('knows the days', () => {
    for (const d of days('2026-02-15', '2026-02-23')) expect([d, isWorkingDay(d)]).toEqual([d, false])
    expect(isWorkingDay('2026-02-14')).toBe(true)
    expect(isWorkingDay('2026-02-28')).toBe(true)
    expect(isWorkingDay('2026-02-21')).toBe(false) // a Saturday inside the holiday
    expect(isWorkingDay('2026-03-01')).toBe(false)
    expect(isWorkingDay('2026-02-24')).toBe(true)
  })

  it('counts due dates across it', () => {
    expect(addWorkingDays('2026-02-13', 1)).toBe('2026-02-14')
    expect(addWorkingDays('2026-02-14', 1)).toBe('2026-02-24')
    expect(addWorkingDays('2026-02-12', 5)).toBe('2026-02-26') // Feb 13, 14, 24, 25, 26
    expect(addWorkingDays('2026-02-26', 2)).toBe('2026-02-28') // Feb 27, then the 调休 Saturday
    expect(workingDaysBetween('2026-02-13', '2026-02-28')).toBe(6) // Feb 14, 24, 25, 26, 27, 28
  })
})

describe('working-day arithmetic', () => {
  it('does not count the start day, and 0 days is the start day', () => {
    expect(addWorkingDays('2025-10-05', 0)).toBe('2025-10-05')
    expect(addWorkingDays('2025-10-10', 1)).toBe('2025-10-11')
    expect(workingDaysBetween('2025-10-10', '2025-10-10')).toBe(0)
    expect(workingDaysBetween('2025-10-11', '2025-10-10')).toBe(0)
    expect(workingDaysBetween('2025-10-10', '2025-10-11')).toBe(1)
  })

  it('is consistent: n working days after a date are n working days away and end on a working day', () => {
    let seed = 7
    const rand = (n: number): number => {
      seed = (seed * 1103515245 + 12345) % 2 ** 31
      return seed % n
    }
    const start = Date.parse('2024-06-01T00:00:00Z')
    for (let i = 0; i < 300; i++) {
      const from = new Date(start + rand(900) * 86_400_000).toISOString().slice(0, 10)
      const n = rand(40)
      const due = addWorkingDays(from, n)
      expect(workingDaysBetween(from, due)).toBe(n)
      if (n > 0) {
        expect(isWorkingDay(due)).toBe(true)
        expect(workingDaysBetween(from, addWorkingDays(from, n - 1))).toBe(n - 1)
      }
    }
  })

  it('refuses dates that are not real and negative or fractional day counts', () => {
    expect(() => isWorkingDay('2025-02-29')).toThrow(RangeError)
    expect(() => isWorkingDay('2025-9-28')).toThrow(RangeError)
    expect(() => addWorkingDays('2025-13-01', 1)).toThrow(RangeError)
    expect(() => addWorkingDays('2025-09-28', -1)).toThrow(RangeError)
    expect(() => addWorkingDays('2025-09-28', 1.5)).toThrow(RangeError)
    expect(() => workingDaysBetween('2025-09-28', 'tomorrow')).toThrow(RangeError)
    expect(() => dueDate({ clockStart: '2025-09-28', timeLimitDays: 5, pausedWorkingDays: -2 })).toThrow(RangeError)
    expect(() => isOverdue('soon', new Date())).toThrow(RangeError)
    expect(() => shanghaiDate(new Date('nope'))).toThrow(RangeError)
  })
})

describe('Asia/Shanghai dates near midnight UTC', () => {
  it('is already the next day in Shanghai from 16:00 UTC', () => {
    expect(shanghaiDate(new Date('2026-09-30T16:30:00Z'))).toBe('2026-10-01')
    expect(shanghaiDate(new Date('2026-09-30T15:59:59Z'))).toBe('2026-09-30')
    expect(shanghaiDateTime(new Date('2026-09-30T16:30:00Z'))).toBe('2026-10-01 00:30')
  })

  it('starts the clock on the Shanghai date: a case accepted 00:30 Saturday Oct 10 2026 (a 调休 working day) in Shanghai', () => {
    const acceptedAt = new Date('2026-10-09T16:30:00Z') // still Friday Oct 9 in UTC
    const clockStart = shanghaiDate(acceptedAt)
    expect(clockStart).toBe('2026-10-10')
    expect(isWorkingDay(clockStart)).toBe(true)
    expect(dueDate({ clockStart, timeLimitDays: 1, pausedWorkingDays: 0 })).toBe('2026-10-12')
    // a UTC date would have given Oct 10 as the due date
    expect(addWorkingDays('2026-10-09', 1)).toBe('2026-10-10')
  })

  it('is overdue once the Shanghai date is after the due date', () => {
    expect(isOverdue('2026-09-30', new Date('2026-09-30T15:59:59Z'))).toBe(false)
    expect(isOverdue('2026-09-30', new Date('2026-09-30T16:00:00Z'))).toBe(true)
    expect(isOverdue('2026-10-01', new Date('2026-09-30T16:30:00Z'))).toBe(false)
  })
})

/**
 * The server's time zone. Assigning process.env.TZ inside a jest test does not change the zone of the running
 * process (jest hands tests a copy of process.env), so each zone gets its own short child process (node + tsx).
 */
describe('whatever the server time zone', () => {
  const ZONES = ['UTC', 'America/New_York', 'America/Los_Angeles', 'Etc/GMT+12', 'Asia/Shanghai', 'Pacific/Kiritimati']
  const YEARS = [2025, 2026, 2027, 2028, 2031, 2033, 2050, 2099]
  const CHILD = `
    const c = require('./domain/calendar.ts')
    const cd = require('chinese-days')
    const years = ${JSON.stringify(YEARS)}
    const bitmap = (from, to) => {
      let out = ''
      for (let t = Date.parse(from + 'T00:00:00Z'); t <= Date.parse(to + 'T00:00:00Z'); t += 86400000) {
        out += c.isWorkingDay(new Date(t).toISOString().slice(0, 10)) ? '1' : '0'
      }
      return out
    }
    const official = {}
    for (let t = Date.parse('2025-01-01T00:00:00Z'); t <= Date.parse('2026-12-31T00:00:00Z'); t += 86400000) {
      const u = new Date(t)
      official[u.toISOString().slice(0, 10)] = cd.getDayDetail(new Date(u.getUTCFullYear(), u.getUTCMonth(), u.getUTCDate())).work
    }
    process.stdout.write(JSON.stringify({
      offset: new Date(2025, 0, 1).getTimezoneOffset(),
      probes: [
        c.shanghaiDate(new Date('2026-09-30T16:30:00Z')),
        c.isWorkingDay('2025-09-28'),
        c.isWorkingDay('2025-10-09'),
        c.addWorkingDays('2025-09-30', 1),
        c.isOverdue('2026-09-30', new Date('2026-09-30T16:00:00Z')),
        c.isWorkingDay('2027-04-05'),
        c.addWorkingDays('2026-12-30', 3)
      ],
      workingDays: bitmap('2025-01-01', '2028-12-31'),
      statutory: years.map((y) => c.statutoryDaysOff(y)),
      solarTerm: years.map((y) => cd.getSolarTermDate(y, 4, 'pure_brightness')),
      official
    }))
  `
  interface ChildAnswer {
    offset: number
    probes: unknown[]
    workingDays: string
    statutory: unknown[]
    solarTerm: string[]
    official: Record<string, boolean>
  }
  const answers = new Map<string, ChildAnswer>()

  beforeAll(() => {
    const root = path.resolve(__dirname, '../..')
    for (const tz of ZONES) {
      const out = execFileSync(process.execPath, ['--import', 'tsx', '-e', CHILD], {
        cwd: root,
        env: { ...process.env, TZ: tz },
        encoding: 'utf8'
      })
      answers.set(tz, JSON.parse(out) as ChildAnswer)
    }
  }, 60_000)

  it('really runs in each zone', () => {
    expect(answers.get('UTC')?.offset).toBe(0)
    expect(answers.get('America/New_York')?.offset).toBe(300)
    expect(answers.get('Etc/GMT+12')?.offset).toBe(720)
    expect(answers.get('Asia/Shanghai')?.offset).toBe(-480)
    expect(answers.get('Pacific/Kiritimati')?.offset).toBe(-840)
  })

  it('gives the same answers whatever the server time zone', () => {
    for (const tz of ZONES) {
      expect([tz, answers.get(tz)?.probes]).toEqual([
        tz,
        ['2026-10-01', true, true, '2025-10-09', true, false, '2027-01-05']
      ])
    }
  })

  it('gives the same working days of 2025–2028 (official and fallback) and the same statutory days of every year', () => {
    const reference = answers.get('Asia/Shanghai') as ChildAnswer
    expect(reference.workingDays).toHaveLength(4 * 365 + 1)
    // and the same as in this process
    expect(reference.workingDays).toBe(days('2025-01-01', '2028-12-31').map((d) => (isWorkingDay(d) ? '1' : '0')).join(''))
    expect(reference.statutory).toEqual(YEARS.map((y) => statutoryDaysOff(y)))
    for (const tz of ZONES) {
      expect([tz, answers.get(tz)?.workingDays]).toEqual([tz, reference.workingDays])
      expect([tz, answers.get(tz)?.statutory]).toEqual([tz, reference.statutory])
    }
  })

  it('puts 清明 on the day chinese-days computes in UTC, where its solar-term answer is not shifted', () => {
    const utc = answers.get('UTC') as ChildAnswer
    expect(utc.solarTerm).toHaveLength(YEARS.length)
    for (const tz of ZONES) {
      const qingming = (answers.get(tz)?.statutory as Array<Array<{ date: string; holiday: string }>>).map(
        (list) => list.find((d) => d.holiday === '清明节')?.date
      )
      expect([tz, qingming]).toEqual([tz, utc.solarTerm])
    }
    expect(utc.solarTerm[YEARS.indexOf(2027)]).toBe('2027-04-05')
  })

  it('agrees with chinese-days on every day of 2025 and 2026 (asked in Asia/Shanghai, the zone its functions assume)', () => {
    const official = (answers.get('Asia/Shanghai') as ChildAnswer).official
    const all = days('2025-01-01', '2026-12-31')
    expect(Object.keys(official)).toEqual(all)
    for (const d of all) expect([d, isWorkingDay(d)]).toEqual([d, official[d]])
  })
})

describe('补正 pauses the clock (001 §5.2.3.5)', () => {
  it('moves the due date by the working days spent waiting for the citizen', () => {
    // accepted Thu Sep 25 2025 with 10 working days: due Oct 15
    const clockStart = '2025-09-25'
    expect(dueDate({ clockStart, timeLimitDays: 10, pausedWorkingDays: 0 })).toBe('2025-10-15')
    // 补正 asked Mon Sep 29, resubmitted Fri Oct 10: Sep 30, Oct 9, Oct 10 were the citizen's
    const paused = workingDaysBetween('2025-09-29', '2025-10-10')
    expect(paused).toBe(3)
    expect(dueDate({ clockStart, timeLimitDays: 10, pausedWorkingDays: paused })).toBe('2025-10-20')
    // a pause over the holiday alone costs nothing
    expect(workingDaysBetween('2025-10-01', '2025-10-08')).toBe(0)
  })
})
