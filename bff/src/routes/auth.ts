import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify'
import type { ZodTypeProvider } from 'fastify-type-provider-zod'
import { z } from 'zod'
import {
  REFRESH_COOKIE,
  REFRESH_COOKIE_PATH,
  LoginRequestSchema,
  LogoutRequestSchema,
  MeResponseSchema,
  PlatformLoginRequestSchema,
  PlatformLoginResponseSchema,
  RealnameRequestSchema,
  RefreshRequestSchema,
  SessionResponseSchema,
  SmsCodeRequestSchema,
  SmsCodeResponseSchema,
  type SessionResponse
} from '../../../contract/auth'
import { REFRESH_TOKEN_TTL_DAYS } from '../services/tokens'
import { errors } from '../errors'
import { ApiErrorSchema } from '../../../contract/common'
import type { AccountService } from '../services/account'
import type { AuthService } from '../services/auth'
import { userOf } from '../plugins/auth'
import { markPersonal } from '../plugins/security'

const errs = { 400: ApiErrorSchema, 401: ApiErrorSchema, 403: ApiErrorSchema, 409: ApiErrorSchema, 429: ApiErrorSchema, 503: ApiErrorSchema }


/**
 * Hands a session over: in the body (mini-programs), or — for the H5 app — the refresh token in an HttpOnly, Secure,
 * SameSite=Strict cookie that only the refresh route receives, and out of the body, so no script in the page can read
 * it (the access token lives in the app's memory).
 */
function deliver(reply: FastifyReply, s: SessionResponse, inCookie: boolean): SessionResponse {
  if (!inCookie || !s.refreshToken) return s
  void reply.setCookie(REFRESH_COOKIE, s.refreshToken, {
    httpOnly: true,
    secure: true,
    sameSite: 'strict',
    path: REFRESH_COOKIE_PATH,
    maxAge: REFRESH_TOKEN_TTL_DAYS * 86_400
  })
  const { refreshToken: _sent, ...rest } = s
  return rest
}

function clearRefreshCookie(reply: FastifyReply): void {
  void reply.clearCookie(REFRESH_COOKIE, { httpOnly: true, secure: true, sameSite: 'strict', path: REFRESH_COOKIE_PATH })
}

/** A cookie-borne refresh must come from this site's own pages: another origin is refused (SameSite aside). */
function sameOrigin(req: FastifyRequest): boolean {
  const origin = req.headers.origin
  if (!origin) return true
  try {
    return new URL(origin).host === req.headers.host
  } catch {
    return false
  }
}

/**
 * Sign-in and real-name identity (001 §3.1.2), exactly as contract/auth.ts lists them.
 * Responses never carry a whole phone, name or 身份证号 (masked, contract/identity.ts).
 */
