/**
 * `npm run test:faults`: three fault drills against the real BFF, run as a child process on this machine.
 *   1. kill -9 of the BFF at random moments during saves, uploads and submits (FAULTS_KILLS, default 100, on SQLite;
 *      FAULTS_PG_KILLS, default 20, on PostgreSQL), a restart after each: no case lost or duplicated, drafts intact.
 *   2. PostgreSQL stopped under load and started again: 503 DB_UNAVAILABLE while down, success again within seconds,
 *      nothing half-written.
 *   3. The upload disk full: 503 STORAGE_UNAVAILABLE, the draft as it was, the upload goes through once space returns.
 *   4. Two instances on one PostgreSQL and one S3-compatible store under a mixed load sent to random instances, with
 *      retries (scale-drill.ts): no 5xx, every retry answered as the first, one case per submit, limits held.
 * Prints a summary and exits 1 on any violation. FAULTS_DRILLS=kill,pg,pgkill,disk,scale picks drills (default: all).
 * Needs root (drill 3 mounts a small tmpfs) and PostgreSQL (apt-get install postgresql; see scripts/postgres.cjs).
 */
import { existsSync, rmSync } from 'node:fs'
import { join, resolve } from 'node:path'
import { pathToFileURL } from 'node:url'
import { bffBuild } from './bff'
import { buildBff } from './build'
import { runDiskFullDrill, type DiskDrillResult } from './disk-drill'
import { runKillDrill, type KillDrillResult } from './kill-drill'
import { runPgRestartDrill, type PgDrillResult } from './pg-drill'
import { runScaleDrill, type ScaleDrillResult } from './scale-drill'
import { Findings } from './report'

const root = resolve(__dirname, '../..')
const log = (s: string): void => console.log(s)

interface Pg {
  url: string
  dataDir: string
  startServer(): unknown
  stop(): void
}

function killSummary(r: KillDrillResult): string[] {
  const k = r.inFlightByKind
  return [
    `kills done: ${r.kills}; kills landing while requests were in flight: ${r.killsWithRequestsInFlight}/${r.kills}`,
    `requests in flight at kill: ${r.inFlightAtKill} (save ${k.save}, upload ${k.upload}, submit ${k.submit}, create ${k.create}); answers lost: ${r.lostAnswers}`,
    `lost submits retried with the same key: ${r.retriedSubmits} (${r.retriedSameCase} had committed before the kill → the same case again)`,
    `cases checked: ${r.casesChecked}; duplicates: ${r.duplicates}; lost cases: ${r.lostCases}`,
    `drafts intact: ${r.draftsIntact}/${r.draftChecks} read-backs after restart; acknowledged uploads checked (hash + file on disk): ${r.acknowledgedUploadsChecked}`,
    `restart (main() to listening, modules preloaded): p50 ${r.restartMs.p50} ms, max ${r.restartMs.max} ms, ${r.restartsOnLoadedSpare}/${r.kills} on a spare already loaded; kill windows at the end (ms): ${Object.entries(r.killWindowMs).map(([k, v]) => `${k} ${v}`).join(', ')}`,
    `database: ${r.integrity}`,
    `time: ${r.seconds} s`
  ]
}

function pgSummary(r: PgDrillResult): string[] {
  return [
    `requests: ${r.requests} (${r.before} before the stop, ${r.stopping.requests} while it shut down, ${r.down.requests} while down, ${r.after.requests} after); PostgreSQL down for ${r.stoppedForMs} ms`,
    `connections cut under load (pg_terminate_backend ×12): ${r.cut.connections} connections, ${r.cut.requests} requests → ${Object.entries(r.cut.byCode).map(([k, v]) => `${k}: ${v}`).join(', ')}`,
    `while shutting down: ${Object.entries(r.stopping.byCode).map(([k, v]) => `${k}: ${v}`).join(', ')}`,
    `503s seen during PG downtime: ${r.down.answered503}/${r.down.requests} (${Object.entries(r.down.byCode).map(([k, v]) => `${k}: ${v}`).join(', ')}); answer time p50 ${r.down.p50Ms} ms, max ${r.down.maxMs} ms`,
    `recovery time after restart: health ${r.recoveryMs.health} ms, reads ${r.recoveryMs.read} ms, writes ${r.recoveryMs.write} ms; 503s after recovery: ${r.after.failedAfterRecovery}`,
    `submits: ${r.submits.acknowledged} acknowledged, ${r.submits.failed} failed (503 or no answer) → ${r.submits.failedWithCase} had a case nonetheless, ${r.submits.retriedToOneCase} retried with their key to one case`,
    `cases checked: ${r.casesChecked}; duplicates: ${r.duplicates}`,
    `database: ${r.integrity}`,
    `time: ${r.seconds} s`
  ]
}

function diskSummary(r: DiskDrillResult): string[] {
  return [
    `${r.mounted}; upload on the full disk: ${r.fullAnswer} (${r.fullAnswerMs} ms); filling it part way: ${r.partialWriteAnswer}`,
    `draft intact: ${r.draftIntact}; temporary or partial files left: ${r.leftoverTempFiles}; after space returned: upload ${r.afterSpaceReturns}, submit ${r.submitted}`,
    `time: ${r.seconds} s`
  ]
}

