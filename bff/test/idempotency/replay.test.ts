/**
 * The writes the app retries after a lost answer (contract/apply.ts, IDEMPOTENCY_KEY_PATTERN): a repeat of an
 * Idempotency-Key gets the first answer — status, body, `Idempotent-Replayed: true` — and does nothing twice; another
 * body with the key is refused; a key is the account's own. Runs on SQLite and, in the PostgreSQL run, on PostgreSQL;
 * bff/test/scale/instances.test.ts sends the same to two instances.
 */
import type { FastifyInstance, LightMyRequestResponse } from 'fastify'
import { testApp } from '../helpers'
import { staffAuth } from '../staff/helpers'
import { SAMPLE, multipart, photo, preparedDraft, signIn, type Session } from '../apply/helpers'

let app: FastifyInstance
let cleanup: () => Promise<void>
let zhang: Session
let wang: Session
const applicant = { name: SAMPLE.zhang.name, idNumber: SAMPLE.zhang.idNumber, phone: SAMPLE.zhang.phone }

beforeAll(async () => {
  const t = await testApp()
  app = t.app
  cleanup = t.cleanup
  zhang = await signIn(app, SAMPLE.zhang.phone, SAMPLE.zhang)
  wang = await signIn(app, SAMPLE.wang.phone, SAMPLE.wang)
})
afterAll(async () => cleanup())

let n = 0
const newKey = (): string => `replay-${++n}-0123456789`

function expectReplay(first: LightMyRequestResponse, again: LightMyRequestResponse): void {
  expect(again.statusCode).toBe(first.statusCode)
  expect(again.body).toBe(first.body)
  expect(first.headers['idempotent-replayed']).toBeUndefined()
  expect(again.headers['idempotent-replayed']).toBe('true')
}

describe('submit', () => {
  // ten submits of one draft with one key sent at once — a phone retrying after a lost answer, a double tap — were
  // answered 400 MATERIALS_MISSING or 409 DRAFT_SUBMITTED for a case that was in fact made. A manual item with photos
  // (they move to the case when it is made) and a smart one decided at once.
  it.each([['chronic-disease-filing'], ['referral-filing']])('%s: ten submits with one key at once all get the first answer', async (itemId) => {
    for (let round = 0; round < 3; round++) {
      const draftId = await preparedDraft(app, zhang, itemId, '331102', applicant)
      const key = newKey()
      const results = await Promise.all(
        Array.from({ length: 10 }, () => app.inject({ method: 'POST', url: `/api/v1/drafts/${draftId}/submit`, headers: { ...zhang.headers, 'idempotency-key': key }, payload: {} }))
      )
      expect(results.map((r) => `${r.statusCode} ${r.statusCode >= 400 ? String(r.json().code) : ''}`)).toEqual(Array(10).fill('201 '))
      expect(new Set(results.map((r) => r.body)).size).toBe(1)
      expect(await app.db.prepare('SELECT COUNT(*) AS n FROM applications WHERE draft_id = ?').get(draftId)).toEqual({ n: 1 })
    }
  })
})

describe('uploads', () => {
  it('a retried material upload gets the first answer and adds no second file; another file with the key is refused', async () => {
    const created = await app.inject({ method: 'POST', url: '/api/v1/drafts', headers: zhang.headers, payload: { itemId: 'medical-reimbursement', region: '331102' } })
    const draftId = (created.json() as { id: string }).id
    const key = newKey()
    const img = await photo(800, 600)
    // each retry frames the same file in a new multipart body (a new boundary): the same request nonetheless
    const send = async (bytes: Buffer, k = key): Promise<LightMyRequestResponse> => {
      const mp = multipart('发票.jpg', bytes, 'image/jpeg')
      return app.inject({ method: 'POST', url: `/api/v1/drafts/${draftId}/materials/receipts`, headers: { ...zhang.headers, ...mp.headers, 'idempotency-key': k }, payload: mp.payload })
    }
    const [first, second] = await Promise.all([send(img), send(img)])
    const [a, b] = first.headers['idempotent-replayed'] ? [second, first] : [first, second]
    expect(a.statusCode).toBe(200)
    expectReplay(a, b)
    expect((a.json() as { uploads: unknown[] }).uploads).toHaveLength(1)
    expectReplay(a, await send(img))

    const other = await send(await photo(801, 600))
    expect(other.statusCode).toBe(422)
    expect(other.json().code).toBe('IDEMPOTENCY_KEY_REUSED')
    // without a key an upload is a new upload each time, as before
    const mp = multipart('发票2.jpg', img, 'image/jpeg')
    const plain = await app.inject({ method: 'POST', url: `/api/v1/drafts/${draftId}/materials/receipts`, headers: { ...zhang.headers, ...mp.headers }, payload: mp.payload })
    expect(plain.statusCode).toBe(200)
    expect((plain.json() as { uploads: unknown[] }).uploads).toHaveLength(2)
    const bad = await send(img, 'bad key!')
    expect(bad.statusCode).toBe(400)
    expect(bad.json().code).toBe('IDEMPOTENCY_KEY_REQUIRED')
  })
})

