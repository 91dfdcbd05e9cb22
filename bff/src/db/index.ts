import { createHash } from 'node:crypto'
import { chmodSync, existsSync, mkdirSync, readdirSync, readFileSync } from 'node:fs'
import { join, resolve } from 'node:path'
import Database from 'better-sqlite3'
import { PostgresDb } from './postgres'
import { translateMigration } from './sql'
import { SqliteDb } from './sqlite'
import type { Db } from './types'

export type { Db, Dialect, RunResult, Statement } from './types'
export { DbUnavailableError, isUniqueViolation } from './types'
export { PostgresDb, SqliteDb }

export const DB_FILE = 'yb.sqlite'
/** migrations live next to this file: `NNN_name.sql`, applied in order of NNN, on SQLite and PostgreSQL alike */
export const MIGRATIONS_DIR = join(__dirname, 'migrations')

export interface Migration {
  version: number
  name: string
  sql: string
}

/** Reads `NNN_name.sql` files; adding a migration = adding the next numbered file. */
export function readMigrations(dir: string = MIGRATIONS_DIR): Migration[] {
  const seen = new Map<number, string>()
  return readdirSync(dir)
    .filter((f) => f.endsWith('.sql'))
    .map((file) => {
      const m = /^(\d+)_([\w-]+)\.sql$/.exec(file)
      if (!m) throw new Error(`migration file name must look like 001_name.sql: ${file}`)
      const version = Number(m[1])
      const dup = seen.get(version)
      if (dup) throw new Error(`two migrations with version ${version}: ${dup}, ${file}`)
      seen.set(version, file)
      return { version, name: m[2], sql: readFileSync(join(dir, file), 'utf8') }
    })
    .sort((a, b) => a.version - b.version)
}

const MIGRATIONS_TABLE = `CREATE TABLE IF NOT EXISTS schema_migrations (
  version INTEGER PRIMARY KEY,
  name TEXT NOT NULL,
  applied_at TEXT NOT NULL
)`

/**
 * Applies the migrations not yet recorded in `schema_migrations`, each in its own transaction, and returns the
 * versions applied by this call. Instances starting at the same time take turns: on SQLite through the write lock
 * (BEGIN IMMEDIATE), on PostgreSQL through an advisory lock held while migrating.
 */
export async function migrate(db: Db, migrations: Migration[] = readMigrations()): Promise<number[]> {
  return db instanceof PostgresDb ? migratePostgres(db, migrations) : migrateSqlite(db as SqliteDb, migrations)
}

function migrateSqlite(db: SqliteDb, migrations: Migration[]): number[] {
  const raw = db.raw
  raw.exec(MIGRATIONS_TABLE)
  const isApplied = raw.prepare<[number], { version: number }>('SELECT version FROM schema_migrations WHERE version = ?')
  const record = raw.prepare('INSERT INTO schema_migrations (version, name, applied_at) VALUES (?, ?, ?)')
  const applied: number[] = []
  for (const m of migrations) {
    const apply = raw.transaction(() => {
      if (isApplied.get(m.version)) return false
      raw.exec(m.sql)
      record.run(m.version, m.name, new Date().toISOString())
      return true
    })
    if (apply.immediate()) applied.push(m.version)
  }
  return applied
}

async function migratePostgres(db: PostgresDb, migrations: Migration[]): Promise<number[]> {
  await db.prepareSchema()
  const client = await db.connect()
  const applied: number[] = []
  try {
    await client.query(`SELECT pg_advisory_lock(hashtext('yb-migrate'))`)
    try {
      await client.query(translateMigration(MIGRATIONS_TABLE))
      for (const m of migrations) {
        await client.query('BEGIN')
        try {
          const seen = await client.query('SELECT version FROM schema_migrations WHERE version = $1', [m.version])
          if (seen.rowCount) {
            await client.query('ROLLBACK')
            continue
          }
          await client.query(translateMigration(m.sql))
          await client.query('INSERT INTO schema_migrations (version, name, applied_at) VALUES ($1, $2, $3)', [m.version, m.name, new Date().toISOString()])
          await client.query('COMMIT')
          applied.push(m.version)
        } catch (err) {
          await client.query('ROLLBACK').catch(() => undefined)
          throw new Error(`migration ${m.version}_${m.name} failed on PostgreSQL: ${(err as Error).message}`, { cause: err })
        }
      }
    } finally {
      await client.query(`SELECT pg_advisory_unlock(hashtext('yb-migrate'))`).catch(() => undefined)
    }
  } finally {
    client.release()
  }
  return applied
}

export interface OpenOptions {
  /** the SQLite database lives in `<dataDir>/yb.sqlite` */
  dataDir: string
  /** postgres://…: PostgreSQL instead of SQLite */
  databaseUrl?: string | null
  /** PostgreSQL schema; `@data-dir`: one schema per data folder (several isolated BFFs on one server: tests, demos) */
  databaseSchema?: string
  databasePoolSize?: number
  migrations?: Migration[]
  onConnectionError?: (err: Error) => void
}

/** The schema a data folder maps to under `DATABASE_SCHEMA=@data-dir`. */
export function schemaForDataDir(dataDir: string): string {
  return `yb_${createHash('sha256').update(resolve(dataDir)).digest('hex').slice(0, 16)}`
}

/**
 * Opens the database and migrates it: PostgreSQL when a URL is given, else (creating if needed) `<dataDir>/yb.sqlite`
 * in WAL mode with foreign keys on and a busy timeout.
 */
export async function openDatabase(opts: OpenOptions): Promise<Db> {
  // the data folder holds files, development keys and caches whichever database is used: the service's user only
  // (0700; an existing folder is tightened too)
  mkdirSync(opts.dataDir, { recursive: true, mode: 0o700 })
  chmodSync(opts.dataDir, 0o700)
  if (opts.databaseUrl) {
    const schema = !opts.databaseSchema ? 'public' : opts.databaseSchema === '@data-dir' ? schemaForDataDir(opts.dataDir) : opts.databaseSchema
    const db = new PostgresDb({ url: opts.databaseUrl, schema, poolSize: opts.databasePoolSize ?? 10, onConnectionError: opts.onConnectionError })
    try {
      await migrate(db, opts.migrations)
    } catch (err) {
      await db.close()
      throw err
    }
    return db
  }
  const file = join(opts.dataDir, DB_FILE)
  const raw = new Database(file)
  try {
    // 0600 before the WAL exists: SQLite creates -wal and -shm with the database file's permissions
    chmodSync(file, 0o600)
    raw.pragma('journal_mode = WAL')
    raw.pragma('synchronous = NORMAL')
    raw.pragma('foreign_keys = ON')
    raw.pragma('busy_timeout = 5000')
    const db = new SqliteDb(raw)
    await migrate(db, opts.migrations)
    for (const f of [`${file}-wal`, `${file}-shm`]) if (existsSync(f)) chmodSync(f, 0o600)
    return db
  } catch (err) {
    raw.close()
    throw err
  }
}
