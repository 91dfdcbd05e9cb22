import type { Db } from '../db'

/**
 * Attempt counters in the database (table `throttles`), so a limit holds across restarts and across instances. A key
 * names what is counted and for whom, e.g. `login:<phone>:<network>`: keying by more than the victim's identifier is
 * what stops a stranger from locking a citizen out (OWASP ASVS 5.0 V6.3: anti-automation without denial of service).
 * Call inside the caller's `db.tx` when the count decides a write. `hit` and `take` read and then write a key's row:
 * each locks the key first (`db.lock`, in a transaction of its own when the caller has none), so two instances
 * counting the same key at once cannot both pass a limit.
 */
export interface Limit {
  /** events allowed in the window */
  max: number
  windowMs: number
  /** when reached: locked this long (default: until the window ends) */
  lockMs?: number
}

interface Row {
  n: number
  window_start: string
  locked_until: string | null
}

const iso = (ms: number): string => new Date(ms).toISOString()

export class Throttles {
  constructor(private readonly db: Db) {}

  private row(key: string): Promise<Row | undefined> {
    return this.db.prepare<[string], Row>('SELECT n, window_start, locked_until FROM throttles WHERE key = ?').get(key)
  }

  private async write(key: string, n: number, windowStart: string, lockedUntil: string | null): Promise<void> {
    await this.db
      .prepare(
        `INSERT INTO throttles (key, n, window_start, locked_until) VALUES (?, ?, ?, ?)
         ON CONFLICT (key) DO UPDATE SET n = excluded.n, window_start = excluded.window_start, locked_until = excluded.locked_until`
      )
      .run(key, n, windowStart, lockedUntil)
  }

  /** Milliseconds the key stays locked at `t`, or 0. */
  async lockedMs(key: string, t: number): Promise<number> {
    const r = await this.row(key)
    if (!r?.locked_until) return 0
    return Math.max(0, Date.parse(r.locked_until) - t)
  }

  /** Events counted for the key in its current window at `t`. */
  async count(key: string, t: number, windowMs: number): Promise<number> {
    const r = await this.row(key)
    return r && Date.parse(r.window_start) + windowMs > t ? Number(r.n) : 0
  }

  /**
   * Counts one event. Returns how many are left in the window (0 when this one reached the limit) and, when it did,
   * how long the key is now locked.
   */
  hit(key: string, t: number, limit: Limit): Promise<{ left: number; lockedMs: number }> {
    return this.db.tx(async () => {
      await this.db.lock(`throttle:${key}`)
      return this.count1(key, t, limit)
    })
  }

  private async count1(key: string, t: number, limit: Limit): Promise<{ left: number; lockedMs: number }> {
    const r = await this.row(key)
    const fresh = !r || Date.parse(r.window_start) + limit.windowMs <= t || (r.locked_until !== null && Date.parse(r.locked_until) <= t)
    const n = fresh ? 1 : Number(r.n) + 1
    const start = fresh ? iso(t) : r.window_start
    if (n >= limit.max) {
      const lockMs = limit.lockMs ?? Date.parse(start) + limit.windowMs - t
      await this.write(key, n, start, iso(t + lockMs))
      return { left: 0, lockedMs: lockMs }
    }
    await this.write(key, n, start, null)
    return { left: limit.max - n, lockedMs: 0 }
  }

  /** Takes one from the key's allowance: true when allowed (and counted), false when the window is used up. */
  take(key: string, t: number, limit: Limit): Promise<boolean> {
    return this.db.tx(async () => {
      await this.db.lock(`throttle:${key}`)
      if ((await this.count(key, t, limit.windowMs)) >= limit.max) return false
      await this.count1(key, t, { ...limit, lockMs: undefined })
      return true
    })
  }

  async clear(key: string): Promise<void> {
    await this.db.prepare('DELETE FROM throttles WHERE key = ?').run(key)
  }

  /** Housekeeping: rows whose window and lock both ended before `before`. */
  async purge(before: number): Promise<void> {
    await this.db
      .prepare('DELETE FROM throttles WHERE window_start < ? AND (locked_until IS NULL OR locked_until < ?)')
      .run(iso(before - 7 * 24 * 3600_000), iso(before))
  }
}
