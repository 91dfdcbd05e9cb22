import Taro from '@tarojs/taro'
import { create } from 'zustand'
import { persist } from 'zustand/middleware'
import { MeResponseSchema, SessionResponseSchema, type RefreshIn, type SessionResponse, type UserView } from '@contract'
import { setTokenProvider, setUnauthorizedHandler } from '../api/auth'
import { apiGet, client } from '../api/client'
import { buildUrl, ROUTES } from '../nav'
import { useActingStore } from '../acting'
import { taroJSONStorage } from '../storage'

/**
 * The signed-in account (001 §3.1.2): a 15-minute access token, the rotating refresh token, and the account as the BFF
 * shows it (phone and identity masked). Where the tokens live depends on the platform (sessionTransport):
 *  - mini-programs: both tokens in platform storage (Taro.setStorage: sandboxed per mini-program, no other page's
 *    script runs there), sent in request bodies;
 *  - H5: the refresh token only in an HttpOnly, Secure, SameSite=Strict cookie scoped to the refresh route, which no
 *    script in the page can read, and the access token only in memory. Storage keeps the masked account and that a
 *    session exists; after a reload the first request refreshes through the cookie.
 *  - every api request carries the access token (the api client's token provider);
 *  - an answer 401 TOKEN_EXPIRED refreshes once and retries; ten requests failing together share one refresh (the
 *    BFF treats two refreshes with the same token as a stolen token and ends the session);
 *  - a failed refresh signs out and sends the citizen to sign in.
 */
export const SESSION_STORAGE_KEY = 'yb.session'

/** Where the refresh token lives: the HttpOnly cookie on H5, the body (and platform storage) in mini-programs. */
export function sessionTransport(): RefreshIn {
  return process.env.TARO_ENV === 'h5' ? 'cookie' : 'body'
}

interface SessionState {
  accessToken: string | null
  /** mini-programs only (H5: in the HttpOnly cookie, never here) */
  refreshToken: string | null
  /** H5: a session exists in the cookie (the page cannot see the cookie itself) */
  cookieSession: boolean
  /** ms since epoch */
  expiresAt: number | null
  user: UserView | null
  setSession: (s: SessionResponse) => void
  setUser: (u: UserView) => void
  clear: () => void
}

/** Signed in: holding a refresh token (mini-programs) or a cookie session (H5). */
function hasSession(s: Pick<SessionState, 'refreshToken' | 'cookieSession'>): boolean {
  return s.refreshToken !== null || s.cookieSession
}

export const useSessionStore = create<SessionState>()(
  persist(
    (set) => ({
      accessToken: null,
      refreshToken: null,
      cookieSession: false,
      expiresAt: null,
      user: null,
      setSession: (s) =>
        set({
          accessToken: s.accessToken,
          refreshToken: s.refreshToken ?? null,
          cookieSession: s.refreshToken === undefined,
          expiresAt: Date.now() + s.expiresIn * 1000,
          user: s.user
        }),
      setUser: (user) => set({ user }),
      clear: () => set({ accessToken: null, refreshToken: null, cookieSession: false, expiresAt: null, user: null })
    }),
    {
      name: SESSION_STORAGE_KEY,
      version: 2,
      storage: taroJSONStorage(),
      // H5: no token is ever written to storage (a script injected into the page could read it there)
      partialize: (s) =>
        sessionTransport() === 'cookie'
          ? { cookieSession: s.cookieSession, user: s.user }
          : { accessToken: s.accessToken, refreshToken: s.refreshToken, expiresAt: s.expiresAt, user: s.user },
      // version 1 kept the H5 refresh token in storage: dropped (the citizen signs in again, now with the cookie)
      migrate: (old, version) => {
        const o = (old ?? {}) as Partial<SessionState>
        if (version < 2 && sessionTransport() === 'cookie') return { cookieSession: false, user: null }
        return o
      }
    }
  )
)

/** The account, or null when signed out; `realNamed` once 实名认证 is done. */
export function useSession(): { user: UserView | null; signedIn: boolean; realNamed: boolean } {
  const user = useSessionStore((s) => s.user)
  const session = useSessionStore(hasSession)
  return { user, signedIn: session && user !== null, realNamed: user?.realName != null }
}

export function setSession(s: SessionResponse): void {
  useSessionStore.getState().setSession(s)
}

let refreshing: Promise<string | null> | null = null

