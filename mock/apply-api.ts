import { http } from 'msw'
import { paperMaterialsView } from '../domain/case-actions'
import {
  APPLICATION_STATUS_LABEL,
  ApplicationDetailSchema,
  CreateDraftRequestSchema,
  DraftSchema,
  IDEMPOTENCY_KEY_PATTERN,
  QueryRequestSchema,
  SubmitRequestSchema,
  UpdateDraftRequestSchema,
  checkForm,
  citizenFieldValue,
  resultDeliveryView,
  maskFieldValue,
  maskIdNumber,
  maskName,
  shanghaiToday,
  type ApplicationDetail,
  type Draft,
  type FormField,
  type FormSchema,
  type ItemDetail,
  type QueryAnswer
} from '../contract'
import { caseHandlingMode, caseTimeLimitDays } from '../domain/answers'
import { applyableItem, checkSubmission, messageWhose, projectedDueDate, submitLabel, submitMessage } from '../domain/cases'
import { errors, fieldsError } from '../domain/errors'
import { requireGrant } from '../domain/family'
import { queryCaseDetail, refreshesQueryCase } from '../domain/queries'
import { SOURCE_CASE_ACTOR, sourceCaseLabel, sourceCaseNote } from '../domain/reminders'
import { caseView, mockCaseStep, mockUploadedFile, setMockCaseClock } from './cases'
import { mockApi, mockGuideVersion, mockItem } from './catalog-api'
import { addMockNotification, setMockNotificationClock } from './notifications'
import { MOCK_APPLICANT, mockApplications, mockCasePeople, mockDrafts, mockId, mockIdempotencyKeys, nextMockCaseNo, type MockDraftRecord } from './apply-store'
import { mockInsuredOf, type MockInsured } from './evoucher-api'
import { mockFamily } from './family-api'
import { jsonBody, parse, route } from './http'

/**
 * msw handlers for the drafts / uploads / submit routes of contract/apply.ts, answered in memory (mock/apply-store.ts)
 * with the BFF's rules and error codes: 409 DRAFT_CONFLICT for a save on an old version, 409
 * MATERIAL_SHARED_VERIFIED for a material verified through data sharing (001 §3.2.2), MATERIALS_MISSING,
 * PAPER_PLEDGE_REQUIRED (001 §5.1.4), and one case per Idempotency-Key. Submitting makes an ApplicationDetail in
 * `mockApplications`: smart items are decided at once (001 §5.2.2, §5.3.1), manual items wait for staff.
 *
 * The signed-in citizen is MOCK_APPLICANT (the mocks do not check tokens). Items come from the mock catalog;
 * tests may give items with other forms through `configureMockApply({ item })`.
 */
export interface MockApplyOptions {
  item?: (id: string, region: string) => ItemDetail | Promise<ItemDetail>
  now?: () => Date
  /** region used when POST /drafts names none (the BFF's DEFAULT_REGION) */
  defaultRegion?: string
}

let options: MockApplyOptions = {}
export function configureMockApply(o: MockApplyOptions): void {
  options = o
  // a smart decision at submit is a step of the case, recorded at this clock's time
  if (o.now) setMockCaseClock(o.now)
  if (o.now) setMockNotificationClock(o.now)
}

const now = (): Date => (options.now ? options.now() : new Date())
const defaultRegion = (): string => options.defaultRegion ?? '331100'

async function itemOf(id: string, region: string): Promise<ItemDetail> {
  return options.item ? options.item(id, region) : mockItem(id, region)
}

type ApplyableItem = ItemDetail & { form: FormSchema }
const applyable = applyableItem




// ---------- views ----------

function prefillValue(f: FormField): string | undefined {
  if (f.prefill === 'applicantName') return MOCK_APPLICANT.name
  if (f.prefill === 'applicantIdNumber') return MOCK_APPLICANT.idNumber
  if (f.prefill === 'applicantPhone') return MOCK_APPLICANT.phone
  return undefined
}

/** Saved values plus the applicant's identity values of prefilled fields (read-only ones always from the identity). */
function withPrefill(form: FormSchema, values: Record<string, string>): Record<string, string> {
  const out = { ...values }
  for (const f of form.fields) {
    const v = prefillValue(f)
    if (v !== undefined && (f.readonly || out[f.key] === undefined)) out[f.key] = v
  }
  return out
}

export function sharedVerifiedIds(item: ItemDetail): string[] {
  const held: readonly string[] = MOCK_APPLICANT.documents
  return item.guide.materials.filter((m) => m.sharedVerifiable && held.includes(m.id)).map((m) => m.id)
}

