/**
 * Ten submits of one draft with one Idempotency-Key sent at once — a phone retrying after a lost answer, or a
 * double tap — are all answered as the first was: the same status and the same body, never 400 MATERIALS_MISSING
 * or 409 DRAFT_SUBMITTED for a case that was in fact made. Runs on SQLite and (in the PostgreSQL run) on PostgreSQL;
 * bff/test/scale/instances.test.ts checks the same across two instances.
 */
import type { FastifyInstance } from 'fastify'
import { testApp } from '../helpers'
import { SAMPLE, preparedDraft, signIn, type Session } from '../apply/helpers'

let app: FastifyInstance
let cleanup: () => Promise<void>
let zhang: Session
const applicant = { name: SAMPLE.zhang.name, idNumber: SAMPLE.zhang.idNumber, phone: SAMPLE.zhang.phone }

beforeAll(async () => {
  const t = await testApp({ config: { staffToken: 'test-staff-token-0123456789' } })
  app = t.app
  cleanup = t.cleanup
  zhang = await signIn(app, SAMPLE.zhang.phone, SAMPLE.zhang)
})
afterAll(async () => cleanup())

// a manual item with a photo to upload (the uploads move to the case when it is made) and a smart one decided at once
it.each([
  ['chronic-disease-filing', {}],
  ['referral-filing', {}]
])('%s: ten submits with one key at once all get the first answer', async (itemId, payload) => {
  for (let round = 0; round < 3; round++) {
    const draftId = await preparedDraft(app, zhang, itemId, '331102', applicant)
    const key = `race-${itemId}-${round}-0123456789`
    const results = await Promise.all(
      Array.from({ length: 10 }, () =>
        app.inject({ method: 'POST', url: `/api/v1/drafts/${draftId}/submit`, headers: { ...zhang.headers, 'idempotency-key': key }, payload })
      )
    )
    const answers = results.map((r) => `${r.statusCode} ${r.statusCode >= 400 ? String(r.json().code) : ''}`)
    expect(answers).toEqual(Array(10).fill('201 '))
    const bodies = new Set(results.map((r) => r.body))
    expect(bodies.size).toBe(1)
    expect(await app.yb.db.prepare('SELECT COUNT(*) AS n FROM applications WHERE draft_id = ?').get(draftId)).toEqual({ n: 1 })
  }
})
