import Database from 'better-sqlite3'
import { mkdirSync, readdirSync, readFileSync } from 'node:fs'
import { join } from 'node:path'

export type Db = Database.Database

export const DB_FILE = 'yb.sqlite'
/** migrations live next to this file: `NNN_name.sql`, applied in order of NNN */
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

/**
 * Applies the migrations not yet recorded in `schema_migrations`, each in its own IMMEDIATE transaction
 * (a second instance starting at the same time waits on the write lock, then sees the migration as applied).
 * Returns the versions applied by this call.
 */
export function migrate(db: Db, migrations: Migration[] = readMigrations()): number[] {
  db.exec(`CREATE TABLE IF NOT EXISTS schema_migrations (
    version INTEGER PRIMARY KEY,
    name TEXT NOT NULL,
    applied_at TEXT NOT NULL
  )`)
  const isApplied = db.prepare<[number], { version: number }>('SELECT version FROM schema_migrations WHERE version = ?')
  const record = db.prepare('INSERT INTO schema_migrations (version, name, applied_at) VALUES (?, ?, ?)')
  const applied: number[] = []
  for (const m of migrations) {
    const apply = db.transaction(() => {
      if (isApplied.get(m.version)) return false
      db.exec(m.sql)
      record.run(m.version, m.name, new Date().toISOString())
      return true
    })
    if (apply.immediate()) applied.push(m.version)
  }
  return applied
}

/**
 * Opens (creating if needed) `<dataDir>/yb.sqlite` in WAL mode with foreign keys on and a busy timeout,
 * then migrates it.
 */
export function openDatabase(dataDir: string, opts: { migrations?: Migration[] } = {}): Db {
  mkdirSync(dataDir, { recursive: true })
  const db = new Database(join(dataDir, DB_FILE))
  try {
    db.pragma('journal_mode = WAL')
    db.pragma('synchronous = NORMAL')
    db.pragma('foreign_keys = ON')
    db.pragma('busy_timeout = 5000')
    migrate(db, opts.migrations)
  } catch (err) {
    db.close()
    throw err
  }
  return db
}
