import Taro from '@tarojs/taro'
import type { ZodType, ZodTypeDef } from 'zod'
import { currentToken, notifyUnauthorized } from './auth'
import { API_BASE, client } from './client'
import { appError, ClientErrorCode, isAppError, MESSAGES, toAppError, type AppError } from './errors'
import { idempotencyHeaders } from './idempotency'
import { mockReady } from './mock-ready'
import type { CancelSignal } from './cancel'

/**
 * The upload transport: one multipart POST with the file in the field `file` (contract/apply.ts), with progress and
 * cancel, on every platform.
 *  - H5: the api client (axios XHR): FormData, onUploadProgress, an AbortSignal.
 *  - mini-programs: Taro.uploadFile (wx.uploadFile / my.uploadFile — there is no FormData there), progress from
 *    task.onProgressUpdate, cancel with task.abort(). WeChat hands back res.data as a string: it is parsed here.
 *    Alipay needs fileType 'image' and reports a non-2xx answer through `fail` (with the status and body when it
 *    has them): both are mapped to the contract's error like any other answer.
 * Every failure is an AppError: the BFF's code and Chinese message (UPLOAD_TOO_LARGE, UPLOAD_TYPE_UNSUPPORTED…
 * are shown as they are), NETWORK_ERROR with a Chinese message when there was no answer, CANCELED when the
 * citizen cancelled.
 */
export const UPLOAD_TIMEOUT_MS = 60_000
export const UPLOAD_FIELD = 'file'
export const UPLOAD_CANCELED = 'CANCELED'

/** What is uploaded: a file path (mini-programs) or bytes (H5). `PickedFile` of src/shared/media fits. */
export interface UploadSource {
  path: string
  name: string
  mime?: string
  blob?: Blob
}

export interface UploadRequest {
  /** an API path, e.g. /api/v1/drafts/:id/materials/:materialId */
  path: string
  file: UploadSource
  /** sent as Idempotency-Key: a retry of the same file with the same key is stored once (shared/api/idempotency.ts) */
  idempotencyKey?: string
  /** 0…1 */
  onProgress?: (fraction: number) => void
  signal?: CancelSignal
}

/** Sends the file; resolves with the parsed JSON body of a 2xx answer, rejects with an AppError. */
export type UploadTransport = (req: UploadRequest) => Promise<unknown>

export function canceledError(): AppError {
  return appError(UPLOAD_CANCELED, '已取消上传')
}

function parseBody(data: unknown): unknown {
  if (typeof data !== 'string') return data
  if (data === '') return undefined
  try {
    return JSON.parse(data)
  } catch {
    return data
  }
}

/** The AppError for an HTTP answer that is not 2xx (the same mapping as the api client's). */
export function httpError(status: number, data: unknown): AppError {
  const e = toAppError({ isAxiosError: true, response: { status, data: parseBody(data) } })
  if (status === 401) notifyUnauthorized()
  return e
}

function clamp01(n: number): number {
  return Number.isFinite(n) ? Math.min(1, Math.max(0, n)) : 0
}

// ---------- H5 ----------

export const h5UploadTransport: UploadTransport = async ({ path, file, onProgress, signal, idempotencyKey }) => {
  if (!file.blob) throw appError(ClientErrorCode.BAD_RESPONSE, '无法读取所选文件，请重新选择')
  if (signal?.aborted) throw canceledError()
  const form = new FormData()
  form.append(UPLOAD_FIELD, file.blob, file.name)
  try {
    const res = await client.post<unknown>(path, form, {
      signal,
      headers: idempotencyKey ? idempotencyHeaders(idempotencyKey) : undefined,
      timeout: UPLOAD_TIMEOUT_MS,
      onUploadProgress: (e) => {
        const fraction = e.total ? e.loaded / e.total : (e.progress ?? 0)
        onProgress?.(clamp01(fraction))
      }
    })
    return parseBody(res.data)
  } catch (e) {
    if (signal?.aborted) throw canceledError()
    throw isAppError(e) ? e : toAppError(e)
  }
}

// ---------- mini-programs ----------

interface MiniUploadTask {
  abort?: () => void
  onProgressUpdate?: (cb: (r: { progress: number; totalBytesSent?: number; totalBytesExpectedToSend?: number }) => void) => void
}

