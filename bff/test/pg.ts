/**
 * PostgreSQL for tests. `DATABASE_URL` set (the suite's PostgreSQL run, CI): that server. Otherwise a
 * throwaway server from Debian's postgresql (scripts/postgres.cjs), started once per test file and stopped after it.
 */
import type { OpenOptions } from '../src/db'

interface Throwaway {
  url: string
  stop(): void
  stopServer(): void
  startServer(): void
}

let throwaway: Promise<Throwaway> | null = null

async function start(): Promise<Throwaway> {
  // eslint-disable-next-line @typescript-eslint/no-require-imports, @typescript-eslint/no-var-requires
  const { startPostgres } = require('../../scripts/postgres.cjs') as { startPostgres: () => Promise<Throwaway> }
  return startPostgres()
}

/** A PostgreSQL URL: the suite's server, or a throwaway one for this file (stopped by `stopPostgres`). */
export async function postgresUrl(): Promise<string> {
  if (process.env.DATABASE_URL) return process.env.DATABASE_URL
  throwaway ??= start()
  return (await throwaway).url
}

/** A throwaway server of this file's own, which a test may stop and start (never the suite's shared one). */
export async function ownPostgres(): Promise<Throwaway> {
  return start()
}

export async function stopPostgres(): Promise<void> {
  if (!throwaway) return
  const t = await throwaway
  throwaway = null
  t.stop()
}

/** The database a test's app would open for `dataDir` under the current environment (SQLite, or the PG run's schema). */
export function envDatabase(dataDir: string): OpenOptions {
  return process.env.DATABASE_URL
    ? { dataDir, databaseUrl: process.env.DATABASE_URL, databaseSchema: process.env.DATABASE_SCHEMA ?? '@data-dir' }
    : { dataDir }
}
