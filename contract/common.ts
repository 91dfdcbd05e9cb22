import { z } from 'zod'

/**
 * Every 4xx/5xx from the BFF has this body: a stable machine-readable `code`
 * and a Chinese `message` that the app can show as it is.
 */
export const ApiErrorSchema = z.object({
  code: z.string(),
  message: z.string(),
  /** field-level details for validation errors: path → Chinese message */
  fields: z.record(z.string()).optional()
})
export type ApiError = z.infer<typeof ApiErrorSchema>

/**
 * Sent on every answer when a production deployment runs embedded stand-ins (ALLOW_DEMO_ADAPTERS=true): the value
 * names them (`sms, identity, platform-login`). The app shows 演示环境 while it sees it.
 */
export const DEMO_ADAPTERS_HEADER = 'x-demo-adapters'

/** Stable error codes. Clients switch on these, never on messages. */
export const ErrorCode = {
  VALIDATION: 'VALIDATION_FAILED',
  REGION_UNKNOWN: 'REGION_UNKNOWN',
  /** a province was given where a city or county is needed: items are offered by cities and counties */
  REGION_LEVEL_UNSUPPORTED: 'REGION_LEVEL_UNSUPPORTED',
  /** a form's national place (就医地 …) that is not a county of the GB/T 2260 list, or a list asked under a non-place */
  REGION_NOT_IN_DATASET: 'REGION_NOT_IN_DATASET',
  DEPARTMENT_UNKNOWN: 'DEPARTMENT_UNKNOWN',
  ITEM_UNKNOWN: 'ITEM_UNKNOWN',
  ITEM_NOT_IN_REGION: 'ITEM_NOT_IN_REGION',
  QUERY_EMPTY: 'QUERY_EMPTY',
  QUERY_TOO_LONG: 'QUERY_TOO_LONG',
  NOT_FOUND: 'NOT_FOUND',
  /** a request body over the route's limit (JSON bodies 1 MB; uploads have UPLOAD_TOO_LARGE) */
  BODY_TOO_LARGE: 'BODY_TOO_LARGE',
  // sign-in and identity (001 §3.1.2)
  UNAUTHORIZED: 'UNAUTHORIZED',
  TOKEN_EXPIRED: 'TOKEN_EXPIRED',
  REFRESH_TOKEN_INVALID: 'REFRESH_TOKEN_INVALID',
  SMS_TOO_FREQUENT: 'SMS_TOO_FREQUENT',
  SMS_CODE_WRONG: 'SMS_CODE_WRONG',
  SMS_CODE_EXPIRED: 'SMS_CODE_EXPIRED',
  SMS_CODE_TRIES_EXCEEDED: 'SMS_CODE_TRIES_EXCEEDED',
  LOGIN_LOCKED: 'LOGIN_LOCKED',
  BIND_TICKET_INVALID: 'BIND_TICKET_INVALID',
  PLATFORM_LOGIN_FAILED: 'PLATFORM_LOGIN_FAILED',
  REALNAME_REQUIRED: 'REALNAME_REQUIRED',
  REALNAME_MISMATCH: 'REALNAME_MISMATCH',
  REALNAME_ALREADY_SET: 'REALNAME_ALREADY_SET',
  /** too many failed 实名认证 attempts from this account or network today */
  REALNAME_TOO_MANY: 'REALNAME_TOO_MANY',
  // family members, proxies and grants
  FAMILY_MEMBER_UNKNOWN: 'FAMILY_MEMBER_UNKNOWN',
  FAMILY_MEMBER_EXISTS: 'FAMILY_MEMBER_EXISTS',
  FAMILY_LIMIT: 'FAMILY_LIMIT',
  FAMILY_SELF: 'FAMILY_SELF',
  FAMILY_IDENTITY_MISMATCH: 'FAMILY_IDENTITY_MISMATCH',
  HOUSEHOLD_UNVERIFIED: 'HOUSEHOLD_UNVERIFIED',
  FAMILY_REQUEST_UNKNOWN: 'FAMILY_REQUEST_UNKNOWN',
  GRANT_UNKNOWN: 'GRANT_UNKNOWN',
  GRANT_REQUIRED: 'GRANT_REQUIRED',
  // e-voucher and the personal record
  EVOUCHER_EXPIRED: 'EVOUCHER_EXPIRED',
  EVOUCHER_USED: 'EVOUCHER_USED',
  EVOUCHER_UNKNOWN: 'EVOUCHER_UNKNOWN',
  /** a code a proxy fetched whose grant has since been revoked or narrowed */
  EVOUCHER_REVOKED: 'EVOUCHER_REVOKED',
  /** new codes for the person are stopped for 24 h after a 「不是我」 report */
  EVOUCHER_FROZEN: 'EVOUCHER_FROZEN',
  /** a usage-log entry that does not exist or is not the account's to see */
  EVOUCHER_USAGE_UNKNOWN: 'EVOUCHER_USAGE_UNKNOWN',
  TERMINAL_UNAUTHORIZED: 'TERMINAL_UNAUTHORIZED',
  /** the register of terminals (contract/workbench.ts): a bad id, institution name or kind (`fields` names which) */
  TERMINAL_INVALID: 'TERMINAL_INVALID',
  /** a terminal id already registered, revoked ones included (the usage log keeps naming them) */
  TERMINAL_EXISTS: 'TERMINAL_EXISTS',
  TERMINAL_UNKNOWN: 'TERMINAL_UNKNOWN',
  /** revoking a terminal already revoked */
  TERMINAL_REVOKED: 'TERMINAL_REVOKED',
  /** the terminal TERMINAL_KEY names: stopped by the deployment's configuration, not from the register */
  TERMINAL_CONFIGURED: 'TERMINAL_CONFIGURED',
  NOT_INSURED: 'NOT_INSURED',
  // drafts, uploads and submit (001 §5.1)
  ITEM_NOT_APPLYABLE: 'ITEM_NOT_APPLYABLE',
  DRAFT_UNKNOWN: 'DRAFT_UNKNOWN',
  DRAFT_CONFLICT: 'DRAFT_CONFLICT',
  DRAFT_SUBMITTED: 'DRAFT_SUBMITTED',
  MATERIAL_UNKNOWN: 'MATERIAL_UNKNOWN',
  MATERIAL_SHARED_VERIFIED: 'MATERIAL_SHARED_VERIFIED',
  UPLOAD_MISSING: 'UPLOAD_MISSING',
  UPLOAD_UNKNOWN: 'UPLOAD_UNKNOWN',
  UPLOAD_TOO_LARGE: 'UPLOAD_TOO_LARGE',
  UPLOAD_TYPE_UNSUPPORTED: 'UPLOAD_TYPE_UNSUPPORTED',
  UPLOAD_CORRUPT: 'UPLOAD_CORRUPT',
  UPLOAD_DIMENSIONS: 'UPLOAD_DIMENSIONS',
  UPLOAD_TOO_MANY: 'UPLOAD_TOO_MANY',
  MATERIALS_MISSING: 'MATERIALS_MISSING',
  PAPER_PLEDGE_REQUIRED: 'PAPER_PLEDGE_REQUIRED',
  IDEMPOTENCY_KEY_REQUIRED: 'IDEMPOTENCY_KEY_REQUIRED',
  IDEMPOTENCY_KEY_REUSED: 'IDEMPOTENCY_KEY_REUSED',
  /** the first request with this key is still running (another instance): send it again with the same key */
  IDEMPOTENCY_KEY_IN_PROGRESS: 'IDEMPOTENCY_KEY_IN_PROGRESS',
  // cases and the agency workflow (001 §5.2, §5.3)
  APPLICATION_UNKNOWN: 'APPLICATION_UNKNOWN',
  TRANSITION_NOT_ALLOWED: 'TRANSITION_NOT_ALLOWED',
  /** 办结 of an item that pays money (报销, 退费) needs the amount paid */
  PAYMENT_AMOUNT_REQUIRED: 'PAYMENT_AMOUNT_REQUIRED',
  SUPPLEMENT_NOT_REQUESTED: 'SUPPLEMENT_NOT_REQUESTED',
  /** 送达 by post (邮寄) needs the tracking number the citizen follows the letter with */
  TRACKING_NO_REQUIRED: 'TRACKING_NO_REQUIRED',
  /** 收到原件 names a material that is not one of the case's paper originals */
  PAPER_MATERIAL_UNKNOWN: 'PAPER_MATERIAL_UNKNOWN',
  /** reassigning a case to the person who already has it */
  REASSIGN_SAME_STAFF: 'REASSIGN_SAME_STAFF',
  TIME_LIMIT_NOT_EXTENDABLE: 'TIME_LIMIT_NOT_EXTENDABLE',
  /** the guide is a contract (domain/guide-contract.ts): a 补正 asks only for a material of the case's guide */
  SUPPLEMENT_NOT_IN_GUIDE: 'SUPPLEMENT_NOT_IN_GUIDE',
  /** a 补正 asks for a better copy of a material the citizen has not given */
  SUPPLEMENT_COPY_NOT_GIVEN: 'SUPPLEMENT_COPY_NOT_GIVEN',
  /** 不予办理 cites no condition of the case's guide (or one it does not have) */
  REJECTION_WITHOUT_GUIDE_CONDITION: 'REJECTION_WITHOUT_GUIDE_CONDITION',
  /** the case's due date has passed with no extension recorded before it: an extension or a 补正 now is refused */
  TIME_LIMIT_PASSED: 'TIME_LIMIT_PASSED',
  /** a holiday calendar file that is not the documented format or contradicts the law (contract/calendar.ts) */
  CALENDAR_INVALID: 'CALENDAR_INVALID',
  RESULT_UNKNOWN: 'RESULT_UNKNOWN',
  REMINDER_UNKNOWN: 'REMINDER_UNKNOWN',
  REMINDER_DECIDED: 'REMINDER_DECIDED',
  NOTIFICATION_UNKNOWN: 'NOTIFICATION_UNKNOWN',
  STAFF_UNAUTHORIZED: 'STAFF_UNAUTHORIZED',
  /** staff accounts (contract/staff.ts) */
  STAFF_FORBIDDEN: 'STAFF_FORBIDDEN',
  STAFF_CREDENTIALS_INVALID: 'STAFF_CREDENTIALS_INVALID',
  STAFF_LOCKED: 'STAFF_LOCKED',
  STAFF_ENROLL_INVALID: 'STAFF_ENROLL_INVALID',
  STAFF_USERNAME_TAKEN: 'STAFF_USERNAME_TAKEN',
  STAFF_BOOTSTRAP_DONE: 'STAFF_BOOTSTRAP_DONE',
  STAFF_PASSWORD_WEAK: 'STAFF_PASSWORD_WEAK',
  STAFF_ACCOUNT_UNKNOWN: 'STAFF_ACCOUNT_UNKNOWN',
  ASSIGNMENT_RULE_UNKNOWN: 'ASSIGNMENT_RULE_UNKNOWN',
  // 好差评, the bad-rating loop and complaints (000 §8, 003 §11.3)
  EVALUATION_NOT_OPEN: 'EVALUATION_NOT_OPEN',
  EVALUATION_EXISTS: 'EVALUATION_EXISTS',
  EVALUATION_UNKNOWN: 'EVALUATION_UNKNOWN',
  EVALUATION_COMMENT_EXISTS: 'EVALUATION_COMMENT_EXISTS',
  EVALUATION_PHOTO_EXISTS: 'EVALUATION_PHOTO_EXISTS',
  EVALUATION_STEP_NOT_ALLOWED: 'EVALUATION_STEP_NOT_ALLOWED',
  EVALUATION_DISPUTE_USED: 'EVALUATION_DISPUTE_USED',
  COMPLAINT_UNKNOWN: 'COMPLAINT_UNKNOWN',
  COMPLAINT_STEP_NOT_ALLOWED: 'COMPLAINT_STEP_NOT_ALLOWED',
  // read-aloud (语音版)
  TTS_TEXT_EMPTY: 'TTS_TEXT_EMPTY',
  TTS_TEXT_TOO_LONG: 'TTS_TEXT_TOO_LONG',
  TTS_TOO_FREQUENT: 'TTS_TOO_FREQUENT',
  INTERNAL: 'INTERNAL_ERROR',
  UPSTREAM_UNAVAILABLE: 'UPSTREAM_UNAVAILABLE',
  /** the database is down or unreachable (a PostgreSQL restart): nothing was written, try again shortly */
  DB_UNAVAILABLE: 'DB_UNAVAILABLE',
  /** the file store is full or failing: the upload was not kept, the draft is unchanged */
  STORAGE_UNAVAILABLE: 'STORAGE_UNAVAILABLE'
} as const
export type ErrorCode = (typeof ErrorCode)[keyof typeof ErrorCode]

/** 6-digit GB/T 2260 administrative division code. */
export const RegionCodeSchema = z
  .string({ required_error: '请选择地区', invalid_type_error: '地区编码应为 6 位数字' })
  .regex(/^\d{6}$/, '地区编码应为 6 位数字')

/**
 * Fen (分, integers everywhere in the API so sums are exact) as 元 with two decimals and thousands separators, the
 * way a bank statement reads: 123456 → 1,234.56; -4560 → -45.60.
 */
export function yuan(fen: number): string {
  const neg = fen < 0
  const abs = Math.abs(Math.round(fen))
  const int = Math.floor(abs / 100)
    .toString()
    .replace(/\B(?=(\d{3})+(?!\d))/g, ',')
  return `${neg ? '-' : ''}${int}.${String(abs % 100).padStart(2, '0')}`
}
