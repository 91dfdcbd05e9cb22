import { createHash, randomUUID } from 'node:crypto'
import { EventEmitter } from 'node:events'
import type { FastifyInstance, FastifyReply, FastifyRequest, preHandlerHookHandler } from 'fastify'
import {
  IDEMPOTENCY_KEEP_HOURS,
  IDEMPOTENCY_KEY_HEADER,
  IDEMPOTENCY_KEY_PATTERN,
  IDEMPOTENT_REPLAYED_HEADER
} from '../../../contract/apply'
import type { Db } from '../db'
import { errors } from '../../../domain/errors'
import { toArray } from './security'

/**
 * Idempotent retries (contract/apply.ts, IDEMPOTENCY_KEY_PATTERN): the one mechanism behind every write the app may
 * send twice — a phone that lost the answer, a double tap, a retry that reaches another instance.
 *
 * A route opts in with `config: { idempotency: 'required' | 'optional' }`; a preHandler added after the route's own
 * (sign-in first: answers belong to an account) claims `(account, route, key)` in `idempotent_requests` with one
 * conditional insert. The request that wins runs; its answer (status, content type, body) is stored before it is sent
 * (onSend). Every other request with that key:
 *  - finds the answer → gets it again, byte for byte, with `Idempotent-Replayed: true`;
 *  - finds the first still running → waits for it (woken at once on this instance, polling the table for another
 *    instance's), up to WAIT_MS, then 409 IDEMPOTENCY_KEY_IN_PROGRESS;
 *  - finds it running under an expired lease (its instance died mid-request) → takes it over and runs;
 *  - has another body (fingerprint) → 422 IDEMPOTENCY_KEY_REUSED.
 * A 5xx answer is not kept (nothing was written; the retry should run again): the claim is released.
 *
 * The claim is outside the route's transaction, so a process killed between its commit and storing the answer leaves
 * a running row whose retry runs the route again: routes keep their own guard for that (a submit finds the case its
 * key made, idempotency_keys). A restarted instance releases what its previous process left running at once.
 */

type Mode = 'required' | 'optional'

declare module 'fastify' {
  interface FastifyContextConfig {
    /** the route is a write the app retries: see plugins/idempotency.ts */
    idempotency?: Mode
  }
  interface FastifyRequest {
    /** the claim of this request's Idempotency-Key, while the request runs it */
    idempotency: Claim | null
  }
}

interface Claim {
  account: string
  route: string
  key: string
  /** this request is the replay of a stored answer: nothing to store */
  replayed: boolean
  settled: boolean
}

interface Row {
  fingerprint: string
  state: 'running' | 'done'
  owner_address: string | null
  owner_boot: string | null
  lease_until: number | null
  status: number | null
  content_type: string | null
  body: string | null
  created_at: string
}

/** how long a waiting repeat waits for the first request before 409 IDEMPOTENCY_KEY_IN_PROGRESS */
export const WAIT_MS = 10_000
/** how long an instance vouches for a request it runs; renewed every LEASE_MS / 4 while the request runs */
export const LEASE_MS = 20_000
const KEEP_MS = IDEMPOTENCY_KEEP_HOURS * 3600_000

export interface IdempotencyOptions {
  db: Db
  /** the app's clock: when answers were made (kept IDEMPOTENCY_KEEP_HOURS) */
  now: () => Date
  /**
   * host:port of this instance; a new process at the same address releases what its predecessor left running.
   * null: no address (port 0, tests): only leases end abandoned claims.
   */
  address: string | null
  waitMs?: number
  leaseMs?: number
}

/** JSON with object keys sorted: the same body sent again with its keys in another order is the same request */
function canonical(v: unknown): string {
  if (Array.isArray(v)) return `[${v.map(canonical).join(',')}]`
  if (v && typeof v === 'object' && !Buffer.isBuffer(v)) {
    const o = v as Record<string, unknown>
    return `{${Object.keys(o)
      .filter((k) => o[k] !== undefined)
      .sort()
      .map((k) => `${JSON.stringify(k)}:${canonical(o[k])}`)
      .join(',')}}`
  }
  return JSON.stringify(v) ?? 'null'
}