function scaleSummary(r: ScaleDrillResult): string[] {
  return [
    `${r.instances} instances, ${r.citizens} citizens: ${r.requests} requests (${r.byInstance.map((n, i) => `instance ${i + 1}: ${n}`).join(', ')}), answers ${Object.entries(r.byStatus).map(([k, v]) => `${k}×${v}`).join(' ')}; p50 ${r.p50Ms} ms, p99 ${r.p99Ms} ms`,
    `retried writes: ${r.retried.writes} (${r.retried.copies} repeats, ${r.retried.identical} answered exactly as the first)`,
    `the same staff step or e-voucher code at both instances at once: ${r.races.won}/${r.races.sent} taken once`,
    `cases: ${r.cases}; files read back from the store: ${r.filesChecked.store}; result documents and rating photos identical through both instances: ${r.filesChecked.viaBothInstances}`,
    ...r.limits.map((l) => `limit: ${l}`),
    `database: ${r.integrity}`,
    `time: ${r.seconds} s`
  ]
}

const findings = new Findings(log)
const want = new Set((process.env.FAULTS_DRILLS ?? 'disk,pg,kill,pgkill,scale').split(',').map((s) => s.trim()))
const kills = Number(process.env.FAULTS_KILLS ?? 100)
const pgKills = Number(process.env.FAULTS_PG_KILLS ?? 20)
const summary: string[] = []

async function guard(title: string, fn: () => Promise<string[]>): Promise<void> {
  log(`\n== ${title} ==`)
  const before = findings.list.length
  try {
    summary.push(title, ...(await fn()).map((l) => `  ${l}`))
  } catch (err) {
    findings.violation(`${title}: ${err instanceof Error ? err.message : String(err)}`)
    summary.push(title, `  FAILED: ${err instanceof Error ? err.message : String(err)}`)
  }
  const n = findings.list.length - before
  summary.push(`  violations: ${n}`)
  drillResults.push(n === 0)
}
const drillResults: boolean[] = []

async function main(): Promise<number> {
  const t0 = performance.now()

  // how the BFF is started: compiled once with esbuild (default, the fastest), or FAULTS_BFF=tsx
  const build = process.env.FAULTS_BFF === 'tsx' ? null : await buildBff(root)
  bffBuild.dir = build?.dir ?? null
  log(build ? `BFF compiled for the drills: ${build.files} files in ${build.ms} ms (${build.dir})` : 'BFF started through tsx')
  try {
    await drills()
  } finally {
    if (build) rmSync(build.dir, { recursive: true, force: true })
  }

  const seconds = Math.round((performance.now() - t0) / 1000)
  log('\n==================== fault drills: summary ====================')
  log(`BFF start command: ${build ? `node ${join('node_modules/.cache', `yb-faults-<pid>`, 'scripts/faults/launch.js')} (compiled once; FAULTS_BFF=tsx: node --import tsx)` : 'node --import tsx scripts/faults/launch.ts'}`)
  for (const l of summary) log(l)
  log(`total: ${seconds} s; violations: ${findings.list.length}`)
  if (findings.list.length > 50) log(`(the first 50 violations are printed above, ${findings.list.length - 50} more)`)
  log(findings.list.length ? 'FAULT DRILLS FAILED' : 'fault drills passed')
  // the plain closing line CI reads: one per drill
  const passed = drillResults.filter(Boolean).length
  log(`faults: ${passed} passed, ${drillResults.length - passed + (findings.list.length && passed === drillResults.length ? 1 : 0)} failed`)
  return findings.list.length ? 1 : 0
}

async function drills(): Promise<void> {
  if (want.has('disk')) await guard('drill 3: upload disk full', async () => diskSummary(await runDiskFullDrill({ root, findings, log })))

  let pg: Pg | null = null
  let pgBin = ''
  if (want.has('pg') || want.has('pgkill') || want.has('scale')) {
    try {
      // scripts/postgres.cjs: the throwaway PostgreSQL server of the tests
      const file = join(root, 'scripts', 'postgres.cjs')
      const mod = (await import(pathToFileURL(file).href)) as { startPostgres(): Promise<Pg>; pgBin(): string }
      pgBin = mod.pgBin()
      pg = await mod.startPostgres()
    } catch (err) {
      findings.violation(`PostgreSQL drills: no server could be started (${err instanceof Error ? err.message : String(err)})`)
    }
    if (pg && !existsSync(join(root, 'bff/src/db/postgres.ts'))) {
      findings.violation('PostgreSQL drills: this BFF has no PostgreSQL support (bff/src/db/postgres.ts)')
      pg.stop()
      pg = null
    }
  }
  try {
    if (pg && want.has('pg')) {
      const p = pg
      await guard('drill 2: PostgreSQL restart under load', async () => pgSummary(await runPgRestartDrill({ root, pg: p, pgBin, findings, log })))
    }
    if (want.has('kill')) await guard(`drill 1: kill -9 during saves, uploads and submits — SQLite, ${kills} kills`, async () => killSummary(await runKillDrill({ root, kills, label: 'sqlite', findings, log })))
    if (pg && want.has('pgkill') && pgKills > 0) {
      const p = pg
      await guard(`drill 1b: kill -9 — PostgreSQL, ${pgKills} kills`, async () =>
        killSummary(
          await runKillDrill({ root, kills: pgKills, label: 'postgres', findings, log, env: { DATABASE_URL: p.url, DATABASE_SCHEMA: 'faults_kill', STORAGE_DISK_SHARED: 'true' }, pg: { url: p.url, schema: 'faults_kill' } })
        )
      )
    }
    if (pg && want.has('scale')) {
      const p = pg
      await guard('drill 4: two instances, one PostgreSQL, one S3 store — mixed load with retries', async () => scaleSummary(await runScaleDrill({ root, pg: p, findings, log })))
    }
  } finally {
    pg?.stop()
  }
}

main().then(
  (code) => process.exit(code),
  (err: unknown) => {
    console.error(err)
    process.exit(1)
  }
)
