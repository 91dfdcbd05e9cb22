/**
 * Start-time benchmark: how long the BFF takes from process start to listening, and what one buildApp costs in a
 * process that builds many (the jest files). Figures are printed, not asserted. Alone: `npx tsx bench/start.ts`
 * (`--runs 7` for more starts).
 *  - `npm start` (scripts/start.mjs with SKIP_H5_BUILD, the embedded default, a data folder already created), spawned
 *    RUNS times each way: with the search index read from its stored file (every start after the first), and with the
 *    index file removed before each start (the index built, as every start did before it was kept). Wall time from
 *    spawn to the "listening" line, and the steps the BFF prints on its "started:" line (bff/src/main.ts).
 *  - buildApp in one process on fresh data folders: the first build, then the next ones (index kept in memory), and
 *    builds whose index is built each time (memory forgotten, an empty index folder), as jest paid per app before.
 */
import { spawn } from 'node:child_process'
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join, resolve } from 'node:path'
import { freePort } from '../scripts/free-port'
import { buildApp, type StartTimings } from '../bff/src/app'
import { forgetSearchEngines } from '../bff/src/services/search-index'

const ROOT = resolve(__dirname, '..')
const STEPS = ['modules', 'config', 'database', 'catalog', 'search index', 'routes', 'ready + listen'] as const

export interface StartRun {
  /** spawn → the "listening" line, as a user of `npm start` waits */
  wallMs: number
  /** the BFF's own figures: ms after its process began, and per step */
  startedMs: number
  steps: Record<(typeof STEPS)[number], number>
  index: string
}

export interface StartBenchResult {
  runs: number
  indexFromFile: StartRun[]
  indexBuilt: StartRun[]
  buildApp: { first: number; firstIndex: string; memoryP50: number; builtP50: number; searchIndexMemoryP50: number; searchIndexBuiltP50: number }
}

/** `node scripts/start.mjs` on `dataDir` until it prints its "started:" line; then SIGTERM and wait for its exit. */
async function startOnce(dataDir: string): Promise<StartRun> {
  const port = await freePort()
  const t0 = performance.now()
  const child = spawn(process.execPath, [join(ROOT, 'scripts/start.mjs')], {
    cwd: ROOT,
    env: { ...process.env, PORT: String(port), HOST: '127.0.0.1', DATA_DIR: dataDir, SEARCH_INDEX_DIR: join(dataDir, 'search-index'), STATIC_DIR: join(dataDir, 'no-h5'), SKIP_H5_BUILD: '1', LOG_LEVEL: 'warn', NODE_ENV: 'development' },
    stdio: ['ignore', 'pipe', 'pipe']
  })
  let out = ''
  let err = ''
  child.stderr.on('data', (b: Buffer) => (err += b.toString()))
  const exited = new Promise<void>((res) => child.once('exit', () => res()))
  try {
    return await new Promise<StartRun>((res, rej) => {
      let wallMs = 0
      child.stdout.on('data', (b: Buffer) => {
        out += b.toString()
        if (!wallMs && out.includes('listening on')) wallMs = performance.now() - t0
        const m = /started: +(\d+) ms after the process began: modules (\d+), config (\d+), database (\d+), catalog (\d+), search index (\d+) \(([^,]+), \d+ docs\), routes (\d+), ready \+ listen (\d+)/.exec(out)
        if (wallMs && m) {
          const n = m.slice(1).map(Number)
          res({
            wallMs: Math.round(wallMs),
            startedMs: n[0],
            steps: { modules: n[1], config: n[2], database: n[3], catalog: n[4], 'search index': n[5], routes: n[7], 'ready + listen': n[8] },
            index: m[7]
          })
        }
      })
      child.once('exit', (code) => rej(new Error(`the BFF exited (${code}) before listening:\n${out}\n${err}`)))
    })
  } finally {
    child.kill('SIGTERM')
    await exited
  }
}

