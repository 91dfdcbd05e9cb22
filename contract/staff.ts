import { z } from 'zod'
import { RegionCodeSchema } from './common'

/**
 * Agency staff accounts: one per person (name, role, region), signed in with a password and a one-time code from an
 * authenticator app (TOTP, RFC 6238), each with tokens of their own that expire. Every staff request is recorded with
 * who made it (GET /api/v1/staff/audit).
 *
 *   POST   /api/v1/staff/bootstrap   Bearer STAFF_TOKEN  {username, name, region, password}  → StaffEnrolled (201)
 *            only while no administrator exists: the one use of the shared STAFF_TOKEN
 *   POST   /api/v1/staff/enroll      {username, enrollCode, password}                        → StaffEnrolled
 *            the person an administrator created sets their own password and receives their TOTP secret
 *   POST   /api/v1/staff/session     {username, password, otp}                               → StaffSession
 *            401 STAFF_CREDENTIALS_INVALID (the same for every wrong part), 429 STAFF_LOCKED after 10 failures
 *   DELETE /api/v1/staff/session     Bearer <staff token>                                     → 204 (signed out)
 *   GET    /api/v1/staff/me          Bearer <staff token>                                     → StaffAccount
 *   GET    /api/v1/staff/accounts    admin                                                    → {accounts}
 *   POST   /api/v1/staff/accounts    admin {username, name, role, region}                     → StaffCreated (201)
 *   POST   /api/v1/staff/accounts/:id/disable   admin                                         → StaffAccount
 *   PATCH  /api/v1/staff/accounts/:id           admin {role?, region?}                         → StaffAccount
 *            a person's new post or region, at once (their next request acts with it; the audit trail records the
 *            change). 400 VALIDATION_FAILED for the administrator's own account, a disabled one, or a region outside
 *            the administrator's; an account outside it is 404 STAFF_ACCOUNT_UNKNOWN
 *   GET    /api/v1/staff/audit       admin, 科长 ?staffId=&limit=                             → {entries}
 *            a 科长 sees the entries of the staff of their region; the trail is append-only (no route changes it)
 *
 * The workbench's routes (待办, queue, changes, assignment rules, absences, notices): contract/workbench.ts.
 *
 * Every other /api/v1/staff/* route takes `Authorization: Bearer <staff token>` and checks the role (403
 * STAFF_FORBIDDEN) and the region (a case, rating or complaint outside the account's region is 404).
 */

/** Roles a staff workbench needs; labels as an agency names them. */
export const STAFF_ROLES = ['clerk', 'reviewer', 'chief', 'evaluationAdmin', 'admin'] as const
export const StaffRoleSchema = z.enum(STAFF_ROLES, { errorMap: () => ({ message: '请选择岗位角色' }) })
export type StaffRole = z.infer<typeof StaffRoleSchema>
export const STAFF_ROLE_LABELS: Record<StaffRole, string> = {
  clerk: '窗口受理',
  reviewer: '审核',
  chief: '科长',
  evaluationAdmin: '好差评管理员',
  admin: '管理员'
}

/**
 * Case actions (001 §5.2.3) each role may take. The chief may take them all, and alone moves a case from one clerk to
 * another (reassign); the administrator none.
 */
export const CASE_ACTIONS_BY_ROLE: Record<StaffRole, readonly string[]> = {
  clerk: ['assign', 'preAccept', 'accept', 'receivePaper', 'requestSupplement', 'extendTimeLimit', 'deliver', 'returnMaterials'],
  reviewer: ['startReview', 'requestSupplement', 'complete', 'reject'],
  chief: ['assign', 'preAccept', 'accept', 'receivePaper', 'startReview', 'requestSupplement', 'extendTimeLimit', 'complete', 'reject', 'deliver', 'returnMaterials', 'reassign'],
  evaluationAdmin: [],
  admin: []
}

