import Taro from '@tarojs/taro'
import { create } from 'zustand'
import { persist } from 'zustand/middleware'
import { MeResponseSchema, SessionResponseSchema, type SessionResponse, type UserView } from '@contract'
import { setTokenProvider, setUnauthorizedHandler } from '../api/auth'
import { apiGet, client } from '../api/client'
import { buildUrl, ROUTES } from '../nav'
import { useActingStore } from '../acting'
import { taroJSONStorage } from '../storage'

/**
 * The signed-in account (001 §3.1.2), remembered across restarts in device storage: a 15-minute access token, the
 * rotating refresh token, and the account as the BFF shows it (phone and identity masked).
 *  - every api request carries the access token (the api client's token provider);
 *  - an answer 401 TOKEN_EXPIRED refreshes once and retries; ten requests failing together share one refresh (the
 *    BFF treats two refreshes with the same token as a stolen token and ends the session);
 *  - a failed refresh signs out and sends the citizen to sign in.
 */
export const SESSION_STORAGE_KEY = 'yb.session'

interface SessionState {
  accessToken: string | null
  refreshToken: string | null
  /** ms since epoch */
  expiresAt: number | null
  user: UserView | null
  setSession: (s: SessionResponse) => void
  setUser: (u: UserView) => void
  clear: () => void
}

export const useSessionStore = create<SessionState>()(
  persist(
    (set) => ({
      accessToken: null,
      refreshToken: null,
      expiresAt: null,
      user: null,
      setSession: (s) =>
        set({ accessToken: s.accessToken, refreshToken: s.refreshToken, expiresAt: Date.now() + s.expiresIn * 1000, user: s.user }),
      setUser: (user) => set({ user }),
      clear: () => set({ accessToken: null, refreshToken: null, expiresAt: null, user: null })
    }),
    {
      name: SESSION_STORAGE_KEY,
      version: 1,
      storage: taroJSONStorage(),
      partialize: (s) => ({ accessToken: s.accessToken, refreshToken: s.refreshToken, expiresAt: s.expiresAt, user: s.user })
    }
  )
)

/** The account, or null when signed out; `realNamed` once 实名认证 is done. */
export function useSession(): { user: UserView | null; signedIn: boolean; realNamed: boolean } {
  const user = useSessionStore((s) => s.user)
  const token = useSessionStore((s) => s.refreshToken)
  return { user, signedIn: token !== null && user !== null, realNamed: user?.realName != null }
}

export function setSession(s: SessionResponse): void {
  useSessionStore.getState().setSession(s)
}

let refreshing: Promise<string | null> | null = null

/** One refresh at a time: callers arriving while it runs share its outcome. Resolves the new token or null. */
export function refreshSession(): Promise<string | null> {
  if (refreshing) return refreshing
  const refreshToken = useSessionStore.getState().refreshToken
  if (!refreshToken) return Promise.resolve(null)
  refreshing = (async () => {
    try {
      const res = await client.post<unknown>('/api/v1/auth/refresh', { refreshToken }, { headers: { 'Content-Type': 'application/json' }, _ybNoRefresh: true } as object)
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

/** Signs out here at once, and tells the BFF to revoke the refresh token (best effort: offline still signs out). */
export async function signOut(): Promise<void> {
  const refreshToken = useSessionStore.getState().refreshToken
  useSessionStore.getState().clear()
  // the next account acts for itself, with its own family list
  useActingStore.getState().reset()
  if (!refreshToken) return
  try {
    await client.post('/api/v1/auth/logout', { refreshToken }, { headers: { 'Content-Type': 'application/json' } })
  } catch {
    // the refresh token expires on its own
  }
}

/** Reloads the account (e.g. after 实名认证 elsewhere). */
export async function refreshMe(): Promise<UserView | null> {
  if (!useSessionStore.getState().refreshToken) return null
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
  const { user, refreshToken } = useSessionStore.getState()
  if (!refreshToken || !user) {
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

setTokenProvider(() => useSessionStore.getState().accessToken)
setUnauthorizedHandler(() => {
  // a request was refused and no refresh could save it: sign-in again on the next protected screen
  if (!useSessionStore.getState().refreshToken) useSessionStore.getState().clear()
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
