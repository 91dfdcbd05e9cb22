import { spawn, type ChildProcess } from 'node:child_process'
import { existsSync, rmSync } from 'node:fs'
import { join, resolve } from 'node:path'
import { tempDir } from './helpers'

/**
 * `npm start` (scripts/start.mjs) with SKIP_H5_BUILD=1: starts the real BFF (bff/src/main.ts), which prints its
 * URL; SIGTERM shuts it down cleanly (exit 0, database closed: the WAL file is checkpointed away).
 */
const ROOT = resolve(__dirname, '../..')
jest.setTimeout(150_000)

function waitForUrl(child: ChildProcess, out: string[]): Promise<string> {
  return new Promise((res, rej) => {
    const timer = setTimeout(() => rej(new Error(`no URL printed:\n${out.join('')}`)), 120_000)
    child.stdout!.on('data', (chunk: Buffer) => {
      out.push(String(chunk))
      // the URL line, then the docs line (they may arrive in separate chunks)
      const m = /医保掌上办 BFF listening on (http:\/\/localhost:\d+)\n\s+OpenAPI:\s+\1\/docs\n/.exec(out.join(''))
      if (m) {
        clearTimeout(timer)
        res(m[1])
      }
    })
    child.on('exit', (code) => {
      clearTimeout(timer)
      rej(new Error(`exited with ${code} before listening:\n${out.join('')}`))
    })
  })
}

describe('scripts/start.mjs', () => {
  it('starts the BFF on a fresh data folder, prints the URL and the docs, and stops on SIGTERM', async () => {
    const dataDir = join(tempDir(), 'data')
    const out: string[] = []
    const child = spawn(process.execPath, [join(ROOT, 'scripts/start.mjs')], {
      cwd: ROOT,
      env: {
        ...process.env,
        NODE_ENV: 'test',
        SKIP_H5_BUILD: '1',
        PORT: '0',
        HOST: '127.0.0.1',
        DATA_DIR: dataDir,
        STATIC_DIR: join(dataDir, 'no-h5'),
        LOG_LEVEL: 'warn'
      },
      stdio: ['ignore', 'pipe', 'pipe'],
      // own process group, so a failed test can stop start.mjs and the BFF it spawned together
      detached: true
    })
    child.stderr!.on('data', (c: Buffer) => out.push(String(c)))
    try {
      const url = await waitForUrl(child, out)
      const res = await fetch(`${url.replace('localhost', '127.0.0.1')}/healthz`)
      expect(await res.json()).toEqual({ status: 'ok' })
      const home = await fetch(`${url.replace('localhost', '127.0.0.1')}/`)
      expect(await home.text()).toContain('npm run build:h5')
      // the database the environment names: SQLite in the data folder, or PostgreSQL (the suite's PostgreSQL run)
      if (process.env.DATABASE_URL) {
        expect(out.join('')).toMatch(/database: {2}PostgreSQL postgres:\/\/\S+ \(schema /)
        expect(existsSync(join(dataDir, 'yb.sqlite'))).toBe(false)
      } else {
        expect(out.join('')).toContain(`database:  SQLite ${dataDir}/yb.sqlite`)
        expect(existsSync(join(dataDir, 'yb.sqlite'))).toBe(true)
      }

      const exit = new Promise<number | null>((r) => child.on('exit', (code) => r(code)))
      child.kill('SIGTERM')
      expect(await exit).toBe(0)
      expect(existsSync(join(dataDir, 'yb.sqlite-wal'))).toBe(false)
    } finally {
      try {
        process.kill(-child.pid!, 'SIGKILL') // whatever is left of the group
      } catch {
        // already gone
      }
      rmSync(resolve(dataDir, '..'), { recursive: true, force: true })
    }
  })

  it('refuses a bad environment with a clear message and exit code 1', async () => {
    const child = spawn(process.execPath, [join(ROOT, 'scripts/start.mjs')], {
      cwd: ROOT,
      env: { ...process.env, SKIP_H5_BUILD: '1', PORT: 'eighty' },
      stdio: ['ignore', 'pipe', 'pipe']
    })
    let err = ''
    child.stderr!.on('data', (c: Buffer) => (err += String(c)))
    const code = await new Promise<number | null>((r) => child.on('exit', (c) => r(c)))
    expect(code).toBe(1)
    expect(err).toMatch(/PORT="eighty"/)
  })
})
