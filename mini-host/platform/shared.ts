import sharp from 'sharp'
import type { Device } from '../device'

/**
 * What the WeChat and Alipay API objects of the host share: real HTTP (to the real BFF the test started), real image
 * work (sharp re-encodes for compressImage and reads getImageInfo, as the phone's codec would), callbacks delivered
 * asynchronously on the app's own timers (so an exception in one is the app's uncaught error, and nothing arrives
 * after the app was killed), and values handed over in the app's own realm (its Array, Object, ArrayBuffer).
 */
export interface Realm {
  /** a plain JSON value rebuilt in the app's realm */
  json<T>(value: T): T
  /** bytes as an ArrayBuffer of the app's realm */
  arrayBuffer(bytes: Buffer): ArrayBuffer
  /** pixels (RGBA) as a Uint8ClampedArray of the app's realm, as a canvas's getImageData gives them */
  pixels(rgba: Uint8ClampedArray): Uint8ClampedArray
  /** bytes of an ArrayBuffer / typed array / string coming from the app */
  bytesOf(data: unknown): Buffer | null
}

export interface Navigation {
  navigateTo(url: string): Promise<void>
  redirectTo(url: string): Promise<void>
  reLaunch(url: string): Promise<void>
  navigateBack(delta: number): Promise<void>
}

export interface ApiEnv {
  device: Device
  realm: Realm
  nav: Navigation
  /** the route on top of the stack */
  route(): string
  /** runs fn on the app's timers (errors in it are the app's uncaught errors; dropped after a kill) */
  later(fn: () => void, ms?: number): void
  /** network tasks in flight right now (request + uploadFile + downloadFile) */
  inflight: { now: number; max: number }
  /** set the title of the page on top */
  setTitle(title: string): void
  /** scrolls the page on top (pageScrollTo) */
  scrollTo(top: number): void
  /** where a URL of the build really goes: the build's API origin is mapped to the BFF the test started */
  resolveUrl(url: string): string
}

type Callbacks = { success?: (r: unknown) => void; fail?: (r: unknown) => void; complete?: (r: unknown) => void }

/** Calls success/fail then complete on the app's timers; returns the promise the base library also returns. */
export function settle(env: ApiEnv, opts: Callbacks | undefined, run: () => Promise<{ ok: true; res: object } | { ok: false; res: object }>): Promise<unknown> {
  return run().then(
    (out) =>
      new Promise((resolve, reject) =>
        env.later(() => {
          const res = env.realm.json(out.res)
          if (out.ok) opts?.success?.(res)
          else opts?.fail?.(res)
          opts?.complete?.(res)
          if (out.ok) resolve(res)
          else if (opts?.fail || opts?.success || opts?.complete) resolve(undefined)
          else reject(res)
        })
      )
  )
}

export interface HttpAnswer {
  status: number
  headers: Record<string, string>
  body: Buffer
}

export class NetworkFailure extends Error {}

