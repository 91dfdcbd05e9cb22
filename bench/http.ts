/**
 * HTTP benchmark: requests per second and latency of the real BFF's `GET /api/v1/items/:id?region=331100`
 * (every hook of the BFF → zod validation of the path and query → the guide's stored bytes, their brotli copy or a
 * 304) next to a bare Fastify app, in the same run, with the same load. Figures are printed, not asserted.
 * Alone: `npx tsx bench/http.ts` (options: BENCH_CONNECTIONS, BENCH_DURATION seconds per target, BENCH_ROUNDS,
 * BENCH_WARMUP seconds).
 *
 * Three bare lines, so that the reader sees what the bytes cost apart from what the BFF costs: `GET /bare`, a bare Fastify
 * route answering a small fixed JSON, is the yardstick of every ratio; `/bare-guide` and `/bare-guide-br`, the same
 * bare app sending the guide's 14 KB or its 4 KB brotli copy as a Buffer (no hooks, no validation, no ETag), show what
 * the bytes alone cost.
 *
 * Both servers run in one child process (this file, started with BENCH_HTTP_SERVE=1), so the load generator
 * (autocannon, in this process) does not share an event loop with them; they are measured in interleaved rounds. The
 * child also reports its CPU time, so each line shows the server's CPU per request: on a shared machine req/s moves
 * with what the other processes take, CPU µs per request much less.
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
  /** answered requests over all rounds divided by the time measured */
  reqPerSec: number
  /** medians over the rounds */
  p50ms: number
  p99ms: number
  avgms: number
  requests: number
  errors: number
  /** the server process's CPU time (user + system) per answered request, µs */
  cpuUsPerReq: number
}

/** a ratio to the bare route: the median of the rounds' ratios, and their spread */
export interface Ratio {
  median: number
  min: number
  max: number
}

export interface HttpBenchResult {
  connections: number
  /** seconds measured per target, in `rounds` rounds */
  durationS: number
  rounds: number
  /** a first visit: the whole guide, no validator, no compression asked for */
  bff: HttpTargetResult
  /** as a browser asks: Accept-Encoding br, the guide's brotli copy made once */
  bffBrotli: HttpTargetResult
  /** as the app asks again: If-None-Match with the guide's ETag → 304 without a body */
  bff304: HttpTargetResult
  /** the yardstick: a bare Fastify route answering a small fixed JSON */
  bare: HttpTargetResult
  /** the bare app sending the guide's bytes: what the bytes cost without the BFF */
  bareGuide: HttpTargetResult
  /** the bare app sending the guide's brotli bytes */
  bareGuideBrotli: HttpTargetResult
  /** BFF req/s divided by bare req/s (median of the rounds): the whole guide, brotli, 304 */
  ratio: number
  ratioBrotli: number
  ratio304: number
  /** the same with the rounds' spread */
  ratios: { whole: Ratio; brotli: Ratio; revalidated: Ratio; bareGuide: Ratio; bareGuideBrotli: Ratio }
}

