import { createHash } from 'node:crypto'
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { GetObjectCommand, S3Client } from '@aws-sdk/client-s3'
import { LOGIN_MAX_FAILURES } from '../../contract/auth'
import type { ItemDetail } from '../../contract/catalog'
import persons from '../../bff/src/adapters/sample/persons.json'
import { prng } from '../prng'
import { S3RVER_CREDENTIALS, startS3 } from '../s3rver'
import { staffAccountsFor } from '../staff-client'
import { Bff, STAFF_TOKEN } from './bff'
import { describe as answerText, formValues, itemDetail, materialsToUpload, person, photos, signIn, type DraftView } from './citizen'
import { dbChecks } from './db-checks'
import { http, LostAnswer, multipart, type Answer, type Call } from './http'
import { freePort, type Findings } from './report'

/**
 * Drill 4: two BFF instances on one PostgreSQL and one S3-compatible store (s3rver), as behind a load balancer, and a
 * mixed load of citizens and staff with every request sent to an instance picked at random: sign-in, real-name,
 * drafts, uploads, submits, 补正 (supplement uploads and resubmit), staff steps, ratings with a photo, complaints,
 * e-voucher codes and their decoding at counters. Every write the app retries is sent again with its
 * Idempotency-Key — some copies at the same moment on the other instance, one after the first was answered.
 *
 * Must hold: no 5xx and no lost answer; every retried request answered exactly as the first (status and body); the
 * same staff step or the same e-voucher code at both instances at once taken once; every stored file readable from
 * the store and through both instances (result documents, rating photos); no case lost or duplicated (each
 * citizen's 我的办件 on both instances, the database's cross-table rules); the SMS limits per phone and per IP and
 * the login lockout held across the instances.
 */

/** manual with photos, smart (decided at submit, a result document), manual with nothing to upload */
const ITEMS = ['chronic-disease-filing', 'referral-filing', 'offsite-care-filing']
const REGION = '331102'
const TERMINAL_KEY = 'faults-terminal-key-0123456789'
const SCHEMA = 'faults_scale'
/** the drill's own people: person(TAG, i) */
const TAG = 41

/** a step answered otherwise than the flow needs (already a violation): this citizen's flow ends there */
class FlowStopped extends Error {}

export interface ScaleDrillResult {
  instances: number
  citizens: number
  requests: number
  byInstance: number[]
  byStatus: Record<string, number>
  retried: { writes: number; copies: number; identical: number }
  /** the same staff step / e-voucher code at both instances at once */
  races: { sent: number; won: number }
  cases: number
  filesChecked: { store: number; viaBothInstances: number }
  limits: string[]
  p50Ms: number
  p99Ms: number
  integrity: string
  seconds: number
}


