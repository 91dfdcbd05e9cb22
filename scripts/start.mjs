#!/usr/bin/env node
// `npm start`: builds the H5 app if `dist/h5/index.html` is missing (`npm run build:h5`, output shown), then starts
// the BFF with the embedded adapters (`node --import tsx bff/src/main.ts`), which serves the app and the API.
// SIGINT/SIGTERM are forwarded to the BFF, which closes its database; this script exits with the BFF's code.
//
// Environment: everything the BFF reads (PORT, HOST, DATA_DIR, STATIC_DIR, LOG_LEVEL…, see bff/src/config.ts), and
//   SKIP_H5_BUILD=1  start the BFF without building the H5 app even when it is missing (the BFF then answers `/`
//                    with a note how to build it) — for API-only work and for CI steps that build separately.
import { spawn } from 'node:child_process'
import { existsSync } from 'node:fs'
import { dirname, join, resolve } from 'node:path'
import { fileURLToPath } from 'node:url'

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..')
const staticDir = resolve(root, process.env.STATIC_DIR || 'dist/h5')
const skipBuild = ['1', 'true', 'yes'].includes(String(process.env.SKIP_H5_BUILD || '').toLowerCase())
const npm = process.platform === 'win32' ? 'npm.cmd' : 'npm'

/** Runs a child with inherited stdio; resolves with its exit code (signal → 1). */
function run(cmd, args, opts = {}) {
  return new Promise((res, rej) => {
    const child = spawn(cmd, args, { cwd: root, stdio: 'inherit', env: process.env, ...opts })
    const forward = (signal) => {
      if (child.exitCode === null) child.kill(signal)
    }
    process.on('SIGINT', forward)
    process.on('SIGTERM', forward)
    child.on('error', rej)
    child.on('exit', (code, signal) => {
      process.off('SIGINT', forward)
      process.off('SIGTERM', forward)
      res(code ?? (signal ? 1 : 0))
    })
  })
}

async function main() {
  if (!existsSync(join(staticDir, 'index.html'))) {
    if (skipBuild) {
      console.log(`[start] SKIP_H5_BUILD is set: not building the H5 app (${staticDir} has no index.html)`)
    } else {
      console.log(`[start] ${staticDir}/index.html is missing: building the H5 app (npm run build:h5)…`)
      const code = await run(npm, ['run', 'build:h5'])
      if (code !== 0) {
        console.error(`[start] the H5 build failed (exit code ${code}); see its output above. Fix it, or run with SKIP_H5_BUILD=1 to start the API alone.`)
        process.exit(code)
      }
      if (!existsSync(join(staticDir, 'index.html'))) {
        console.error(`[start] the H5 build finished but ${staticDir}/index.html is still missing; check STATIC_DIR and the build output folder.`)
        process.exit(1)
      }
    }
  }
  const code = await run(process.execPath, ['--import', 'tsx', join(root, 'bff/src/main.ts')])
  process.exit(code)
}

main().catch((err) => {
  console.error('[start] failed:', err)
  process.exit(1)
})