/**
 * What makes two requests the same request: route parameters, query and body — for an upload the file's bytes and
 * name (read by the route's readUpload before this runs), not the multipart framing, whose boundary every retry
 * draws anew.
 */
function fingerprintOf(req: FastifyRequest): string {
  const body = req.upload ? { file: createHash('sha256').update(req.upload.bytes).digest('hex'), fileName: req.upload.fileName } : req.body
  return createHash('sha256')
    .update(canonical({ params: req.params, query: req.query, body }))
    .digest('hex')
}

/** The table of claims and answers, with the waiting and the leases. One per app. */
export class IdempotencyStore {
  /** this process's identity in `owner_boot` */
  readonly boot = randomUUID()
  private readonly done = new EventEmitter()
  /** the claims this process runs now: their leases are renewed */
  private readonly running = new Set<string>()
  /** claims this process is taking right now (the insert or take-over sent, its outcome not yet seen), by count */
  private readonly claiming = new Map<string, number>()
  /** claims this process could not release (the database was away): released on a later tick */
  private readonly unreleased = new Map<string, { account: string; route: string; key: string }>()
  private renewer: NodeJS.Timeout | null = null
  private readonly waitMs: number
  private readonly leaseMs: number
  private readonly q

  constructor(private readonly o: IdempotencyOptions) {
    this.waitMs = o.waitMs ?? WAIT_MS
    this.leaseMs = o.leaseMs ?? LEASE_MS
    this.done.setMaxListeners(0)
    const { db } = o
    this.q = {
      claim: db.prepare<[string, string, string, string, string | null, string, number, string]>(
        `INSERT INTO idempotent_requests (account, route, key, fingerprint, state, owner_address, owner_boot, lease_until, created_at)
         VALUES (?, ?, ?, ?, 'running', ?, ?, ?, ?) ON CONFLICT DO NOTHING`
      ),
      row: db.prepare<[string, string, string], Row>(
        'SELECT fingerprint, state, owner_address, owner_boot, lease_until, status, content_type, body, created_at FROM idempotent_requests WHERE account = ? AND route = ? AND key = ?'
      ),
      takeOver: db.prepare<[string | null, string, number, string, string, string, string]>(
        `UPDATE idempotent_requests SET owner_address = ?, owner_boot = ?, lease_until = ?
         WHERE account = ? AND route = ? AND key = ? AND state = 'running' AND owner_boot = ?`
      ),
      expired: db.prepare<[string, string, string, string]>(
        "DELETE FROM idempotent_requests WHERE account = ? AND route = ? AND key = ? AND state = 'done' AND created_at = ?"
      ),
      finish: db.prepare<[number, string | null, string, string, string, string, string]>(
        `UPDATE idempotent_requests SET state = 'done', status = ?, content_type = ?, body = ?, owner_address = NULL, owner_boot = NULL, lease_until = NULL
         WHERE account = ? AND route = ? AND key = ? AND state = 'running' AND owner_boot = ?`
      ),
      release: db.prepare<[string, string, string, string]>(
        "DELETE FROM idempotent_requests WHERE account = ? AND route = ? AND key = ? AND state = 'running' AND owner_boot = ?"
      ),
      renew: db.prepare<[number, string]>("UPDATE idempotent_requests SET lease_until = ? WHERE owner_boot = ? AND state = 'running'"),
      releasePredecessors: db.prepare<[string, string]>(
        "DELETE FROM idempotent_requests WHERE state = 'running' AND owner_address = ? AND owner_boot <> ?"
      ),
      purge: db.prepare<[string]>("DELETE FROM idempotent_requests WHERE created_at < ? AND state = 'done'")
    }
  }

  /** At start: claims left running by the previous process at this address (killed) are released. */
  async start(): Promise<void> {
    if (this.o.address) await this.q.releasePredecessors.run(this.o.address, this.boot)
  }

