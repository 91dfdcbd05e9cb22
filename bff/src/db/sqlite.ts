import { AsyncLocalStorage } from 'node:async_hooks'
import Database from 'better-sqlite3'
import type { Db, RunResult, Statement } from './types'

interface Scope {
  active: boolean
  depth: number
}

/**
 * SQLite through better-sqlite3 (synchronous, one connection), behind the asynchronous Db interface.
 * A transaction holds the connection across its awaits: statements from other requests wait for it to end, statements
 * of the transaction (found through AsyncLocalStorage) go straight through. Outside a transaction a statement runs at
 * once, synchronously, as before.
 */
export class SqliteDb implements Db {
  readonly dialect = 'sqlite' as const
  private readonly scope = new AsyncLocalStorage<Scope>()
  private locked = false
  private readonly waiting: Array<() => void> = []
  private closing = false
  private readonly compiled = new Map<string, Database.Statement>()

  constructor(readonly raw: Database.Database) {}

  get open(): boolean {
    return !this.closing && this.raw.open
  }

  prepare<P extends unknown[] | object = unknown[], R = unknown>(sql: string): Statement<P, R> {
    // compiled once per SQL text for the connection, however often a service calls prepare() with it
    const stmt = (): Database.Statement => {
      let compiled = this.compiled.get(sql)
      if (!compiled) {
        compiled = this.raw.prepare(sql)
        this.compiled.set(sql, compiled)
      }
      return compiled
    }
    const call = async <T>(op: (s: Database.Statement) => T): Promise<T> => {
      if (!this.scope.getStore()?.active) while (this.locked) await this.wait()
      // no await between the check and the statement: no transaction can begin in between
      return op(stmt())
    }
    return {
      get: (...params) => call((s) => s.get(...params) as R | undefined),
      all: (...params) => call((s) => s.all(...params) as R[]),
      run: (...params) => call((s): RunResult => ({ changes: s.run(...params).changes }))
    }
  }

  async exec(sql: string): Promise<void> {
    if (!this.scope.getStore()?.active) while (this.locked) await this.wait()
    this.raw.exec(sql)
  }

  async tx<T>(fn: () => Promise<T>): Promise<T> {
    const outer = this.scope.getStore()
    if (outer?.active) return this.savepoint(outer, fn)
    await this.acquire()
    const scope: Scope = { active: true, depth: 0 }
    try {
      this.raw.exec('BEGIN IMMEDIATE')
      try {
        const result = await this.scope.run(scope, fn)
        this.raw.exec('COMMIT')
        return result
      } catch (err) {
        if (this.raw.inTransaction) this.raw.exec('ROLLBACK')
        throw err
      }
    } finally {
      scope.active = false
      this.release()
    }
  }

  /** Transactions already run one at a time here: nothing more to wait for (checked for misuse only). */
  async lock(): Promise<void> {
    if (!this.scope.getStore()?.active) throw new Error('db.lock() outside a transaction')
  }

  async close(): Promise<void> {
    if (this.closing) return
    this.closing = true
    await this.acquire()
    try {
      this.raw.close()
    } finally {
      this.release()
    }
  }

  private async savepoint<T>(scope: Scope, fn: () => Promise<T>): Promise<T> {
    const name = `sp${++scope.depth}`
    this.raw.exec(`SAVEPOINT ${name}`)
    try {
      const result = await fn()
      this.raw.exec(`RELEASE ${name}`)
      return result
    } catch (err) {
      this.raw.exec(`ROLLBACK TO ${name}`)
      this.raw.exec(`RELEASE ${name}`)
      throw err
    } finally {
      scope.depth--
    }
  }

  private async acquire(): Promise<void> {
    while (this.locked) await this.wait()
    this.locked = true
  }

  /** wakes every waiter; each checks the lock again (the first to run takes it) */
  private release(): void {
    this.locked = false
    for (const wake of this.waiting.splice(0)) wake()
  }

  private wait(): Promise<void> {
    return new Promise<void>((resolve) => this.waiting.push(resolve))
  }
}
