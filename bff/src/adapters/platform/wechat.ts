import { z } from 'zod'
import { errors } from '../../errors'
import { UPSTREAM_TIMEOUT_MS } from '../http'

/** jscode2session's answer: the openid, or an errcode (https://developers.weixin.qq.com/miniprogram/dev/OpenApiDoc/user-login/code2Session.html) */
const AnswerSchema = z.object({
  openid: z.string().min(1).optional(),
  unionid: z.string().optional(),
  session_key: z.string().optional(),
  errcode: z.number().optional(),
  errmsg: z.string().optional()
})

/** errcodes that mean "this code is no good" (the citizen logs in again), not "WeChat is unavailable" */
const CODE_REFUSED = new Set([40029, 40163, 40226])

/**
 * WeChat mini-program sign-in: GET /sns/jscode2session with the AppID, the AppSecret and the wx.login code; WeChat
 * answers the user's openid for this mini-program. A refused code (40029 invalid, 40163 already used, 40226 blocked
 * user) → null (401 PLATFORM_LOGIN_FAILED); anything else that is not an openid (busy, rate-limited, a wrong AppID or
 * secret) → 503, logged by the caller. The session_key is never kept: the BFF needs only who signed in.
 */
export class WeChatLogin {
  constructor(private readonly opts: { appId: string; secret: string; apiBase: string }) {}

  async openId(code: string): Promise<string | null> {
    const url = new URL('/sns/jscode2session', this.opts.apiBase)
    url.search = new URLSearchParams({ appid: this.opts.appId, secret: this.opts.secret, js_code: code, grant_type: 'authorization_code' }).toString()
    let body: unknown
    try {
      // WeChat answers JSON with Content-Type text/plain: read it as text
      const res = await fetch(url, { signal: AbortSignal.timeout(UPSTREAM_TIMEOUT_MS) })
      if (!res.ok) throw new Error(`jscode2session answered ${res.status}`)
      body = JSON.parse(await res.text())
    } catch (err) {
      throw Object.assign(errors.unavailable(), { cause: err })
    }
    const parsed = AnswerSchema.safeParse(body)
    if (!parsed.success) throw errors.unavailable()
    const a = parsed.data
    if (a.openid && !a.errcode) return a.openid
    if (a.errcode !== undefined && CODE_REFUSED.has(a.errcode)) return null
    throw Object.assign(errors.unavailable(), { cause: new Error(`jscode2session errcode ${a.errcode ?? '?'}: ${a.errmsg ?? ''}`) })
  }
}
