import { z } from 'zod'
import { ApplicationSummarySchema } from './apply'
import { MetricSetSchema, MetricsQuerySchema, MetricsResponseSchema } from './evaluation'
import { RegisterTerminalRequestSchema, TerminalKindSchema } from './evoucher'
import { RegionCodeSchema } from './common'

/**
 * The staff workbench's lists (001 §5.2.3; every case due in working days, 000 §6.1.4). Staff bearer token, region
 * scope as every staff route (contract/staff.ts):
 *
 *   GET /api/v1/staff/todo      窗口受理, 审核, 科长   → Todo: the open cases assigned to me, 已超期 and 即将超期 first;
 *                                                        decided ones stay (待送达) until the result is delivered
 *   GET /api/v1/staff/queue     科长                  → Todo: the 科室 queue — every open case of my region, the
 *                                                        unassigned ones included, each with its assignee
 *   GET /api/v1/staff/changes?since=<cursor>  窗口受理, 审核, 科长 → StaffChanges: the cases of my 待办 (科长: of my
 *            region) whose history moved since the cursor of the last answer (omit it the first time). The workbench
 *            polls it every `pollSeconds` (≤ 10 s) and reloads its list when anything changed.
 *
 * Assignment (001 §5.2.3.1: a new manual case goes at once to a clerk of its region and item, who is told):
 *   GET    /api/v1/staff/assignment-rules        admin, 科长                                   → {rules}
 *   PUT    /api/v1/staff/assignment-rules        admin {region, itemId ('*': all), clerkIds}   → AssignmentRule
 *            400 VALIDATION_FAILED when a clerk is not an active 窗口受理 account covering the region
 *   DELETE /api/v1/staff/assignment-rules/:id    admin                                         → 204 (404 ASSIGNMENT_RULE_UNKNOWN)
 *   PUT    /api/v1/staff/accounts/:id/absence    admin, 科长 (own region) {from, until} | {}    → StaffAbsence
 *   GET    /api/v1/staff/notices                 any staff                                     → {notices} (newest first)
 *
 * Supervision (001 §6.2: 按时办结率, 投诉及时处理率, 满意率):
 *   GET    /api/v1/staff/metrics?region=&item=&month=   好差评管理员, 科长 → StaffMetrics: the public metrics of the
 *            account's region (region defaults to it; a region outside it is 404 REGION_UNKNOWN), plus `byRegion`
 *   A manual assign (POST /api/v1/staff/applications/:id/actions {action: 'assign', staffId}) names an active 窗口受理
 *   or 科长 account of the case's region (else 400), who is told like a rule's assignee.
 *   GET    /api/v1/staff/applications/:id/assignees   窗口受理, 科长 (the roles that assign or reassign) → {assignees}:
 *            the accounts such an assign or reassign accepts — active 窗口受理 and 科长 whose region covers the case's —
 *            the one it is assigned to marked `current`, those away today marked `away`; another county's case is 404
 *
 * The counters' e-voucher terminals (the register `npm run terminal` also keeps; contract/evoucher.ts's rules):
 *   GET    /api/v1/staff/terminals              admin → StaffTerminals: the registered ones and the one TERMINAL_KEY
 *            names (`configured`), active first, each with its last decode of the kept usage log (EVOUCHER_USAGE_DAYS)
 *   POST   /api/v1/staff/terminals              admin {id, institutionName, kind} → RegisteredTerminal (201): the
 *            terminal's X-Terminal-Key, in this answer only (the register keeps its SHA-256). 400 TERMINAL_INVALID
 *            (`fields`: id, institutionName, kind), 409 TERMINAL_EXISTS (an id registered before, revoked ones too)
 *   POST   /api/v1/staff/terminals/:id/revoke   admin → StaffTerminal: its key decodes nothing from now on.
 *            404 TERMINAL_UNKNOWN, 409 TERMINAL_REVOKED (already), 409 TERMINAL_CONFIGURED (TERMINAL_KEY's terminal)
 *   Terminals carry no region: any administrator keeps the whole register. Each change is in the staff audit trail
 *   with the terminal id as its target.
 */

/** toDeliver: decided (办结 / 不予办理), the result not yet handed over or mailed (送达, 001 §5.2.3.7) */
export const URGENCIES = ['overdue', 'dueSoon', 'onTime', 'notStarted', 'toDeliver'] as const

/** A case as the staff list it: the summary, who it is assigned to, and how urgent it is. */
export const StaffCaseSummarySchema = ApplicationSummarySchema.extend({
  /** the account it is assigned to (id null: assigned by name only, before staff accounts), or null: unassigned */
  assignee: z.object({ id: z.string().nullable(), name: z.string() }).nullable()
})
export type StaffCaseSummary = z.infer<typeof StaffCaseSummarySchema>

