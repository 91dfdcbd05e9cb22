#!/usr/bin/env node
// `npm test`: unit + integration tests (jest projects `node` and `app`), then the E2E tests in Debian's
// chromium against the H5 app served by the real BFF (`npm run test:e2e`). Prints one closing line
// "tests: N passed, N failed" over both runs. Pass `--no-e2e` to skip the browser run (local only).
import { spawnSync } from 'node:child_process'
import { mkdtempSync, readFileSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'

const args = process.argv.slice(2)
const skipE2e = args.includes('--no-e2e')
const tmp = mkdtempSync(join(tmpdir(), 'yb-test-'))
const npx = process.platform === 'win32' ? 'npx.cmd' : 'npx'

function runJest(label, extraArgs) {
  const out = join(tmp, `${label}.json`)
  console.log(`\n=== ${label} ===`)
  const r = spawnSync(npx, ['jest', '--json', `--outputFile=${out}`, ...extraArgs], { stdio: 'inherit', env: process.env })
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

const results = [runJest('unit and integration', ['--ci'])]
if (!skipE2e) results.push(runJest('e2e (chromium)', ['--ci', '--config', 'e2e/jest.config.js', '--runInBand']))
rmSync(tmp, { recursive: true, force: true })

const passed = results.reduce((a, r) => a + r.passed, 0)
const failed = results.reduce((a, r) => a + r.failed, 0)
const ok = results.every((r) => r.status === 0) && failed === 0
console.log(`\ntests: ${passed} passed, ${failed} failed`)
process.exit(ok ? 0 : 1)
