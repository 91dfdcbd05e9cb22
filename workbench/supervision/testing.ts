import type { StaffRequester } from '../api'
import { ApiError } from '../api'

/**
 * A fake of the staff API for the screens' tests: `routes` answers "METHOD /path" (query string included) with a
 * value, or throws the ApiError it returns from a function. Every call is kept in `calls`.
 */
export function fakeRequester(routes: Record<string, unknown | ((body: unknown) => unknown)>): StaffRequester & { calls: { method: string; path: string; body?: unknown }[] } {
  const calls: { method: string; path: string; body?: unknown }[] = []
  return {
    calls,
    async request<T>(method: string, path: string, body?: unknown): Promise<T> {
      calls.push({ method, path, body })
      const key = `${method} ${path}`
      if (!(key in routes)) throw new ApiError(404, 'NOT_FOUND', `no fake for ${key}`)
      const r = routes[key]
      const out = typeof r === 'function' ? (r as (b: unknown) => unknown)(body) : r
      if (out instanceof ApiError) throw out
      return out as T
    },
    async objectUrl(path: string) {
      calls.push({ method: 'GET', path })
      return `blob:${path}`
    }
  }
}
