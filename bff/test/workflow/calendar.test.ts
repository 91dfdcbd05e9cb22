import { getDayDetail } from 'chinese-days'
import {
  addWorkingDays,
  calendarCoverage,
  dueDate,
  isOverdue,
  isWorkingDay,
  isYearCovered,
  shanghaiDate,
  shanghaiDateTime,
  workingDaysBetween
} from '../../src/workflow/calendar'

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
  it('covers the years of the tests and falls back to weekends only after its last year', () => {
    const { from, to } = calendarCoverage()
    expect(from).toBeLessThanOrEqual(2025)
    expect(to).toBeGreaterThanOrEqual(2026)
    for (let y = from; y <= to; y++) expect(isYearCovered(y)).toBe(true)
    expect(isYearCovered(to + 1)).toBe(false)
    // the first uncovered year: Monday–Friday only, whatever its holidays will be
    for (const d of days(`${to + 1}-01-01`, `${to + 1}-12-31`)) {
      expect(isWorkingDay(d)).toBe(weekday(d) >= 1 && weekday(d) <= 5)
    }
  })

  it('agrees with chinese-days on every day of 2025 and 2026 (asked with a local-midnight Date, its zone-safe form)', () => {
    for (const d of days('2025-01-01', '2026-12-31')) {
      const [y, m, dd] = d.split('-').map(Number)
      expect([d, isWorkingDay(d)]).toEqual([d, getDayDetail(new Date(y, m - 1, dd)).work])
    }
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

  it('gives the same answers whatever the server time zone', () => {
    const saved = process.env.TZ
    const probe = () => [
      shanghaiDate(new Date('2026-09-30T16:30:00Z')),
      isWorkingDay('2025-09-28'),
      isWorkingDay('2025-10-09'),
      addWorkingDays('2025-09-30', 1),
      isOverdue('2026-09-30', new Date('2026-09-30T16:00:00Z'))
    ]
    try {
      const results = ['UTC', 'America/New_York', 'Asia/Shanghai', 'Pacific/Kiritimati'].map((tz) => {
        process.env.TZ = tz
        return probe()
      })
      for (const r of results) expect(r).toEqual(['2026-10-01', true, true, '2025-10-09', true])
    } finally {
      process.env.TZ = saved
    }
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
