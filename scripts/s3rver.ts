import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http'
import type { AddressInfo } from 'node:net'
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import S3rver from 's3rver'

/** s3rver's only credentials: requests signed with others are refused (403 InvalidAccessKeyId) */
export const S3RVER_CREDENTIALS = { accessKeyId: 'S3RVER', secretAccessKey: 'S3RVER' }

export interface S3TestServer {
  endpoint: string
  bucket: string
  /** every request the store received, in order */
  requests: Array<{ method: string; path: string; headers: Record<string, string | string[] | undefined> }>
  /** answer requests (of these methods, or all) with this S3 error instead of serving them (e.g. 507 full); null: serve */
  fault: { status: number; code: string; message: string; methods?: string[] } | null
  /** stops listening and drops open connections (the store is down) */
  stop(): Promise<void>
  /** listens again on the same port, with the objects kept (the store is back) */
  restart(): Promise<void>
  /** stop, and remove the store's folder */
  cleanup(): Promise<void>
}

/**
 * A real S3-protocol server (s3rver, a Koa app that keeps objects in a temp folder) on a free port of 127.0.0.1,
 * behind a thin http server that records each request and can answer with an S3 error on demand: the store of the
 * S3 adapter's tests, the multi-instance drill and the load benchmark.
 */
export async function startS3(bucket = 'yb-test'): Promise<S3TestServer> {
  const directory = mkdtempSync(join(tmpdir(), 'yb-s3rver-'))
  const s3rver = new S3rver({ directory, silent: true, configureBuckets: [{ name: bucket }] })
  await s3rver.configureBuckets()
  const handle = s3rver.callback()
  let server: Server | null = null
  const t: S3TestServer = {
    endpoint: '',
    bucket,
    requests: [],
    fault: null,
    restart: async () => undefined,
    async stop() {
      const s = server
      server = null
      if (!s) return
      await new Promise<void>((resolve) => {
        s.close(() => resolve())
        s.closeAllConnections()
      })
    },
    async cleanup() {
      await t.stop()
      rmSync(directory, { recursive: true, force: true })
    }
  }
  const listener = (req: IncomingMessage, res: ServerResponse): void => {
    t.requests.push({ method: req.method ?? '', path: decodeURIComponent((req.url ?? '').split('?')[0]), headers: req.headers })
    if (t.fault && (!t.fault.methods || t.fault.methods.includes(req.method ?? ''))) {
      const { status, code, message } = t.fault
      req.resume()
      res.writeHead(status, { 'content-type': 'application/xml' })
      res.end(`<?xml version="1.0" encoding="UTF-8"?>\n<Error><Code>${code}</Code><Message>${message}</Message><RequestId>test</RequestId></Error>`)
      return
    }
    handle(req, res)
  }
  async function listen(port: number): Promise<number> {
    const s = createServer(listener)
    await new Promise<void>((resolve, reject) => {
      s.once('error', reject)
      s.listen(port, '127.0.0.1', () => resolve())
    })
    server = s
    return (s.address() as AddressInfo).port
  }
  const port = await listen(0)
  t.endpoint = `http://127.0.0.1:${port}`
  t.restart = async () => {
    if (!server) await listen(port)
  }
  return t
}
