import type { FastifyInstance } from 'fastify'
import { REFRESH_COOKIE } from '../../contract/auth'
import { signIn } from './auth/helpers'
import { staffAuth } from './staff/helpers'
import { testApp } from './helpers'

/**
 * The request path's hooks are attached where they are needed — security headers on every answer, no-store on the
 * personal routes, the Idempotency-Key mechanism on the routes that declare it, the staff audit on staff routes, the
 * cookie parser on the sign-in routes — so that public catalog answers and their 304s pay for nothing else. These
 * tests hold what each kind of answer must still carry (OWASP ASVS 5.0 V3.4, V14.3; V16 for the audit).
 */

/** the headers every answer of the API carries, whatever its route or status */
const API_HEADERS = {
  'content-security-policy': "default-src 'none';frame-ancestors 'none'",
  'x-frame-options': 'DENY',
  'x-content-type-options': 'nosniff',
  'referrer-policy': 'no-referrer',
  'cross-origin-opener-policy': 'same-origin',
  'cross-origin-resource-policy': 'same-origin'
}

describe('the request path: what each kind of answer carries', () => {
  let app: FastifyInstance
  let cleanup: () => Promise<void>
  beforeAll(async () => {
    const t = await testApp({ config: { trustProxy: 1 } })
    app = t.app
    cleanup = t.cleanup
  })
  afterAll(() => cleanup())

  const GUIDE = '/api/v1/items/offsite-care-filing?region=331100'

  it('every kind of API answer gets the security headers: a guide, its brotli copy, its 304, refusals, a personal route, a staff route, an unknown path', async () => {
    const guide = await app.inject({ url: GUIDE })
    const etag = String(guide.headers.etag)
    const answers = {
      guide,
      brotli: await app.inject({ url: GUIDE, headers: { 'accept-encoding': 'br' } }),
      revalidated: await app.inject({ url: GUIDE, headers: { 'if-none-match': etag } }),
      invalid: await app.inject({ url: '/api/v1/items/offsite-care-filing?region=33' }),
      personal: await app.inject({ url: '/api/v1/me' }),
      staff: await app.inject({ url: '/api/v1/staff/me' }),
      unknown: await app.inject({ url: '/api/v1/nothing-here' })
    }
    expect(Object.fromEntries(Object.entries(answers).map(([k, r]) => [k, r.statusCode]))).toEqual({
      guide: 200,
      brotli: 200,
      revalidated: 304,
      invalid: 400,
      personal: 401,
      staff: 401,
      unknown: 404
    })
    for (const res of Object.values(answers)) {
      expect(res.headers).toMatchObject(API_HEADERS)
      // plain HTTP: no HSTS
      expect(res.headers['strict-transport-security']).toBeUndefined()
    }
    expect(answers.revalidated.headers.etag).toBe(etag)
    expect(answers.revalidated.headers['cache-control']).toBe('public, no-cache')
  })

  it('HSTS on every answer that reached the service over HTTPS, a 304 and a refusal included', async () => {
    const https = { 'x-forwarded-proto': 'https', 'x-forwarded-for': '203.0.113.7' }
    const etag = String((await app.inject({ url: GUIDE })).headers.etag)
    for (const res of [
      await app.inject({ url: GUIDE, headers: https }),
      await app.inject({ url: GUIDE, headers: { ...https, 'if-none-match': etag } }),
      await app.inject({ url: '/api/v1/me', headers: https })
    ]) {
      expect(res.headers['strict-transport-security']).toBe('max-age=31536000; includeSubDomains')
    }
  })

  it('personal answers are no-store, signed in or refused; public catalog answers never are', async () => {
    const session = await signIn(app, '13900002222')
    const me = await app.inject({ url: '/api/v1/me', headers: { authorization: `Bearer ${session.accessToken}` } })
    expect(me.statusCode).toBe(200)
    expect(me.headers['cache-control']).toBe('private, no-store')
    expect((await app.inject({ url: '/api/v1/me' })).headers['cache-control']).toBe('private, no-store')
    const staff = await app.inject({ url: '/api/v1/staff/me', headers: await staffAuth(app) })
    expect(staff.statusCode).toBe(200)
    expect(staff.headers['cache-control']).toBe('private, no-store')
    for (const url of [GUIDE, '/api/v1/regions', '/api/v1/items?region=331100']) {
      expect((await app.inject({ url })).headers['cache-control']).toBe('public, no-cache')
    }
  })

  it('the staff audit records staff routes only, refusals included', async () => {
    await app.inject({ url: GUIDE })
    await app.inject({ url: '/api/v1/me' })
    await app.inject({ url: '/api/v1/staff/evaluations' })
    const trail = await app.inject({ url: '/api/v1/staff/audit?limit=1000', headers: await staffAuth(app, { role: 'admin', name: '审计管理员' }) })
    const entries = trail.json().entries as Array<{ route: string; status: number }>
    expect(entries).toContainEqual(expect.objectContaining({ route: '/api/v1/staff/evaluations', status: 401 }))
    expect(entries.filter((e) => !e.route.startsWith('/api/v1/staff/'))).toEqual([])
  })

  it('a cookie sent to a public route is not read and does no harm; the sign-in routes still read theirs', async () => {
    const res = await app.inject({ url: GUIDE, headers: { cookie: `${REFRESH_COOKIE}=%E0%A4%A; other` } })
    expect(res.statusCode).toBe(200)
    expect(res.headers['set-cookie']).toBeUndefined()
    // the refresh route reads its cookie: a wrong one is refused and cleared (without a cookie nothing is cleared)
    const refresh = await app.inject({ method: 'POST', url: '/api/v1/auth/refresh', cookies: { [REFRESH_COOKIE]: 'not-a-token' }, payload: {} })
    expect(refresh.json().code).toBe('REFRESH_TOKEN_INVALID')
    expect(String(refresh.headers['set-cookie'])).toMatch(new RegExp(`^${REFRESH_COOKIE}=;`))
    expect((await app.inject({ method: 'POST', url: '/api/v1/auth/refresh', payload: {} })).headers['set-cookie']).toBeUndefined()
  })
})
