/**
 * The claims and answers behind Idempotency-Key (plugins/idempotency.ts), as two instances see them: two stores on one
 * database stand for two BFF processes. On SQLite and on PostgreSQL.
 */
import { rmSync } from 'node:fs'
import { openDatabase, type Db } from '../../src/db'
import { IdempotencyStore } from '../../src/plugins/idempotency'
import { AppError } from '../../../domain/errors'
import { tempDir } from '../helpers'
import { postgresUrl, stopPostgres } from '../pg'

const dirs: string[] = []
afterAll(async () => {
  dirs.forEach((d) => rmSync(d, { recursive: true, force: true }))
  await stopPostgres()
})

describe.each(['sqlite', 'postgres'] as const)('%s', (dialect) => {
  let db: Db
  let now = new Date('2026-11-23T02:00:00Z')
  const clock = (): Date => now
  const store = (o: Partial<ConstructorParameters<typeof IdempotencyStore>[0]> = {}): IdempotencyStore =>
    new IdempotencyStore({ db, now: clock, address: null, waitMs: 400, leaseMs: 300, ...o })
  let k = 0
  const claim = (fingerprint = 'f1') => ({ account: 'u1', route: 'POST /x', key: `key-${++k}`, fingerprint })

  beforeAll(async () => {
    const dataDir = tempDir('yb-idem-')
    dirs.push(dataDir)
    db = await openDatabase({ dataDir, ...(dialect === 'postgres' ? { databaseUrl: await postgresUrl(), databaseSchema: '@data-dir' } : {}) })
  })
  afterAll(async () => db.close())

  it('a repeat on another instance waits for the first request and gets its answer', async () => {
    const a = store()
    const b = store({ waitMs: 5000 })
    const c = claim()
    expect(await a.begin(c)).toBe('run')
    const waiting = b.begin(c)
    await new Promise((r) => setTimeout(r, 100))
    await a.finish({ ...c, replayed: false, settled: false }, 201, 'application/json; charset=utf-8', '{"id":"x"}')
    expect(await waiting).toMatchObject({ state: 'done', status: 201, content_type: 'application/json; charset=utf-8', body: '{"id":"x"}' })
    a.stop()
    b.stop()
  })

  it('another body with the key: 422; a first request that does not finish in time: 409 in progress', async () => {
    const a = store({ leaseMs: 60_000 })
    const c = claim()
    expect(await a.begin(c)).toBe('run')
    await expect(store().begin({ ...c, fingerprint: 'f2' })).rejects.toMatchObject({ status: 422, code: 'IDEMPOTENCY_KEY_REUSED' })
    const t = Date.now()
    const late = await store().begin(c).catch((e: unknown) => e)
    expect(late).toBeInstanceOf(AppError)
    expect(late).toMatchObject({ status: 409, code: 'IDEMPOTENCY_KEY_IN_PROGRESS' })
    expect(Date.now() - t).toBeGreaterThanOrEqual(350)
    a.stop()
  })

  it('a 5xx is not kept: the claim is released and the next try runs', async () => {
    const a = store()
    const c = claim()
    expect(await a.begin(c)).toBe('run')
    await a.finish({ ...c, replayed: false, settled: false }, 503, 'application/json', '{"code":"DB_UNAVAILABLE"}')
    expect(await store().begin(c)).toBe('run')
  })

  it('a claim whose instance died (its lease ran out) is taken over; one that is renewed is not', async () => {
    const dead = store({ leaseMs: 200 })
    const c = claim()
    expect(await dead.begin(c)).toBe('run')
    dead.stop() // as if killed: nobody renews its lease
    const t = Date.now()
    expect(await store({ waitMs: 5000 }).begin(c)).toBe('run')
    expect(Date.now() - t).toBeLessThan(3000)

    // a lease that would run out three times over during the repeat's wait, but long enough that a renewal timer
    // delayed by a busy CI machine (jest workers on both cores) still lands in time
    const alive = store({ leaseMs: 500 })
    const c2 = claim()
    expect(await alive.begin(c2)).toBe('run')
    // renewed every 125 ms while it runs: a repeat waits and then gives up, it does not take over
    await expect(store({ waitMs: 1500 }).begin(c2)).rejects.toMatchObject({ code: 'IDEMPOTENCY_KEY_IN_PROGRESS' })
    alive.stop()
  })

  it('a claim of this process that no request of it runs any more (its release failed: the database was away) runs again at once', async () => {
    const a = store({ leaseMs: 60_000, waitMs: 5000 })
    const c = claim()
    await db
      .prepare(
        "INSERT INTO idempotent_requests (account, route, key, fingerprint, state, owner_address, owner_boot, lease_until, created_at) VALUES (?, ?, ?, ?, 'running', NULL, ?, ?, ?)"
      )
      .run(c.account, c.route, c.key, c.fingerprint, a.boot, Date.now() + 60_000, now.toISOString())
    const t = Date.now()
    expect(await a.begin(c)).toBe('run')
    expect(Date.now() - t).toBeLessThan(1000)
    // another instance still waits for it: for all it knows, a.boot is running it
    await expect(store({ waitMs: 100 }).begin(c)).rejects.toMatchObject({ code: 'IDEMPOTENCY_KEY_IN_PROGRESS' })
    a.stop()
  })

  it('two requests of one process with one key at once: one runs, the other waits for it (never takes it over)', async () => {
    const a = store({ leaseMs: 60_000, waitMs: 200 })
    for (let i = 0; i < 3; i++) {
      const c = claim()
      const outcomes = await Promise.all([a.begin(c), a.begin(c), a.begin(c)].map((p) => p.then((x) => x, (e: AppError) => e.code)))
      expect(outcomes.sort()).toEqual(['IDEMPOTENCY_KEY_IN_PROGRESS', 'IDEMPOTENCY_KEY_IN_PROGRESS', 'run'])
    }
    a.stop()
  })

  it('a process restarted at the same address releases what its predecessor left running, at once', async () => {
    const before = store({ address: 'host-a:3000', leaseMs: 60_000 })
    const c = claim()
    expect(await before.begin(c)).toBe('run')
    before.stop()
    const elsewhere = store({ address: 'host-b:3000', leaseMs: 60_000 })
    await elsewhere.start()
    await expect(store({ waitMs: 100 }).begin(c)).rejects.toMatchObject({ code: 'IDEMPOTENCY_KEY_IN_PROGRESS' })
    const after = store({ address: 'host-a:3000' })
    await after.start()
    expect(await store({ waitMs: 100 }).begin(c)).toBe('run')
  })

  it('answers are kept for 24 hours, then purged (and a key used again after that is a new request)', async () => {
    const a = store()
    const c = claim()
    expect(await a.begin(c)).toBe('run')
    await a.finish({ ...c, replayed: false, settled: false }, 200, null, '{}')
    expect(await a.begin(c)).toMatchObject({ status: 200 })
    now = new Date(now.getTime() + 25 * 3600_000)
    expect(await a.begin(c)).toBe('run')
    await a.finish({ ...c, replayed: false, settled: false }, 201, null, '{"again":true}')
    now = new Date(now.getTime() + 25 * 3600_000)
    expect(await a.purge()).toBeGreaterThanOrEqual(1)
    expect(await db.prepare('SELECT COUNT(*) AS n FROM idempotent_requests WHERE key = ?').get(c.key)).toEqual({ n: 0 })
  })
})