function draftView(rec: MockDraftRecord, item: ItemDetail): Draft {
  const form = item.form ?? { fields: [] }
  const values = withPrefill(form, rec.values)
  const shown: Record<string, string> = {}
  for (const f of form.fields) if (values[f.key] !== undefined) shown[f.key] = f.readonly ? maskFieldValue(f, values[f.key]) : values[f.key]
  return DraftSchema.parse({
    id: rec.id,
    itemId: rec.itemId,
    itemName: item.name,
    handlingMode: caseHandlingMode(item, values),
    region: { code: item.region.code, name: item.region.name },
    applicant: { name: maskName(MOCK_APPLICANT.name), idNumber: maskIdNumber(MOCK_APPLICANT.idNumber) },
    insuredId: 'self',
    values: shown,
    uploads: rec.uploads,
    sharedVerified: sharedVerifiedIds(item),
    step: rec.step,
    version: rec.version,
    projectedDueDate: projectedDueDate(item, values, now()),
    createdAt: rec.createdAt,
    updatedAt: rec.updatedAt,
    applicationId: rec.applicationId
  })
}

function draftRec(id: string): MockDraftRecord {
  const rec = mockDrafts.get(id)
  if (!rec) throw errors.draftUnknown()
  return rec
}

function openDraftRec(id: string): MockDraftRecord {
  const rec = draftRec(id)
  if (rec.applicationId) throw errors.draftSubmitted()
  return rec
}

// ---------- uploads ----------

async function digest(bytes: Uint8Array): Promise<string> {
  const subtle = (globalThis.crypto as Crypto | undefined)?.subtle
  if (subtle) {
    try {
      const h = await subtle.digest('SHA-256', bytes as unknown as ArrayBuffer)
      return Array.from(new Uint8Array(h), (b) => b.toString(16).padStart(2, '0')).join('')
    } catch {
      // fall through
    }
  }
  // FNV-1a, repeated to 64 hex digits: the mocks only need a stable fingerprint
  let h = 0x811c9dc5
  for (const b of bytes) h = Math.imul(h ^ b, 0x01000193) >>> 0
  return h.toString(16).padStart(8, '0').repeat(8)
}

async function addUpload(rec: MockDraftRecord, item: ItemDetail, materialId: string, request: Request): Promise<void> {
  const material = item.guide.materials.find((m) => m.id === materialId)
  if (!material) throw errors.materialUnknown()
  if (sharedVerifiedIds(item).includes(material.id)) throw errors.materialSharedVerified(material.name)
  const max = material.maxFiles ?? 1
  if (rec.uploads.filter((u) => u.materialId === materialId).length >= max) throw errors.uploadTooMany(material.name, max)
  const file = await mockUploadedFile(request, material.accept)
  rec.uploads.push({
    id: mockId('up'),
    materialId,
    fileName: file.name,
    mime: file.mime,
    size: file.bytes.length,
    width: null,
    height: null,
    sha256: await digest(file.bytes),
    uploadedAt: now().toISOString()
  })
  rec.updatedAt = now().toISOString()
}

// ---------- submit ----------

/** A smart item's instant decision (001 §5.2.2): the mock applicant meets every condition. */
function smartDecision(item: ItemDetail): { approved: boolean; text: string } {
  return { approved: true, text: `经智能核验，您的“${item.name}”申请符合办理条件，已办结。` }
}

function makeApplication(
  rec: MockDraftRecord,
  item: ApplyableItem,
  values: Record<string, string>,
  paper: boolean,
  regionName: (code: string) => string | null
): ApplicationDetail {
  const at = now().toISOString()
  const today = shanghaiToday(now())
  const fields = new Map(item.form.fields.map((f) => [f.key, f]))
  const actor = maskName(MOCK_APPLICANT.name)
  const m = item.mailing
  const detail: ApplicationDetail = {
    id: mockId('app'),
    caseNo: nextMockCaseNo(item.region.code, today.replace(/-/g, '')),
    itemId: item.id,
    itemName: item.name,
    handlingMode: caseHandlingMode(item, values),
    status: 'submitted',
    statusLabel: APPLICATION_STATUS_LABEL.submitted,
    region: { code: item.region.code, name: item.region.name },
    applicantName: actor,
    submittedAt: at,
    dueDate: null,
    overdue: false,
    nextStep: null,
    updatedAt: at,
    fields: Object.entries(values).map(([key, value]) => ({ key, label: fields.get(key)?.label ?? key, value: citizenFieldValue(fields.get(key), value, regionName) })),
    uploads: rec.uploads,
    sharedVerified: sharedVerifiedIds(item).map((mid) => item.guide.materials.find((x) => x.id === mid)?.name ?? mid),
    events: [{ id: mockId('ev'), at, actor: { kind: 'citizen', name: actor }, action: 'submit', label: submitLabel(false), from: null, to: 'submitted', note: null }],
    guideVersion: mockGuideVersion(),
    supplement: null,
    paper:
      paper && m
        ? { materials: paperMaterialsView(item, values, null), mailing: m, received: false }
        : null,
    result: null,
    resultDelivery: resultDeliveryView(item.form, values, item.guide.office.address),
    delivery: null,
    materialsReturnedAt: null,
    timeLimitDays: caseTimeLimitDays(item, values),
    actorName: actor
  }
  return ApplicationDetailSchema.parse(detail)
}