interface MiniFail {
  errMsg?: string
  errorMessage?: string
  error?: number
  statusCode?: number
  status?: number
  data?: unknown
}

export function miniUploadTransport(platform: 'weapp' | 'alipay'): UploadTransport {
  return async ({ path, file, onProgress, signal, idempotencyKey }) => {
    if (signal?.aborted) throw canceledError()
    const mock = mockReady()
    if (mock) await mock
    const token = await currentToken()
    return new Promise<unknown>((resolve, reject) => {
      let settled = false
      const finish = (fn: () => void) => {
        if (settled) return
        settled = true
        fn()
      }
      const options = {
        url: `${API_BASE}${path}`,
        filePath: file.path,
        // Taro renames `name` to Alipay's `fileName` (the form field) itself
        name: UPLOAD_FIELD,
        // the part's filename is the temp file's (WeChat: tmp_4f1c….jpg); the name the citizen sees goes alongside
        formData: { fileName: file.name },
        header: { ...(token ? { Authorization: `Bearer ${token}` } : {}), ...(idempotencyKey ? idempotencyHeaders(idempotencyKey) : {}) },
        timeout: UPLOAD_TIMEOUT_MS,
        // Alipay requires the file type (image / video / audio); PDFs cannot be picked there
        ...(platform === 'alipay' ? { fileType: 'image' } : {}),
        success(res: { statusCode?: number; status?: number; data?: unknown }) {
          const status = res.statusCode ?? res.status ?? 0
          finish(() => {
            if (status >= 200 && status < 300) resolve(parseBody(res.data))
            else reject(httpError(status, res.data))
          })
        },
        fail(err: MiniFail) {
          finish(() => {
            if (signal?.aborted || /abort/i.test(err?.errMsg ?? '')) return reject(canceledError())
            const status = err?.statusCode ?? err?.status
            // Alipay: a non-2xx answer arrives here (error 19, "HTTP 错误") with its status and body
            if (typeof status === 'number' && status >= 300) return reject(httpError(status, err.data))
            const msg = `${err?.errMsg ?? ''} ${err?.errorMessage ?? ''}`
            reject(appError(ClientErrorCode.NETWORK, /timeout|超时/i.test(msg) ? MESSAGES.timeout : MESSAGES.network))
          })
        }
      }
      const task = Taro.uploadFile(options as Taro.uploadFile.Option) as unknown as MiniUploadTask & Promise<unknown>
      // Taro.uploadFile also returns a promise that rejects on failure; the callbacks above handle it
      task?.catch?.(() => undefined)
      task?.onProgressUpdate?.((r) => {
        const fraction = r.totalBytesExpectedToSend ? (r.totalBytesSent ?? 0) / r.totalBytesExpectedToSend : r.progress / 100
        onProgress?.(clamp01(fraction))
      })
      signal?.addEventListener?.('abort', () => {
        task?.abort?.()
        finish(() => reject(canceledError()))
      })
    })
  }
}

/** The transport of the platform this bundle was built for. */
export function platformUploadTransport(): UploadTransport {
  const env = process.env.TARO_ENV
  if (env === 'weapp' || env === 'alipay') return miniUploadTransport(env)
  return h5UploadTransport
}

/** Uploads a file and parses the answer with a contract schema (e.g. DraftSchema). */
export interface UploadOptions {
  onProgress?: (fraction: number) => void
  signal?: CancelSignal
  transport?: UploadTransport
  /** the write's Idempotency-Key (withRetryKey), so a retry of the same file is stored once */
  idempotencyKey?: string
}

export async function uploadFile<T>(path: string, file: UploadSource, schema: ZodType<T, ZodTypeDef, unknown>, opts: UploadOptions = {}): Promise<T> {
  const transport = opts.transport ?? platformUploadTransport()
  const body = await transport({ path, file, onProgress: opts.onProgress, signal: opts.signal, idempotencyKey: opts.idempotencyKey })
  const parsed = schema.safeParse(body)
  if (!parsed.success) throw toAppError(parsed.error)
  opts.onProgress?.(1)
  return parsed.data
}
