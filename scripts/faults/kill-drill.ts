import { createHash, randomUUID } from 'node:crypto'
import { existsSync, mkdtempSync, readFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import type { ItemDetail } from '../../contract/catalog'
import { Bff } from './bff'
import { describe, editableField, formValues, itemDetail, materialsToUpload, patiently, person, photos, signIn, type Citizen, type DraftView } from './citizen'
import { http, LostAnswer, multipart, sleep, type Answer } from './http'
import { dbChecks } from './db-checks'
import { endDrill, freePort, type Findings } from './report'

/**
 * Drill 1: kill -9 of the BFF at random moments while citizens save drafts, upload materials and submit, then a
 * restart on the same data. After every restart each draft is read back and compared with what the client was told
 * (every acknowledged save and upload must be there, byte for byte); every request whose answer was lost is retried
 * (a submit with its same Idempotency-Key). At the end: 我的办件 of every citizen holds exactly the cases the client
 * was given, one per submitted draft, each with complete events; the database passes its integrity checks.
 */

/** items a citizen applies for in turn: smart (rule check + PDF at submit) and manual, 0–2 uploads, a free-text field */
const ITEMS = ['offsite-care-filing', 'employee-info-change', 'home-sickbed-filing', 'resident-enrollment', 'account-withdrawal', 'flexible-employment-enrollment', 'medical-reimbursement']
const REGION = '331102'

type Kind = 'create' | 'save' | 'upload' | 'submit'

interface DraftRec {
  itemId: string
  item: ItemDetail
  id: string | null
  /** version the server last showed */
  version: number
  /** values of the last acknowledged save (or read back), null before the first */
  acked: Record<string, string> | null
  /** values of saves whose answer was lost: the server may hold any of them */
  pending: Array<Record<string, string>>
  saves: number
  /** uploads the server acknowledged or showed: id → sha256 */
  uploads: Map<string, { materialId: string; sha256: string }>
  /** materials whose upload answer was lost */
  lostUploads: Set<string>
  sharedVerified: string[]
  /** the submit's Idempotency-Key, from the first attempt on */
  key: string | null
  /** case ids seen in answers to this draft's submits (must be one) */
  caseIds: Set<string>
  /** a submit's answer is outstanding (lost): retry with the same key */
  submitLost: boolean
  done: boolean
}

interface Lane {
  c: Citizen
  next: number
  d: DraftRec | null
  /** every draft of this citizen that was submitted */
  submitted: DraftRec[]
}

export interface KillDrillResult {
  label: string
  kills: number
  killsWithRequestsInFlight: number
  inFlightAtKill: number
  inFlightByKind: Record<Kind, number>
  lostAnswers: number
  retriedSubmits: number
  retriedSameCase: number
  casesChecked: number
  duplicates: number
  lostCases: number
  draftChecks: number
  draftsIntact: number
  acknowledgedUploadsChecked: number
  restartMs: { p50: number; max: number }
  /** restarts whose preloaded spare had finished loading before "go" */
  restartsOnLoadedSpare: number
  killWindowMs: Record<Kind, number>
  integrity: string
  seconds: number
}

function sha256(b: Buffer): string {
  return createHash('sha256').update(b).digest('hex')
}

export async function runKillDrill(opts: {
  root: string
  kills: number
  label: string
  citizens?: number
  env?: Record<string, string>
  /** for the database checks at the end (PostgreSQL: url and schema) */
  pg?: { url: string; schema: string }
  findings: Findings
  log: (s: string) => void
}): Promise<KillDrillResult> {
  const t0 = performance.now()
  const f = opts.findings
  const violationsBefore = f.list.length
  const dataDir = mkdtempSync(join(tmpdir(), 'yb-faults-kill-'))
  const port = await freePort()
  const bff = new Bff({ root: opts.root, dataDir, port, env: opts.env, logFile: join(dataDir, 'bff.log') })
  const imgs = await photos(16, 640, 480)
  let imgNext = 0
  const stats = {
    killsWithRequestsInFlight: 0,
    inFlightAtKill: 0,
    inFlightByKind: { create: 0, save: 0, upload: 0, submit: 0 } as Record<Kind, number>,
    lostAnswers: 0,
    retriedSubmits: 0,
    retriedSameCase: 0,
    draftChecks: 0,
    draftsIntact: 0,
    acknowledgedUploadsChecked: 0
  }
  const where = (d: DraftRec): string => `draft ${d.id} (${d.itemId})`

  /** the stored file of an upload is on disk with the bytes its sha256 names */
  const fileOk = (sha: string): boolean => {
    const p = join(dataDir, 'files', sha.slice(0, 2), sha.slice(2, 4), sha)
    return existsSync(p) && sha256(readFileSync(p)) === sha
  }

  try {
    await bff.start()
    const lanes: Lane[] = []
    for (let i = 0; i < (opts.citizens ?? 6); i++) {
      const c = await patiently(() => signIn(port, person(opts.label === 'sqlite' ? 1 : 2, i)))
      lanes.push({ c, next: i % ITEMS.length, d: null, submitted: [] })
    }
    for (const id of ITEMS) await itemDetail(port, id, REGION)

    /** the draft as the server has it, compared with what the client was told */
    const reconcile = async (lane: Lane, d: DraftRec): Promise<void> => {
      if (!d.id) return
      const a = await http(port, { method: 'GET', path: `/api/v1/drafts/${d.id}`, token: lane.c.token })
      if (a.status !== 200) {
        f.violation(`${where(d)}: reading it back after restart answered ${describe(a)}`)
        d.done = true
        return
      }
      const v = a.json as DraftView
      stats.draftChecks++
      let intact = true
      // submitted while the answer was lost: its uploads moved to the case (compared with the case at the end)
      const bound = v.applicationId !== null
      // values: the last acknowledged save, or one of the saves whose answer was lost
      const same = (x: Record<string, string>): boolean => Object.entries(x).every(([k, val]) => v.values[k] === val)
      const adopted = [...(d.acked ? [d.acked] : []), ...d.pending].find(same)
      if (adopted) d.acked = adopted
      else if (d.acked) {
        intact = false
        f.violation(`${where(d)}: saved values lost — expected ${JSON.stringify(d.acked)}, found ${JSON.stringify(v.values)}`)
      }
      d.pending = []
      if (v.version < d.version) {
        intact = false
        f.violation(`${where(d)}: version went back from ${d.version} to ${v.version}`)
      }
      d.version = v.version
      // uploads: every acknowledged one is there with the same hash and its file intact
      for (const [id, u] of bound ? [] : d.uploads) {
        const got = v.uploads.find((x) => x.id === id)
        stats.acknowledgedUploadsChecked++
        if (!got || got.sha256 !== u.sha256) {
          intact = false
          f.violation(`${where(d)}: acknowledged upload ${id} (${u.materialId}) ${got ? 'changed' : 'missing'} after restart`)
        } else if (!fileOk(u.sha256)) {
          intact = false
          f.violation(`${where(d)}: the file of acknowledged upload ${id} is missing or damaged on disk`)
        }
      }
      // uploads the client never heard of: only for a material whose answer was lost
      for (const u of v.uploads) {
        if (d.uploads.has(u.id)) continue
        if (!d.lostUploads.has(u.materialId)) {
          intact = false
          f.violation(`${where(d)}: an upload appeared that nobody made (${u.materialId})`)
        } else if (!fileOk(u.sha256)) {
          intact = false
          f.violation(`${where(d)}: upload ${u.id} (answer lost) is recorded but its file is missing or damaged`)
        }
        d.uploads.set(u.id, { materialId: u.materialId, sha256: u.sha256 })
      }
      d.lostUploads.clear()
      d.sharedVerified = v.sharedVerified
      if (intact) stats.draftsIntact++
      // submit: a draft bound to a case must have been submitted with our key; retry the lost answer with that key
      if (v.applicationId && !d.key) f.violation(`${where(d)}: bound to case ${v.applicationId} without any submit`)
      if (v.applicationId && !d.submitLost && d.caseIds.size === 0) f.violation(`${where(d)}: bound to a case although its submit was not sent`)
      if (d.submitLost) {
        stats.retriedSubmits++
        const r = await http(port, submitCall(lane, d))
        d.submitLost = false
        if (r.status !== 200 && r.status !== 201) {
          f.violation(`${where(d)}: submit retried with the same key answered ${describe(r)}`)
          return
        }
        const caseId = (r.json as { id: string }).id
        if (v.applicationId) {
          stats.retriedSameCase++
          if (caseId !== v.applicationId) f.violation(`${where(d)}: retry gave case ${caseId}, the draft is bound to ${v.applicationId}`)
        }
        submitted(lane, d, caseId)
      } else if (v.applicationId && d.caseIds.size && !d.caseIds.has(v.applicationId)) {
        f.violation(`${where(d)}: bound to case ${v.applicationId}, the submit answered ${[...d.caseIds].join(', ')}`)
      }
    }

    const submitCall = (lane: Lane, d: DraftRec) => ({
      method: 'POST',
      path: `/api/v1/drafts/${d.id}/submit`,
      token: lane.c.token,
      json: d.item.guide.materials.some((m) => m.paper) ? { paperPledge: true } : {},
      headers: { 'idempotency-key': d.key! }
    })

    const submitted = (lane: Lane, d: DraftRec, caseId: string): void => {
      d.caseIds.add(caseId)
      if (d.caseIds.size > 1) f.violation(`${where(d)}: submits with one key gave ${d.caseIds.size} cases: ${[...d.caseIds].join(', ')}`)
      if (!d.done) {
        d.done = true
        lane.submitted.push(d)
        lane.d = null
      }
    }

    /** what one lane sends in this round: create, or save + upload, or submit (twice at once, same key: a double tap) */
    const plan = (lane: Lane): Array<{ kind: Kind; run: () => Promise<Answer>; then: (a: Answer) => void; lost: () => void }> => {
      if (!lane.d) {
        const itemId = ITEMS[lane.next++ % ITEMS.length]
        lane.d = {
          itemId,
          item: null as unknown as ItemDetail,
          id: null,
          version: 0,
          acked: null,
          pending: [],
          saves: 0,
          uploads: new Map(),
          lostUploads: new Set(),
          sharedVerified: [],
          key: null,
          caseIds: new Set(),
          submitLost: false,
          done: false
        }
      }
      const d = lane.d
      if (!d.id) {
        return [
          {
            kind: 'create',
            run: () => http(port, { method: 'POST', path: '/api/v1/drafts', token: lane.c.token, json: { itemId: d.itemId, region: REGION } }),
            then: (a) => {
              if (a.status !== 200 && a.status !== 201) return f.violation(`create draft ${d.itemId}: ${describe(a)}`)
              const v = a.json as DraftView
              d.id = v.id
              d.version = v.version
              d.sharedVerified = v.sharedVerified
              // a lost create may have made the draft: then this answer is 200 with it, still without uploads
              if (a.status === 200 && v.uploads.length) f.violation(`create draft ${d.itemId}: the open draft returned has uploads nobody made`)
            },
            lost: () => undefined
          }
        ]
      }
      const out: ReturnType<typeof plan> = []
      const missing = materialsToUpload(d.item, d.sharedVerified).filter((m) => ![...d.uploads.values()].some((u) => u.materialId === m))
      if (missing.length || !d.acked) {
        const values = formValues(d.item, lane.c)
        const ed = editableField(d.item)
        if (ed) values[ed.key] = `${values[ed.key].slice(0, 40)}（第${d.saves + 1}次保存 ${randomUUID().slice(0, 6)}）`
        d.saves++
        out.push({
          kind: 'save',
          run: () => http(port, { method: 'PUT', path: `/api/v1/drafts/${d.id}`, token: lane.c.token, json: { values, step: 'materials', baseVersion: d.version } }),
          then: (a) => {
            if (a.status !== 200) return f.violation(`${where(d)}: save answered ${describe(a)}`)
            d.acked = values
            d.version = (a.json as DraftView).version
          },
          lost: () => d.pending.push(values)
        })
        if (missing.length) {
          const m = missing[0]
          const img = imgs[imgNext++ % imgs.length]
          const mp = multipart(`${m}-${imgNext}.jpg`, img)
          out.push({
            kind: 'upload',
            run: () => http(port, { method: 'POST', path: `/api/v1/drafts/${d.id}/materials/${m}`, token: lane.c.token, body: mp.body, headers: mp.headers }),
            then: (a) => {
              if (a.status !== 200) return f.violation(`${where(d)}: upload ${m} answered ${describe(a)}`)
              const v = a.json as DraftView
              const mine = v.uploads.filter((u) => u.materialId === m && !d.uploads.has(u.id))
              if (mine.length !== 1) return f.violation(`${where(d)}: upload ${m} acknowledged, ${mine.length} new uploads in the answer`)
              d.uploads.set(mine[0].id, { materialId: m, sha256: mine[0].sha256 })
            },
            lost: () => d.lostUploads.add(m)
          })
        }
        return out
      }
      d.key ??= `fault-${randomUUID()}`
      const one = {
        kind: 'submit' as const,
        run: () => http(port, submitCall(lane, d)),
        then: (a: Answer) => {
          if (a.status !== 200 && a.status !== 201) return f.violation(`${where(d)}: submit answered ${describe(a)}`)
          submitted(lane, d, (a.json as { id: string }).id)
        },
        lost: () => {
          if (!d.done) d.submitLost = true
        }
      }
      return [one, { ...one }]
    }

    // the kill lands at a random moment within one kind of request's usual answer time (a window per kind, which
    // grows when the kill found all of them still open and shrinks when all had answered): kills land inside saves,
    // uploads and submits alike, before, during and after their writes
    const windowMs: Record<Kind, number> = { create: 150, save: 150, upload: 700, submit: 500 }
    for (let k = 1; k <= opts.kills; k++) {
      // after the restart: every draft read back and compared, lost submits retried with their key
      await Promise.all(lanes.map(async (lane) => lane.d && reconcile(lane, lane.d)))
      const batch = lanes.flatMap(plan)
      for (const lane of lanes) if (lane.d && !lane.d.item) lane.d.item = await itemDetail(port, lane.d.itemId, REGION)
      let open = 0
      const openKinds = new Map<number, Kind>()
      const settled = batch.map((op, i) => {
        open++
        openKinds.set(i, op.kind)
        return op.run().then(
          (a) => {
            open--
            openKinds.delete(i)
            if (a.status >= 500) f.violation(`${op.kind} answered ${describe(a)} before the kill`)
            op.then(a)
          },
          (err: unknown) => {
            open--
            openKinds.delete(i)
            if (!(err instanceof LostAnswer)) throw err
            stats.lostAnswers++
            op.lost()
          }
        )
      })
      const kinds = [...new Set(batch.map((op) => op.kind))]
      const target = kinds.includes('submit') && Math.random() < 0.5 ? 'submit' : kinds[Math.floor(Math.random() * kinds.length)]
      await sleep(Math.random() * windowMs[target])
      if (bff.crashed) f.violation(`the BFF died by itself before kill ${k}: ${bff.crashed}`)
      const inFlight = open
      const openNow = [...openKinds.values()]
      await bff.kill9()
      stats.inFlightAtKill += inFlight
      if (inFlight) stats.killsWithRequestsInFlight++
      for (const kind of openNow) stats.inFlightByKind[kind]++
      const targetOpen = openNow.filter((x) => x === target).length
      if (targetOpen === 0) windowMs[target] = Math.max(40, windowMs[target] * 0.8)
      else if (targetOpen === batch.filter((op) => op.kind === target).length) windowMs[target] = Math.min(8000, windowMs[target] * 1.25)
      await Promise.all(settled)
      await bff.start()
      if (k % 10 === 0) opts.log(`  ${opts.label}: ${k}/${opts.kills} kills, ${stats.inFlightAtKill} requests in flight at kill so far (${Math.round((performance.now() - t0) / 1000)} s)`)
    }

    // the final state, after the last restart
    await Promise.all(lanes.map(async (lane) => lane.d && reconcile(lane, lane.d)))
    let casesChecked = 0
    let duplicates = 0
    let lostCases = 0
    for (const lane of lanes) {
      const list = await http(port, { method: 'GET', path: '/api/v1/applications', token: lane.c.token })
      if (list.status !== 200) {
        f.violation(`我的办件 of ${lane.c.phone}: ${describe(list)}`)
        continue
      }
      const ids = (list.json as { applications: Array<{ id: string }> }).applications.map((x) => x.id)
      const expected = new Map(lane.submitted.map((d) => [[...d.caseIds][0], d]))
      for (const id of ids) if (!expected.has(id)) {
        duplicates++
        f.violation(`${lane.c.phone}: case ${id} in 我的办件 that no submit answered (duplicate or stray)`)
      }
      if (new Set(ids).size !== ids.length) f.violation(`${lane.c.phone}: 我的办件 lists a case twice`)
      for (const [caseId, d] of expected) {
        casesChecked++
        if (!ids.includes(caseId)) {
          lostCases++
          f.violation(`${lane.c.phone}: case ${caseId} (${where(d)}) acknowledged but not in 我的办件`)
          continue
        }
        // the same key again: the same case — its first answer again (201), or 200 from the case's own record of the
        // key where that answer was never kept (the process was killed between the commit and the answer)
        const again = await http(port, submitCall(lane, d))
        if ((again.status !== 200 && again.status !== 201) || (again.json as { id: string }).id !== caseId) {
          f.violation(`${where(d)}: submit repeated with its key answered ${describe(again)} ${(again.json as { id?: string })?.id ?? ''}, not the case ${caseId}`)
        }
        const detail = await http(port, { method: 'GET', path: `/api/v1/applications/${caseId}`, token: lane.c.token })
        if (detail.status !== 200) {
          f.violation(`case ${caseId}: ${describe(detail)}`)
          continue
        }
        const a = detail.json as { status: string; events: Array<{ action: string; from: string | null; to: string }>; uploads: Array<{ id: string; sha256: string }>; result: unknown; handlingMode: string }
        const ev = a.events
        if (!ev.length || ev[0].action !== 'submit' || ev[0].from !== null) f.violation(`case ${caseId}: first event is ${ev[0]?.action ?? 'missing'}, not submit`)
        for (let i = 1; i < ev.length; i++) if (ev[i].from !== ev[i - 1].to) f.violation(`case ${caseId}: events do not chain (${ev[i - 1].to} → ${ev[i].from})`)
        if (ev.length && ev[ev.length - 1].to !== a.status) f.violation(`case ${caseId}: status ${a.status} but the last event leads to ${ev[ev.length - 1].to}`)
        if (a.handlingMode === 'smart') {
          if (ev.length < 2) f.violation(`case ${caseId}: smart item without its decision event`)
          if (!a.result) f.violation(`case ${caseId}: smart item decided without its result`)
          else {
            const pdf = await http(port, { method: 'GET', path: `/api/v1/applications/${caseId}/result.pdf`, token: lane.c.token })
            if (pdf.status !== 200) f.violation(`case ${caseId}: result.pdf answered ${pdf.status}`)
          }
        }
        const shas = new Set(a.uploads.map((u) => u.sha256))
        for (const [id, u] of d.uploads) {
          stats.acknowledgedUploadsChecked++
          if (!a.uploads.some((x) => x.id === id) || !shas.has(u.sha256)) f.violation(`case ${caseId}: upload ${id} of its draft is not in the case`)
          else if (!fileOk(u.sha256)) f.violation(`case ${caseId}: the file of upload ${id} is missing or damaged`)
        }
        if (a.uploads.length !== d.uploads.size) f.violation(`case ${caseId}: ${a.uploads.length} uploads, its draft had ${d.uploads.size}`)
      }
    }
    await bff.stop()
    const integrity = await dbChecks(opts.pg ? { pg: opts.pg } : { sqliteFile: join(dataDir, 'yb.sqlite') }, f)
    const startMs = [...bff.startMs].sort((a, b) => a - b)
    return {
      label: opts.label,
      kills: opts.kills,
      ...stats,
      casesChecked,
      duplicates,
      lostCases,
      restartMs: { p50: Math.round(startMs[Math.floor(startMs.length / 2)]), max: Math.round(startMs[startMs.length - 1]) },
      restartsOnLoadedSpare: bff.startsOnLoadedSpare,
      killWindowMs: Object.fromEntries(Object.entries(windowMs).map(([k, v]) => [k, Math.round(v)])) as Record<Kind, number>,
      integrity,
      seconds: Math.round((performance.now() - t0) / 100) / 10
    }
  } finally {
    await endDrill(bff, dataDir, f, violationsBefore, opts.log)
  }
}