export async function authRoutes(app: FastifyInstance, opts: { auth: AuthService }): Promise<void> {
  const { auth } = opts
  markPersonal(app)
  const r = app.withTypeProvider<ZodTypeProvider>()
  const tags = ['auth']

  r.post(
    '/api/v1/auth/sms-code',
    {
      schema: {
        tags,
        summary: '获取短信验证码',
        description:
          '6 位数字，5 分钟内有效；同一手机号 60 秒内只能获取一次，每天有上限，同一网络每小时也有上限（429 SMS_TOO_FREQUENT，消息中给出需等待的时间）。登录被锁定时返回 429 LOGIN_LOCKED。',
        body: SmsCodeRequestSchema,
        response: { 200: SmsCodeResponseSchema, ...errs }
      }
    },
    async (req) => auth.sendSmsCode(req.body.phone, req.ip)
  )

  r.post(
    '/api/v1/auth/login',
    {
      schema: {
        tags,
        summary: '手机号 + 短信验证码登录（首次登录即注册）',
        description:
          '带 bindTicket 时同时绑定小程序账号。验证码错误 400 SMS_CODE_WRONG（消息中给出剩余次数），错误 5 次后该验证码失效 400 SMS_CODE_TRIES_EXCEEDED；15 分钟内失败 5 次锁定 15 分钟 429 LOGIN_LOCKED。',
        body: LoginRequestSchema,
        response: { 200: SessionResponseSchema, ...errs }
      }
    },
    async (req, reply) => deliver(reply, await auth.login(req.body, req.ip), req.body.refreshIn === 'cookie')
  )

  r.post(
    '/api/v1/auth/platform-login',
    {
      schema: {
        tags,
        summary: '小程序登录（Taro.login 的 code）',
        description: '已绑定手机号：直接登录（signedIn）；未绑定：返回 bindTicket，再用手机号 + 验证码登录时带上它完成绑定。',
        body: PlatformLoginRequestSchema,
        response: { 200: PlatformLoginResponseSchema, ...errs }
      }
    },
    async (req, reply) => {
      const r = await auth.platformLogin(req.body.platform, req.body.code)
      return r.status === 'signedIn' ? { ...r, session: deliver(reply, r.session, req.body.refreshIn === 'cookie') } : r
    }
  )

  r.post(
    '/api/v1/auth/refresh',
    {
      schema: {
        tags,
        summary: '刷新登录（刷新令牌每次轮换）',
        description: '请求体带 refreshToken（小程序），或不带、由 HttpOnly Cookie 携带（H5，新令牌同样写回 Cookie）。已用过的刷新令牌再次使用时，整组登录被注销（401 REFRESH_TOKEN_INVALID）。',
        body: RefreshRequestSchema.optional(),
        response: { 200: SessionResponseSchema, ...errs }
      }
    },
    async (req, reply) => {
      const inBody = req.body?.refreshToken
      if (inBody) return auth.refresh(inBody)
      const cookie = req.cookies[REFRESH_COOKIE]
      if (!cookie || !sameOrigin(req)) throw errors.refreshTokenInvalid()
      try {
        return deliver(reply, await auth.refresh(cookie), true)
      } catch (err) {
        clearRefreshCookie(reply)
        throw err
      }
    }
  )

  r.post(
    '/api/v1/auth/logout',
    {
      schema: {
        tags,
        summary: '退出登录',
        description: '注销整组登录（其访问令牌随即失效）：请求体带 refreshToken（小程序），或以访问令牌（Bearer，可已过期）注销（H5，同时清除刷新 Cookie）。未知令牌同样返回 204。',
        body: LogoutRequestSchema.optional(),
        response: { 204: z.null().describe('无内容'), ...errs }
      }
    },
    async (req, reply) => {
      if (req.body?.refreshToken) await auth.logout(req.body.refreshToken)
      else await auth.logoutByAccessToken(req.headers.authorization)
      clearRefreshCookie(reply)
      return reply.code(204).send(null)
    }
  )

  r.post(
    '/api/v1/auth/realname',
    {
      preHandler: app.requireUser,
      schema: {
        tags,
        summary: '实名认证（姓名 + 身份证号）',
        description:
          '身份证号按 GB 11643 校验（400 VALIDATION_FAILED）；与登记信息不符或身份证号已被其他账号认证：同一个 400 REALNAME_MISMATCH（不透露该身份证号是否已有账号）；本账号已认证为他人 409 REALNAME_ALREADY_SET；当日失败次数过多 429 REALNAME_TOO_MANY。',
        body: RealnameRequestSchema,
        response: { 200: MeResponseSchema, ...errs }
      }
    },
    async (req) => auth.realname(userOf(req), req.body, req.ip)
  )

  r.get(
    '/api/v1/me',
    {
      preHandler: app.requireUser,
      schema: { tags, summary: '当前账号（手机号、姓名、身份证号均脱敏）', response: { 200: MeResponseSchema, ...errs } }
    },
    async (req) => auth.me(userOf(req).id)
  )
}

/** DELETE /api/v1/me: closing the account (services/account.ts says what goes and what the agency keeps). */
export async function accountRoutes(app: FastifyInstance, opts: { accounts: AccountService }): Promise<void> {
  markPersonal(app)
  const r = app.withTypeProvider<ZodTypeProvider>()
  r.delete(
    '/api/v1/me',
    {
      preHandler: app.requireUser,
      schema: {
        tags: ['auth'],
        summary: '注销账号',
        description: '删除草稿及其上传的文件、消息、亲情账户关系（给出的授权立即终止）、登录状态；已提交的办件、评价和投诉作为经办档案保留，但不再关联手机号和身份信息。',
        response: { 204: z.null().describe('无内容'), ...errs }
      }
    },
    async (req, reply) => {
      await opts.accounts.close(userOf(req))
      return reply.code(204).send(null)
    }
  )
}
