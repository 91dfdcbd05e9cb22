import { SignJWT } from 'jose'
import { ACCESS_TOKEN_TTL_SECONDS, REFRESH_TOKEN_TTL_DAYS } from '../../src/services/tokens'
import { MINUTE, SECOND, authApp, getAuthed, post, signIn } from './helpers'

/** Sessions (001 §3.1.2): 15-minute access JWTs, rotating refresh tokens with reuse detection, logout, restarts. */

const PHONE = '13800000001'
let ctx: Awaited<ReturnType<typeof authApp>>
beforeEach(async () => {
  ctx = await authApp()
})
afterEach(async () => {
  await ctx.cleanup()
})

const me = (token?: string) => getAuthed(ctx.app, '/api/v1/me', token)
const refresh = (refreshToken: string) => post(ctx.app, '/api/v1/auth/refresh', { refreshToken })

describe('access tokens', () => {
  it('last 15 minutes, then answer 401 TOKEN_EXPIRED; a refresh gives a working one', async () => {
    const s = await signIn(ctx.app, PHONE)
    expect(s.expiresIn).toBe(ACCESS_TOKEN_TTL_SECONDS)
    ctx.clock.advance(ACCESS_TOKEN_TTL_SECONDS * SECOND - SECOND)
    expect((await me(s.accessToken)).statusCode).toBe(200)
    ctx.clock.advance(SECOND)
    const expired = await me(s.accessToken)
    expect(expired.statusCode).toBe(401)
    expect(expired.json()).toEqual({ code: 'TOKEN_EXPIRED', message: '登录已过期，请重新登录' })

    const r = await refresh(s.refreshToken)
    expect(r.statusCode).toBe(200)
    expect((await me(r.json().accessToken)).statusCode).toBe(200)
  })

  it.each([
    ['no header', undefined, '请先登录'],
    ['not a bearer token', 'Basic dXNlcjpwYXNz', '请先登录'],
    ['garbage', 'Bearer not.a.jwt', '登录状态已失效，请重新登录']
  ])('refuses %s with 401 UNAUTHORIZED', async (_label, authorization, message) => {
    const res = await ctx.app.inject({ method: 'GET', url: '/api/v1/me', headers: authorization ? { authorization } : {} })
    expect(res.statusCode).toBe(401)
    expect(res.json()).toEqual({ code: 'UNAUTHORIZED', message })
  })

  it('refuses a token signed with another key, or with its claims changed', async () => {
    const s = await signIn(ctx.app, PHONE)
    const [, payload] = s.accessToken.split('.')
    const claims = JSON.parse(Buffer.from(payload, 'base64url').toString()) as Record<string, unknown>
    const forged = await new SignJWT(claims)
      .setProtectedHeader({ alg: 'HS256' })
      .sign(new TextEncoder().encode('an-attacker-key-that-is-long-enough-1234'))
    expect((await me(forged)).json().code).toBe('UNAUTHORIZED')
    // same signature, another user id in the payload
    const [h, , sig] = s.accessToken.split('.')
    const tampered = [h, Buffer.from(JSON.stringify({ ...claims, sub: 'someone-else' })).toString('base64url'), sig].join('.')
    expect((await me(tampered)).json().code).toBe('UNAUTHORIZED')
  })
})

describe('refresh tokens', () => {
  it('rotate on every refresh; reusing an old one revokes the whole session (family)', async () => {
    const s = await signIn(ctx.app, PHONE)
    const other = await signIn(ctx.app, '13900000002') // another account's session is untouched throughout
    const r1 = (await refresh(s.refreshToken)).json()
    expect(r1.refreshToken).not.toBe(s.refreshToken)
    const r2 = (await refresh(r1.refreshToken)).json()
    expect(r2.refreshToken).not.toBe(r1.refreshToken)

    // the first token again: someone kept a copy
    const reused = await refresh(s.refreshToken)
    expect(reused.statusCode).toBe(401)
    expect(reused.json()).toEqual({ code: 'REFRESH_TOKEN_INVALID', message: '登录已失效，请重新登录' })
    // the whole family is gone: the newest refresh token and the access tokens of the session
    expect((await refresh(r2.refreshToken)).statusCode).toBe(401)
    expect((await me(r2.accessToken)).statusCode).toBe(401)

    expect((await me(other.accessToken)).statusCode).toBe(200)
    expect((await refresh(other.refreshToken)).statusCode).toBe(200)
  })

  it('a second sign-in of the same account is a separate session', async () => {
    const phoneA = await signIn(ctx.app, PHONE)
    ctx.clock.advance(MINUTE)
    const tablet = await signIn(ctx.app, PHONE)
    expect(tablet.user.id).toBe(phoneA.user.id)
    expect((await post(ctx.app, '/api/v1/auth/logout', { refreshToken: phoneA.refreshToken })).statusCode).toBe(204)
    expect((await me(phoneA.accessToken)).statusCode).toBe(401)
    expect((await me(tablet.accessToken)).statusCode).toBe(200)
  })

  it(`expire after ${REFRESH_TOKEN_TTL_DAYS} days without use`, async () => {
    const s = await signIn(ctx.app, PHONE)
    ctx.clock.advance(REFRESH_TOKEN_TTL_DAYS * 24 * 60 * MINUTE)
    const res = await refresh(s.refreshToken)
    expect(res.statusCode).toBe(401)
    expect(res.json().code).toBe('REFRESH_TOKEN_INVALID')
  })

  it('refuses unknown tokens; logout of an unknown token is still 204', async () => {
    expect((await refresh('no-such-token')).json().code).toBe('REFRESH_TOKEN_INVALID')
    expect((await post(ctx.app, '/api/v1/auth/logout', { refreshToken: 'no-such-token' })).statusCode).toBe(204)
    const empty = await refresh('')
    expect(empty.statusCode).toBe(400)
    expect(empty.json().code).toBe('VALIDATION_FAILED')
  })
})

describe('the token key', () => {
  it('is generated once and kept in the database: a restart and a second instance accept the same tokens', async () => {
    const s = await signIn(ctx.app, PHONE)
    // a second instance on the same data folder, while the first still runs
    const second = await authApp({ dataDir: ctx.dataDir, clock: ctx.clock.now })
    try {
      expect((await getAuthed(second.app, '/api/v1/me', s.accessToken)).statusCode).toBe(200)
      const r = await post(second.app, '/api/v1/auth/refresh', { refreshToken: s.refreshToken })
      expect(r.statusCode).toBe(200)
      expect((await me(r.json().accessToken)).statusCode).toBe(200)
      // the rotated token is spent for both instances
      expect((await refresh(s.refreshToken)).statusCode).toBe(401)
    } finally {
      await second.app.close()
    }
  })

  it('is TOKEN_SECRET when set: tokens made with another key are refused', async () => {
    const s = await signIn(ctx.app, PHONE)
    const withSecret = await authApp({ dataDir: ctx.dataDir, clock: ctx.clock.now, config: { tokenSecret: 'x'.repeat(40) } })
    try {
      expect((await getAuthed(withSecret.app, '/api/v1/me', s.accessToken)).json().code).toBe('UNAUTHORIZED')
      const own = await signIn(withSecret.app, '13900000002')
      expect((await getAuthed(withSecret.app, '/api/v1/me', own.accessToken)).statusCode).toBe(200)
      expect((await me(own.accessToken)).statusCode).toBe(401)
    } finally {
      await withSecret.app.close()
    }
  })
})
