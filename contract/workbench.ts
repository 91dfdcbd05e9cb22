import { z } from 'zod'
import { ApplicationSummarySchema } from './apply'

/**
 * The staff workbench's lists (001 §5.2.3; every case due in working days, 000 §6.1.4). Staff bearer token, region
 * scope as every staff route (contract/staff.ts):
 *
 *   GET /api/v1/staff/todo      窗口受理, 审核, 科长   → Todo: the open cases assigned to me, 已超期 and 即将超期 first
 *   GET /api/v1/staff/queue     科长                  → Todo: the 科室 queue — every open case of my region, the
 *                                                        unassigned ones included, each with its assignee
 *   GET /api/v1/staff/changes?since=<cursor>  窗口受理, 审核, 科长 → StaffChanges: the cases of my 待办 (科长: of my
 *            region) whose history moved since the cursor of the last answer (omit it the first time). The workbench
 *            polls it every `pollSeconds` (≤ 10 s) and reloads its list when anything changed.
 */

export const URGENCIES = ['overdue', 'dueSoon', 'onTime', 'notStarted'] as const

/** A case as the staff list it: the summary, who it is assigned to, and how urgent it is. */
export const StaffCaseSummarySchema = ApplicationSummarySchema.extend({
  /** the account it is assigned to (id null: assigned by name only, before staff accounts), or null: unassigned */
  assignee: z.object({ id: z.string().nullable(), name: z.string() }).nullable()
})
export type StaffCaseSummary = z.infer<typeof StaffCaseSummarySchema>

export const TodoItemSchema = StaffCaseSummarySchema.extend({
  /** 已超期 / 即将超期 (≤ 2 working days left) / 办理中 / 待受理 (the clock starts at 受理) */
  urgency: z.enum(URGENCIES),
  urgencyLabel: z.string(),
  /** working days left, the due date counted; negative: working days late; null before the clock starts */
  workingDaysLeft: z.number().int().nullable()
})
export type TodoItem = z.infer<typeof TodoItemSchema>

export const TodoSchema = z.object({
  items: z.array(TodoItemSchema),
  counts: z.object({ total: z.number().int(), overdue: z.number().int(), dueSoon: z.number().int(), unassigned: z.number().int() }),
  /** pass it to /changes to hear of what moves after this answer */
  cursor: z.string()
})
export type Todo = z.infer<typeof TodoSchema>

export const StaffChangesQuerySchema = z.object({ since: z.string().datetime({ message: 'since 应为上次返回的 cursor' }).optional() })
export const StaffChangesResponseSchema = z.object({
  /** the cases that moved (an event in their timeline) since `since`; may repeat one already seen */
  applicationIds: z.array(z.string()),
  cursor: z.string(),
  /** how often to ask again */
  pollSeconds: z.number().int()
})
export type StaffChanges = z.infer<typeof StaffChangesResponseSchema>
