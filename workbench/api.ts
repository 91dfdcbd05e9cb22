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
  /** any other staff route, JSON in and out (the screens' own api.ts files name them) */
  request<T>(method: string, path: string, body?: unknown): Promise<T>
  /** a protected image (a rating's photo) as an object URL: an <img src> cannot carry the bearer token */
  objectUrl(path: string): Promise<string>
}

/** what a screen needs of the API to make its own calls */
export type StaffRequester = Pick<WorkbenchApi, 'request' | 'objectUrl'>

export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    /** the BFF's field-level messages (field → Chinese message), for a form to show beside each field */
    readonly fields: Record<string, string> = {}
  ) {
    super(message)
  }
}

const TOKEN_KEY = 'yb-staff-token'

export function storedToken(): string | null {
  return sessionStorage.getItem(TOKEN_KEY)
}

/** The BFF on this origin, through fetch. */
export function httpApi(base = ''): WorkbenchApi {
  const call = async <T>(method: string, path: string, body?: unknown): Promise<T> => {
    const token = storedToken()
    const res = await fetch(`${base}${path}`, {
      method,
      headers: { ...(body ? { 'content-type': 'application/json' } : {}), ...(token ? { authorization: `Bearer ${token}` } : {}) },
      body: body ? JSON.stringify(body) : undefined
    })
    if (res.status === 204) return undefined as T
    const json = (await res.json().catch(() => ({}))) as { code?: string; message?: string; fields?: Record<string, string> }
    if (!res.ok) throw new ApiError(res.status, json.code ?? 'ERROR', json.message ?? '服务暂时不可用，请稍后重试', json.fields)
    return json as T
  }
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
    changes: (since) => call<StaffChanges>('GET', `/api/v1/staff/changes?since=${encodeURIComponent(since)}`),
    request: call,
    async objectUrl(path) {
      const token = storedToken()
      const res = await fetch(`${base}${path}`, { headers: token ? { authorization: `Bearer ${token}` } : {} })
      if (!res.ok) throw new ApiError(res.status, 'ERROR', '图片无法加载')
      return URL.createObjectURL(await res.blob())
    }
  }
}
