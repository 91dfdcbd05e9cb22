/**
 * A result document missing from the file store — lost, or kept on another instance's disk — is rendered again from
 * the database instead of answering 404 RESULT_UNKNOWN: the same bytes as issued, so its verification still holds.
 */
import { rmSync } from 'node:fs'
import { join } from 'node:path'
import type { FastifyInstance } from 'fastify'
import { testApp } from '../helpers'
import { SAMPLE, preparedDraft, signIn, type Session } from '../apply/helpers'

let app: FastifyInstance
let dataDir: string
let cleanup: () => Promise<void>
let zhang: Session

beforeAll(async () => {
  const t = await testApp()
  ;({ app, dataDir, cleanup } = t)
  zhang = await signIn(app, SAMPLE.zhang.phone, SAMPLE.zhang)
})
afterAll(async () => cleanup())

it('rebuilds a result document missing from storage: 200, the bytes issued, still verified unaltered', async () => {
  const applicant = { name: SAMPLE.zhang.name, idNumber: SAMPLE.zhang.idNumber, phone: SAMPLE.zhang.phone }
  const draftId = await preparedDraft(app, zhang, 'referral-filing', '331102', applicant)
  const made = await app.inject({ method: 'POST', url: `/api/v1/drafts/${draftId}/submit`, headers: { ...zhang.headers, 'idempotency-key': 'rebuild-0123456789' }, payload: {} })
  expect(made.json().status).toBe('completed')
  const { id, result } = made.json() as { id: string; result: { verifyCode: string } }
  const first = await app.inject({ method: 'GET', url: `/api/v1/applications/${id}/result.pdf`, headers: zhang.headers })
  expect(first.statusCode).toBe(200)

  const doc = (await app.db.prepare<[string], { storage_key: string }>('SELECT storage_key FROM result_documents WHERE application_id = ?').get(id))!
  expect(await app.storage.has(doc.storage_key)).toBe(true)
  rmSync(join(dataDir, 'files'), { recursive: true, force: true })
  expect(await app.storage.get(doc.storage_key)).toBeNull()

  const again = await app.inject({ method: 'GET', url: `/api/v1/applications/${id}/result.pdf`, headers: zhang.headers })
  expect(again.statusCode).toBe(200)
  expect(again.rawPayload.equals(first.rawPayload)).toBe(true)
  // stored again, and the copy is the one issued
  expect(await app.storage.has(doc.storage_key)).toBe(true)
  const check = await app.inject({ method: 'POST', url: `/api/v1/results/verify/${result.verifyCode}`, headers: { 'content-type': 'application/pdf' }, payload: again.rawPayload })
  expect(check.json()).toMatchObject({ genuine: true, unaltered: true })
})