/**
 * 000 图4 自动办结, as the BFF's case system makes it (submitFromSource): the form filled from the source's data
 * (免提交), decided at once without staff, the citizen told, archived. Once per reminder.
 */
export async function mockSourceCase(c: { reminderId: string; remindedAt: string; by: 'confirm' | 'deemedConsent'; itemId: string; region: string; values: Record<string, string> }): Promise<string> {
  const draftId = `reminder:${c.reminderId}`
  // the case's record stands in the drafts as the BFF's `draft_id` does: cleared with the store
  const existing = mockDrafts.get(draftId)?.applicationId
  if (existing) return existing
  const item = applyable(await itemOf(c.itemId, c.region))
  const catalog = await mockApi()
  const form = checkForm(item.form, withPrefill(item.form, c.values), now())
  if (!form.ok) throw fieldsError(form.errors)
  const at = now().toISOString()
  const rec: MockDraftRecord = { id: draftId, itemId: item.id, regionCode: item.region.code, values: form.values, step: 'confirm', version: 1, uploads: [], createdAt: at, updatedAt: at, applicationId: null }
  const made = makeApplication(rec, item, form.values, false, (code) => catalog.regionFullName(code))
  const start = { ...made.events[0], actor: { kind: 'system' as const, name: SOURCE_CASE_ACTOR[c.by] }, label: sourceCaseLabel(c.by), note: sourceCaseNote(c.by, shanghaiToday(new Date(c.remindedAt))) }
  mockApplications.set(made.id, caseView({ ...made, handlingMode: 'smart', timeLimitDays: null, events: [start] }))
  const decision = smartDecision(item)
  mockCaseStep(made.id, 'autoComplete', { kind: 'system', name: '系统（智能办理）' }, { note: decision.text, result: { decision: 'approved', text: decision.text, decidedAt: at } }, {})
  const app = mockApplications.get(made.id)!
  addMockNotification({ ...submitMessage({ whose: '您的', itemName: item.name, caseNo: app.caseNo, decision }), applicationId: app.id, reminderId: null })
  rec.applicationId = app.id
  mockDrafts.set(draftId, rec)
  return app.id
}

async function submit(rec: MockDraftRecord, key: string | null, body: { paperPledge?: boolean }): Promise<{ status: number; body: ApplicationDetail }> {
  if (!key || !IDEMPOTENCY_KEY_PATTERN.test(key)) throw errors.idempotencyKeyRequired()
  const seen = mockIdempotencyKeys.get(key)
  if (seen) {
    if (seen.draftId !== rec.id) throw errors.idempotencyKeyReused()
    const app = mockApplications.get(seen.applicationId)
    // a repeat of the key gets the first answer again (contract/apply.ts IDEMPOTENCY_KEY_PATTERN): the case, 201
    if (app) return { status: 201, body: caseView(app) }
  }
  if (rec.applicationId) throw errors.draftSubmitted()
  const item = applyable(await itemOf(rec.itemId, rec.regionCode))
  const catalog = await mockApi()
  const check = checkSubmission(item, {
    values: withPrefill(item.form, rec.values),
    sharedVerified: sharedVerifiedIds(item),
    uploadedMaterialIds: rec.uploads.map((u) => u.materialId),
    paperPledge: body.paperPledge,
    now: now(),
    nationalPlace: (code) => catalog.isNationalPlace(code)
  })
  const made = caseView(makeApplication(rec, item, check.values, check.needsPaper, (code) => catalog.regionFullName(code)))
  mockApplications.set(made.id, made)
  const decision = made.handlingMode === 'smart' ? smartDecision(item) : null
  if (decision) {
    const at = now().toISOString()
    const result = { decision: decision.approved ? ('approved' as const) : ('rejected' as const), text: decision.text, decidedAt: at }
    mockCaseStep(made.id, decision.approved ? 'autoComplete' : 'autoReject', { kind: 'system', name: '系统（智能办理）' }, { note: decision.text, result }, {})
  }
  const app = caseView(mockApplications.get(made.id)!)
  // the citizen's own submit: one message, the decision of a smart item included (domain/cases.ts submitMessage)
  const whose = messageWhose({ proxy: false, self: true }, { applicant: MOCK_APPLICANT.name, actor: MOCK_APPLICANT.name })
  addMockNotification({ ...submitMessage({ whose, itemName: item.name, caseNo: app.caseNo, decision }), applicationId: app.id, reminderId: null })
  mockIdempotencyKeys.set(key, { draftId: rec.id, applicationId: app.id })
  rec.applicationId = app.id
  rec.step = 'confirm'
  rec.updatedAt = app.submittedAt
  return { status: 201, body: app }
}