const num = (v: string | undefined, d: number): number => (v && Number(v) > 0 ? Number(v) : d)
const median = (xs: number[]): number => {
  const s = [...xs].sort((x, y) => x - y)
  return s.length % 2 ? s[(s.length - 1) / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2
}
const round3 = (x: number): number => Math.round(x * 1000) / 1000

/**
 * Child mode: start the BFF (temp data folder, logger off) and the bare app; print their URLs as one JSON line; answer
 * 'cpu' messages with this process's CPU time.
 */
async function serve(): Promise<void> {
  const dataDir = mkdtempSync(join(tmpdir(), 'yb-bench-'))
  const bff = await buildApp({ logger: false, dataDir, staticDir: join(dataDir, 'no-h5') })
  const guideUrl = `/api/v1/items/${BENCH_ITEM}?region=${BENCH_REGION}`
  const guide = (await bff.inject({ url: guideUrl })).rawPayload
  const guideBr = (await bff.inject({ url: guideUrl, headers: { 'accept-encoding': 'br' } })).rawPayload
  const bare = Fastify({ logger: false })
  bare.get('/bare', async () => ({ status: 'ok', items: 1 }))
  bare.get('/bare-guide', async (_req, reply) => reply.type('application/json; charset=utf-8').send(guide))
  bare.get('/bare-guide-br', async (_req, reply) => reply.type('application/json; charset=utf-8').header('content-encoding', 'br').send(guideBr))
  process.on('message', (m) => {
    if (m === 'cpu') process.send?.(process.cpuUsage())
  })
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
      stdio: ['ignore', 'pipe', 'inherit', 'ipc']
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

/** the server child's CPU time so far, µs (user + system) */
function serverCpu(child: ChildProcess): Promise<number> {
  return new Promise((res) => {
    child.once('message', (m) => {
      const u = m as NodeJS.CpuUsage
      res(u.user + u.system)
    })
    child.send('cpu')
  })
}

/** one target's figures in one round: as a result, with the server's CPU time in total */
type Round = Omit<HttpTargetResult, 'url' | 'cpuUsPerReq'> & { cpuUs: number }

async function measure(child: ChildProcess, url: string, connections: number, duration: number, headers?: Record<string, string>): Promise<Round> {
  const cpu0 = await serverCpu(child)
  const r = await autocannon({ url, connections, duration, headers })
  const cpuUs = (await serverCpu(child)) - cpu0
  return {
    reqPerSec: r.requests.average,
    p50ms: r.latency.p50,
    p99ms: r.latency.p99,
    avgms: r.latency.average,
    requests: r.requests.total,
    // a 304 is the expected answer to If-None-Match, not an error
    errors: r.errors + r.timeouts + r.non2xx - (headers?.['if-none-match'] ? r['3xx'] : 0),
    cpuUs
  }
}

function summary(url: string, rounds: Round[], roundS: number): HttpTargetResult {
  const requests = rounds.reduce((n, r) => n + r.requests, 0)
  return {
    url,
    reqPerSec: Math.round(requests / (rounds.length * roundS)),
    p50ms: median(rounds.map((r) => r.p50ms)),
    p99ms: median(rounds.map((r) => r.p99ms)),
    avgms: round3(median(rounds.map((r) => r.avgms))),
    requests,
    errors: rounds.reduce((n, r) => n + r.errors, 0),
    cpuUsPerReq: requests > 0 ? Math.round((rounds.reduce((n, r) => n + r.cpuUs, 0) / requests) * 10) / 10 : 0
  }
}

/**
 * Measures the six targets in interleaved rounds (bare, the three BFF forms, the bare guide bytes; the order rotated
 * each round), so that the load other processes put on a shared machine falls on all of them alike; each ratio to the
 * bare route is taken within a round, and the median of the rounds is reported with its spread.
 */
export async function runHttpBench(
  opts: { connections?: number; durationS?: number; warmupS?: number; rounds?: number } = {}
): Promise<HttpBenchResult> {
  const connections = opts.connections ?? num(process.env.BENCH_CONNECTIONS, 10)
  const durationS = opts.durationS ?? num(process.env.BENCH_DURATION, 5)
  const warmupS = opts.warmupS ?? num(process.env.BENCH_WARMUP, 1)
  const rounds = Math.max(1, Math.round(opts.rounds ?? num(process.env.BENCH_ROUNDS, 5)))
  const roundS = Math.max(1, Math.round(durationS / rounds))
  const { child, bff, bare } = await startServers()
  try {
    const itemUrl = `${bff}/api/v1/items/${BENCH_ITEM}?region=${BENCH_REGION}`
    const check = await fetch(itemUrl)
    if (check.status !== 200) throw new Error(`${itemUrl} answered ${check.status}: ${await check.text()}`)
    const bytes = (await check.arrayBuffer()).byteLength
    const etag = check.headers.get('etag') ?? ''
    // fetch decodes brotli: the size on the wire is the Content-Length
    const brBytes = Number((await fetch(itemUrl, { headers: { 'accept-encoding': 'br' } })).headers.get('content-length'))
    const notModified = await fetch(itemUrl, { headers: { 'if-none-match': etag } })
    if (notModified.status !== 304) throw new Error(`${itemUrl} with If-None-Match answered ${notModified.status}, not 304`)

    const targets = {
      bare: { url: `${bare}/bare`, headers: undefined },
      bff: { url: itemUrl, headers: undefined },
      bffBrotli: { url: itemUrl, headers: { 'accept-encoding': 'br' } },
      bff304: { url: itemUrl, headers: { 'if-none-match': etag } },
      bareGuide: { url: `${bare}/bare-guide`, headers: undefined },
      bareGuideBrotli: { url: `${bare}/bare-guide-br`, headers: undefined }
    }
    type Target = keyof typeof targets
    const names = Object.keys(targets) as Target[]
    console.log(`\n=== HTTP: ${connections} connections, ${rounds} interleaved rounds of ${roundS} s per target after ${warmupS} s warm-up ===`)
    for (const name of names) await measure(child, targets[name].url, connections, warmupS, targets[name].headers)
    const measured: Record<Target, Round[]> = { bare: [], bff: [], bffBrotli: [], bff304: [], bareGuide: [], bareGuideBrotli: [] }
    for (let k = 0; k < rounds; k++) {
      const order = [...names.slice(k % names.length), ...names.slice(0, k % names.length)]
      for (const name of order) measured[name].push(await measure(child, targets[name].url, connections, roundS, targets[name].headers))
    }
    const result = Object.fromEntries(names.map((n) => [n, summary(targets[n].url, measured[n], roundS)])) as Record<Target, HttpTargetResult>
    const ratioOf = (name: Target): Ratio => {
      const each = measured[name].map((r, k) => r.reqPerSec / measured.bare[k].reqPerSec)
      return { median: round3(median(each)), min: round3(Math.min(...each)), max: round3(Math.max(...each)) }
    }
    const ratios = {
      whole: ratioOf('bff'),
      brotli: ratioOf('bffBrotli'),
      revalidated: ratioOf('bff304'),
      bareGuide: ratioOf('bareGuide'),
      bareGuideBrotli: ratioOf('bareGuideBrotli')
    }
    const spread = (r: Ratio): string => `${r.median} (${r.min}–${r.max})`

    const row = (r: HttpTargetResult, ratio: Ratio | null) => ({
      'req/s': r.reqPerSec,
      'avg ms': r.avgms,
      'p50 ms': r.p50ms,
      'p99 ms': r.p99ms,
      requests: r.requests,
      errors: r.errors,
      'server CPU µs/req': r.cpuUsPerReq,
      'vs bare (median, spread)': ratio ? spread(ratio) : '1'
    })
    const route = `BFF GET /api/v1/items/${BENCH_ITEM}?region=${BENCH_REGION}`
    console.table({
      [`${route} (${bytes} B)`]: row(result.bff, ratios.whole),
      [`  Accept-Encoding: br (${brBytes} B)`]: row(result.bffBrotli, ratios.brotli),
      [`  If-None-Match → 304 (0 B)`]: row(result.bff304, ratios.revalidated),
      'bare Fastify GET /bare (25 B fixed JSON: the yardstick)': row(result.bare, null),
      [`bare Fastify sending the guide's ${bytes} B`]: row(result.bareGuide, ratios.bareGuide),
      [`bare Fastify sending the guide's brotli ${brBytes} B`]: row(result.bareGuideBrotli, ratios.bareGuideBrotli)
    })
    console.log('(autocannon records latency in whole milliseconds: p50 0 means under 1 ms; 304s count as answers)')
    console.log(
      '(the BFF lines pay every hook, the zod check of path and query and the ETag check; the last two lines are a bare ' +
        "route sending the same guide bytes, whole and brotli: the gap between them and the BFF's lines is the BFF's own " +
        'cost, the gap between them and the yardstick the cost of the bytes on the wire)'
    )
    console.log(
      `BFF item detail / bare route (median of ${rounds} rounds, spread): whole guide ${spread(ratios.whole)}, brotli ${spread(ratios.brotli)}, ` +
        `revalidated (304) ${spread(ratios.revalidated)}; a bare route sending the whole guide ${spread(ratios.bareGuide)}, its brotli copy ` +
        spread(ratios.bareGuideBrotli)
    )
    return {
      connections,
      durationS: rounds * roundS,
      rounds,
      ...result,
      ratio: ratios.whole.median,
      ratioBrotli: ratios.brotli.median,
      ratio304: ratios.revalidated.median,
      ratios
    }
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
