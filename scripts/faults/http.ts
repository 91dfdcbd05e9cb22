import { randomUUID } from 'node:crypto'
import { request } from 'node:http'

/**
 * The drills' HTTP client: one fresh TCP connection per request (no keep-alive pool), so a request never rides a
 * socket of a BFF process that was killed, and a lost answer is always this request's own.
 */
export interface Answer {
  status: number
  /** parsed JSON, or null (204, or a body that is not JSON) */
  json: any // eslint-disable-line @typescript-eslint/no-explicit-any
  /** the body as received (a PDF, a photo) */
  raw: Buffer
  /** response headers */
  headers: Record<string, string | string[] | undefined>
  ms: number
}

/** The request got no answer: the connection was refused, reset or cut, or the time ran out. */
export class LostAnswer extends Error {
  constructor(
    readonly reason: string,
    readonly timedOut = false
  ) {
    super(reason)
  }
}

export interface Call {
  method: string
  path: string
  token?: string
  json?: unknown
  body?: Buffer
  headers?: Record<string, string>
  timeoutMs?: number
}

export function http(port: number, c: Call): Promise<Answer> {
  const t0 = performance.now()
  const headers: Record<string, string | number> = { connection: 'close', ...(c.headers ?? {}) }
  if (c.token) headers.authorization = `Bearer ${c.token}`
  let payload: Buffer | undefined = c.body
  if (c.json !== undefined) {
    payload = Buffer.from(JSON.stringify(c.json))
    headers['content-type'] = 'application/json'
  }
  if (payload) headers['content-length'] = payload.length
  return new Promise((resolve, reject) => {
    const req = request({ host: '127.0.0.1', port, method: c.method, path: c.path, headers, agent: false }, (res) => {
      const chunks: Buffer[] = []
      res.on('data', (b: Buffer) => chunks.push(b))
      res.on('aborted', () => reject(new LostAnswer('answer cut')))
      res.on('error', (e) => reject(new LostAnswer(e.message)))
      res.on('end', () => {
        if (!res.complete) return reject(new LostAnswer('answer cut'))
        const raw = Buffer.concat(chunks)
        const text = raw.toString('utf8')
        let json = null
        try {
          json = text ? JSON.parse(text) : null
        } catch {
          json = null
        }
        resolve({ status: res.statusCode ?? 0, json, raw, headers: res.headers, ms: performance.now() - t0 })
      })
    })
    req.setTimeout(c.timeoutMs ?? 20_000, () => {
      req.destroy()
      reject(new LostAnswer(`no answer within ${c.timeoutMs ?? 20_000} ms`, true))
    })
    req.on('error', (e) => reject(new LostAnswer((e as NodeJS.ErrnoException).code ?? e.message)))
    req.end(payload)
  })
}

/** A multipart/form-data body with one file in the field `file` (what the app's uploader sends). */
export function multipart(fileName: string, bytes: Buffer, mime = 'image/jpeg'): { body: Buffer; headers: Record<string, string> } {
  const boundary = `----ybfault${randomUUID().replace(/-/g, '')}`
  const head = Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="${fileName}"\r\nContent-Type: ${mime}\r\n\r\n`, 'utf8')
  const tail = Buffer.from(`\r\n--${boundary}--\r\n`)
  return { body: Buffer.concat([head, bytes, tail]), headers: { 'content-type': `multipart/form-data; boundary=${boundary}` } }
}

/** Throws with the route and the answer unless the status is expected. */
export function expectStatus(a: Answer, ok: number[], what: string): Answer {
  if (!ok.includes(a.status)) throw new Error(`${what}: ${a.status} ${JSON.stringify(a.json)}`)
  return a
}

export const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms))
