import { ApiErrorSchema, ErrorCode } from '@contract'

/**
 * Errors the app shows. Every failure of the api client becomes an AppError with the contract's
 * `{code, message}` shape (contract/common.ts): the BFF's own code and Chinese message when it sent one,
 * else a client-side code with a Chinese message a citizen can act on.
 */
export const ClientErrorCode = {
  /** no answer at all: offline, DNS, BFF down, timeout */
  NETWORK: 'NETWORK_ERROR',
  /** the BFF answered, but not with what the contract promises */
  BAD_RESPONSE: 'BAD_RESPONSE'
} as const

export const MESSAGES = {
  network: '网络不给力，请检查网络后重试',
  timeout: '网络不给力，请求超时了，请稍后重试',
  server: '服务暂时不可用，请稍后重试',
  notFound: '没有找到相关内容',
  badResponse: '数据出了点问题，请稍后重试',
  unknown: '出了点问题，请稍后重试'
} as const

export interface AppError extends Error {
  name: 'AppError'
  code: string
  /** HTTP status when the BFF answered */
  status?: number
  fields?: Record<string, string>
}

export function appError(code: string, message: string, status?: number, fields?: Record<string, string>): AppError {
  const e = new Error(message) as AppError
  e.name = 'AppError'
  e.code = code
  if (status !== undefined) e.status = status
  if (fields) e.fields = fields
  return e
}

export function isAppError(e: unknown): e is AppError {
  return typeof e === 'object' && e !== null && (e as { name?: unknown }).name === 'AppError' && typeof (e as { code?: unknown }).code === 'string'
}

interface AxiosLike {
  isAxiosError?: boolean
  code?: string
  message?: string
  response?: { status: number; data: unknown }
}

function parseBody(data: unknown): unknown {
  if (typeof data !== 'string') return data
  try {
    return JSON.parse(data)
  } catch {
    return null
  }
}

/** Maps anything thrown by a request (axios error, zod error, …) to an AppError. */
export function toAppError(err: unknown): AppError {
  if (isAppError(err)) return err
  const ax = err as AxiosLike
  if (ax && typeof ax === 'object' && ax.isAxiosError) {
    if (ax.response) {
      const { status } = ax.response
      const body = ApiErrorSchema.safeParse(parseBody(ax.response.data))
      if (body.success) return appError(body.data.code, body.data.message, status, body.data.fields)
      if (status === 404) return appError(ErrorCode.NOT_FOUND, MESSAGES.notFound, status)
      if (status >= 500) return appError(ErrorCode.INTERNAL, MESSAGES.server, status)
      return appError(ClientErrorCode.BAD_RESPONSE, MESSAGES.badResponse, status)
    }
    const timedOut = ax.code === 'ECONNABORTED' || ax.code === 'ETIMEDOUT' || /timeout/i.test(ax.message ?? '')
    return appError(ClientErrorCode.NETWORK, timedOut ? MESSAGES.timeout : MESSAGES.network)
  }
  if (err && typeof err === 'object' && (err as { name?: unknown }).name === 'ZodError') {
    return appError(ClientErrorCode.BAD_RESPONSE, MESSAGES.badResponse)
  }
  return appError(ErrorCode.INTERNAL, MESSAGES.unknown)
}

/**
 * The BFF no longer knows the session (401: the sign-in expired, was ended elsewhere, or the refresh failed): 重试
 * cannot help — only signing in again can.
 */
export function isSessionEnded(e: Pick<AppError, 'code'> & { status?: number }): boolean {
  return e.status === 401 && ([ErrorCode.UNAUTHORIZED, ErrorCode.TOKEN_EXPIRED, ErrorCode.REFRESH_TOKEN_INVALID] as string[]).includes(e.code)
}
