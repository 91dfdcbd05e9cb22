#!/usr/bin/env node
// `npm test`: unit + integration tests (jest projects `node` and `app`, the BFF on SQLite); the BFF's tests again on
// PostgreSQL (a throwaway server from Debian's postgresql); the mini-program journeys — the built dist/weapp
// and dist/alipay in the headless host (mini-host/) against the real BFF, each package built first when it is missing;
// then the E2E tests in Debian's chromium against the H5 app served by the real BFF (`npm run test:e2e`). Prints one
// closing line "tests: N passed, N failed" over all runs. Local shortcuts: `--no-e2e` skips the browser run, `--no-pg`
// the PostgreSQL run, `--no-mini` the mini-program journeys; JEST_WORKERS=n sets the workers of the SQLite and PostgreSQL runs.
import { spawnSync } from 'node:child_process'
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs'
import { createRequire } from 'node:module'
import { availableParallelism, tmpdir } from 'node:os'
import { join } from 'node:path'

const args = process.argv.slice(2)
const skipE2e = args.includes('--no-e2e')
const skipPg = args.includes('--no-pg')
const skipMini = args.includes('--no-mini')
const tmp = mkdtempSync(join(tmpdir(), 'yb-test-'))
const npx = process.platform === 'win32' ? 'npx.cmd' : 'npx'
const npm = process.platform === 'win32' ? 'npm.cmd' : 'npm'
// jest's own default is one worker less than the cores, which on a 2-core machine (CI) means one process running every
// file in turn while the other core idles whenever that process waits (SQLite fsyncs, PostgreSQL, timers, child
// processes). Two workers keep both cores busy; on bigger machines jest's default stays. JEST_WORKERS overrides.
const workers = process.env.JEST_WORKERS ?? String(Math.max(2, availableParallelism() - 1))

function runJest(label, extraArgs, env = {}) {
  const out = join(tmp, `${label.replace(/\W+/g, '-')}.json`)
  console.log(`\n=== ${label} ===`)
  const r = spawnSync(npx, ['jest', '--json', `--outputFile=${out}`, ...extraArgs], { stdio: 'inherit', env: { ...process.env, ...env } })
  let passed = 0
  let failed = 0
  try {
    const res = JSON.parse(readFileSync(out, 'utf8'))
    passed = res.numPassedTests
    failed = res.numFailedTests + res.numRuntimeErrorTestSuites
  } catch {
    failed += 1 // jest did not produce a report: count it as a failure
  }
  return { status: r.status ?? 1, passed, failed }
}

const results = [runJest('unit and integration', ['--ci', `--maxWorkers=${workers}`])]
if (!skipPg) {
  // every BFF test file again, each app in a schema of its own on one PostgreSQL server
  const { startPostgres } = createRequire(import.meta.url)('./postgres.cjs')
  const pg = await startPostgres()
  try {
    results.push(runJest('BFF on PostgreSQL', ['--ci', `--maxWorkers=${workers}`, '--selectProjects', 'node', '--', 'bff/'], {
      DATABASE_URL: pg.url,
      DATABASE_SCHEMA: '@data-dir',
      // each test's app is the only instance on its schema and its data folder
      STORAGE_DISK_SHARED: 'true'
    }))
  } finally {
    pg.stop()
  }
}
if (!skipMini) {
  // the journeys run the built packages: build a missing one first, as `npm start` builds the H5 app when missing
  let built = true
  for (const platform of ['weapp', 'alipay']) {
    if (existsSync(join('dist', platform, 'app.json'))) continue
    console.log(`\n=== dist/${platform} is missing: npm run build:${platform} ===`)
    built = spawnSync(npm, ['run', `build:${platform}`], { stdio: 'inherit' }).status === 0 && built
  }
  if (built) results.push(runJest('mini-programs (weapp, alipay)', ['--ci', '--config', 'mini-host/jest.config.js', '--runInBand']))
  else results.push({ status: 1, passed: 0, failed: 1 })
}
if (!skipE2e) results.push(runJest('e2e (chromium)', ['--ci', '--config', 'e2e/jest.config.js', '--runInBand']))
rmSync(tmp, { recursive: true, force: true })

const passed = results.reduce((a, r) => a + r.passed, 0)
const failed = results.reduce((a, r) => a + r.failed, 0)
const ok = results.every((r) => r.status === 0) && failed === 0
console.log(`\ntests: ${passed} passed, ${failed} failed`)
process.exit(ok ? 0 : 1)
