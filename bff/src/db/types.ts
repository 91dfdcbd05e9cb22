/**
 * The database the BFF's repositories run on: SQLite (better-sqlite3, the embedded default) or PostgreSQL
 * (`DATABASE_URL=postgres://…`), behind one asynchronous interface (issue 7).
 *
 * SQL is written once, in the subset both understand: `?` placeholders (or `@name` with an object), `ON CONFLICT`
 * upserts, `RETURNING`, `COALESCE`, 0/1 integers for flags, ISO-8601 text for times. The PostgreSQL driver turns `?`
 * into `$n`; migrations pass through `translateMigration` (see migrate.ts).
 */
export type Dialect = 'sqlite' | 'postgres'

export interface RunResult {
  /** rows inserted, updated or deleted */
  changes: number
}

/** A statement, prepared once and run many times; every call is a round trip (a promise). */
export interface Statement<P extends unknown[] | object = unknown[], R = unknown> {
  get(...params: ParamsOf<P>): Promise<R | undefined>
  all(...params: ParamsOf<P>): Promise<R[]>
  run(...params: ParamsOf<P>): Promise<RunResult>
}

type ParamsOf<P> = P extends unknown[] ? P : [P]

export interface Db {
  readonly dialect: Dialect
  /** false once close() began: timers check it before they touch the database */
  readonly open: boolean
  prepare<P extends unknown[] | object = unknown[], R = unknown>(sql: string): Statement<P, R>
  /** one or more statements without parameters (DDL) */
  exec(sql: string): Promise<void>
  /**
   * Runs `fn` in one transaction. Every statement run while `fn` is pending — through any Statement of this Db, in any
   * function `fn` awaits — joins the transaction. Nested calls are savepoints.
   *
   * SQLite has one writer: its transactions run one at a time (BEGIN IMMEDIATE, and the file's write lock across
   * processes). PostgreSQL runs them side by side at READ COMMITTED — each statement sees what committed before it —
   * so a rule that reads and then writes takes what it needs first: `lock(key)` for the thing it decides about, a
   * conditional UPDATE, or a unique constraint with ON CONFLICT. `fn` is run again after a deadlock or a
   * serialization failure (and up to twice after a unique violation, a concurrent insert of the same key), so it must
   * do nothing but database work — no SMS, no upstream call, no file write.
   */
  tx<T>(fn: () => Promise<T>): Promise<T>
  /**
   * Inside `tx`: waits until no other transaction, on any instance, holds one of these keys, and holds them until this
   * transaction ends. Keys name what a rule decides about (`draft:<id>`, `sms-phone:<phone>`), so only transactions
   * about the same thing wait for each other. Taken before the reads the decision rests on: after it, every statement
   * sees what the previous holder committed. A no-op on SQLite, whose transactions already run one at a time.
   */
  lock(...keys: string[]): Promise<void>
  close(): Promise<void>
}

/** The database is down or unreachable (PostgreSQL restarting, network cut): the API answers 503 DB_UNAVAILABLE. */
export class DbUnavailableError extends Error {
  readonly code = 'DB_UNAVAILABLE'
  constructor(cause: unknown) {
    super(`database unavailable: ${cause instanceof Error ? cause.message : String(cause)}`, { cause })
  }
}

/** A UNIQUE or PRIMARY KEY constraint refused the row, on either database. */
export function isUniqueViolation(err: unknown): boolean {
  const code = (err as { code?: unknown } | null)?.code
  return code === 'SQLITE_CONSTRAINT_UNIQUE' || code === 'SQLITE_CONSTRAINT_PRIMARYKEY' || code === '23505'
}
