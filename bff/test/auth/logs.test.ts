import { Writable } from 'node:stream'
import { redactUrl } from '../../src/app'
import { authApp, outbox, post, wrongCode } from './helpers'

/**
 * No log line carries a whole phone, 身份证号, name, SMS code or token (001 §3.1.2 identity data), whatever the route
 * or outcome. Logs are captured through buildApp's logger stream at the most verbose level.
 */

const PHONE = '13800000001'
const PERSON = { name: '张丽华', idNumber: '331102198803120025' }

/** Every string in a parsed log line (keys and values), to look for secrets without matching numbers like `time`. */
function strings(v: unknown, out: string[] = []): string[] {
  if (typeof v === 'string') out.push(v)
  else if (Array.isArray(v)) v.forEach((x) => strings(x, out))
  else if (v && typeof v === 'object') for (const [k, x] of Object.entries(v)) out.push(k), strings(x, out)
  return out
}

describe('logs of sign-in and real-name', () => {
  it('mask phones, 身份证号, names, SMS codes and tokens', async () => {
    const lines: string[] = []
    const stream = new Writable({
      write(chunk, _enc, cb) {
        lines.push(...String(chunk).split('\n').filter(Boolean))
        cb()
      }
    })
    const ctx = await authApp({ logger: { level: 'trace', stream } })
    const { app } = ctx
    const secrets: string[] = [PHONE, PERSON.idNumber, PERSON.name]
    let code = ''
    try {
      const ticket = (await post(app, '/api/v1/auth/platform-login', { platform: 'weapp', code: 'device-1' })).json().bindTicket as string
      secrets.push(ticket)
      await post(app, '/api/v1/auth/sms-code', { phone: PHONE })
      code = (await outbox(app, PHONE))[0].code!
      await post(app, '/api/v1/auth/login', { phone: PHONE, code: wrongCode(code) }) // a failure is logged too
      const login = await post(app, '/api/v1/auth/login', { phone: PHONE, code, bindTicket: ticket })
      expect(login.statusCode).toBe(200)
      const { accessToken, refreshToken } = login.json() as { accessToken: string; refreshToken: string }
      secrets.push(accessToken, refreshToken)
      // a validation failure (with the 身份证号 and name in the body) and a mismatch, then the real one
      await post(app, '/api/v1/auth/realname', { name: PERSON.name, idNumber: '331102198803120026' }, accessToken)
      await post(app, '/api/v1/auth/realname', { name: '王建国', idNumber: PERSON.idNumber }, accessToken)
      expect((await post(app, '/api/v1/auth/realname', PERSON, accessToken)).statusCode).toBe(200)
      await app.inject({ url: '/api/v1/me', headers: { authorization: `Bearer ${accessToken}` } })
      const r = await post(app, '/api/v1/auth/refresh', { refreshToken })
      secrets.push(r.json().refreshToken, r.json().accessToken)
      await post(app, '/api/v1/auth/refresh', { refreshToken }) // reuse: logged as a warning
      await post(app, '/api/v1/auth/logout', { refreshToken: r.json().refreshToken })
      // bad JSON bodies are logged as client errors
      await app.inject({ method: 'POST', url: '/api/v1/auth/realname', headers: { 'content-type': 'application/json' }, payload: `{"idNumber":"${PERSON.idNumber}"` })
    } finally {
      await ctx.cleanup()
    }

    expect(lines.length).toBeGreaterThan(20)
    const all = lines.join('\n')
    for (const s of secrets) expect(all).not.toContain(s)
    // the 6-digit code: in no string of any line (numbers such as `time` may contain any 6 digits)
    expect(code).toMatch(/^\d{6}$/)
    for (const line of lines) for (const s of strings(JSON.parse(line))) expect(s).not.toContain(code)
    // the requests are logged, with the outbox's phone query redacted, and the masked forms the service logs
    expect(all).toContain('/api/v1/auth/realname')
    expect(all).toContain('/api/v1/dev/outbox?phone=%5Bredacted%5D')
    expect(all).toContain('138****0001')
    expect(all).toContain('331102********0025')
  })
})

describe('redactUrl', () => {
  it.each([
    ['/api/v1/dev/outbox?phone=13800000001', '/api/v1/dev/outbox?phone=%5Bredacted%5D'],
    ['/x?idNumber=331102198803120025&region=331100', '/x?idNumber=%5Bredacted%5D&region=331100'],
    ['/x?name=%E5%BC%A0%E4%B8%89&code=123456', '/x?name=%5Bredacted%5D&code=%5Bredacted%5D'],
    ['/api/v1/items?region=331100', '/api/v1/items?region=331100'],
    ['/api/v1/regions', '/api/v1/regions']
  ])('%s → %s', (url, expected) => {
    expect(redactUrl(url)).toBe(expected)
  })
})