/**
 * One refresh at a time: callers arriving while it runs share its outcome. Resolves the new token or null. H5 sends
 * no token: the browser adds the HttpOnly cookie to this route only, and the answer sets the next one.
 */
export function refreshSession(): Promise<string | null> {
  if (refreshing) return refreshing
  const state = useSessionStore.getState()
  if (!hasSession(state)) return Promise.resolve(null)
  const body = state.refreshToken ? { refreshToken: state.refreshToken } : {}
  refreshing = (async () => {
    try {
      const res = await client.post<unknown>('/api/v1/auth/refresh', body, { headers: { 'Content-Type': 'application/json' }, _ybNoRefresh: true } as object)
      const parsed = SessionResponseSchema.safeParse(res.data)
      if (!parsed.success) throw new Error('bad refresh answer')
      setSession(parsed.data)
      return parsed.data.accessToken
    } catch (err) {
      const status = (err as { status?: number }).status
      // the BFF refused the refresh token (expired, revoked, reused): the session is over
      if (status === 401 || status === 400) useSessionStore.getState().clear()
      return null
    } finally {
      refreshing = null
    }
  })()
  return refreshing
}

/**
 * Signs out here at once, and tells the BFF to end the session (best effort: offline still signs out): with the
 * refresh token (mini-programs), or with the access token, which also clears the refresh cookie (H5).
 */
export async function signOut(): Promise<void> {
  const { refreshToken, cookieSession, accessToken } = useSessionStore.getState()
  useSessionStore.getState().clear()
  // the next account acts for itself, with its own family list
  useActingStore.getState().reset()
  if (!refreshToken && !cookieSession) return
  try {
    await client.post('/api/v1/auth/logout', refreshToken ? { refreshToken } : {}, {
      headers: { 'Content-Type': 'application/json', ...(accessToken ? { Authorization: `Bearer ${accessToken}` } : {}) },
      _ybNoRefresh: true
    } as object)
  } catch {
    // the refresh token expires on its own
  }
}

/** Reloads the account (e.g. after 实名认证 elsewhere). */
export async function refreshMe(): Promise<UserView | null> {
  if (!hasSession(useSessionStore.getState())) return null
  const { user } = await apiGet('/api/v1/me', MeResponseSchema)
  useSessionStore.getState().setUser(user)
  return user
}

function go(url: string): void {
  Taro.navigateTo({ url }).catch(() => {
    Taro.redirectTo({ url }).catch(() => undefined)
  })
}

/**
 * True when the citizen is signed in (and real-named when `realName`); otherwise sends them to sign-in or to
 * 实名认证, to come back to `redirect` afterwards, and resolves false.
 */
export async function ensureSignedIn(opts: { realName: boolean; redirect: string }): Promise<boolean> {
  const { user } = useSessionStore.getState()
  if (!hasSession(useSessionStore.getState()) || !user) {
    go(buildUrl(ROUTES.login, { redirect: opts.redirect }))
    return false
  }
  if (opts.realName && !user.realName) {
    go(buildUrl(ROUTES.realname, { redirect: opts.redirect }))
    return false
  }
  return true
}

// ---- wiring into the api client ----

setTokenProvider(async () => {
  const s = useSessionStore.getState()
  // H5 after a reload: the access token was in memory only; the cookie gets a new one first
  if (!s.accessToken && s.cookieSession) return refreshSession()
  return s.accessToken
})
setUnauthorizedHandler(() => {
  // a request was refused and no refresh could save it: sign-in again on the next protected screen
  if (!hasSession(useSessionStore.getState())) useSessionStore.getState().clear()
})

interface RetryConfig {
  _ybRetried?: boolean
  _ybNoRefresh?: boolean
  headers?: { set?: (k: string, v: string) => void } & Record<string, unknown>
}

client.interceptors.response.use(undefined, async (err: unknown) => {
  const e = err as { code?: string; status?: number; config?: RetryConfig }
  const config = (err as { config?: RetryConfig }).config
  if (e.status === 401 && e.code === 'TOKEN_EXPIRED' && config && !config._ybRetried && !config._ybNoRefresh) {
    const token = await refreshSession()
    if (token) {
      config._ybRetried = true
      if (config.headers?.set) config.headers.set('Authorization', `Bearer ${token}`)
      else if (config.headers) config.headers.Authorization = `Bearer ${token}`
      return client.request(config as object)
    }
  }
  return Promise.reject(err)
})
