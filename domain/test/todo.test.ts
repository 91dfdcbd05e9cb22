import { compareTodo, urgencyOf, workingDaysLeft } from '../todo'

describe('待办 urgency in working days', () => {
  // Friday 2026-12-04; the weekend does not count
  it('counts the due date itself, and skips the weekend', () => {
    expect(workingDaysLeft('2026-12-04', '2026-12-04')).toBe(1)
    expect(workingDaysLeft('2026-12-07', '2026-12-04')).toBe(2)
    expect(workingDaysLeft('2026-12-08', '2026-12-04')).toBe(3)
    expect(workingDaysLeft('2026-12-04', '2026-12-07')).toBe(-1)
    expect(workingDaysLeft(null, '2026-12-04')).toBeNull()
  })

  it('is 即将超期 with two working days or fewer, 已超期 after the due date', () => {
    expect(urgencyOf({ dueDate: '2026-12-07', overdue: false }, '2026-12-04')).toEqual({ urgency: 'dueSoon', workingDaysLeft: 2 })
    expect(urgencyOf({ dueDate: '2026-12-08', overdue: false }, '2026-12-04')).toEqual({ urgency: 'onTime', workingDaysLeft: 3 })
    expect(urgencyOf({ dueDate: '2026-12-03', overdue: true }, '2026-12-04')).toEqual({ urgency: 'overdue', workingDaysLeft: -1 })
    expect(urgencyOf({ dueDate: null, overdue: false }, '2026-12-04').urgency).toBe('notStarted')
  })

  it('puts 已超期 and 即将超期 first', () => {
    const c = (urgency: 'overdue' | 'dueSoon' | 'onTime' | 'notStarted', dueDate: string | null, submittedAt = '2026-12-01') => ({ urgency, dueDate, submittedAt })
    const list = [c('notStarted', null, '2026-12-02'), c('onTime', '2026-12-10'), c('notStarted', null, '2026-12-01'), c('dueSoon', '2026-12-07'), c('overdue', '2026-12-01'), c('onTime', '2026-12-09')]
    expect([...list].sort(compareTodo).map((x) => `${x.urgency}:${x.dueDate ?? x.submittedAt}`)).toEqual([
      'overdue:2026-12-01',
      'dueSoon:2026-12-07',
      'onTime:2026-12-09',
      'onTime:2026-12-10',
      'notStarted:2026-12-01',
      'notStarted:2026-12-02'
    ])
  })
})