  stop(): void {
    if (this.renewer) clearInterval(this.renewer)
    this.renewer = null
  }

  /** Drops answers older than IDEMPOTENCY_KEEP_HOURS (a scheduled job). */
  async purge(): Promise<number> {
    return (await this.q.purge.run(new Date(this.o.now().getTime() - KEEP_MS).toISOString())).changes
  }

  /**
   * Claims the key, or says what to answer instead. Resolves 'run' when this request is to run (the claim is its),
   * or the stored answer to replay; throws 422 / 409 for a different body / a first request that does not finish.
   */
  async begin(c: { account: string; route: string; key: string; fingerprint: string }): Promise<'run' | Row> {
    const deadline = Date.now() + this.waitMs
    const id = tag(c)
    let pause = 10
    for (;;) {
      if (await this.take(id, () => this.q.claim.run(c.account, c.route, c.key, c.fingerprint, this.o.address, this.boot, Date.now() + this.leaseMs, this.o.now().toISOString()))) {
        return 'run'
      }
      const row = await this.q.row.get(c.account, c.route, c.key)
      if (row) {
        if (row.fingerprint !== c.fingerprint) throw errors.idempotencyKeyReused()
        if (row.state === 'done') {
          if (Date.parse(row.created_at) > this.o.now().getTime() - KEEP_MS) return row
          // kept past its time: this request is a new one
          await this.q.expired.run(c.account, c.route, c.key, row.created_at)
          continue
        }
        // no request runs it any more: its instance died (the lease ran out), or it is this process, whose request
        // ended while the database was away and could not release it (none of its requests runs or is taking it)
        const abandoned = row.owner_boot === this.boot ? !this.running.has(id) && !this.claiming.has(id) : (row.lease_until ?? 0) < Date.now()
        const owner = row.owner_boot
        if (abandoned && owner) {
          // this request runs it instead
          if (await this.take(id, () => this.q.takeOver.run(this.o.address, this.boot, Date.now() + this.leaseMs, c.account, c.route, c.key, owner))) return 'run'
          continue
        }
        if (Date.now() >= deadline) throw errors.idempotencyKeyInProgress()
        await this.waitFor(tag(c), Math.min(pause, deadline - Date.now()))
        pause = Math.min(200, Math.round(pause * 1.5))
      }
      // no row: released (the first answered 5xx) or purged since the insert: claim again
    }
  }

  /** Stores the answer of a request this process ran (a 5xx is not kept: the claim is released for a retry). */
  async finish(c: Claim, status: number, contentType: string | null, body: string | null): Promise<void> {
    const id = tag(c)
    try {
      if (status >= 500 || body === null) {
        this.unreleased.set(id, { account: c.account, route: c.route, key: c.key })
        await this.q.release.run(c.account, c.route, c.key, this.boot)
        this.unreleased.delete(id)
      } else await this.q.finish.run(status, contentType, body, c.account, c.route, c.key, this.boot)
    } finally {
      this.running.delete(id)
      this.done.emit(id)
    }
  }

  /**
   * Sends the statement that takes the claim (insert, or take-over); true when it took it. Meanwhile the claim counts
   * as being taken by this process, so another of its requests never mistakes it for one left behind.
   */
  private async take(id: string, statement: () => Promise<{ changes: number }>): Promise<boolean> {
    this.claiming.set(id, (this.claiming.get(id) ?? 0) + 1)
    try {
      if ((await statement()).changes !== 1) return false
      this.running.add(id)
      // run again here: no longer one to release
      this.unreleased.delete(id)
      if (!this.renewer) {
        this.renewer = setInterval(() => void this.renew(), Math.max(50, Math.floor(this.leaseMs / 4)))
        this.renewer.unref()
      }
      return true
    } finally {
      const n = (this.claiming.get(id) ?? 1) - 1
      if (n > 0) this.claiming.set(id, n)
      else this.claiming.delete(id)
    }
  }

