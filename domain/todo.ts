/**
 * The order of a staff member's 待办 (001 §5.2.3; 000 §6.1.4: every case has its time limit in working days):
 * 已超期 first, then 即将超期 (DUE_SOON_WORKING_DAYS or fewer working days left, the due date itself counting as the
 * last), decided cases whose result is still to be delivered (待送达), then the rest by due date, and cases whose
 * clock has not started (not yet accepted) by arrival. Pure.
 */
import { workingDaysBetween } from './calendar'

/** working days left at or under which a case is 即将超期 */
export const DUE_SOON_WORKING_DAYS = 2

/** toDeliver: decided, the result still to hand over or mail (送达, 001 §5.2.3.7) — the last step of the window's */
export type Urgency = 'overdue' | 'dueSoon' | 'onTime' | 'notStarted' | 'toDeliver'

export const URGENCY_LABEL: Record<Urgency, string> = { overdue: '已超期', dueSoon: '即将超期', onTime: '办理中', notStarted: '待受理', toDeliver: '待送达' }

/**
 * Working days left until the due date, the due date counted (due today: 1 — today is still a working day of it),
 * or minus the working days it is late; null without a due date.
 */
export function workingDaysLeft(dueDate: string | null, today: string): number | null {
  if (!dueDate) return null
  if (today > dueDate) return -workingDaysBetween(dueDate, today)
  return workingDaysBetween(today, dueDate) + 1
}

export function urgencyOf(c: { dueDate: string | null; overdue: boolean; status?: string }, today: string): { urgency: Urgency; workingDaysLeft: number | null } {
  // a decided case's time limit is over and done; what is left is handing the result over
  if (c.status === 'completed' || c.status === 'rejected') return { urgency: 'toDeliver', workingDaysLeft: null }
  const left = workingDaysLeft(c.dueDate, today)
  if (left === null) return { urgency: 'notStarted', workingDaysLeft: null }
  if (c.overdue || left <= 0) return { urgency: 'overdue', workingDaysLeft: left }
  return { urgency: left <= DUE_SOON_WORKING_DAYS ? 'dueSoon' : 'onTime', workingDaysLeft: left }
}

// a decided case waiting for 送达 comes before work still in progress: handing it over takes a minute
const RANK: Record<Urgency, number> = { overdue: 0, dueSoon: 1, toDeliver: 2, onTime: 3, notStarted: 4 }

/** 已超期, 即将超期, then by due date; cases without one last, oldest first. */
export function compareTodo(
  a: { urgency: Urgency; dueDate: string | null; submittedAt: string },
  b: { urgency: Urgency; dueDate: string | null; submittedAt: string }
): number {
  return RANK[a.urgency] - RANK[b.urgency] || (a.dueDate ?? '').localeCompare(b.dueDate ?? '') || a.submittedAt.localeCompare(b.submittedAt)
}
