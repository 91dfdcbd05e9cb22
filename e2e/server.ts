import { spawn, type ChildProcess } from 'node:child_process'
import { mkdtempSync } from 'node:fs'
import { createServer } from 'node:net'
import { tmpdir } from 'node:os'
import { join, resolve } from 'node:path'

export const ROOT = resolve(__dirname, '..')
/** the token that creates the first staff administrator of the E2E server (global-setup.ts) */
export const E2E_STAFF_TOKEN = 'e2e-staff-token-0123456789abcdef'

export async function freePort(): Promise<number> {
  return new Promise((res, rej) => {
    const srv = createServer()
    srv.unref()
    srv.on('error', rej)
    srv.listen(0, '127.0.0.1', () => {
      const addr = srv.address()
      const port = typeof addr === 'object' && addr ? addr.port : 0
      srv.close(() => res(port))
    })
  })
}

async function waitForHealth(url: string, child: ChildProcess, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs
  while (Date.now() < deadline) {
    if (child.exitCode !== null) throw new Error(`server exited early with code ${child.exitCode}`)
    try {
      const r = await fetch(`${url}/healthz`)
      if (r.ok) return
    } catch {
      // not up yet
    }
    await new Promise((r) => setTimeout(r, 250))
  }
  throw new Error(`server at ${url} not healthy after ${timeoutMs} ms`)
}

/**
 * Starts the product the way a person does — `npm start` (scripts/start.mjs: builds the H5 app if it is
 * missing, then starts the BFF with the embedded adapters) — on a free port with a fresh data folder.
 * `env` overrides the defaults below (the web bench runs it with NODE_ENV=production).
 */
export async function startProduct(env: Record<string, string> = {}): Promise<{ url: string; child: ChildProcess; dataDir: string }> {
  const port = await freePort()
  const dataDir = mkdtempSync(join(tmpdir(), 'yb-e2e-'))
  const child = spawn(process.execPath, [join(ROOT, 'scripts/start.mjs')], {
    cwd: ROOT,
    env: { ...process.env, PORT: String(port), HOST: '127.0.0.1', DATA_DIR: dataDir, LOG_LEVEL: 'warn', NODE_ENV: 'test', STAFF_TOKEN: E2E_STAFF_TOKEN, ...env },
    stdio: ['ignore', 'inherit', 'inherit'],
    detached: true
  })
  const url = `http://127.0.0.1:${port}`
  // the first run may build the H5 app (a few minutes on 2 cores)
  await waitForHealth(url, child, 15 * 60_000)
  return { url, child, dataDir }
}

export function stopProduct(child: ChildProcess | undefined): void {
  if (!child || child.exitCode !== null || child.pid === undefined) return
  try {
    process.kill(-child.pid, 'SIGTERM') // the whole group: start.mjs and the BFF it spawned
  } catch {
    child.kill('SIGTERM')
  }
}