/**
 * Submits a draft as POST /drafts/:id/submit does (tests use it to play a submit whose answer is lost on the way).
 * Throws the BFF's AppError.
 */
export function submitMockDraft(draftId: string, key: string | null, body: { paperPledge?: boolean } = {}): Promise<{ status: number; body: ApplicationDetail }> {
  return submit(draftRec(draftId), key, body)
}

// ---------- query cases (001 §5.2.1) ----------

/** The mock's answer about a person (the BFF's agency adapter answers from the data-sharing record). */
function mockQueryRows(p: MockInsured): Array<{ label: string; value: string }> {
  const identity = [
    { label: '姓名', value: maskName(p.name) },
    { label: '身份证号', value: maskIdNumber(p.idNumber) }
  ]
  if (p.enrollment === 'none') return [...identity, { label: '参保状态', value: '未查询到参保记录' }]
  return [
    ...identity,
    { label: '参保险种', value: p.enrollment === 'employee' ? '职工基本医疗保险' : '城乡居民基本医疗保险' },
    { label: '参保状态', value: '正常参保' }
  ]
}

/** Keeps the answer as a query case, or refreshes the one the same query made within QUERY_REPEAT_MINUTES. */
function recordMockQuery(item: ItemDetail, insuredId: string): QueryAnswer {
  const t = now()
  const answeredAt = t.toISOString()
  const person = insuredId === 'self' ? { name: MOCK_APPLICANT.name, idNumber: MOCK_APPLICANT.idNumber, enrollment: 'employee' as const, region: { code: '331102', name: '' } } : mockInsuredOf(insuredId)
  const answer = { answeredAt, rows: mockQueryRows(person), note: '示例数据' }
  const last = [...mockApplications.values()]
    .filter((a) => a.handlingMode === 'query' && a.itemId === item.id && a.region.code === item.region.code && (mockCasePeople.get(a.id) ?? 'self') === insuredId)
    .sort((a, b) => b.submittedAt.localeCompare(a.submittedAt))[0]
  if (last && refreshesQueryCase(last.submittedAt, t)) {
    mockApplications.set(last.id, { ...last, queryAnswer: answer, updatedAt: answeredAt })
    return { applicationId: last.id, caseNo: last.caseNo, itemId: item.id, itemName: item.name, ...answer }
  }
  const detail = ApplicationDetailSchema.parse(
    queryCaseDetail({
      id: mockId('app'),
      caseNo: nextMockCaseNo(item.region.code, shanghaiToday(t).replace(/-/g, '')),
      item: { id: item.id, name: item.name, region: { code: item.region.code, name: item.region.name } },
      applicantName: maskName(person.name),
      actorName: maskName(MOCK_APPLICANT.name),
      answer,
      eventId: mockId('ev')
    })
  )
  mockApplications.set(detail.id, detail)
  if (insuredId !== 'self') mockCasePeople.set(detail.id, insuredId)
  return { applicationId: detail.id, caseNo: detail.caseNo, itemId: item.id, itemName: item.name, ...answer }
}

// ---------- handlers ----------

const P = '*/api/v1'


