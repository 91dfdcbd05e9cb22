/**
 * HTTP benchmark: requests per second and latency of the real BFF's `GET /api/v1/items/:id?region=331100`
 * (route → service → guide composition → zod response validation → JSON) next to a bare Fastify app answering a
 * small fixed JSON, in the same run, with the same load. Figures are printed, not asserted.
 * Alone: `npx tsx bench/http.ts` (options: BENCH_CONNECTIONS, BENCH_DURATION seconds, BENCH_WARMUP seconds).
 *
 * Both servers run in one child process (this file, started with BENCH_HTTP_SERVE=1), so the load generator
 * (autocannon, in this process) does not share an event loop with them; they are measured one after the other.
 */
import { spawn, type ChildProcess } from 'node:child_process'
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join, resolve } from 'node:path'
import Fastify from 'fastify'
import { buildApp } from '../bff/src/app'

/** the item measured: a real item of the catalog, in 丽水市 */
export const BENCH_ITEM = 'offsite-care-filing'
export const BENCH_REGION = '331100'

interface AutocannonResult {
  requests: { average: number; total: number }
  latency: { p50: number; p99: number; average: number }
  errors: number
  timeouts: number
  non2xx: number
  '3xx': number
}
type Autocannon = (opts: { url: string; connections: number; duration: number; pipelining?: number; headers?: Record<string, string> }) => Promise<AutocannonResult>
// autocannon ships no types; the shape above is the part used here
// eslint-disable-next-line @typescript-eslint/no-var-requires
const autocannon = require('autocannon') as Autocannon

export interface HttpTargetResult {
  url: string
  reqPerSec: number
  p50ms: number
  p99ms: number
  avgms: number
  requests: number
  errors: number
}

export interface HttpBenchResult {
  connections: number
  durationS: number
  /** a first visit: the whole guide, no validator, no compression asked for */
  bff: HttpTargetResult
  /** as a browser asks: Accept-Encoding br, the guide's brotli copy made once */
  bffBrotli: HttpTargetResult
  /** as the app asks again: If-None-Match with the guide's ETag → 304 without a body */
  bff304: HttpTargetResult
  bare: HttpTargetResult
  /** BFF req/s divided by bare req/s: the whole guide, brotli, 304 */
  ratio: number
  ratioBrotli: number
  ratio304: number
}

const num = (v: string | undefined, d: number): number => (v && Number(v) > 0 ? Number(v) : d)

/** Child mode: start the BFF (temp data folder, logger off) and the bare app; print their URLs as one JSON line. */
async function serve(): Promise<void> {
  const dataDir = mkdtempSync(join(tmpdir(), 'yb-bench-'))
  const bff = await buildApp({ logger: false, dataDir, staticDir: join(dataDir, 'no-h5') })
  const bare = Fastify({ logger: false })
  bare.get('/bare', async () => ({ status: 'ok', items: 1 }))
  const bffUrl = await bff.listen({ port: 0, host: '127.0.0.1' })
  const bareUrl = await bare.listen({ port: 0, host: '127.0.0.1' })
  const stop = async (): Promise<void> => {
    await Promise.allSettled([bff.close(), bare.close()])
    rmSync(dataDir, { recursive: true, force: true })
    process.exit(0)
  }
  process.on('SIGTERM', stop)
  process.on('SIGINT', stop)
  process.stdout.write(`${JSON.stringify({ bff: bffUrl, bare: bareUrl })}\n`)
}

function startServers(): Promise<{ child: ChildProcess; bff: string; bare: string }> {
  return new Promise((res, rej) => {
    const child = spawn(process.execPath, ['--import', 'tsx', resolve(__dirname, 'http.ts')], {
      env: { ...process.env, BENCH_HTTP_SERVE: '1' },
      stdio: ['ignore', 'pipe', 'inherit']
    })
    let buf = ''
    child.stdout!.on('data', (chunk: Buffer) => {
      buf += String(chunk)
      const line = buf.split('\n').find((l) => l.startsWith('{'))
      if (line) res({ child, ...(JSON.parse(line) as { bff: string; bare: string }) })
    })
    child.on('error', rej)
    child.on('exit', (code) => rej(new Error(`bench servers exited early (code ${code})`)))
  })
}

