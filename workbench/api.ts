import type { StaffSession } from '../contract/staff'
import type { StaffChanges, Todo } from '../contract/workbench'

/**
 * Every call of the staff workbench to the BFF (the workbench is a client of the BFF, never of the database). The
 * staff token lives in sessionStorage: it ends with the browser tab, as a shared counter PC wants.
 */
export interface WorkbenchApi {
  signIn(body: { username: string; password: string; otp: string }): Promise<StaffSession>
  signOut(): Promise<void>
  todo(): Promise<Todo>
  changes(since: string): Promise<StaffChanges>
}

export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string
  ) {
    super(message)
  }
}

const TOKEN_KEY = 'yb-staff-token'

export function storedToken(): string | null {
  return sessionStorage.getItem(TOKEN_KEY)
}

/** A staff request to the BFF with the stored token: JSON, or the raw answer (`blob`) for files; 4xx → ApiError. */
export function staffCaller(base = '') {
  return async <T>(method: string, path: string, body?: unknown, as: 'json' | 'blob' = 'json'): Promise<T> => {
    const token = storedToken()
    const res = await fetch(`${base}${path}`, {
      method,
      headers: { ...(body ? { 'content-type': 'application/json' } : {}), ...(token ? { authorization: `Bearer ${token}` } : {}) },
      body: body ? JSON.stringify(body) : undefined
    })
    if (res.status === 204) return undefined as T
    if (res.ok && as === 'blob') return (await res.blob()) as T
    const json = (await res.json().catch(() => ({}))) as { code?: string; message?: string }
    if (!res.ok) throw new ApiError(res.status, json.code ?? 'ERROR', json.message ?? '服务暂时不可用，请稍后重试')
    return json as T
  }
}

/** The BFF on this origin, through fetch. */
export function httpApi(base = ''): WorkbenchApi {
  const call = staffCaller(base)
  return {
    async signIn(body) {
      const s = await call<StaffSession>('POST', '/api/v1/staff/session', body)
      sessionStorage.setItem(TOKEN_KEY, s.token)
      return s
    },
    async signOut() {
      try {
        await call('DELETE', '/api/v1/staff/session')
      } finally {
        sessionStorage.removeItem(TOKEN_KEY)
      }
    },
    todo: () => call<Todo>('GET', '/api/v1/staff/todo'),
    changes: (since) => call<StaffChanges>('GET', `/api/v1/staff/changes?since=${encodeURIComponent(since)}`)
  }
}
