import { AsyncLocalStorage } from 'node:async_hooks'
import pg from 'pg'
import { pgValues, toPgPlaceholders, type PgText } from './sql'
import { DbUnavailableError, type Db, type RunResult, type Statement } from './types'

interface Scope {
  active: boolean
  depth: number
  client: pg.PoolClient
}

/** int8 (COUNT, BIGINT columns) and numeric (SUM, AVG) as JavaScript numbers, as SQLite gives them */
const NUMERIC_TYPES: Record<number, (v: string) => unknown> = {
  20: (v) => Number(v),
  1700: (v) => Number(v)
}
const types = {
  getTypeParser: ((oid: number, format?: 'text' | 'binary') =>
    NUMERIC_TYPES[oid] ?? pg.types.getTypeParser(oid, format)) as typeof pg.types.getTypeParser
}

/**
 * serialization_failure, deadlock_detected: run again. Transactions run side by side at READ COMMITTED and take
 * keyed locks (`lock`) and row locks in the order their statements run, so two of them can meet in opposite orders;
 * PostgreSQL then aborts one, which starts again from the top after a short random pause.
 */
const RETRY_ALWAYS = new Set(['40001', '40P01'])
/** unique_violation: a concurrent insert of the same key; run again a few times, then it is a real duplicate */
const RETRY_UNIQUE = '23505'
const MAX_ATTEMPTS = 12

/**
 * Connection errors that mean "the database is not there right now": refused or reset connections, a server shutting
 * down or starting (57P01–57P03), and SQLSTATE class 08 (connection exception).
 */
export function isUnavailable(err: unknown): boolean {
  const e = err as { code?: unknown; message?: unknown } | null
  const code = typeof e?.code === 'string' ? e.code : ''
  if (['ECONNREFUSED', 'ECONNRESET', 'EPIPE', 'ETIMEDOUT', 'ENOTFOUND', 'EAI_AGAIN', '57P01', '57P02', '57P03'].includes(code)) return true
  if (code.startsWith('08')) return true
  const msg = typeof e?.message === 'string' ? e.message : ''
  return /Connection terminated|connection timeout|Client has encountered a connection error|not queryable/i.test(msg)
}

function mapError(err: unknown): unknown {
  return isUnavailable(err) && !(err instanceof DbUnavailableError) ? new DbUnavailableError(err) : err
}

export interface PostgresOptions {
  url: string
  /** the schema (search_path) the BFF's tables live in; created if missing */
  schema: string
  poolSize: number
  /** how long a request waits for a connection before 503 */
  connectTimeoutMs?: number
  onConnectionError?: (err: Error) => void
}

/**
 * PostgreSQL through node-postgres: a pool; transactions at READ COMMITTED, side by side, each statement seeing what
 * committed before it. What a rule decides about is serialised by the rule itself (`lock`, row locks of conditional
 * UPDATEs and upserts, unique constraints), so transactions about different drafts, phones or cases never wait for
 * each other — on one instance or many.
 */
export class PostgresDb implements Db {
  readonly dialect = 'postgres' as const
  private readonly scope = new AsyncLocalStorage<Scope>()
  private readonly pool: pg.Pool
  private closing = false
  private readonly texts = new Map<string, PgText>()

  constructor(readonly options: PostgresOptions) {
    if (!/^[a-z_][a-z0-9_]*$/.test(options.schema)) throw new Error(`bad schema name: ${options.schema}`)
    this.pool = new pg.Pool({
      connectionString: options.url,
      max: options.poolSize,
      connectionTimeoutMillis: options.connectTimeoutMs ?? 5000,
      idleTimeoutMillis: 30_000,
      options: `-c search_path=${options.schema}`,
      types
    })
    // a client whose server went away emits 'error': an idle one through the pool, a checked-out one (a transaction
    // in progress) on itself. Without listeners the process would crash; the query in flight fails → 503.
    this.pool.on('error', (err) => options.onConnectionError?.(err))
    this.pool.on('connect', (client) => client.on('error', (err) => options.onConnectionError?.(err)))
  }

  get open(): boolean {
    return !this.closing
  }