/** What each role may do besides case actions. Separation of duties: account management sees no citizen's data. */
export const STAFF_PERMISSIONS = {
  'cases.read': ['clerk', 'reviewer', 'chief'],
  /** the 科室 queue: every open case of the region, whoever has it */
  'cases.queue': ['chief'],
  'reminders.propose': ['clerk', 'chief'],
  'evaluations.read': ['evaluationAdmin', 'chief'],
  /** 回访, 核实, 整改, 解释说明, 申诉 (000 §8.2.1) */
  'evaluations.loop': ['evaluationAdmin', 'chief'],
  /** deciding an appeal against a rating is the chief's */
  'evaluations.decideAppeal': ['chief'],
  'complaints.read': ['evaluationAdmin', 'chief'],
  'complaints.act': ['evaluationAdmin', 'chief'],
  /** 按时办结率, 投诉及时处理率, 满意率 of the region, by item, region and month (001 §6.2) */
  'metrics.read': ['evaluationAdmin', 'chief'],
  'staff.manage': ['admin'],
  /** the rules that assign new cases (001 §5.2.3.1) */
  'assignment.manage': ['admin'],
  'assignment.read': ['admin', 'chief'],
  /** who is away, so no case goes to them */
  'absence.manage': ['admin', 'chief'],
  /** the audit trail: the administrator all of it, a 科长 the entries of their region's staff */
  'audit.read': ['admin', 'chief'],
  /** importing the State Council's holiday arrangement of a year (contract/calendar.ts) */
  'calendar.manage': ['admin'],
  /**
   * the register of the counters' e-voucher terminals (contract/workbench.ts): who may decode a citizen's code is the
   * agency's configuration, like accounts; terminals carry no region, so it is the administrator's alone
   */
  'terminals.manage': ['admin']
} as const satisfies Record<string, readonly StaffRole[]>
export type StaffPermission = keyof typeof STAFF_PERMISSIONS

export function staffMay(role: StaffRole, permission: StaffPermission): boolean {
  return (STAFF_PERMISSIONS[permission] as readonly StaffRole[]).includes(role)
}

/** the statuses in which a case is the 审核 post's work (受理 done, 001 §5.2.3.4): a reviewer's 待办 */
export const REVIEW_STATUSES: readonly string[] = ['accepted', 'inReview']

/**
 * Who sees a case's applicant whole — name, 身份证号, phone, bank account, in the form's answers and the timeline —
 * rather than masked as the citizen's own view shows them (contract/identity.ts): the person handling the case, who
 * checks the identity against the materials. That is the 窗口受理 or 科长 the open case is assigned to, and a 审核
 * while the case waits for or is in review. Everyone else who may read it — a 科长 supervising the 科室 queue, a
 * clerk it is not assigned to, anyone once the case is closed — sees it masked (minimum necessary, 个人信息保护法
 * §6). A 科长 who needs the whole record takes the case (assigns it to themself), which the timeline and the audit
 * trail record. Enforced by the BFF on the staff case view and every action's answer; the lists show names masked.
 */
export function staffSeesApplicantWhole(role: StaffRole, c: { status: string; assignedToMe: boolean }): boolean {
  switch (role) {
    case 'clerk':
    case 'chief':
      return c.assignedToMe
    case 'reviewer':
      return REVIEW_STATUSES.includes(c.status)
    case 'evaluationAdmin':
    case 'admin':
      return false
    default: {
      const none: never = role
      return none
    }
  }
}

/**
 * Whether an account's region covers a place: a province code (330000) covers its cities and counties, a city
 * (331100) its counties, a county (331102) itself (GB/T 2260: trailing 00 pairs are the higher level).
 */
export function regionCovers(scope: string, code: string): boolean {
  if (scope.endsWith('0000')) return code.slice(0, 2) === scope.slice(0, 2)
  if (scope.endsWith('00')) return code.slice(0, 4) === scope.slice(0, 4)
  return code === scope
}

/** The code prefix a region covers (330000 → 33, 331100 → 3311, 331102 → 331102), for `LIKE prefix || '%'`. */
export function regionPrefix(scope: string): string {
  if (scope.endsWith('0000')) return scope.slice(0, 2)
  if (scope.endsWith('00')) return scope.slice(0, 4)
  return scope
}