describe('ratings and complaints', () => {
  let caseId: string
  beforeAll(async () => {
    const draftId = await preparedDraft(app, zhang, 'referral-filing', '331102', applicant)
    const made = await app.inject({ method: 'POST', url: `/api/v1/drafts/${draftId}/submit`, headers: { ...zhang.headers, 'idempotency-key': newKey() }, payload: {} })
    caseId = (made.json() as { id: string }).id
  })

  it('a rating, its 追评 and photo retried with their keys are made once and answered as the first time', async () => {
    const rate = { level: 'dissatisfied', reasons: ['timeLimit'], text: '等了很久' }
    const key = newKey()
    const send = (k: string, payload: object = rate) =>
      app.inject({ method: 'POST', url: `/api/v1/applications/${caseId}/evaluation`, headers: { ...zhang.headers, 'idempotency-key': k }, payload })
    const results = await Promise.all([send(key), send(key), send(key)])
    const first = results.find((r) => !r.headers['idempotent-replayed'])!
    expect(first.statusCode).toBe(201)
    for (const r of results) if (r !== first) expectReplay(first, r)
    // the same key with other content: refused, nothing changed
    const other = await send(key, { level: 'verySatisfied' })
    expect(other.statusCode).toBe(422)
    expect(other.json().code).toBe('IDEMPOTENCY_KEY_REUSED')
    // a new key is a new rating: refused by the one-rating rule, and that refusal is the answer kept for its key
    const k2 = newKey()
    const second = await send(k2)
    expect(second.statusCode).toBe(409)
    expect(second.json().code).toBe('EVALUATION_EXISTS')
    expectReplay(second, await send(k2))

    const ck = newKey()
    const comment = () =>
      app.inject({ method: 'POST', url: `/api/v1/applications/${caseId}/evaluation/comment`, headers: { ...zhang.headers, 'idempotency-key': ck }, payload: { text: '补充一句' } })
    const c1 = await comment()
    expect(c1.statusCode).toBe(200)
    expectReplay(c1, await comment())

    const pk = newKey()
    const img = await photo(800, 600)
    const upload = () => {
      const mp = multipart('现场.jpg', img, 'image/jpeg')
      return app.inject({ method: 'POST', url: `/api/v1/applications/${caseId}/evaluation/photo`, headers: { ...zhang.headers, ...mp.headers, 'idempotency-key': pk }, payload: mp.payload })
    }
    const p1 = await upload()
    expect(p1.statusCode).toBe(200)
    expectReplay(p1, await upload())
    const events = await app.db.prepare<[string], { n: number }>(
      "SELECT COUNT(*) AS n FROM evaluation_events e JOIN evaluations v ON v.id = e.evaluation_id WHERE v.application_id = ? AND e.action IN ('rate', 'comment')"
    ).get(caseId)
    expect(events).toEqual({ n: 2 })
  })

  it('a complaint retried with its key is filed once; its rating too', async () => {
    const key = newKey()
    const body = { subject: 'application', applicationId: caseId, category: 'attitude', text: '窗口工作人员态度不好，没有耐心解释' }
    const file = () => app.inject({ method: 'POST', url: '/api/v1/complaints', headers: { ...zhang.headers, 'idempotency-key': key }, payload: body })
    const [c1, c2] = await Promise.all([file(), file()])
    const first = c1.headers['idempotent-replayed'] ? c2 : c1
    expect(first.statusCode).toBe(201)
    expectReplay(first, first === c1 ? c2 : c1)
    const { id } = first.json() as { id: string }
    const mine = await app.inject({ method: 'GET', url: '/api/v1/complaints', headers: zhang.headers })
    expect((mine.json() as { complaints: Array<{ id: string; text: string }> }).complaints.filter((c) => c.text === body.text || c.id === id)).toHaveLength(1)

    const answered = await app.inject({ method: 'POST', url: `/api/v1/staff/complaints/${id}/actions`, headers: await staffAuth(app), payload: { action: 'answer', staffName: '李芳', text: '已批评教育并改进' } })
    expect(answered.statusCode).toBe(200)
    const rk = newKey()
    const rate = () => app.inject({ method: 'POST', url: `/api/v1/complaints/${id}/rate`, headers: { ...zhang.headers, 'idempotency-key': rk }, payload: { satisfied: true } })
    const r1 = await rate()
    expect(r1.statusCode).toBe(200)
    expectReplay(r1, await rate())
  })

  it('a key belongs to its account: another account using the same key is a request of its own', async () => {
    const key = newKey()
    const body = { subject: 'other', category: 'other', text: '希望增加周末服务窗口的开放时间' }
    const mine = await app.inject({ method: 'POST', url: '/api/v1/complaints', headers: { ...zhang.headers, 'idempotency-key': key }, payload: body })
    const theirs = await app.inject({ method: 'POST', url: '/api/v1/complaints', headers: { ...wang.headers, 'idempotency-key': key }, payload: body })
    expect([mine.statusCode, theirs.statusCode]).toEqual([201, 201])
    expect(theirs.headers['idempotent-replayed']).toBeUndefined()
    expect(theirs.json().id).not.toBe(mine.json().id)
  })
})