export const TodoItemSchema = StaffCaseSummarySchema.extend({
  /** 已超期 / 即将超期 (≤ 2 working days left) / 办理中 / 待受理 (the clock starts at 受理) / 待送达 */
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

// ---------- assignment (001 §5.2.3.1) ----------

const DaySchema = z.string().regex(/^\d{4}-\d{2}-\d{2}$/, '日期格式为 YYYY-MM-DD')

export const AssignmentRuleSchema = z.object({
  id: z.string(),
  region: z.object({ code: z.string(), name: z.string() }),
  /** an item id, or '*' for every item of the region */
  itemId: z.string(),
  clerks: z.array(z.object({ id: z.string(), name: z.string() })),
  /** the clerk who got the last case (the next one in turn comes after them) */
  lastStaffId: z.string().nullable(),
  updatedAt: z.string()
})
export type AssignmentRuleView = z.infer<typeof AssignmentRuleSchema>
export const AssignmentRulesResponseSchema = z.object({ rules: z.array(AssignmentRuleSchema) })
export const PutAssignmentRuleRequestSchema = z.object({
  region: RegionCodeSchema,
  itemId: z.string().trim().min(1, '请选择事项').max(64),
  clerkIds: z.array(z.string().min(1).max(64)).min(1, '请至少选择一名窗口受理人员').max(100)
})
export const AbsenceRequestSchema = z
  .object({ from: DaySchema, until: DaySchema })
  .refine((a) => a.from <= a.until, { message: '结束日期不能早于开始日期', path: ['until'] })
  .or(z.object({}).strict())
export const StaffAbsenceSchema = z.object({ staffId: z.string(), from: z.string().nullable(), until: z.string().nullable() })

export const StaffNoticeSchema = z.object({
  id: z.string(),
  kind: z.enum(['assigned', 'unassignedAlert']),
  title: z.string(),
  body: z.string(),
  applicationId: z.string().nullable(),
  createdAt: z.string(),
  readAt: z.string().nullable()
})
export const StaffNoticesResponseSchema = z.object({ notices: z.array(StaffNoticeSchema) })

// ---------- supervision: the service metrics of the region (001 §6.2) ----------

export const StaffMetricsQuerySchema = MetricsQuerySchema
export const StaffMetricsSchema = MetricsResponseSchema.extend({
  /** one row per region with any record (counties as a rule), by code */
  byRegion: z.array(MetricSetSchema.extend({ region: z.object({ code: z.string(), name: z.string() }) }))
})
export type StaffMetrics = z.infer<typeof StaffMetricsSchema>

/** Someone a case may be given to (the 改派 picker); `away`: marked absent today, `current`: has the case now. */
export const StaffAssigneeSchema = z.object({
  id: z.string(),
  name: z.string(),
  roleLabel: z.string(),
  region: z.object({ code: z.string(), name: z.string() }),
  away: z.boolean(),
  current: z.boolean()
})
export type StaffAssignee = z.infer<typeof StaffAssigneeSchema>
export const StaffAssigneesResponseSchema = z.object({ assignees: z.array(StaffAssigneeSchema) })
export type StaffAssignees = z.infer<typeof StaffAssigneesResponseSchema>

// ---------- the counters' e-voucher terminals ----------

export { RegisterTerminalRequestSchema }
export const StaffTerminalSchema = z.object({
  id: z.string(),
  /** 定点医药机构 */
  institutionName: z.string(),
  kind: TerminalKindSchema,
  /** 挂号 / 结算 / 购药 */
  kindLabel: z.string(),
  /** null: the terminal TERMINAL_KEY names (in the deployment's configuration, not the register) */
  registeredAt: z.string().nullable(),
  revokedAt: z.string().nullable(),
  /** the last decode made with its key that the usage log still keeps; null: none */
  lastDecodedAt: z.string().nullable(),
  /** the terminal of TERMINAL_KEY: listed, not revoked here */
  configured: z.boolean()
})
export type StaffTerminal = z.infer<typeof StaffTerminalSchema>
export const StaffTerminalsResponseSchema = z.object({ terminals: z.array(StaffTerminalSchema) })
export type StaffTerminals = z.infer<typeof StaffTerminalsResponseSchema>
export const RegisteredTerminalSchema = z.object({
  terminal: StaffTerminalSchema,
  /** the X-Terminal-Key, shown this once */
  key: z.string()
})
export type RegisteredTerminal = z.infer<typeof RegisteredTerminalSchema>