async function measure(url: string, connections: number, duration: number, headers?: Record<string, string>): Promise<HttpTargetResult> {
  const r = await autocannon({ url, connections, duration, headers })
  return {
    url,
    reqPerSec: Math.round(r.requests.average),
    p50ms: r.latency.p50,
    p99ms: r.latency.p99,
    avgms: r.latency.average,
    requests: r.requests.total,
    // a 304 is the expected answer to If-None-Match, not an error
    errors: r.errors + r.timeouts + r.non2xx - (headers?.['if-none-match'] ? r['3xx'] : 0)
  }
}

export async function runHttpBench(
  opts: { connections?: number; durationS?: number; warmupS?: number } = {}
): Promise<HttpBenchResult> {
  const connections = opts.connections ?? num(process.env.BENCH_CONNECTIONS, 10)
  const durationS = opts.durationS ?? num(process.env.BENCH_DURATION, 5)
  const warmupS = opts.warmupS ?? num(process.env.BENCH_WARMUP, 1)
  const { child, bff, bare } = await startServers()
  try {
    const itemUrl = `${bff}/api/v1/items/${BENCH_ITEM}?region=${BENCH_REGION}`
    const bareUrl = `${bare}/bare`
    const check = await fetch(itemUrl)
    if (check.status !== 200) throw new Error(`${itemUrl} answered ${check.status}: ${await check.text()}`)
    const bytes = (await check.arrayBuffer()).byteLength
    const etag = check.headers.get('etag') ?? ''
    // fetch decodes brotli: the size on the wire is the Content-Length
    const brBytes = Number((await fetch(itemUrl, { headers: { 'accept-encoding': 'br' } })).headers.get('content-length'))
    const br = { 'accept-encoding': 'br' }
    const revalidate = { 'if-none-match': etag }
    const notModified = await fetch(itemUrl, { headers: revalidate })
    if (notModified.status !== 304) throw new Error(`${itemUrl} with If-None-Match answered ${notModified.status}, not 304`)

    console.log(`\n=== HTTP: ${connections} connections, ${durationS} s each after ${warmupS} s warm-up ===`)
    await measure(bareUrl, connections, warmupS)
    await measure(itemUrl, connections, warmupS)
    const bareResult = await measure(bareUrl, connections, durationS)
    const bffResult = await measure(itemUrl, connections, durationS)
    const bffBrotli = await measure(itemUrl, connections, durationS, br)
    const bff304 = await measure(itemUrl, connections, durationS, revalidate)
    const ratioOf = (r: HttpTargetResult): number => Math.round((r.reqPerSec / bareResult.reqPerSec) * 1000) / 1000
    const ratio = ratioOf(bffResult)

    const row = (r: HttpTargetResult) => ({ 'req/s': r.reqPerSec, 'avg ms': r.avgms, 'p50 ms': r.p50ms, 'p99 ms': r.p99ms, requests: r.requests, errors: r.errors, 'vs bare': ratioOf(r) })
    const route = `GET /api/v1/items/${BENCH_ITEM}?region=${BENCH_REGION}`
    console.table({
      [`${route} (${bytes} B)`]: row(bffResult),
      [`  Accept-Encoding: br (${brBytes} B)`]: row(bffBrotli),
      [`  If-None-Match → 304 (0 B)`]: row(bff304),
      'bare Fastify GET /bare': row(bareResult)
    })
    console.log('(autocannon records latency in whole milliseconds: p50 0 means under 1 ms; 304s count as answers)')
    console.log(
      `BFF item detail / bare route: ${ratio} whole guide, ${ratioOf(bffBrotli)} brotli, ${ratioOf(bff304)} revalidated (304) ` +
        `(${(ratio * 100).toFixed(1)} % of the bare req/s for the whole guide)`
    )
    return { connections, durationS, bff: bffResult, bffBrotli, bff304, bare: bareResult, ratio, ratioBrotli: ratioOf(bffBrotli), ratio304: ratioOf(bff304) }
  } finally {
    child.kill('SIGTERM')
  }
}

if (process.env.BENCH_HTTP_SERVE === '1') {
  serve().catch((err) => {
    console.error(err)
    process.exit(1)
  })
} else if (require.main === module) {
  console.log(`node ${process.version}, ${new Date().toISOString()}`)
  runHttpBench().then(
    (r) => console.log(JSON.stringify(r)),
    (err) => {
      console.error(err)
      process.exit(1)
    }
  )
}
