import axios, { type AxiosInstance } from 'axios'
import type { ZodType, ZodTypeDef } from 'zod'
import { currentToken, notifyUnauthorized } from './auth'
import { toAppError } from './errors'
import { EtagCache, withEtagCache } from './etag-cache'
import { mockReady } from './mock-ready'
import { taroRequestAdapter } from './taro-adapter'
import { noteDemoHeader } from '../demo'

/**
 * The one axios instance of the app.
 *  - H5: axios's own XHR adapter; mini-programs: an adapter on Taro.request.
 *  - Base URL from the build-time env TARO_APP_API_BASE ('' on H5, http://127.0.0.1:3000 in mini-programs).
 *  - Every error becomes an AppError `{code, message}` (errors.ts); every response is parsed with the
 *    contract's zod schema, so a screen only ever sees data of the promised shape.
 *  - Auth seam: a token provider (auth.ts) adds `Authorization` when sign-in registers one.
 *  - Revalidation (etag-cache.ts): public answers with an ETag are kept and asked for again with If-None-Match; a 304
 *    is answered from the kept body.
 */
export const API_BASE: string = process.env.TARO_APP_API_BASE ?? (process.env.TARO_ENV === 'h5' ? '' : 'http://127.0.0.1:3000')

export const REQUEST_TIMEOUT_MS = 15_000

/** the client's ETag + body cache (tests clear it) */
export const etagCache = new EtagCache()

function createClient(): AxiosInstance {
  // H5: axios's own adapter (XHR in browsers); mini-programs: Taro.request
  const transport = process.env.TARO_ENV === 'h5' ? axios.getAdapter(axios.defaults.adapter) : taroRequestAdapter
  const instance = axios.create({
    baseURL: API_BASE,
    timeout: REQUEST_TIMEOUT_MS,
    headers: { Accept: 'application/json' },
    adapter: withEtagCache(transport, etagCache)
  })
  instance.interceptors.request.use(async (config) => {
    const mock = mockReady()
    if (mock) await mock
    // the session's own refresh call carries no access token (and must not wait for one)
    const token = (config as { _ybNoRefresh?: boolean })._ybNoRefresh ? null : await currentToken()
    if (token) config.headers.set('Authorization', `Bearer ${token}`)
    return config
  })
  instance.interceptors.response.use(
    (res) => {
      noteDemoHeader(res.headers)
      return res
    },
    (err: unknown) => {
    noteDemoHeader((err as { response?: { headers?: unknown } } | null)?.response?.headers)
    const e = toAppError(err)
    // the request, for the session's refresh-and-retry (src/shared/session); not enumerable, not shown anywhere
    const config = (err as { config?: unknown } | null)?.config
    if (config) Object.defineProperty(e, 'config', { value: config, enumerable: false })
    // an expired access token is refreshed by the session before anyone is sent to sign in
    if (e.status === 401 && e.code !== 'TOKEN_EXPIRED') notifyUnauthorized()
    return Promise.reject(e)
    }
  )
  return instance
}

export const client = createClient()

export type Params = Record<string, string | number | undefined>

/** GET a path and parse the body with a contract schema. Rejects with an AppError. */
export async function apiGet<T>(path: string, schema: ZodType<T, ZodTypeDef, unknown>, params?: Params): Promise<T> {
  const res = await client.get<unknown>(path, { params })
  const parsed = schema.safeParse(res.data)
  if (!parsed.success) throw toAppError(parsed.error)
  return parsed.data
}

export interface SendOptions {
  params?: Params
  headers?: Record<string, string>
  signal?: AbortSignal
}

/** POST/PUT/DELETE a JSON body and parse the answer with a contract schema (z.void()/z.unknown() for 204). */
export async function apiSend<T>(
  method: 'POST' | 'PUT' | 'DELETE',
  path: string,
  schema: ZodType<T, ZodTypeDef, unknown>,
  body?: unknown,
  opts: SendOptions = {}
): Promise<T> {
  const res = await client.request<unknown>({
    method,
    url: path,
    data: body === undefined ? undefined : body,
    params: opts.params,
    headers: { ...(body === undefined ? {} : { 'Content-Type': 'application/json' }), ...opts.headers },
    signal: opts.signal
  })
  const parsed = schema.safeParse(res.status === 204 || res.data === '' ? undefined : res.data)
  if (!parsed.success) throw toAppError(parsed.error)
  return parsed.data
}

export const apiPost = <T>(path: string, schema: ZodType<T, ZodTypeDef, unknown>, body?: unknown, opts?: SendOptions): Promise<T> =>
  apiSend('POST', path, schema, body ?? {}, opts)
export const apiPut = <T>(path: string, schema: ZodType<T, ZodTypeDef, unknown>, body?: unknown, opts?: SendOptions): Promise<T> =>
  apiSend('PUT', path, schema, body ?? {}, opts)
export const apiDelete = <T>(path: string, schema: ZodType<T, ZodTypeDef, unknown>, opts?: SendOptions): Promise<T> =>
  apiSend('DELETE', path, schema, undefined, opts)
