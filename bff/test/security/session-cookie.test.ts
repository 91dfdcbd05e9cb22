import { REFRESH_COOKIE } from '../../../contract/auth'
import { authApp, post, requestCode } from '../auth/helpers'

/** The H5 session: the refresh token only in an HttpOnly cookie scoped to the refresh route (contract/auth.ts). */

function cookieOf(setCookie: string | string[] | undefined): { value: string; attrs: string } {
  const line = [setCookie ?? []].flat().find((c) => c.startsWith(`${REFRESH_COOKIE}=`)) ?? ''
  const [pair, ...attrs] = line.split(';').map((s) => s.trim())
  return { value: pair.slice(REFRESH_COOKIE.length + 1), attrs: attrs.join('; ') }
}

it('login (refreshIn: cookie) puts the refresh token in an HttpOnly, Secure, SameSite=Strict cookie for the refresh route only', async () => {
  const ctx = await authApp()
  try {
    const phone = '13800000071'
    const code = await requestCode(ctx.app, phone)
    const login = await post(ctx.app, '/api/v1/auth/login', { phone, code, refreshIn: 'cookie' })
    expect(login.statusCode).toBe(200)
    expect(login.json().refreshToken).toBeUndefined()
    expect(login.headers['cache-control']).toBe('private, no-store')
    const c = cookieOf(login.headers['set-cookie'])
    expect(c.value.length).toBeGreaterThan(30)
    expect(c.attrs).toMatch(/HttpOnly/)
    expect(c.attrs).toMatch(/Secure/)
    expect(c.attrs).toMatch(/SameSite=Strict/)
    expect(c.attrs).toMatch(/Path=\/api\/v1\/auth\/refresh(;|$)/)

    // the refresh route takes the cookie and answers with the next one (rotation), never in the body
    const refreshed = await ctx.app.inject({ method: 'POST', url: '/api/v1/auth/refresh', payload: {}, cookies: { [REFRESH_COOKIE]: c.value } })
    expect(refreshed.statusCode).toBe(200)
    expect(refreshed.json().refreshToken).toBeUndefined()
    const next = cookieOf(refreshed.headers['set-cookie'])
    expect(next.value).not.toBe(c.value)
    // from another site's page: refused (SameSite=Strict aside, the Origin is checked)
    const foreign = await ctx.app.inject({ method: 'POST', url: '/api/v1/auth/refresh', payload: {}, cookies: { [REFRESH_COOKIE]: next.value }, headers: { origin: 'https://evil.example' } })
    expect(foreign.statusCode).toBe(401)
    // the old cookie again is a replay: the session ends
    const replay = await ctx.app.inject({ method: 'POST', url: '/api/v1/auth/refresh', payload: {}, cookies: { [REFRESH_COOKIE]: c.value } })
    expect(replay.json().code).toBe('REFRESH_TOKEN_INVALID')
    expect(cookieOf(replay.headers['set-cookie']).attrs).toMatch(/Max-Age=0|Expires=Thu, 01 Jan 1970/)
  } finally {
    await ctx.cleanup()
  }
})

it('sign-out with the access token ends the session and clears the cookie', async () => {
  const ctx = await authApp()
  try {
    const phone = '13800000072'
    const code = await requestCode(ctx.app, phone)
    const login = await post(ctx.app, '/api/v1/auth/login', { phone, code, refreshIn: 'cookie' })
    const c = cookieOf(login.headers['set-cookie'])
    const out = await ctx.app.inject({ method: 'POST', url: '/api/v1/auth/logout', payload: {}, headers: { authorization: `Bearer ${login.json().accessToken}` } })
    expect(out.statusCode).toBe(204)
    expect(cookieOf(out.headers['set-cookie']).value).toBe('')
    const after = await ctx.app.inject({ method: 'POST', url: '/api/v1/auth/refresh', payload: {}, cookies: { [REFRESH_COOKIE]: c.value } })
    expect(after.json().code).toBe('REFRESH_TOKEN_INVALID')
    expect((await ctx.app.inject({ url: '/api/v1/me', headers: { authorization: `Bearer ${login.json().accessToken}` } })).statusCode).toBe(401)
  } finally {
    await ctx.cleanup()
  }
})

it('mini-programs keep the refresh token in the body, and no cookie is set', async () => {
  const ctx = await authApp()
  try {
    const phone = '13800000073'
    const login = await post(ctx.app, '/api/v1/auth/login', { phone, code: await requestCode(ctx.app, phone) })
    expect(typeof login.json().refreshToken).toBe('string')
    expect(login.headers['set-cookie']).toBeUndefined()
  } finally {
    await ctx.cleanup()
  }
})
