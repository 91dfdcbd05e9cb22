import { z } from 'zod'
import { IdNumberSchema, PersonNameSchema, PhoneSchema } from './identity'

/**
 * Sign-in and real-name identity (001 §3.1.2).
 *   POST /api/v1/auth/sms-code        {phone}                         → SmsCodeResponse
 *   POST /api/v1/auth/login           {phone, code, bindTicket?}      → SessionResponse
 *   POST /api/v1/auth/platform-login  {platform, code}                → PlatformLoginResponse  (mini-programs: Taro.login)
 *   POST /api/v1/auth/refresh         {refreshToken} | {} + cookie    → SessionResponse (the refresh token rotates)
 *   POST /api/v1/auth/logout          {refreshToken} | Bearer         → 204
 *
 * Where the refresh token lives: mini-programs keep it in platform storage and send it in the body. The H5 app asks
 * for `refreshIn: "cookie"` at sign-in: the refresh token then travels only in the cookie REFRESH_COOKIE (HttpOnly;
 * Secure; SameSite=Strict; Path=/api/v1/auth/refresh), never in a body a script could read, and the access token
 * stays in memory. A refresh without a token in the body uses the cookie and answers with a new one the same way.
 *   POST /api/v1/auth/realname        {name, idNumber}   (Bearer)     → MeResponse
 *   GET  /api/v1/me                                      (Bearer)     → MeResponse
 *   DELETE /api/v1/me                                    (Bearer)     → 204 (the account closed: drafts and their files,
 *                                                                       messages, family links and sessions removed)
 *   GET  /api/v1/dev/outbox?phone=    (not in production)             → OutboxResponse
 */

/** SMS codes: 6 digits, valid 5 minutes, one per 60 s per phone, at most 5 wrong tries. */
export const SMS_CODE_TTL_SECONDS = 300
export const SMS_RESEND_SECONDS = 60
export const SMS_MAX_WRONG_TRIES = 5
/** After this many failed logins for a phone, login is locked for LOGIN_LOCK_MINUTES. */
export const LOGIN_MAX_FAILURES = 5
export const LOGIN_LOCK_MINUTES = 15

export const SmsCodeSchema = z
  .string({ required_error: '请输入短信验证码', invalid_type_error: '请输入短信验证码' })
  .trim()
  .regex(/^\d{6}$/, '验证码为 6 位数字')

export const SmsCodeRequestSchema = z.object({ phone: PhoneSchema })
export const SmsCodeResponseSchema = z.object({
  /** seconds until another code may be sent */
  resendAfter: z.number().int(),
  /** seconds the code stays valid */
  expiresIn: z.number().int()
})
export type SmsCodeResponse = z.infer<typeof SmsCodeResponseSchema>

export const PlatformSchema = z.enum(['weapp', 'alipay'])
export type Platform = z.infer<typeof PlatformSchema>

/** the H5 app's refresh-token cookie (see the header) */
export const REFRESH_COOKIE = 'yb_refresh'
export const REFRESH_COOKIE_PATH = '/api/v1/auth/refresh'
/** where the refresh token is handed over: the body (mini-programs, the default) or the HttpOnly cookie (H5) */
export const RefreshInSchema = z.enum(['body', 'cookie'])
export type RefreshIn = z.infer<typeof RefreshInSchema>

export const LoginRequestSchema = z.object({
  phone: PhoneSchema,
  code: SmsCodeSchema,
  /** from platform-login when the mini-program account is not yet bound to a phone */
  bindTicket: z.string().min(1).max(200).optional(),
  refreshIn: RefreshInSchema.optional()
})
export type LoginRequest = z.infer<typeof LoginRequestSchema>

export const PlatformLoginRequestSchema = z.object({
  platform: PlatformSchema,
  /** the code from Taro.login (wx.login / my.getAuthCode) */
  code: z.string({ required_error: '缺少登录凭证' }).trim().min(1, '缺少登录凭证').max(200),
  refreshIn: z.enum(['body', 'cookie']).optional()
})

export const RealNameSchema = z.object({
  /** masked: 张* */
  name: z.string(),
  /** masked: 331102********1234 */
  idNumber: z.string(),
  verifiedAt: z.string()
})

/** The signed-in account as the app sees it; personal data always masked. */
export const UserViewSchema = z.object({
  id: z.string(),
  /** masked: 138****1234 */
  phone: z.string(),
  realName: RealNameSchema.nullable(),
  platforms: z.array(PlatformSchema)
})
export type UserView = z.infer<typeof UserViewSchema>

export const SessionResponseSchema = z.object({
  accessToken: z.string(),
  /** seconds */
  expiresIn: z.number().int(),
  /** absent when it went into the HttpOnly cookie (refreshIn: cookie) */
  refreshToken: z.string().optional(),
  user: UserViewSchema
})
export type SessionResponse = z.infer<typeof SessionResponseSchema>

/** Either signed in at once (the platform account is bound), or a ticket to bind it with phone + SMS code. */
export const PlatformLoginResponseSchema = z.discriminatedUnion('status', [
  z.object({ status: z.literal('signedIn'), session: SessionResponseSchema }),
  z.object({ status: z.literal('bindPhone'), bindTicket: z.string(), expiresIn: z.number().int() })
])
export type PlatformLoginResponse = z.infer<typeof PlatformLoginResponseSchema>

/** no refresh token in the body: the cookie's (H5) */
export const RefreshRequestSchema = z.object({ refreshToken: z.string().min(1).max(500).optional() })
/** the refresh token (mini-programs), or none with the access token as Bearer (H5) */
export const LogoutRequestSchema = RefreshRequestSchema

export const RealnameRequestSchema = z.object({ name: PersonNameSchema, idNumber: IdNumberSchema })
export type RealnameRequest = z.infer<typeof RealnameRequestSchema>

export const MeResponseSchema = z.object({ user: UserViewSchema })
export type MeResponse = z.infer<typeof MeResponseSchema>

export const OutboxQuerySchema = z.object({ phone: PhoneSchema })
export const OutboxMessageSchema = z.object({
  phone: z.string(),
  text: z.string(),
  /** the SMS code when the message carries one, so tests and a new user can read it */
  code: z.string().nullable(),
  sentAt: z.string()
})
export const OutboxResponseSchema = z.object({ messages: z.array(OutboxMessageSchema) })
export type OutboxResponse = z.infer<typeof OutboxResponseSchema>