const median = (xs: number[]): number => {
  const s = [...xs].sort((a, b) => a - b)
  return s.length ? s[Math.floor(s.length / 2)] : 0
}

function printRuns(label: string, runs: StartRun[]): void {
  const steps = STEPS.map((s) => `${s} ${median(runs.map((r) => r.steps[s]))}`).join(', ')
  console.log(
    `${label}: spawn → listening p50 ${median(runs.map((r) => r.wallMs))} ms (min ${Math.min(...runs.map((r) => r.wallMs))}, max ${Math.max(...runs.map((r) => r.wallMs))}); ` +
      `the BFF's own p50 ${median(runs.map((r) => r.startedMs))} ms after its process began — ${steps} (medians; index ${[...new Set(runs.map((r) => r.index))].join('/')})`
  )
}

async function buildOnce(dataDir: string, searchIndexDir: string | null): Promise<{ ms: number; timings: StartTimings; index: string }> {
  const t0 = performance.now()
  const app = await buildApp({ logger: false, dataDir, staticDir: join(dataDir, 'no-h5'), config: { searchIndexDir } })
  const ms = Math.round(performance.now() - t0)
  const out = { ms, timings: app.startTimings, index: app.searchService.index.source }
  await app.close()
  return out
}

export async function runStartBench(runs = 5): Promise<StartBenchResult> {
  const base = mkdtempSync(join(tmpdir(), 'yb-bench-start-'))
  try {
    const dataDir = join(base, 'data')
    // the first start creates and seeds the data folder and stores the index
    await startOnce(dataDir)
    const indexFromFile: StartRun[] = []
    const indexBuilt: StartRun[] = []
    // interleaved, so a change of the machine's load falls on both
    for (let i = 0; i < runs; i += 1) {
      indexFromFile.push(await startOnce(dataDir))
      rmSync(join(dataDir, 'search-index'), { recursive: true, force: true })
      indexBuilt.push(await startOnce(dataDir))
    }
    printRuns(`npm start, index read from its file (${runs} starts)`, indexFromFile)
    printRuns(`npm start, index built at start (${runs} starts)`, indexBuilt)

    // buildApp in this process, each on a fresh data folder (as the jest files build their apps)
    const builds = 5
    const shared = join(base, 'index-shared')
    const first = await buildOnce(join(base, 'b0'), shared)
    const memory: Array<Awaited<ReturnType<typeof buildOnce>>> = []
    for (let i = 1; i <= builds; i += 1) memory.push(await buildOnce(join(base, `b${i}`), shared))
    const built: Array<Awaited<ReturnType<typeof buildOnce>>> = []
    for (let i = 1; i <= builds; i += 1) {
      forgetSearchEngines()
      built.push(await buildOnce(join(base, `c${i}`), join(base, `index-${i}`)))
    }
    const result: StartBenchResult = {
      runs,
      indexFromFile,
      indexBuilt,
      buildApp: {
        first: first.ms,
        firstIndex: first.index,
        memoryP50: median(memory.map((b) => b.ms)),
        builtP50: median(built.map((b) => b.ms)),
        searchIndexMemoryP50: median(memory.map((b) => b.timings.searchIndex)),
        searchIndexBuiltP50: median(built.map((b) => b.timings.searchIndex))
      }
    }
    const b = result.buildApp
    console.log(
      `buildApp in one process (fresh data folders, ${builds} each): first ${b.first} ms (index ${b.firstIndex}); ` +
        `next ones p50 ${b.memoryP50} ms (index kept in memory: ${b.searchIndexMemoryP50} ms); ` +
        `index built each time p50 ${b.builtP50} ms (of which the index ${b.searchIndexBuiltP50} ms)`
    )
    return result
  } finally {
    rmSync(base, { recursive: true, force: true })
  }
}

if (require.main === module) {
  const i = process.argv.indexOf('--runs')
  runStartBench(i > 0 ? Number(process.argv[i + 1]) : 5).catch((err) => {
    console.error(err)
    process.exit(1)
  })
}
