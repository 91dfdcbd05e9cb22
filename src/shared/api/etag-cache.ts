import axios, { AxiosHeaders, type AxiosAdapter, type AxiosResponse, type InternalAxiosRequestConfig } from 'axios'

/**
 * Revalidation in the app's HTTP client, the same on every platform (H5's XHR adapter, the mini-programs' Taro.request
 * adapter — wx.request has no HTTP cache of its own): a GET answered 200 with an `ETag` (the BFF's catalog and search
 * answers) is kept as ETag + raw body; the next GET of the same URL sends `If-None-Match`, and a `304 Not Modified`
 * (no body) is answered from the kept body as a 200, so screens and axios's JSON parsing never see a difference.
 * Answers marked `no-store` or `private` (personal data) are never kept. At most ETAG_CACHE_MAX entries, least
 * recently used dropped; bodies over ETAG_BODY_MAX are not kept.
 */
export const ETAG_CACHE_MAX = 64
export const ETAG_BODY_MAX = 256 * 1024

interface Entry {
  etag: string
  data: unknown
  headers: AxiosResponse['headers']
}

export class EtagCache {
  private readonly entries = new Map<string, Entry>()

  constructor(private readonly max = ETAG_CACHE_MAX) {}

  get(url: string): Entry | undefined {
    const e = this.entries.get(url)
    if (e) {
      this.entries.delete(url)
      this.entries.set(url, e) // most recently used last
    }
    return e
  }

  set(url: string, e: Entry): void {
    this.entries.delete(url)
    if (this.entries.size >= this.max) this.entries.delete(this.entries.keys().next().value!)
    this.entries.set(url, e)
  }

  get size(): number {
    return this.entries.size
  }

  clear(): void {
    this.entries.clear()
  }
}

const header = (h: AxiosResponse['headers'], name: string): string => {
  const v = AxiosHeaders.from(h as Record<string, string>).get(name)
  return typeof v === 'string' ? v : ''
}

function bodySize(data: unknown): number {
  if (typeof data === 'string') return data.length
  try {
    return JSON.stringify(data)?.length ?? 0
  } catch {
    return Infinity
  }
}

/** Wraps an axios adapter with the ETag cache. */
export function withEtagCache(adapter: AxiosAdapter, cache: EtagCache = new EtagCache()): AxiosAdapter {
  return async (config: InternalAxiosRequestConfig) => {
    if ((config.method ?? 'get').toLowerCase() !== 'get') return adapter(config)
    const url = axios.getUri(config)
    const kept = cache.get(url)
    const headers = AxiosHeaders.from(config.headers)
    if (kept && !headers.has('If-None-Match')) headers.set('If-None-Match', kept.etag)
    const accept = config.validateStatus
    const res = await adapter({
      ...config,
      headers,
      // a 304 is an answer here, not an error: it becomes the kept 200 below
      validateStatus: (s) => (kept !== undefined && s === 304) || (accept ? accept(s) : s >= 200 && s < 300)
    })
    if (res.status === 304 && kept) {
      return { ...res, status: 200, statusText: 'OK', data: kept.data, headers: AxiosHeaders.from({ ...(kept.headers as object), ...(res.headers as object) }) }
    }
    const etag = header(res.headers, 'etag')
    const cacheControl = header(res.headers, 'cache-control').toLowerCase()
    if (res.status === 200 && etag && !/no-store|private/.test(cacheControl) && bodySize(res.data) <= ETAG_BODY_MAX) {
      cache.set(url, { etag, data: res.data, headers: res.headers })
    }
    return res
  }
}
