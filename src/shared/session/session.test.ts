import { http, HttpResponse } from 'msw'
import { z } from 'zod'
import type { SessionResponse } from '@contract'
import { server } from '../../../mock/node'
import { recordNavigation, type NavRecord } from '../../../test/render'
import { API_BASE, apiGet } from '../api/client'
import { ROUTES } from '../nav'
import { ensureSignedIn, setSession, signOut, useSessionStore } from './index'

const P = `${API_BASE}/api/v1`

function session(n: number, realName = true): SessionResponse {
  return {
    accessToken: `access-${n}`,
    refreshToken: `refresh-${n}`,
    expiresIn: 900,
    user: {
      id: 'u1',
      phone: '138****0001',
      realName: realName ? { name: '张*', idNumber: '331102********0025', verifiedAt: '2026-11-22T02:00:00Z' } : null,
      platforms: []
    }
  }
}

let nav: NavRecord
beforeEach(() => {
  nav = recordNavigation()
  useSessionStore.getState().clear()
})
afterEach(() => nav.restore())

describe('session (001 §3.1.2)', () => {
  it('sends the access token, and refreshes an expired one once for ten requests failing together', async () => {
    setSession(session(1))
    let refreshes = 0
    const seen: string[] = []
    server.use(
      http.get(`${P}/me`, ({ request }) => {
        const auth = request.headers.get('authorization') ?? ''
        seen.push(auth)
        if (auth !== 'Bearer access-2') return HttpResponse.json({ code: 'TOKEN_EXPIRED', message: '登录已过期，请重新登录' }, { status: 401 })
        return HttpResponse.json({ user: session(2).user })
      }),
      http.post(`${P}/auth/refresh`, async ({ request }) => {
        refreshes += 1
        const body = (await request.json()) as { refreshToken: string }
        expect(body.refreshToken).toBe('refresh-1')
        // a slow answer, so the ten expired requests all wait on the same refresh
        await new Promise((r) => setTimeout(r, 50))
        return HttpResponse.json(session(2))
      })
    )
    const results = await Promise.all(Array.from({ length: 10 }, () => apiGet('/api/v1/me', z.object({ user: z.object({ id: z.string() }) }))))
    expect(results.every((r) => r.user.id === 'u1')).toBe(true)
    expect(refreshes).toBe(1)
    expect(seen.filter((a) => a === 'Bearer access-1')).toHaveLength(10)
    expect(useSessionStore.getState()).toMatchObject({ accessToken: 'access-2', refreshToken: 'refresh-2' })
  })

  it('a refused refresh ends the session', async () => {
    setSession(session(1))
    server.use(
      http.get(`${P}/me`, () => HttpResponse.json({ code: 'TOKEN_EXPIRED', message: '登录已过期，请重新登录' }, { status: 401 })),
      http.post(`${P}/auth/refresh`, () => HttpResponse.json({ code: 'REFRESH_TOKEN_INVALID', message: '登录已失效，请重新登录' }, { status: 401 }))
    )
    await expect(apiGet('/api/v1/me', z.unknown())).rejects.toMatchObject({ code: 'TOKEN_EXPIRED' })
    expect(useSessionStore.getState().refreshToken).toBeNull()
  })

  it('ensureSignedIn sends the citizen to sign in, then to 实名认证, and lets them through when both are done', async () => {
    expect(await ensureSignedIn({ realName: true, redirect: '/packages/apply/pages/notice/index?itemId=x' })).toBe(false)
    expect(nav.last()).toEqual({ route: ROUTES.login, params: { redirect: '/packages/apply/pages/notice/index?itemId=x' } })
    setSession(session(1, false))
    expect(await ensureSignedIn({ realName: false, redirect: '/a' })).toBe(true)
    expect(await ensureSignedIn({ realName: true, redirect: '/a' })).toBe(false)
    expect(nav.last()).toEqual({ route: ROUTES.realname, params: { redirect: '/a' } })
    setSession(session(1, true))
    expect(await ensureSignedIn({ realName: true, redirect: '/a' })).toBe(true)
  })

  it('H5: the refresh token stays in the HttpOnly cookie; no token is ever written to storage; a reload refreshes first', async () => {
    const { refreshToken: _inCookie, ...cookieSession } = session(5)
    setSession(cookieSession)
    expect(useSessionStore.getState()).toMatchObject({ accessToken: 'access-5', refreshToken: null, cookieSession: true })
    const stored = localStorage.getItem('yb.session') ?? ''
    expect(stored).toContain('cookieSession')
    expect(stored).not.toContain('access-5')
    // a reload: the access token was in memory only
    useSessionStore.setState({ accessToken: null, expiresAt: null })
    const refreshBodies: unknown[] = []
    let seen = ''
    server.use(
      http.post(`${P}/auth/refresh`, async ({ request }) => {
        refreshBodies.push(await request.json())
        const { refreshToken: _c, ...next } = session(6)
        return HttpResponse.json(next)
      }),
      http.get(`${P}/me`, ({ request }) => {
        seen = request.headers.get('authorization') ?? ''
        return HttpResponse.json({ user: session(6).user })
      })
    )
    await apiGet('/api/v1/me', z.unknown())
    // the browser sends the cookie; the page sends no token of its own
    expect(refreshBodies).toEqual([{}])
    expect(seen).toBe('Bearer access-6')
  })

  it('signs out here even when the BFF cannot be reached, and revokes the refresh token when it can', async () => {
    setSession(session(1))
    let revoked = ''
    server.use(
      http.post(`${P}/auth/logout`, async ({ request }) => {
        revoked = ((await request.json()) as { refreshToken: string }).refreshToken
        return new HttpResponse(null, { status: 204 })
      })
    )
    await signOut()
    expect(revoked).toBe('refresh-1')
    expect(useSessionStore.getState()).toMatchObject({ accessToken: null, refreshToken: null, user: null })
    setSession(session(3))
    server.use(http.post(`${P}/auth/logout`, () => HttpResponse.error()))
    await signOut()
    expect(useSessionStore.getState().refreshToken).toBeNull()
  })
})