export const applyHandlers = [
  // 查询服务 (001 §5.2.1): answered at once and kept as a query case, as the BFF does (domain/queries.ts)
  http.post(
    `${P}/items/:id/query`,
    route('apply', async (request, params) => {
      const req = parse(QueryRequestSchema, await jsonBody(request))
      const item = await itemOf(params.id, req.region ?? defaultRegion())
      if (item.handlingMode !== 'query') throw errors.itemNotApplyable(item.name)
      const insuredId = req.insuredId ?? 'self'
      // a member of the family mock: the grant to see their record decides, as in the BFF
      const member = mockFamily().members.find((m) => m.id === insuredId)
      if (insuredId !== 'self') {
        if (!member) throw errors.familyMemberUnknown()
        requireGrant(member, 'record')
      }
      return { body: recordMockQuery(item, insuredId) }
    })
  ),
  http.get(
    `${P}/drafts`,
    route('apply', async () => {
      const open = [...mockDrafts.values()].filter((r) => !r.applicationId).sort((a, b) => b.updatedAt.localeCompare(a.updatedAt))
      const drafts: Draft[] = []
      for (const r of open) drafts.push(draftView(r, await itemOf(r.itemId, r.regionCode)))
      return { body: { drafts } }
    })
  ),
  http.post(
    `${P}/drafts`,
    route('apply', async (request) => {
      const req = parse(CreateDraftRequestSchema, await jsonBody(request))
      const region = req.region ?? defaultRegion()
      const item = applyable(await itemOf(req.itemId, region))
      const existing = [...mockDrafts.values()]
        .filter((r) => r.itemId === req.itemId && r.regionCode === region && !r.applicationId)
        .sort((a, b) => b.updatedAt.localeCompare(a.updatedAt))[0]
      if (existing) return { status: 200, body: draftView(existing, item) }
      const at = now().toISOString()
      const rec: MockDraftRecord = { id: mockId('draft'), itemId: req.itemId, regionCode: region, values: {}, step: 'notice', version: 1, uploads: [], createdAt: at, updatedAt: at, applicationId: null }
      mockDrafts.set(rec.id, rec)
      return { status: 201, body: draftView(rec, item) }
    })
  ),
  http.get(
    `${P}/drafts/:id`,
    route('apply', async (_req, params) => {
      const rec = draftRec(params.id)
      return { body: draftView(rec, await itemOf(rec.itemId, rec.regionCode)) }
    })
  ),
  http.put(
    `${P}/drafts/:id`,
    route('apply', async (request, params) => {
      const rec = openDraftRec(params.id)
      const item = applyable(await itemOf(rec.itemId, rec.regionCode))
      const req = parse(UpdateDraftRequestSchema, await jsonBody(request))
      if (req.baseVersion !== rec.version) throw errors.draftConflict()
      if (req.values) {
        const known = new Map(item.form.fields.map((f) => [f.key, f]))
        const unknown = Object.keys(req.values).filter((k) => !known.has(k))
        if (unknown.length) throw fieldsError(Object.fromEntries(unknown.map((k) => [k, '表单中没有这一项，请刷新后重试'])))
        const kept: Record<string, string> = {}
        for (const [k, v] of Object.entries(req.values)) if (!known.get(k)?.readonly) kept[k] = v
        rec.values = kept
      }
      if (req.step) rec.step = req.step
      rec.version += 1
      rec.updatedAt = now().toISOString()
      return { body: draftView(rec, item) }
    })
  ),
  http.delete(
    `${P}/drafts/:id`,
    route('apply', async (_req, params) => {
      openDraftRec(params.id)
      mockDrafts.delete(params.id)
      return { status: 204 }
    })
  ),
  http.post(
    `${P}/drafts/:id/materials/:materialId`,
    route('apply', async (request, params) => {
      const rec = openDraftRec(params.id)
      const item = applyable(await itemOf(rec.itemId, rec.regionCode))
      await addUpload(rec, item, params.materialId, request)
      return { body: draftView(rec, item) }
    })
  ),
  http.delete(
    `${P}/drafts/:id/uploads/:uploadId`,
    route('apply', async (_req, params) => {
      const rec = openDraftRec(params.id)
      const before = rec.uploads.length
      rec.uploads = rec.uploads.filter((u) => u.id !== params.uploadId)
      if (rec.uploads.length === before) throw errors.uploadUnknown()
      rec.updatedAt = now().toISOString()
      return { body: draftView(rec, await itemOf(rec.itemId, rec.regionCode)) }
    })
  ),
  http.post(
    `${P}/drafts/:id/submit`,
    route('apply', async (request, params) => {
      const rec = draftRec(params.id)
      const body = parse(SubmitRequestSchema, await jsonBody(request))
      return submit(rec, request.headers.get('Idempotency-Key'), body)
    })
  )
]