  prepare<P extends unknown[] | object = unknown[], R = unknown>(sql: string): Statement<P, R> {
    const query = (params: unknown[]) => {
      // the $n text is made once per SQL text, however often a service calls prepare() with it
      let text = this.texts.get(sql)
      if (!text) {
        text = toPgPlaceholders(sql)
        this.texts.set(sql, text)
      }
      return this.query(text.text, pgValues(text.names, params))
    }
    return {
      get: async (...params) => (await query(params)).rows[0] as R | undefined,
      all: async (...params) => (await query(params)).rows as R[],
      run: async (...params): Promise<RunResult> => ({ changes: (await query(params)).rowCount ?? 0 })
    }
  }

  async exec(sql: string): Promise<void> {
    await this.query(sql, [])
  }

  async tx<T>(fn: () => Promise<T>): Promise<T> {
    const outer = this.scope.getStore()
    if (outer?.active) return this.savepoint(outer, fn)
    for (let attempt = 1; ; attempt++) {
      const client = await this.connect()
      const scope: Scope = { active: true, depth: 0, client }
      let broken = false
      try {
        await client.query('BEGIN ISOLATION LEVEL READ COMMITTED')
        const result = await this.scope.run(scope, fn)
        await client.query('COMMIT')
        return result
      } catch (err) {
        scope.active = false
        await client.query('ROLLBACK').catch(() => {
          broken = true
        })
        const code = (err as { code?: unknown }).code
        const retry = RETRY_ALWAYS.has(code as string) || (code === RETRY_UNIQUE && attempt <= 2)
        if (!retry || attempt >= MAX_ATTEMPTS) throw mapError(err)
      } finally {
        scope.active = false
        client.release(broken || undefined)
      }
      // back off a little, with jitter, so that the conflicting transactions do not meet again
      await new Promise((resolve) => setTimeout(resolve, Math.random() * 5 * attempt))
    }
  }

  async lock(...keys: string[]): Promise<void> {
    const scope = this.scope.getStore()
    if (!scope?.active) throw new Error('db.lock() outside a transaction')
    // sorted, so two transactions naming the same keys take them in the same order; the schema is part of the key
    // because advisory locks belong to the database, which several schemas (test runs, demos) may share
    for (const key of [...new Set(keys)].sort()) {
      try {
        await scope.client.query('SELECT pg_advisory_xact_lock(hashtextextended($1, 0))', [`${this.options.schema}:${key}`])
      } catch (err) {
        throw mapError(err)
      }
    }
  }

  async close(): Promise<void> {
    if (this.closing) return
    this.closing = true
    await this.pool.end()
  }

  /** Creates the schema if needed (the connection's search_path points at it) and the json_valid of CHECKs. */
  async prepareSchema(): Promise<void> {
    const client = await this.connect()
    try {
      await client.query(`SELECT pg_advisory_lock(hashtext('yb-prepare-schema'))`)
      try {
        await client.query(`CREATE SCHEMA IF NOT EXISTS ${this.options.schema}`)
        await client.query(`CREATE OR REPLACE FUNCTION ${this.options.schema}.json_valid(t text) RETURNS boolean
          LANGUAGE plpgsql IMMUTABLE AS $$
          BEGIN
            PERFORM t::json;
            RETURN true;
          EXCEPTION WHEN others THEN
            RETURN false;
          END $$`)
      } finally {
        await client.query(`SELECT pg_advisory_unlock(hashtext('yb-prepare-schema'))`)
      }
    } finally {
      client.release()
    }
  }

  /** A client of its own (migrations hold a session lock on it). */
  async connect(): Promise<pg.PoolClient> {
    if (this.closing) throw new Error('database closed')
    try {
      return await this.pool.connect()
    } catch (err) {
      throw mapError(err)
    }
  }

  private async query(text: string, values: unknown[]): Promise<pg.QueryResult> {
    const scope = this.scope.getStore()
    try {
      return scope?.active ? await scope.client.query(text, values) : await this.pool.query(text, values)
    } catch (err) {
      throw mapError(err)
    }
  }

  private async savepoint<T>(scope: Scope, fn: () => Promise<T>): Promise<T> {
    const name = `sp${++scope.depth}`
    await scope.client.query(`SAVEPOINT ${name}`)
    try {
      const result = await fn()
      await scope.client.query(`RELEASE SAVEPOINT ${name}`)
      return result
    } catch (err) {
      await scope.client.query(`ROLLBACK TO SAVEPOINT ${name}`)
      await scope.client.query(`RELEASE SAVEPOINT ${name}`)
      throw err
    } finally {
      scope.depth--
    }
  }
}
