import { shanghaiDate } from '../../domain/calendar'
import { URGENCY_LABEL, urgencyOf, type Urgency } from '../../domain/todo'

/** How urgent an open item with a due date is today (Asia/Shanghai), by the rule the 待办 list uses (domain/todo.ts). */
export function deadlineOf(dueDate: string, overdue: boolean, now = new Date()): { urgency: Urgency; text: string } {
  const { urgency, workingDaysLeft: left } = urgencyOf({ dueDate, overdue }, shanghaiDate(now))
  return { urgency, text: timeLimitText(URGENCY_LABEL[urgency], left) }
}

/** 即将超期（剩 2 个工作日）, 已超期（超 1 个工作日）; the label alone without a count */
export function timeLimitText(label: string, workingDaysLeft: number | null): string {
  if (workingDaysLeft === null) return label
  return `${label}${workingDaysLeft > 0 ? `（剩 ${workingDaysLeft} 个工作日）` : `（超 ${-workingDaysLeft} 个工作日）`}`
}

/** A due date in working days: 2026-12-15 · 即将超期（剩 2 个工作日）; closed items show the date only. */
export function Deadline({ dueDate, overdue, open }: { dueDate: string; overdue: boolean; open: boolean }) {
  if (!open) return <span>{dueDate}</span>
  const d = deadlineOf(dueDate, overdue)
  return (
    <span className={`deadline ${d.urgency}`}>
      {dueDate} · {d.text}
    </span>
  )
}