export async function runScaleDrill(opts: {
  root: string
  pg: { url: string }
  findings: Findings
  log: (s: string) => void
  citizens?: number
  seed?: number
}): Promise<ScaleDrillResult> {
  const t0 = performance.now()
  const f = opts.findings
  const citizens = opts.citizens ?? Number(process.env.FAULTS_SCALE_CITIZENS ?? 12)
  const seed = opts.seed ?? Number(process.env.FAULTS_SCALE_SEED ?? Date.now() % 100000)
  // the same seed, the same choice of instance for every request
  const random = prng(seed)
  // every sign-in of the drill is from 127.0.0.1: the hourly per-IP limit is set to what it needs plus ten, so the
  // final burst finds exactly ten codes left — across both instances
  const ipLimit = citizens + 3 + 10
  const s3 = await startS3('yb-scale')
  const dirs = [0, 1].map(() => mkdtempSync(join(tmpdir(), 'yb-faults-scale-')))
  const ports = [await freePort(), await freePort()]
  const env = {
    DATABASE_URL: opts.pg.url,
    DATABASE_SCHEMA: SCHEMA,
    STORAGE: 's3',
    S3_ENDPOINT: s3.endpoint,
    S3_BUCKET: s3.bucket,
    S3_FORCE_PATH_STYLE: 'true',
    S3_ACCESS_KEY_ID: S3RVER_CREDENTIALS.accessKeyId,
    S3_SECRET_ACCESS_KEY: S3RVER_CREDENTIALS.secretAccessKey,
    // one public address for both (it is printed in result documents' QR codes)
    PUBLIC_BASE_URL: 'https://ybzsb.example.gov.cn',
    SMS_IP_HOURLY_LIMIT: String(ipLimit),
    SMS_PHONE_DAILY_LIMIT: '10'
  }
  const bffs = dirs.map((dataDir, i) => new Bff({ root: opts.root, dataDir, port: ports[i], env, logFile: join(dataDir, 'bff.log'), spare: false }))
  opts.log(`  seed ${seed}; ${citizens} citizens; instances on ports ${ports.join(', ')}; s3rver at ${s3.endpoint}; PostgreSQL schema ${SCHEMA}`)

  const byStatus: Record<string, number> = {}
  const byInstance = [0, 0]
  const times: number[] = []
  const retried = { writes: 0, copies: 0, identical: 0 }
  const races = { sent: 0, won: 0 }
  const filesChecked = { store: 0, viaBothInstances: 0 }
  const limits: string[] = []
  let smsAccepted = 0

  /** one request to instance `i` (random when unset): a 5xx or a lost answer is a violation */
  const send = async (c: Call, i: number = Math.floor(random() * ports.length)): Promise<Answer> => {
    byInstance[i]++
    let a: Answer
    try {
      a = await http(ports[i], { timeoutMs: 30_000, ...c })
    } catch (err) {
      const why = err instanceof LostAnswer ? err.reason : String(err)
      f.violation(`${c.method} ${c.path} on instance ${i + 1}: no answer (${why})`)
      throw err
    }
    byStatus[a.status] = (byStatus[a.status] ?? 0) + 1
    times.push(a.ms)
    if (a.status >= 500) f.violation(`${c.method} ${c.path} on instance ${i + 1}: ${answerText(a)}`)
    if (c.path === '/api/v1/auth/sms-code' && a.status === 200) smsAccepted++
    return a
  }
  const expect = (a: Answer, ok: number[], what: string): Answer => {
    if (!ok.includes(a.status)) {
      f.violation(`${what}: ${answerText(a)}`)
      throw new FlowStopped(what)
    }
    return a
  }
  /**
   * A write the app retries: sent `together` times at once to random instances, then once more after those were
   * answered; every answer must be the first one — status and body.
   */
  const retriedWrite = async (make: () => Call, what: string, ok: number[], together = 2): Promise<Answer> => {
    const first = await Promise.all(Array.from({ length: together }, () => send(make())))
    const later = await send(make())
    const all = [...first, later]
    retried.writes++
    retried.copies += all.length - 1
    const original = all.find((a) => a.headers['idempotent-replayed'] !== 'true') ?? all[0]
    for (const a of all) {
      if (a === original) continue
      if (a.status === original.status && a.raw.equals(original.raw)) retried.identical++
      else f.violation(`${what}: a retry answered ${answerText(a)}, the first ${answerText(original)}`)
    }
    return expect(original, ok, what)
  }
  /** the same request at both instances at the same moment: exactly one `won` answer, the other `lost` */
  const race = async (c: Call, what: string, won: number, lost: number): Promise<void> => {
    const answers = await Promise.all([send(c, 0), send(c, 1)])
    races.sent++
    const s = answers.map((a) => a.status).sort()
    if (s[0] === Math.min(won, lost) && s[1] === Math.max(won, lost)) races.won++
    else f.violation(`${what} at both instances at once: ${answers.map(answerText).join(' / ')}, expected one ${won} and one ${lost}`)
  }
  /** the window staff's bearer: a 科长 account opened once both instances run (staff accounts live in the database) */
  let staffBearer = ''
  const staff = (id: string, body: object): Call => ({ method: 'POST', path: `/api/v1/staff/applications/${id}/actions`, headers: { authorization: `Bearer ${staffBearer}` }, json: body })

  const pictures = await photos(citizens * 3 + 4, 640, 480)
  let nextPicture = 0
  const picture = (): Buffer => pictures[nextPicture++ % pictures.length]
  const acknowledged = new Map<string, { token: string; cases: Set<string> }>()

  const flow = async (n: number): Promise<void> => {
    const p = person(TAG, n)
    expect(await send({ method: 'POST', path: '/api/v1/auth/sms-code', json: { phone: p.phone } }), [200], 'sms-code')
    const box = expect(await send({ method: 'GET', path: `/api/v1/dev/outbox?phone=${p.phone}` }), [200], 'outbox')
    const code = (box.json as { messages: Array<{ code: string | null }> }).messages[0]?.code
    const login = expect(await send({ method: 'POST', path: '/api/v1/auth/login', json: { phone: p.phone, code } }), [200], 'login')
    const token = (login.json as { accessToken: string }).accessToken
    expect(await send({ method: 'POST', path: '/api/v1/auth/realname', token, json: { name: p.name, idNumber: p.idNumber } }), [200], 'realname')
    const mine = { token, cases: new Set<string>() }
    acknowledged.set(p.phone, mine)

    const itemId = ITEMS[n % ITEMS.length]
    const item: ItemDetail = await itemDetail(ports[n % 2], itemId, REGION)
    const created = expect(await send({ method: 'POST', path: '/api/v1/drafts', token, json: { itemId, region: REGION } }), [201], 'create draft').json as DraftView
    const saved = expect(
      await send({ method: 'PUT', path: `/api/v1/drafts/${created.id}`, token, json: { values: formValues(item, { ...p, token }), step: 'materials', baseVersion: created.version } }),
      [200],
      'save draft'
    ).json as DraftView
    const uploaded: string[] = []
    for (const m of materialsToUpload(item, saved.sharedVerified)) {
      const bytes = picture()
      const key = `scale-up-${n}-${m}`
      await retriedWrite(
        () => {
          const mp = multipart(`${m}.jpg`, bytes)
          return { method: 'POST', path: `/api/v1/drafts/${created.id}/materials/${m}`, token, body: mp.body, headers: { ...mp.headers, 'idempotency-key': key } }
        },
        `upload ${m}`,
        [200]
      )
      uploaded.push(m)
    }
    const pledge = item.guide.materials.some((m) => m.paper) && item.mailing !== null
    const submitted = await retriedWrite(
      () => ({ method: 'POST', path: `/api/v1/drafts/${created.id}/submit`, token, json: pledge ? { paperPledge: true } : {}, headers: { 'idempotency-key': `scale-submit-${n}` } }),
      `submit ${itemId}`,
      [201],
      3
    )
    const app = submitted.json as { id: string; status: string; handlingMode: string }
    mine.cases.add(app.id)

    if (app.handlingMode === 'manual') {
      expect(await send(staff(app.id, { action: 'assign', staffName: '李芳' })), [200], 'assign')
      await race(staff(app.id, { action: 'accept' }), 'accept', 200, 409)
      expect(await send(staff(app.id, { action: 'startReview' })), [200], 'startReview')
      if (n % 2 === 0) {
        // 补正: the staff asks for a material again; the citizen uploads it (retried) and resubmits (retried)
        const material = uploaded[0] ?? 'household-register'
        expect(await send(staff(app.id, { action: 'requestSupplement', materialIds: [material], note: '照片不清晰，请重新上传', deadlineDays: 5 })), [200], 'requestSupplement')
        const bytes = picture()
        await retriedWrite(
          () => {
            const mp = multipart(`${material}-补正.jpg`, bytes)
            return { method: 'POST', path: `/api/v1/applications/${app.id}/materials/${material}`, token, body: mp.body, headers: { ...mp.headers, 'idempotency-key': `scale-supplement-${n}` } }
          },
          'supplement upload',
          [200]
        )
        await retriedWrite(
          () => ({ method: 'POST', path: `/api/v1/applications/${app.id}/resubmit`, token, json: {}, headers: { 'idempotency-key': `scale-resubmit-${n}` } }),
          'resubmit',
          [200]
        )
      }
      expect(await send(staff(app.id, { action: 'complete', note: '经审核，符合条件' })), [200], 'complete')
    }

    // the result document, through both instances: the same bytes
    const pdfs = [await send({ method: 'GET', path: `/api/v1/applications/${app.id}/result.pdf`, token }, 0), await send({ method: 'GET', path: `/api/v1/applications/${app.id}/result.pdf`, token }, 1)]
    if (pdfs.every((a) => a.status === 200) && pdfs[0].raw.equals(pdfs[1].raw) && pdfs[0].raw.subarray(0, 5).toString() === '%PDF-') filesChecked.viaBothInstances++
    else f.violation(`result document of ${app.id}: ${pdfs.map((a) => `${a.status} ${a.raw.length} B`).join(' / ')} on the two instances`)

    // 好差评 with a photo, both retried; then the photo through both instances
    const bad = n % 3 === 0
    await retriedWrite(
      () => ({
        method: 'POST',
        path: `/api/v1/applications/${app.id}/evaluation`,
        token,
        json: bad ? { level: 'dissatisfied', reasons: ['timeLimit'], text: '等待时间较长' } : { level: 'satisfied' },
        headers: { 'idempotency-key': `scale-rate-${n}` }
      }),
      'rating',
      [201]
    )
    const shot = picture()
    await retriedWrite(
      () => {
        const mp = multipart('现场.jpg', shot)
        return { method: 'POST', path: `/api/v1/applications/${app.id}/evaluation/photo`, token, body: mp.body, headers: { ...mp.headers, 'idempotency-key': `scale-photo-${n}` } }
      },
      'rating photo',
      [200]
    )
    const seen = [await send({ method: 'GET', path: `/api/v1/applications/${app.id}/evaluation/photo`, token }, 0), await send({ method: 'GET', path: `/api/v1/applications/${app.id}/evaluation/photo`, token }, 1)]
    if (seen.every((a) => a.status === 200) && seen[0].raw.equals(seen[1].raw) && seen[0].raw.length > 0) filesChecked.viaBothInstances++
    else f.violation(`rating photo of ${app.id}: ${seen.map((a) => `${a.status} ${a.raw.length} B`).join(' / ')} on the two instances`)

    if (n % 2 === 1) {
      await retriedWrite(
        () => ({
          method: 'POST',
          path: '/api/v1/complaints',
          token,
          json: { subject: 'application', applicationId: app.id, category: 'delay', text: '办理进度没有及时告知，希望改进' },
          headers: { 'idempotency-key': `scale-complaint-${n}` }
        }),
        'complaint',
        [201]
      )
    }

    // an insured person's e-voucher shown through one instance, scanned at two counters served by both at once:
    // accepted once (the drill's citizens are strangers to the sample data-sharing records, so uninsured)
    const voucher = expect(await send({ method: 'GET', path: '/api/v1/evoucher', token: insured.token }), [200], 'e-voucher').json as { code: string }
    await race({ method: 'POST', path: '/api/v1/evoucher/decode', headers: { 'x-terminal-key': TERMINAL_KEY }, json: { code: voucher.code } }, 'e-voucher decode', 200, 409)
  }

  let integrity = 'not checked'
  let insured = { token: '' }
  try {
    await Promise.all(bffs.map((b) => b.start()))
    staffBearer = (await staffAccountsFor(`http://127.0.0.1:${ports[1]}`, STAFF_TOKEN, [{ role: 'chief', name: '李芳', region: '330000' }])).chief.token
    const sample = persons.persons[1]
    insured = await signIn(ports[0], { phone: sample.phone, name: sample.name, idNumber: sample.idNumber })
    smsAccepted++
    // the load: four lanes of citizens at once, each request to a random instance
    let next = 0
    const lane = async (): Promise<void> => {
      while (next < citizens) {
        const n = next++
        try {
          await flow(n)
        } catch (err) {
          if (!(err instanceof LostAnswer) && !(err instanceof FlowStopped)) throw err
        }
      }
    }
    await Promise.all([lane(), lane(), lane(), lane()])

    // no case lost or duplicated: each citizen's 我的办件 on both instances is what the submits answered
    for (const [phone, mine] of acknowledged) {
      for (const i of [0, 1]) {
        const list = await send({ method: 'GET', path: '/api/v1/applications', token: mine.token }, i)
        const ids = ((list.json as { applications?: Array<{ id: string }> } | null)?.applications ?? []).map((a) => a.id)
        const expected = [...mine.cases]
        if (ids.length !== expected.length || !expected.every((id) => ids.includes(id))) {
          f.violation(`${phone}: 我的办件 on instance ${i + 1} lists ${ids.join(', ') || 'nothing'}, the submits answered ${expected.join(', ')}`)
        }
      }
    }

    // limits across instances: one phone asking 6 times at once, a login lockout, the per-IP hourly limit
    const burstPhone = person(TAG, 900).phone
    const burst = await Promise.all(Array.from({ length: 6 }, (_, i) => send({ method: 'POST', path: '/api/v1/auth/sms-code', json: { phone: burstPhone } }, i % 2)))
    const burstOk = burst.filter((a) => a.status === 200).length
    limits.push(`6 codes asked at once for one phone on both instances: ${burstOk} sent`)
    if (burstOk !== 1) f.violation(`SMS resend limit across instances: ${burstOk} codes sent for one phone, expected 1`)

    const lockPhone = person(TAG, 901).phone
    expect(await send({ method: 'POST', path: '/api/v1/auth/sms-code', json: { phone: lockPhone } }), [200], 'sms-code')
    const lockBox = await send({ method: 'GET', path: `/api/v1/dev/outbox?phone=${lockPhone}` })
    const right = (lockBox.json as { messages: Array<{ code: string | null }> }).messages[0]?.code ?? '000000'
    const wrong = right === '000000' ? '111111' : '000000'
    await Promise.all(Array.from({ length: LOGIN_MAX_FAILURES }, (_, i) => send({ method: 'POST', path: '/api/v1/auth/login', json: { phone: lockPhone, code: wrong } }, i % 2)))
    const afterLock = await Promise.all([0, 1].map((i) => send({ method: 'POST', path: '/api/v1/auth/login', json: { phone: lockPhone, code: right } }, i)))
    limits.push(`${LOGIN_MAX_FAILURES} wrong codes spread over both instances: the right code then answers ${afterLock.map((a) => a.json?.code ?? a.status).join(' / ')}`)
    if (!afterLock.every((a) => a.status === 429 && a.json?.code === 'LOGIN_LOCKED')) f.violation('login lockout did not hold on both instances')

    const left = ipLimit - smsAccepted
    const ipBurst = await Promise.all(Array.from({ length: left + 6 }, (_, i) => send({ method: 'POST', path: '/api/v1/auth/sms-code', json: { phone: person(TAG, 910 + i).phone } }, i % 2)))
    const ipOk = ipBurst.filter((a) => a.status === 200).length
    limits.push(`per-IP hourly limit ${ipLimit}: ${left + 6} more codes asked on both instances with ${left} left, ${ipOk} sent`)
    if (ipOk !== left) f.violation(`SMS per-IP limit across instances: ${ipOk} codes sent with ${left} left`)

    // every file the database points at is in the one store, with the bytes its key names
    filesChecked.store = await checkStore(opts.pg.url, s3, f)
  } finally {
    await Promise.all(bffs.map((b) => b.stop()))
    integrity = await dbChecks({ pg: { url: opts.pg.url, schema: SCHEMA } }, f).catch((err: unknown) => `not checked: ${String(err)}`)
    await s3.cleanup()
    for (const d of dirs) rmSync(d, { recursive: true, force: true })
  }
  const sorted = [...times].sort((x, y) => x - y)
  const pct = (q: number): number => Math.round(sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))] ?? 0)
  let cases = 0
  for (const m of acknowledged.values()) cases += m.cases.size
  return {
    instances: 2,
    citizens,
    requests: times.length,
    byInstance,
    byStatus,
    retried,
    races,
    cases,
    filesChecked,
    limits,
    p50Ms: pct(0.5),
    p99Ms: pct(0.99),
    integrity,
    seconds: Math.round((performance.now() - t0) / 100) / 10
  }
}

