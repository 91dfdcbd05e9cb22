import { spawn } from 'node:child_process'
import { randomUUID } from 'node:crypto'
import { mkdtempSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import type { ItemDetail } from '../../contract/catalog'
import { Bff } from './bff'
import { describe, editableField, formValues, itemDetail, materialsToUpload, patiently, person, photos, signIn, type Citizen, type DraftView } from './citizen'
import { dbChecks } from './db-checks'
import { expectStatus, http, LostAnswer, multipart, sleep, type Answer, type Call } from './http'
import type { Findings } from './report'
import { endDrill, freePort } from './report'

/**
 * Drill 2: PostgreSQL stops under load and comes back. Citizens keep reading, saving drafts, uploading and submitting
 * the whole time. While the server is down every request that needs the database must answer at once with 503
 * DB_UNAVAILABLE (GET /healthz: 503 UPSTREAM_UNAVAILABLE) — never a 500, never a hang, never a 401 that would sign
 * the citizen out. After the server is back, requests succeed again within seconds, and nothing is half-written:
 * every acknowledged submit has its case with its events, every submit that failed has no case or, retried with its
 * key, exactly one.
 */
const ITEMS = ['offsite-care-filing', 'employee-info-change', 'medical-reimbursement', 'long-term-offsite-filing']
const REGION = '331102'
/** the longest a request may take to answer while the database is down */
const DOWN_ANSWER_LIMIT_MS = 6000
/** after the server is back: how long until requests must succeed again */
const RECOVERY_LIMIT_MS = 10_000

type Phase = 'before' | 'cut' | 'stopping' | 'down' | 'starting' | 'after'
type Kind = 'read' | 'health' | 'catalog' | 'save' | 'create' | 'upload' | 'submit'

interface Rec {
  kind: Kind
  route: string
  t0: number
  t1: number
  status: number | 'lost'
  code: string | null
  phaseAtStart: Phase
  phaseAtEnd: Phase
}

interface DraftRec {
  itemId: string
  item: ItemDetail
  id: string | null
  version: number
  key: string | null
  caseId: string | null
  /** a submit of this draft failed (503 or lost): it must end with one case after a retry with the key */
  failedSubmit: boolean
}

/** pg_ctl without blocking this process (the load goes on while the server shuts down); as `postgres` when root */
function pgCtl(bin: string, args: string[]): Promise<void> {
  const file = join(bin, 'pg_ctl')
  const root = typeof process.getuid === 'function' && process.getuid() === 0
  const [cmd, argv] = root ? ['runuser', ['-u', 'postgres', '--', file, ...args]] : [file, args]
  return new Promise((resolve, reject) => {
    const child = spawn(cmd, argv, { stdio: 'ignore' })
    child.on('error', reject)
    child.on('exit', (code) => (code === 0 ? resolve() : reject(new Error(`pg_ctl ${args.join(' ')} exited ${code}`))))
  })
}

export interface PgDrillResult {
  requests: number
  before: number
  cut: { connections: number; requests: number; byCode: Record<string, number> }
  stopping: { requests: number; byCode: Record<string, number> }
  down: { requests: number; answered503: number; byCode: Record<string, number>; maxMs: number; p50Ms: number; otherAnswers: string[] }
  recoveryMs: { health: number | null; read: number | null; write: number | null }
  stoppedForMs: number
  after: { requests: number; failedAfterRecovery: number }
  submits: { acknowledged: number; failed: number; failedWithCase: number; retriedToOneCase: number }
  casesChecked: number
  duplicates: number
  integrity: string
  seconds: number
}

export async function runPgRestartDrill(opts: {
  root: string
  pg: { url: string; dataDir: string; startServer(): unknown }
  /** the folder of pg_ctl (scripts/postgres.cjs pgBin()) */
  pgBin: string
  findings: Findings
  log: (s: string) => void
  workers?: number
  downMs?: number
}): Promise<PgDrillResult> {
  const t0 = performance.now()
  const f = opts.findings
  const violationsBefore = f.list.length
  const schema = 'faults_restart'
  const dataDir = mkdtempSync(join(tmpdir(), 'yb-faults-pg-'))
  const port = await freePort()
  const bff = new Bff({ root: opts.root, dataDir, port, env: { DATABASE_URL: opts.pg.url, DATABASE_SCHEMA: schema, STORAGE_DISK_SHARED: 'true' }, logFile: join(dataDir, 'bff.log') })
  const recs: Rec[] = []
  let phase: Phase = 'before'
  /** intervals in which this process was blocked in pg_ctl (spawnSync): not counted into answer times */
  const blocked: Array<[number, number]> = []
  const [img] = await photos(1, 800, 600)
  try {
    await bff.start()
    const citizens: Citizen[] = []
    for (let i = 0; i < (opts.workers ?? 6); i++) citizens.push(await patiently(() => signIn(port, person(3, i))))
    // more citizens whose ready drafts are all submitted in the moment the server shuts down: many transactions open
    // when PostgreSQL cuts the connections
    const burstCitizens: Citizen[] = []
    for (let i = 0; i < 8; i++) burstCitizens.push(await signIn(port, person(3, 10 + i)))
    for (const id of ITEMS) await itemDetail(port, id, REGION)

    const call = async (kind: Kind, c: Call): Promise<Answer | null> => {
      const rec: Rec = { kind, route: `${c.method} ${c.path.replace(/[0-9a-f-]{36}/g, ':id')}`, t0: performance.now(), t1: 0, status: 'lost', code: null, phaseAtStart: phase, phaseAtEnd: phase }
      recs.push(rec)
      try {
        const a = await http(port, { ...c, timeoutMs: 30_000 })
        rec.status = a.status
        rec.code = (a.json as { code?: string } | null)?.code ?? null
        return a
      } catch (err) {
        if (!(err instanceof LostAnswer)) throw err
        return null
      } finally {
        rec.t1 = performance.now()
        rec.phaseAtEnd = phase
      }
    }

    const drafts = new Map<Citizen, DraftRec[]>([...citizens, ...burstCitizens].map((c) => [c, []]))
    let stop = false
    const worker = async (c: Citizen, w: number): Promise<void> => {
      let d: DraftRec | null = null
      let n = w
      while (!stop) {
        const r = Math.random()
        if (r < 0.3) {
          const which = Math.floor(Math.random() * 4)
          if (which === 0) await call('health', { method: 'GET', path: '/healthz' })
          else if (which === 1) await call('catalog', { method: 'GET', path: `/api/v1/items/${ITEMS[n % ITEMS.length]}?region=${REGION}` })
          else await call('read', { method: 'GET', path: which === 2 ? '/api/v1/drafts' : '/api/v1/applications', token: c.token })
        } else {
          if (!d) {
            const itemId = ITEMS[n++ % ITEMS.length]
            d = { itemId, item: await itemDetail(port, itemId, REGION), id: null, version: 0, key: null, caseId: null, failedSubmit: false }
            drafts.get(c)!.push(d)
          }
          if (!d.id) {
            const a = await call('create', { method: 'POST', path: '/api/v1/drafts', token: c.token, json: { itemId: d.itemId, region: REGION } })
            if (a && (a.status === 200 || a.status === 201)) {
              d.id = (a.json as DraftView).id
              d.version = (a.json as DraftView).version
            }
          } else if (d.key === null && (r < 0.65 || d.version < 2)) {
            const values = formValues(d.item, c)
            const ed = editableField(d.item)
            if (ed) values[ed.key] = `${values[ed.key].slice(0, 40)}（${randomUUID().slice(0, 8)}）`
            const a = await call('save', { method: 'PUT', path: `/api/v1/drafts/${d.id}`, token: c.token, json: { values, step: 'materials', baseVersion: d.version } })
            if (a?.status === 200) d.version = (a.json as DraftView).version
            else if (a?.status === 409) d.version = (a.json as { draft?: DraftView })?.draft?.version ?? d.version
            if (a?.status === 409 || !a) {
              // a save whose answer was lost (or a conflict): read the draft to know its version
              const g = await call('read', { method: 'GET', path: `/api/v1/drafts/${d.id}`, token: c.token })
              if (g?.status === 200) d.version = (g.json as DraftView).version
            }
          } else {
            const g = d.key === null ? await call('read', { method: 'GET', path: `/api/v1/drafts/${d.id}`, token: c.token }) : null
            const missing = g?.status === 200 ? materialsToUpload(d.item, (g.json as DraftView).sharedVerified).filter((m) => !(g.json as DraftView).uploads.some((u) => u.materialId === m)) : []
            if (d.key === null && g?.status !== 200) {
              // the draft could not be read: try again later
            } else if (missing.length) {
              const mp = multipart(`${missing[0]}.jpg`, img)
              await call('upload', { method: 'POST', path: `/api/v1/drafts/${d.id}/materials/${missing[0]}`, token: c.token, body: mp.body, headers: mp.headers })
            } else {
              d.key ??= `pg-${randomUUID()}`
              const a = await call('submit', {
                method: 'POST',
                path: `/api/v1/drafts/${d.id}/submit`,
                token: c.token,
                json: d.item.guide.materials.some((m) => m.paper) ? { paperPledge: true } : {},
                headers: { 'idempotency-key': d.key }
              })
              if (a && (a.status === 200 || a.status === 201)) {
                d.caseId = (a.json as { id: string }).id
                d = null
              } else {
                d.failedSubmit = true
                if (a && a.status !== 503) f.violation(`submit of draft ${d.id} answered ${describe(a)}`)
              }
            }
          }
        }
        await sleep(20 + Math.random() * 40)
      }
    }

    // drafts ready to submit the moment the server stops (a burst while it shuts down) and while it is down
    const ready = async (c: Citizen, itemId: string): Promise<DraftRec> => {
      const d: DraftRec = { itemId, item: await itemDetail(port, itemId, REGION), id: null, version: 0, key: `pg-${randomUUID()}`, caseId: null, failedSubmit: false }
      const a = expectStatus(await http(port, { method: 'POST', path: '/api/v1/drafts', token: c.token, json: { itemId, region: REGION } }), [201], `create ${itemId}`)
      const v = a.json as DraftView
      d.id = v.id
      expectStatus(await http(port, { method: 'PUT', path: `/api/v1/drafts/${d.id}`, token: c.token, json: { values: formValues(d.item, c), step: 'materials', baseVersion: v.version } }), [200], `save ${itemId}`)
      for (const m of materialsToUpload(d.item, v.sharedVerified)) {
        const mp = multipart(`${m}.jpg`, img)
        expectStatus(await http(port, { method: 'POST', path: `/api/v1/drafts/${d.id}/materials/${m}`, token: c.token, body: mp.body, headers: mp.headers }), [200], `upload ${m}`)
      }
      drafts.get(c)!.push(d)
      return d
    }
    const atStop: Array<[Citizen, DraftRec]> = []
    const whileDown: Array<[Citizen, DraftRec]> = []
    for (const c of citizens) {
      atStop.push([c, await ready(c, 'relation-transfer-out')], [c, await ready(c, 'resident-renewal')])
      whileDown.push([c, await ready(c, 'medical-certificate')])
    }
    for (const c of burstCitizens) for (const id of ['relation-transfer-out', 'medical-certificate', 'offsite-care-filing', 'long-term-offsite-filing']) atStop.push([c, await ready(c, id)])
    const submitReady = async ([c, d]: [Citizen, DraftRec]): Promise<void> => {
      const a = await call('submit', { method: 'POST', path: `/api/v1/drafts/${d.id}/submit`, token: c.token, json: {}, headers: { 'idempotency-key': d.key! } })
      if (a && (a.status === 200 || a.status === 201)) d.caseId = (a.json as { id: string }).id
      else {
        d.failedSubmit = true
        if (a && a.status !== 503) f.violation(`submit of draft ${d.id} answered ${describe(a)}`)
      }
    }

    const load = citizens.map((c, i) => worker(c, i))
    await sleep(1500)
    // first the connections alone are cut under load (as a failover or an administrator does): every server process
    // serving the BFF terminated, 12 times, 150 ms apart; answers must be 2xx or 503, the BFF must live on
    phase = 'cut'
    const { Client } = await import('pg')
    const admin = new Client({ connectionString: opts.pg.url })
    await admin.connect()
    let cutConnections = 0
    try {
      for (let i = 0; i < 12; i++) {
        const r = await admin.query("SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE backend_type = 'client backend' AND pid <> pg_backend_pid()")
        cutConnections += r.rowCount ?? 0
        await sleep(150)
      }
    } finally {
      await admin.end()
    }
    phase = 'before'
    await sleep(800)
    // stop the server (fast shutdown: open connections are cut) while submits are under way, keep it down, start it again
    phase = 'stopping'
    const stopping = pgCtl(opts.pgBin, ['-D', join(opts.pg.dataDir), '-m', 'fast', '-w', 'stop'])
    // in waves over the first 450 ms of the shutdown
    const burst = atStop.map(async (x, i) => {
      await sleep((i % 30) * 15)
      await submitReady(x)
    })
    await stopping
    phase = 'down'
    const downAt = performance.now()
    await sleep(500)
    const downSubmits = whileDown.map(submitReady)
    await sleep((opts.downMs ?? 4000) - 500)
    await Promise.all([...burst, ...downSubmits])
    phase = 'starting'
    const b0 = performance.now()
    opts.pg.startServer()
    blocked.push([b0, performance.now()])
    const upAt = performance.now()
    const stoppedForMs = Math.round(upAt - downAt)
    phase = 'after'
    // the load goes on until reads and writes have succeeded again, and 3 s more (at most the recovery limit)
    const okAfter = (kinds: Kind[]): boolean => recs.some((r) => r.phaseAtEnd === 'after' && r.t0 >= upAt && kinds.includes(r.kind) && typeof r.status === 'number' && r.status < 400)
    while (performance.now() - upAt < RECOVERY_LIMIT_MS && !(okAfter(['health']) && okAfter(['read']) && okAfter(['save', 'create', 'submit', 'upload']))) await sleep(100)
    await sleep(3000)
    stop = true
    await Promise.all(load)

    // the BFF must survive the database going away; if it died, start another so the data can still be checked
    const diedAt = bff.diedAt
    const died = await bff.reviveIfDead()
    // requests that ended after the death got no answer because of it: counted in the one violation below
    const deadLost = diedAt === null ? [] : recs.filter((r) => r.status === 'lost' && r.t1 >= diedAt - 100)
    if (died) {
      const when = recs.filter((r) => r.t1 >= diedAt! - 100 && r.t1 <= diedAt! + 100)[0]?.phaseAtEnd ?? phase
      const what = { cut: 'its PostgreSQL connections were cut', stopping: 'PostgreSQL shut down', down: 'PostgreSQL was down' }[when as string] ?? `PostgreSQL was ${when}`
      f.violation(`the BFF process died (${died}) when ${what}; ${deadLost.length} requests got no answer until it was started again to check the data`)
    }
    // one line per kind of wrong answer, with its count
    const wrong = new Map<string, number>()
    const bad = (s: string): void => {
      wrong.set(s, (wrong.get(s) ?? 0) + 1)
    }
    // answer times, not counting the time this process was blocked in pg_ctl
    const took = (r: Rec): number => r.t1 - r.t0 - blocked.reduce((s, [a, b]) => s + Math.max(0, Math.min(b, r.t1) - Math.max(a, r.t0)), 0)
    for (const r of recs) if ((r.phaseAtStart === 'stopping' || r.phaseAtEnd === 'stopping') && took(r) > DOWN_ANSWER_LIMIT_MS) bad(`${r.route} took more than ${DOWN_ANSWER_LIMIT_MS} ms to answer while PostgreSQL was shutting down`)
    const inDown = recs.filter((r) => r.phaseAtStart === 'down' && r.phaseAtEnd !== 'after')
    const byCode: Record<string, number> = {}
    const other: string[] = []
    let answered503 = 0
    for (const r of inDown) {
      if (deadLost.includes(r)) continue
      const key = `${r.status} ${r.code ?? ''}`.trim()
      byCode[key] = (byCode[key] ?? 0) + 1
      if (took(r) > DOWN_ANSWER_LIMIT_MS) bad(`${r.route} took more than ${DOWN_ANSWER_LIMIT_MS} ms to answer while PostgreSQL was down`)
      const want = r.kind === 'health' ? 'UPSTREAM_UNAVAILABLE' : 'DB_UNAVAILABLE'
      if (r.status === 503 && r.code === want) answered503++
      else if (r.kind === 'catalog' && r.status === 200) {
        // the catalog is served from memory: it needs no database
      } else {
        other.push(`${r.route} → ${key}`)
        bad(`while PostgreSQL was down ${r.route} answered ${key === 'lost' ? 'nothing (connection lost)' : key}, not 503 ${want}`)
      }
    }
    for (const r of recs) if (r.phaseAtStart === 'cut' && r.status === 503 && r.code !== 'DB_UNAVAILABLE' && r.code !== 'UPSTREAM_UNAVAILABLE') bad(`${r.route} answered 503 ${r.code} while connections were cut`)
    for (const r of recs) if (typeof r.status === 'number' && r.status >= 500 && r.status !== 503) bad(`${r.route} answered ${r.status} ${r.code} (${r.phaseAtStart})`)
    for (const r of recs) if (r.status === 'lost' && r.phaseAtStart !== 'down' && !deadLost.includes(r)) bad(`${r.route} got no answer (${r.phaseAtStart})`)
    // recovery: from the server being back to the first success of each kind; afterwards no more failures
    const firstOk = (kinds: Kind[]): number | null => {
      const ok = recs.filter((r) => r.phaseAtEnd === 'after' && kinds.includes(r.kind) && typeof r.status === 'number' && r.status < 400).sort((a, b) => a.t1 - b.t1)[0]
      return ok ? Math.max(0, Math.round(ok.t1 - upAt)) : null
    }
    const recoveryMs = { health: firstOk(['health']), read: firstOk(['read']), write: firstOk(['save', 'create', 'submit', 'upload']) }
    // (not judged when the BFF had died: nothing could recover without a new process)
    if (!died) for (const [k, v] of Object.entries(recoveryMs)) if (v === null || v > RECOVERY_LIMIT_MS) f.violation(`${k} requests did not succeed within ${RECOVERY_LIMIT_MS} ms after PostgreSQL came back (${v ?? 'never'})`)
    const settledAt = upAt + Math.max(...Object.values(recoveryMs).map((v) => v ?? 0))
    const lateFailures = recs.filter((r) => r.t0 > settledAt + 1000 && r.status === 503)
    for (const r of lateFailures) bad(`${r.route} still answered 503 ${r.code} more than 1 s after the first successes once PostgreSQL was back`)
    for (const [s, n] of wrong) f.violation(`${n}× ${s}`)

    // nothing half-written: every submit's draft ends with exactly one case, the one its key gives
    let acknowledged = 0
    let failed = 0
    let failedWithCase = 0
    let retriedToOneCase = 0
    let casesChecked = 0
    let duplicates = 0
    for (const c of [...citizens, ...burstCitizens]) {
      const expected = new Set<string>()
      for (const d of drafts.get(c)!) {
        if (!d.id || !d.key) continue
        const g = await http(port, { method: 'GET', path: `/api/v1/drafts/${d.id}`, token: c.token })
        if (g.status !== 200) {
          f.violation(`draft ${d.id}: ${describe(g)}`)
          continue
        }
        const bound = (g.json as DraftView).applicationId
        if (d.caseId) {
          acknowledged++
          if (bound !== d.caseId) f.violation(`draft ${d.id}: submit answered case ${d.caseId}, the draft is bound to ${bound}`)
        }
        if (d.failedSubmit) {
          failed++
          if (bound) failedWithCase++
        }
        // the same key once more: the same case — the first answer again (201), or 200 when only the case's own record
        // of the key is left (the first try's answer was never kept) — else the one submit that makes it (201)
        const a = await http(port, {
          method: 'POST',
          path: `/api/v1/drafts/${d.id}/submit`,
          token: c.token,
          json: d.item.guide.materials.some((m) => m.paper) ? { paperPledge: true } : {},
          headers: { 'idempotency-key': d.key }
        })
        if (a.status !== 200 && a.status !== 201) {
          f.violation(`draft ${d.id}: submit retried with its key answered ${describe(a)}`)
          continue
        }
        const id = (a.json as { id: string }).id
        if (bound && id !== bound) f.violation(`draft ${d.id}: bound to ${bound}, the retry answered ${a.status} ${id}`)
        if (d.caseId && id !== d.caseId) f.violation(`draft ${d.id}: the retry gave case ${id}, the first answer ${d.caseId}`)
        if (d.failedSubmit && !d.caseId) retriedToOneCase++
        expected.add(id)
      }
      const list = await http(port, { method: 'GET', path: '/api/v1/applications', token: c.token })
      const ids = (list.json as { applications: Array<{ id: string }> }).applications.map((x) => x.id)
      for (const id of ids) if (!expected.has(id)) {
        duplicates++
        f.violation(`${c.phone}: case ${id} that no submit made (duplicate)`)
      }
      for (const id of expected) {
        casesChecked++
        if (!ids.includes(id)) f.violation(`${c.phone}: case ${id} missing from 我的办件`)
        const detail = await http(port, { method: 'GET', path: `/api/v1/applications/${id}`, token: c.token })
        const a = detail.json as { status: string; handlingMode: string; events: Array<{ action: string; from: string | null; to: string }> }
        if (detail.status !== 200) {
          f.violation(`case ${id}: ${describe(detail)}`)
          continue
        }
        const ev = a.events
        if (!ev.length || ev[0].action !== 'submit') f.violation(`case ${id}: first event ${ev[0]?.action ?? 'missing'}, not submit`)
        if (a.handlingMode === 'smart' && ev.length < 2) f.violation(`case ${id}: smart case without its decision event`)
        if (ev.length && ev[ev.length - 1].to !== a.status) f.violation(`case ${id}: status ${a.status}, last event leads to ${ev[ev.length - 1].to}`)
      }
    }
    await bff.stop()
    const integrity = await dbChecks({ pg: { url: opts.pg.url, schema } }, f)
    const downTimes = inDown.map(took).sort((a, b) => a - b)
    return {
      requests: recs.length,
      before: recs.filter((r) => r.phaseAtStart === 'before').length,
      cut: {
        connections: cutConnections,
        requests: recs.filter((r) => r.phaseAtStart === 'cut').length,
        byCode: recs.filter((r) => r.phaseAtStart === 'cut').reduce<Record<string, number>>((m, r) => {
          const k = `${r.status} ${r.code ?? ''}`.trim()
          m[k] = (m[k] ?? 0) + 1
          return m
        }, {})
      },
      stopping: {
        requests: recs.filter((r) => r.phaseAtStart === 'stopping').length,
        byCode: recs.filter((r) => r.phaseAtStart === 'stopping').reduce<Record<string, number>>((m, r) => {
          const k = `${r.status} ${r.code ?? ''}`.trim()
          m[k] = (m[k] ?? 0) + 1
          return m
        }, {})
      },
      down: {
        requests: inDown.length,
        answered503,
        byCode,
        maxMs: Math.round(downTimes[downTimes.length - 1] ?? 0),
        p50Ms: Math.round(downTimes[Math.floor(downTimes.length / 2)] ?? 0),
        otherAnswers: [...new Set(other)].slice(0, 10)
      },
      recoveryMs,
      stoppedForMs,
      after: { requests: recs.filter((r) => r.phaseAtStart === 'after').length, failedAfterRecovery: lateFailures.length },
      submits: { acknowledged, failed, failedWithCase, retriedToOneCase },
      casesChecked,
      duplicates,
      integrity,
      seconds: Math.round((performance.now() - t0) / 100) / 10
    }
  } finally {
    await endDrill(bff, dataDir, f, violationsBefore, opts.log)
  }
}
