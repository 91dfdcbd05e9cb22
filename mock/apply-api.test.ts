import { ApplicationDetailSchema, DraftSchema, ErrorCode, shanghaiToday } from '../contract'
import { mockApplications, resetMockApplyStore } from './apply-store'

/**
 * The apply mocks answer like the BFF (contract/apply.ts), with the catalog's own item forms: drafts resume rather
 * than duplicate, saves on an old version conflict, shared-verified materials take no upload (001 §3.2.2), and a
 * submit repeated with its Idempotency-Key returns the same case.
 */
const base = 'http://localhost/api/v1'
async function call(method: string, path: string, body?: unknown, headers: Record<string, string> = {}) {
  const res = await fetch(`${base}${path}`, {
    method,
    headers: body === undefined ? headers : { 'Content-Type': 'application/json', ...headers },
    body: body === undefined ? undefined : JSON.stringify(body)
  })
  const text = await res.text()
  return { status: res.status, body: (text ? JSON.parse(text) : undefined) as Record<string, unknown> }
}

beforeEach(() => resetMockApplyStore())

const tomorrow = (): string => {
  const d = new Date(`${shanghaiToday()}T00:00:00Z`)
  d.setUTCDate(d.getUTCDate() + 1)
  return d.toISOString().slice(0, 10)
}

it('drafts: created once per item, prefilled, saved by version; 409 for an old version', async () => {
  const first = await call('POST', '/drafts', { itemId: 'offsite-care-filing', region: '331100' })
  expect(first.status).toBe(201)
  const draft = DraftSchema.parse(first.body)
  expect(draft.values.idNumber).toBe('331102********0025') // read-only identity: masked
  expect(draft.values.phone).toBe('13800000001') // prefilled, editable: whole
  expect(draft.sharedVerified).toContain('id-card')
  const again = await call('POST', '/drafts', { itemId: 'offsite-care-filing', region: '331100' })
  expect(again.status).toBe(200)
  expect(again.body.id).toBe(draft.id)

  const saved = await call('PUT', `/drafts/${draft.id}`, { values: { filingType: '常驻异地工作人员' }, baseVersion: draft.version })
  expect(saved.status).toBe(200)
  expect(saved.body.version).toBe(draft.version + 1)
  const stale = await call('PUT', `/drafts/${draft.id}`, { values: { filingType: '其他临时外出就医人员' }, baseVersion: draft.version })
  expect(stale.status).toBe(409)
  expect(stale.body.code).toBe(ErrorCode.DRAFT_CONFLICT)
  const unknown = await call('PUT', `/drafts/${draft.id}`, { values: { nope: 'x' }, baseVersion: draft.version + 1 })
  expect(unknown.status).toBe(400)
  expect(unknown.body.fields).toEqual({ 'values.nope': '表单中没有这一项，请刷新后重试' })

  const listed = await call('GET', '/drafts')
  expect((listed.body.drafts as unknown[]).length).toBe(1)
  expect((await call('POST', '/drafts', { itemId: 'personal-insurance-record', region: '331100' })).body.code).toBe(ErrorCode.ITEM_NOT_APPLYABLE)
})

it('uploads: a shared-verified material is refused; submit checks the form and keys the case', async () => {
  const draft = DraftSchema.parse((await call('POST', '/drafts', { itemId: 'offsite-care-filing', region: '331100' })).body)
  const form = new FormData()
  form.append('file', new Blob([new Uint8Array([0xff, 0xd8, 0xff, 0xe0, 1, 2, 3])], { type: 'image/jpeg' }), 'id.jpg')
  const shared = await fetch(`${base}/drafts/${draft.id}/materials/id-card`, { method: 'POST', body: form })
  expect(shared.status).toBe(409)
  expect(((await shared.json()) as { code: string }).code).toBe(ErrorCode.MATERIAL_SHARED_VERIFIED)

  expect((await call('POST', `/drafts/${draft.id}/submit`, {})).body.code).toBe(ErrorCode.IDEMPOTENCY_KEY_REQUIRED)
  const invalid = await call('POST', `/drafts/${draft.id}/submit`, {}, { 'Idempotency-Key': 'key-00000001' })
  expect(invalid.status).toBe(400)
  expect(invalid.body.fields).toMatchObject({ 'values.filingType': '请选择备案类型' })

  const v = { filingType: '常驻异地工作人员', careRegion: '330100', startDate: tomorrow() }
  await call('PUT', `/drafts/${draft.id}`, { values: v, baseVersion: draft.version })
  const made = await call('POST', `/drafts/${draft.id}/submit`, {}, { 'Idempotency-Key': 'key-00000001' })
  expect(made.status).toBe(201)
  const app = ApplicationDetailSchema.parse(made.body)
  expect(app.status).toBe('submitted')
  expect(app.caseNo).toMatch(/^YB331100\d{8}\d{5}$/)
  const repeat = await call('POST', `/drafts/${draft.id}/submit`, {}, { 'Idempotency-Key': 'key-00000001' })
  expect(repeat.status).toBe(201)
  expect(repeat.body.id).toBe(app.id)
  expect(mockApplications.size).toBe(1)
  const other = await call('POST', `/drafts/${draft.id}/submit`, {}, { 'Idempotency-Key': 'key-00000002' })
  expect(other.body.code).toBe(ErrorCode.DRAFT_SUBMITTED)
})