/** One HTTP exchange with the BFF over the loopback network. */
export async function http(opts: { url: string; method: string; headers: Record<string, string>; body?: Buffer | string | FormData; timeoutMs: number; signal?: AbortSignal }): Promise<HttpAnswer> {
  if (!/^https?:\/\//.test(opts.url)) throw new NetworkFailure(`invalid url ${opts.url}`)
  const timeout = AbortSignal.timeout(opts.timeoutMs)
  const signal = opts.signal ? AbortSignal.any([opts.signal, timeout]) : timeout
  try {
    const res = await fetch(opts.url, { method: opts.method, headers: opts.headers, body: opts.body as BodyInit | undefined, signal, redirect: 'follow' })
    const body = Buffer.from(await res.arrayBuffer())
    const headers: Record<string, string> = {}
    res.headers.forEach((v, k) => (headers[k] = v))
    return { status: res.status, headers, body }
  } catch (e) {
    if (timeout.aborted) throw new NetworkFailure('timeout')
    if (opts.signal?.aborted) throw new NetworkFailure('abort')
    throw new NetworkFailure((e as Error).message)
  }
}

/** Query string the way both platforms build one from a GET request's data object. */
export function queryOf(data: unknown): string {
  if (!data || typeof data !== 'object') return ''
  return Object.entries(data as Record<string, unknown>)
    .filter(([, v]) => v !== undefined)
    .map(([k, v]) => `${encodeURIComponent(k)}=${encodeURIComponent(typeof v === 'object' ? JSON.stringify(v) : String(v))}`)
    .join('&')
}

export function withQuery(url: string, data: unknown): string {
  const q = typeof data === 'string' ? data : queryOf(data)
  if (!q) return url
  return `${url}${url.includes('?') ? '&' : '?'}${q}`
}

/** The request body a mini-program sends for `data`, by the content type of the request. */
export function bodyOf(data: unknown, contentType: string, realm: Realm): Buffer | string | undefined {
  if (data === undefined || data === null) return undefined
  if (typeof data === 'string') return data
  const bytes = realm.bytesOf(data)
  if (bytes) return bytes
  if (/x-www-form-urlencoded/i.test(contentType)) return queryOf(data)
  return JSON.stringify(data)
}

/** Tracks the network tasks in flight (WeChat allows 10 at once). */
export async function counted<T>(env: ApiEnv, run: () => Promise<T>): Promise<T> {
  env.inflight.now += 1
  env.inflight.max = Math.max(env.inflight.max, env.inflight.now)
  try {
    return await run()
  } finally {
    env.inflight.now -= 1
  }
}

export const MIME_BY_EXT: Record<string, string> = { '.jpg': 'image/jpeg', '.jpeg': 'image/jpeg', '.png': 'image/png', '.pdf': 'application/pdf', '.wav': 'audio/wav' }

export function mimeOf(path: string): string {
  const ext = /\.[a-z0-9]+$/i.exec(path)?.[0]?.toLowerCase() ?? ''
  return MIME_BY_EXT[ext] ?? 'application/octet-stream'
}

export function extOfMime(mime: string): string {
  if (/pdf/.test(mime)) return '.pdf'
  if (/png/.test(mime)) return '.png'
  if (/jpe?g/.test(mime)) return '.jpg'
  if (/wav/.test(mime)) return '.wav'
  if (/json/.test(mime)) return '.json'
  return '.bin'
}

/**
 * compressImage: the photo re-encoded as JPEG at `quality` (what the phone's encoder does), scaled to
 * `resize.width` / `resize.height` when given (WeChat's compressedWidth / compressedHeight), as a new temp file.
 */
export async function compressPhoto(device: Device, path: string, quality: number, resize: { width?: number; height?: number } = {}): Promise<string | null> {
  const bytes = device.read(path)
  if (!bytes) return null
  const img = sharp(bytes).rotate()
  if (resize.width || resize.height) img.resize({ width: resize.width || undefined, height: resize.height || undefined })
  const out = await img.jpeg({ quality: Math.max(1, Math.min(100, Math.round(quality))) }).toBuffer()
  return device.tempFile(out, '.jpg')
}

export async function imageInfo(device: Device, path: string): Promise<{ width: number; height: number; type: string; orientation: string; path: string } | null> {
  const bytes = device.read(path)
  if (!bytes) return null
  try {
    const m = await sharp(bytes).metadata()
    return { width: m.width ?? 0, height: m.height ?? 0, type: m.format === 'jpeg' ? 'jpeg' : String(m.format), orientation: 'up', path }
  } catch {
    return null
  }
}

export const isPdf = (bytes: Buffer | null): boolean => !!bytes && bytes.subarray(0, 5).toString('latin1') === '%PDF-'

/** A minimal audio context: records what it is asked to play (the host has no speaker). */
export function audioContext(env: ApiEnv, api: string): Record<string, unknown> {
  const handlers: Record<string, Array<(r?: unknown) => void>> = {}
  const on = (ev: string) => (cb: (r?: unknown) => void) => void (handlers[ev] ??= []).push(cb)
  const off = (ev: string) => (cb?: (r?: unknown) => void) => void (handlers[ev] = cb ? (handlers[ev] ?? []).filter((x) => x !== cb) : [])
  const fire = (ev: string, r?: unknown) => (handlers[ev] ?? []).forEach((cb) => env.later(() => cb(r)))
  const ctx: Record<string, unknown> = {
    src: '',
    autoplay: false,
    volume: 1,
    play() {
      const src = String(ctx.src ?? '')
      const bytes = env.device.read(src)
      env.device.record(api, { src, bytes: bytes?.length ?? 0 }, env.route())
      if (!bytes) return fire('Error', { errMsg: 'play:fail file not found', errCode: 10003 })
      fire('Play')
      // a second of audio, then it ends
      env.later(() => fire('Ended'), 50)
    },
    pause: () => fire('Pause'),
    stop: () => fire('Stop'),
    destroy: () => undefined
  }
  for (const ev of ['Play', 'Pause', 'Stop', 'Ended', 'Error', 'CanPlay', 'TimeUpdate', 'Waiting']) {
    ctx[`on${ev}`] = on(ev)
    ctx[`off${ev}`] = off(ev)
  }
  return ctx
}

/** createSelectorQuery: the host has no layout, so boxes are empty; the callbacks still arrive. */
export function selectorQuery(env: ApiEnv): Record<string, unknown> {
  const results: unknown[] = []
  const q: Record<string, unknown> = {
    in: () => q,
    select: () => node(),
    selectAll: () => node(),
    selectViewport: () => node(),
    exec: (cb?: (r: unknown[]) => void) => env.later(() => cb?.(env.realm.json(results)))
  }
  const node = () => {
    const n: Record<string, unknown> = {}
    const push = (v: unknown) => (cb?: (r: unknown) => void) => {
      results.push(v)
      if (cb) env.later(() => cb(env.realm.json(v)))
      return q
    }
    n.boundingClientRect = push({ top: 0, left: 0, width: 0, height: 0, right: 0, bottom: 0 })
    n.scrollOffset = push({ scrollTop: 0, scrollLeft: 0 })
    n.fields = push({})
    n.node = push(null)
    return n
  }
  return q
}

type Recorded = (api: string) => (o?: Record<string, unknown>) => Promise<unknown>

/** The interface calls both platforms name and answer alike: recorded, the scroll applied to the page. */
export function interfaceCalls(env: ApiEnv, recorded: Recorded): Record<string, unknown> {
  return {
    showNavigationBarLoading: recorded('showNavigationBarLoading'),
    hideNavigationBarLoading: recorded('hideNavigationBarLoading'),
    setBackgroundColor: recorded('setBackgroundColor'),
    setBackgroundTextStyle: recorded('setBackgroundTextStyle'),
    pageScrollTo: (o: Record<string, unknown> = {}) => {
      env.scrollTo(Number(o.scrollTop ?? 0))
      return recorded('pageScrollTo')(o)
    },
    startPullDownRefresh: recorded('startPullDownRefresh'),
    stopPullDownRefresh: recorded('stopPullDownRefresh'),
    createSelectorQuery: () => selectorQuery(env),
    createIntersectionObserver: () => ({ relativeToViewport: function () { return this }, observe: () => undefined, disconnect: () => undefined }),
    vibrateShort: recorded('vibrateShort')
  }
}

/** App-level listeners both platforms offer; the host raises none of these events, so registering is all there is. */
export function appListeners(): Record<string, () => undefined> {
  const out: Record<string, () => undefined> = {}
  for (const name of ['AppShow', 'AppHide', 'Error', 'UnhandledRejection']) {
    out[`on${name}`] = () => undefined
    out[`off${name}`] = () => undefined
  }
  return out
}
