import Taro from '@tarojs/taro'
import axios, { AxiosError, AxiosHeaders, type AxiosAdapter, type AxiosResponse, type InternalAxiosRequestConfig } from 'axios'

/**
 * axios adapter on Taro.request, used in the mini-programs (wx.request / my.request) where there is no XHR.
 * WeChat answers every HTTP status through `success`; Alipay answers a status outside 2xx through `fail` (error 19,
 * with the status and body): both become the same axios response.
 * WeChat allows at most 10 concurrent requests; the adapter queues beyond MAX_CONCURRENT (leaving room for
 * uploads and the platform's own requests).
 */
export const MAX_CONCURRENT = 8

let active = 0
const waiting: Array<() => void> = []

function acquire(): Promise<void> {
  if (active < MAX_CONCURRENT) {
    active += 1
    return Promise.resolve()
  }
  return new Promise((resolve) => waiting.push(() => resolve()))
}

function release(): void {
  const next = waiting.shift()
  if (next) next()
  else active -= 1
}

type Method = 'GET' | 'POST' | 'PUT' | 'DELETE' | 'OPTIONS' | 'HEAD'

function send(config: InternalAxiosRequestConfig): Promise<AxiosResponse> {
  return new Promise((resolve, reject) => {
    const url = axios.getUri(config)
    const header: Record<string, string> = {}
    for (const [k, v] of Object.entries(AxiosHeaders.from(config.headers).toJSON())) {
      if (v !== undefined && v !== null) header[k] = Array.isArray(v) ? v.join(', ') : String(v)
    }
    let settled = false
    /** an HTTP answer, whichever callback it came through */
    const answer = (statusCode: number, data: unknown, headers: unknown): void => {
      if (settled) return
      settled = true
      const response: AxiosResponse = {
        data,
        status: statusCode,
        statusText: String(statusCode),
        headers: AxiosHeaders.from((headers ?? {}) as Record<string, string>),
        config,
        request: task
      }
      const ok = config.validateStatus ? config.validateStatus(statusCode) : statusCode >= 200 && statusCode < 300
      if (ok) resolve(response)
      else
        reject(
          new AxiosError(
            `Request failed with status code ${statusCode}`,
            statusCode >= 500 ? AxiosError.ERR_BAD_RESPONSE : AxiosError.ERR_BAD_REQUEST,
            config,
            task,
            response
          )
        )
    }
    const task = Taro.request({
      url,
      method: (config.method ?? 'get').toUpperCase() as Method,
      data: config.data,
      header,
      timeout: config.timeout || undefined,
      // the raw text: axios's transformResponse parses JSON the same way on every platform
      dataType: 'text',
      responseType: 'text',
      success(res) {
        answer(res.statusCode, res.data, res.header)
      },
      fail(err) {
        // Alipay: an answer outside 2xx arrives here (error 19) with its status and body — it is the BFF's answer
        // (its code and Chinese message), not a network failure
        const http = err as { status?: unknown; statusCode?: unknown; data?: unknown; headers?: unknown; header?: unknown }
        const status = typeof http.status === 'number' ? http.status : typeof http.statusCode === 'number' ? http.statusCode : 0
        if (status > 0) return answer(status, http.data, http.headers ?? http.header)
        if (settled) return
        settled = true
        const msg = (err as { errMsg?: string })?.errMsg ?? 'request:fail'
        const code = /timeout/i.test(msg) ? AxiosError.ECONNABORTED : AxiosError.ERR_NETWORK
        reject(new AxiosError(msg, code, config, task))
      }
    })
    // Taro.request also returns a promise that rejects on failure; the callbacks above handle it
    ;(task as unknown as Promise<unknown>)?.catch?.(() => undefined)
    config.signal?.addEventListener?.('abort', () => {
      if (settled) return
      settled = true
      task.abort?.()
      reject(new AxiosError('canceled', AxiosError.ERR_CANCELED, config, task))
    })
  })
}

export const taroRequestAdapter: AxiosAdapter = async (config) => {
  await acquire()
  try {
    return await send(config)
  } finally {
    release()
  }
}
