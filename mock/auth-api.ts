import { http, HttpResponse } from 'msw'
import {
  IdNumberSchema,
  LoginRequestSchema,
  PersonNameSchema,
  PhoneSchema,
  PlatformLoginRequestSchema,
  RefreshRequestSchema,
  maskIdNumber,
  maskName,
  maskPhone,
  type SessionResponse,
  type UserView
} from '../contract'

/**
 * msw handlers for sign-in (contract/auth.ts) in memory, for `npm run dev:h5` and the screen tests. Like the BFF's
 * embedded SMS adapter, the mock keeps what it "sends": GET /api/v1/dev/outbox?phone= shows the code (always
 * 123456 here). Tokens are opaque strings; the other mocks do not check them.
 */
export const MOCK_SMS_CODE = '123456'

interface MockUser {
  id: string
  phone: string
  realName: { name: string; idNumber: string; verifiedAt: string } | null
}
const users = new Map<string, MockUser>()
const sessions = new Map<string, string>()
/** stands in for the HttpOnly refresh cookie of the H5 app (refreshIn: cookie): the page never sees it */
let cookieJar: string | null = null
const outbox: Array<{ phone: string; text: string; code: string | null; sentAt: string }> = []
let n = 0

const err = (status: number, code: string, message: string) => HttpResponse.json({ code, message }, { status })

function view(u: MockUser): UserView {
  return {
    id: u.id,
    phone: maskPhone(u.phone),
    realName: u.realName ? { name: maskName(u.realName.name), idNumber: maskIdNumber(u.realName.idNumber), verifiedAt: u.realName.verifiedAt } : null,
    platforms: []
  }
}

function issue(u: MockUser, inCookie = false): SessionResponse {
  n += 1
  const refreshToken = `mock-refresh-${n}`
  sessions.set(refreshToken, u.id)
  const access = { accessToken: `mock-access-${u.id}-${n}`, expiresIn: 900, user: view(u) }
  if (!inCookie) return { ...access, refreshToken }
  cookieJar = refreshToken
  return access
}

function userOf(request: Request): MockUser | null {
  const m = /^Bearer mock-access-(u\d+)-\d+$/.exec(request.headers.get('authorization') ?? '')
  return m ? ([...users.values()].find((u) => u.id === m[1]) ?? null) : null
}

export const authHandlers = [
  http.post('*/api/v1/auth/sms-code', async ({ request }) => {
    const body = (await request.json()) as { phone?: unknown }
    const p = PhoneSchema.safeParse(body.phone)
    if (!p.success) return err(400, 'VALIDATION_FAILED', p.error.issues[0]?.message ?? '请输入正确的手机号码')
    outbox.unshift({ phone: p.data, text: `【医保掌上办】验证码 ${MOCK_SMS_CODE}，5 分钟内有效。`, code: MOCK_SMS_CODE, sentAt: new Date().toISOString() })
    return HttpResponse.json({ resendAfter: 60, expiresIn: 300 })
  }),
  http.get('*/api/v1/dev/outbox', ({ request }) => {
    const phone = new URL(request.url).searchParams.get('phone') ?? ''
    return HttpResponse.json({ messages: outbox.filter((m) => m.phone === phone).map((m) => ({ ...m, phone: maskPhone(m.phone) })) })
  }),
  http.post('*/api/v1/auth/login', async ({ request }) => {
    const r = LoginRequestSchema.safeParse(await request.json())
    if (!r.success) return err(400, 'VALIDATION_FAILED', r.error.issues[0]?.message ?? '请检查手机号码和验证码')
    if (r.data.code !== MOCK_SMS_CODE) return err(400, 'SMS_CODE_WRONG', '验证码不正确，请核对后重新输入')
    let u = users.get(r.data.phone)
    if (!u) {
      u = { id: `u${users.size + 1}`, phone: r.data.phone, realName: null }
      users.set(u.phone, u)
    }
    return HttpResponse.json(issue(u, r.data.refreshIn === 'cookie'))
  }),
  http.post('*/api/v1/auth/platform-login', async ({ request }) => {
    const r = PlatformLoginRequestSchema.safeParse(await request.json())
    if (!r.success) return err(400, 'PLATFORM_LOGIN_FAILED', '登录凭证无效，请重新打开小程序')
    return HttpResponse.json({ status: 'bindPhone', bindTicket: `mock-bind-${r.data.code}`, expiresIn: 600 })
  }),
  http.post('*/api/v1/auth/refresh', async ({ request }) => {
    const r = RefreshRequestSchema.safeParse(await request.json().catch(() => ({})))
    const inBody = r.success ? r.data.refreshToken : undefined
    const token = inBody ?? cookieJar ?? ''
    const userId = sessions.get(token)
    const u = [...users.values()].find((x) => x.id === userId)
    if (!u) return err(401, 'REFRESH_TOKEN_INVALID', '登录已失效，请重新登录')
    sessions.delete(token)
    return HttpResponse.json(issue(u, !inBody))
  }),
  http.post('*/api/v1/auth/logout', async ({ request }) => {
    const r = RefreshRequestSchema.safeParse(await request.json().catch(() => ({})))
    if (r.success && r.data.refreshToken) sessions.delete(r.data.refreshToken)
    else if (cookieJar) sessions.delete(cookieJar)
    cookieJar = null
    return new HttpResponse(null, { status: 204 })
  }),
  http.get('*/api/v1/me', ({ request }) => {
    const u = userOf(request)
    return u ? HttpResponse.json({ user: view(u) }) : err(401, 'UNAUTHORIZED', '请先登录')
  }),
  http.post('*/api/v1/auth/realname', async ({ request }) => {
    const u = userOf(request)
    if (!u) return err(401, 'UNAUTHORIZED', '请先登录')
    const body = (await request.json()) as { name?: unknown; idNumber?: unknown }
    const name = PersonNameSchema.safeParse(body.name)
    const id = IdNumberSchema.safeParse(body.idNumber)
    if (!name.success || !id.success) {
      const fields: Record<string, string> = {}
      if (!name.success) fields.name = name.error.issues[0]?.message ?? '请输入姓名'
      if (!id.success) fields.idNumber = id.error.issues[0]?.message ?? '请输入身份证号'
      return HttpResponse.json({ code: 'VALIDATION_FAILED', message: Object.values(fields)[0], fields }, { status: 400 })
    }
    u.realName = { name: name.data, idNumber: id.data, verifiedAt: new Date().toISOString() }
    return HttpResponse.json({ user: view(u) })
  })
]