/** Reads every upload, result document and rating photo the database records straight from the store. */
async function checkStore(url: string, s3: { endpoint: string; bucket: string }, f: Findings): Promise<number> {
  const { Client } = await import('pg')
  const client = new Client({ connectionString: url })
  await client.connect()
  let keys: string[]
  try {
    await client.query(`SET search_path TO ${SCHEMA}`)
    const r = await client.query<{ k: string }>(
      `SELECT storage_key AS k FROM uploads UNION SELECT storage_key FROM result_documents
       UNION SELECT photo_storage_key FROM evaluations WHERE photo_storage_key IS NOT NULL`
    )
    keys = r.rows.map((x) => x.k)
  } finally {
    await client.end()
  }
  const store = new S3Client({ endpoint: s3.endpoint, region: 'us-east-1', forcePathStyle: true, credentials: S3RVER_CREDENTIALS })
  let ok = 0
  try {
    for (const key of keys) {
      try {
        const o = await store.send(new GetObjectCommand({ Bucket: s3.bucket, Key: key }))
        const bytes = Buffer.from(await o.Body!.transformToByteArray())
        if (createHash('sha256').update(bytes).digest('hex') === key) ok++
        else f.violation(`store: object ${key} holds other bytes`)
      } catch (err) {
        f.violation(`store: object ${key} not readable (${(err as Error).name})`)
      }
    }
  } finally {
    store.destroy()
  }
  return ok
}