export const STAFF_PASSWORD_MIN = 12
export const STAFF_PASSWORD_MAX = 128
/** a staff token lives this long at most, and ends after this long unused */
export const STAFF_SESSION_HOURS = 10
export const STAFF_SESSION_IDLE_MINUTES = 30
export const STAFF_ENROLL_HOURS = 72

export const StaffUsernameSchema = z
  .string({ required_error: '请填写登录名' })
  .trim()
  .regex(/^[a-z][a-z0-9._-]{2,31}$/, '登录名为 3–32 位小写字母、数字、点、下划线或连字符，以字母开头')
export const StaffPasswordSchema = z
  .string({ required_error: '请填写密码' })
  .min(STAFF_PASSWORD_MIN, `密码至少 ${STAFF_PASSWORD_MIN} 个字符`)
  .max(STAFF_PASSWORD_MAX, `密码最多 ${STAFF_PASSWORD_MAX} 个字符`)
export const StaffNameSchema = z.string({ required_error: '请填写姓名' }).trim().min(1, '请填写姓名').max(30)
export const OtpSchema = z.string({ required_error: '请填写动态验证码' }).trim().regex(/^\d{6}$/, '动态验证码为 6 位数字')

export const StaffAccountSchema = z.object({
  id: z.string(),
  username: z.string(),
  name: z.string(),
  role: StaffRoleSchema,
  roleLabel: z.string(),
  region: z.object({ code: z.string(), name: z.string() }),
  /** enrolled: password and authenticator set */
  status: z.enum(['invited', 'active', 'disabled']),
  createdAt: z.string()
})
export type StaffAccount = z.infer<typeof StaffAccountSchema>

export const BootstrapRequestSchema = z.object({ username: StaffUsernameSchema, name: StaffNameSchema, region: RegionCodeSchema, password: StaffPasswordSchema })
export const EnrollRequestSchema = z.object({ username: StaffUsernameSchema, enrollCode: z.string().min(8).max(100), password: StaffPasswordSchema })
export const CreateStaffRequestSchema = z.object({ username: StaffUsernameSchema, name: StaffNameSchema, role: StaffRoleSchema, region: RegionCodeSchema })
export const UpdateStaffRequestSchema = z
  .object({ role: StaffRoleSchema.optional(), region: RegionCodeSchema.optional() })
  .refine((a) => a.role !== undefined || a.region !== undefined, { message: '请选择新的岗位角色或所属区域', path: ['role'] })
export const StaffSignInRequestSchema = z.object({ username: z.string().trim().min(1).max(64), password: z.string().min(1).max(STAFF_PASSWORD_MAX), otp: OtpSchema })

/** The authenticator secret, shown once: base32 for typing in, and an otpauth:// URI for a QR code. */
export const StaffEnrolledSchema = z.object({
  account: StaffAccountSchema,
  totp: z.object({ secret: z.string(), uri: z.string() })
})
export const StaffCreatedSchema = z.object({
  account: StaffAccountSchema,
  /** handed to the person (not by the system): they enroll with it before it expires */
  enrollCode: z.string(),
  enrollExpiresAt: z.string()
})
export const StaffSessionSchema = z.object({ token: z.string(), expiresAt: z.string(), account: StaffAccountSchema })
export type StaffSession = z.infer<typeof StaffSessionSchema>
export const StaffAccountsResponseSchema = z.object({ accounts: z.array(StaffAccountSchema) })

export const StaffAuditEntrySchema = z.object({
  id: z.string(),
  at: z.string(),
  staffId: z.string().nullable(),
  staffName: z.string(),
  role: z.string().nullable(),
  method: z.string(),
  route: z.string(),
  targetId: z.string().nullable(),
  status: z.number().int()
})
export type StaffAuditEntry = z.infer<typeof StaffAuditEntrySchema>
export const StaffAuditQuerySchema = z.object({ staffId: z.string().max(64).optional(), limit: z.coerce.number().int().min(1).max(1000).default(200) })
export const StaffAuditResponseSchema = z.object({ entries: z.array(StaffAuditEntrySchema) })