  private async renew(): Promise<void> {
    if (!this.o.db.open) return
    try {
      for (const [id, c] of this.unreleased) {
        await this.q.release.run(c.account, c.route, c.key, this.boot)
        this.unreleased.delete(id)
      }
      if (this.running.size > 0) await this.q.renew.run(Date.now() + this.leaseMs, this.boot)
    } catch {
      // the database is away: the leases run out, and a retry on another instance takes over once they have
    }
  }

  /** resolves when a request of this process with the tag finished, or after `ms` (another instance's: poll) */
  private waitFor(id: string, ms: number): Promise<void> {
    return new Promise((resolve) => {
      const wake = (): void => {
        clearTimeout(timer)
        this.done.off(id, wake)
        resolve()
      }
      const timer = setTimeout(wake, Math.max(1, ms))
      this.done.on(id, wake)
    })
  }
}

const tag = (c: { account: string; route: string; key: string }): string => `${c.account}\n${c.route}\n${c.key}`

function headerKey(req: FastifyRequest): string | undefined {
  const h = req.headers[IDEMPOTENCY_KEY_HEADER.toLowerCase()]
  return Array.isArray(h) ? h[0] : h
}

/**
 * Registers the mechanism on the root instance, before the routes: routes declared after it with
 * `config.idempotency` get the claim as their last preHandler.
 */
export async function registerIdempotency(app: FastifyInstance, store: IdempotencyStore): Promise<void> {
  await store.start()
  app.decorateRequest('idempotency', null)
  app.addHook('onClose', async () => store.stop())

  const claim = (mode: Mode): preHandlerHookHandler =>
    async function claimIdempotencyKey(req: FastifyRequest, reply: FastifyReply) {
      const key = headerKey(req)
      if (key === undefined && mode === 'optional') return
      if (!key || !IDEMPOTENCY_KEY_PATTERN.test(key)) throw errors.idempotencyKeyRequired()
      if (!req.user) throw errors.unauthorized()
      const c = { account: req.user.id, route: `${req.method} ${req.routeOptions.url}`, key }
      const outcome = await store.begin({ ...c, fingerprint: fingerprintOf(req) })
      if (outcome === 'run') {
        req.idempotency = { ...c, replayed: false, settled: false }
        return
      }
      req.idempotency = { ...c, replayed: true, settled: true }
      void reply.code(outcome.status ?? 200).header(IDEMPOTENT_REPLAYED_HEADER, 'true')
      if (outcome.content_type) void reply.header('content-type', outcome.content_type)
      return reply.send(outcome.body === '' ? undefined : outcome.body)
    }

  // the answer is stored before it leaves: a repeat arriving the moment after finds it
  const keep = async (req: FastifyRequest, reply: FastifyReply, payload: unknown): Promise<unknown> => {
    const c = req.idempotency
    if (!c || c.settled) return payload
    c.settled = true
    const body = payload === undefined || payload === null ? '' : typeof payload === 'string' ? payload : Buffer.isBuffer(payload) ? payload.toString('utf8') : null
    const type = reply.getHeader('content-type')
    try {
      await store.finish(c, reply.statusCode, typeof type === 'string' ? type : null, body)
    } catch (err) {
      // the answer still goes out; a repeat waits for the lease to end, then runs again (the route's own guard)
      req.log.warn({ err }, 'could not keep the answer of an idempotent request')
    }
    return payload
  }

  // a request that ended without onSend (the connection went away mid-answer): release its claim
  const release = async (req: FastifyRequest): Promise<void> => {
    const c = req.idempotency
    if (!c || c.settled) return
    c.settled = true
    await store.finish(c, 500, null, null).catch((err: unknown) => req.log.warn({ err }, 'could not release an idempotency claim'))
  }

  // the claim, the keeping and the release are hooks of the routes that declare config.idempotency only: every other
  // route (the public catalog's included) runs none of them
  app.addHook('onRoute', (route) => {
    const mode = route.config?.idempotency
    if (!mode) return
    route.preHandler = [...toArray(route.preHandler), claim(mode)]
    route.onSend = [...toArray(route.onSend), keep]
    route.onResponse = [...toArray(route.onResponse), release]
  })
}
