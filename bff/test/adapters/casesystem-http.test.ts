import Fastify, { type FastifyInstance } from 'fastify'
import { createHmac, randomUUID } from 'node:crypto'
import { APPLICATION_STATUS_LABEL, CASE_STEPS_NOT_TAKEN, StaffActionSchema, type ApplicationDetail } from '../../../contract/apply'
import { ErrorCode } from '../../../contract/common'
import { AppError } from '../../../domain/errors'
import { answeredQueryCase, queryCaseDetail } from '../../../domain/queries'
import { applyAction, submitCase, type CaseState } from '../../../domain/workflow'
import { testApp } from '../helpers'
import { SAMPLE, signIn, type Session } from '../apply/helpers'
import { staffAuth } from '../staff/helpers'

/**
 * The worked example of README "Connecting an agency's own systems": CASE_SYSTEM=http against a fake of an agency's
 * case system — a small Fastify server on a free port that checks the BFF's signature and keeps cases in memory,
 * deciding steps with the same state machine. Drafts stay in the BFF; everything after the submit is the agency's.
 */
const KEY = 'case-system-key-0123456789'
const ITEM = 'maternity-nutrition-subsidy'
const REGION = '331102'

interface Held {
  detail: ApplicationDetail
  state: CaseState
  applicantIdNumber: string
  submittedBy: string | null
  /** the agency's system keeps who a case is assigned to (the workbench's 待办) */
  assignee: { id: string | null; name: string } | null
}

type NewCase = {
  applicant: { name: string; idNumber: string }
  submittedBy: { accountId: string; name: string }
  item: { id: string; name: string; region: string; handlingMode: 'manual' | 'smart'; guideVersion?: ApplicationDetail['guideVersion'] }
  values: Record<string, string>
}
/** What the BFF asks the agency to keep of a step (`recorded` in adapters/casesystem/http.ts). */
type Recorded = { note: string | null; supplement?: ApplicationDetail['supplement']; result?: Pick<NonNullable<ApplicationDetail['result']>, 'decision' | 'text' | 'basis'>; timeLimitDays?: number }

async function fakeAgency(): Promise<{ server: FastifyInstance; url: string; cases: Map<string, Held>; seen: string[]; make: (key: string, b: NewCase) => Held }> {
  const server = Fastify()
  const cases = new Map<string, Held>()
  const byKey = new Map<string, string>()
  const seen: string[] = []
  server.addContentTypeParser('application/json', { parseAs: 'string' }, (_req, body, done) => done(null, body))
  server.addHook('preHandler', async (req, reply) => {
    const ts = String(req.headers['x-yb-timestamp'] ?? '')
    const body = typeof req.body === 'string' ? req.body : ''
    const want = createHmac('sha256', KEY).update(`${ts}\n${req.method} ${req.url}\n${body}`).digest('hex')
    if (req.headers['x-yb-signature'] !== want) return reply.code(401).send({ code: 'UNAUTHORIZED', message: 'bad signature' })
    seen.push(`${req.method} ${req.url.split('?')[0]}`)
    req.body = body ? JSON.parse(body) : undefined
  })
  const answer = (h: Held) => ({ case: h.detail, applicantIdNumber: h.applicantIdNumber, submittedBy: h.submittedBy })
  const create = (key: string, b: NewCase): Held => {
    const id = randomUUID()
    const at = new Date().toISOString()
    const { state, label } = submitCase({ handlingMode: b.item.handlingMode, needsPaper: false })
    const detail: ApplicationDetail = {
      id,
      caseNo: `JB${REGION}${String(cases.size + 1).padStart(6, '0')}`,
      itemId: b.item.id,
      itemName: b.item.name,
      handlingMode: b.item.handlingMode,
      status: 'submitted',
      statusLabel: APPLICATION_STATUS_LABEL.submitted,
      region: { code: b.item.region, name: '莲都区' },
      applicantName: b.applicant.name,
      submittedAt: at,
      dueDate: null,
      overdue: false,
      nextStep: null,
      updatedAt: at,
      fields: Object.entries(b.values).map(([key, value]) => ({ key, label: key, value })),
      uploads: [],
      sharedVerified: [],
      events: [{ id: randomUUID(), at, actor: { kind: 'citizen', name: b.submittedBy.name }, action: 'submit', label, from: null, to: 'submitted', note: null }],
      ...CASE_STEPS_NOT_TAKEN,
      timeLimitDays: 10,
      actorName: b.submittedBy.name,
      guideVersion: b.item.guideVersion ?? null
    }
    cases.set(id, { detail, state, applicantIdNumber: b.applicant.idNumber, submittedBy: b.submittedBy.accountId, assignee: null })
    byKey.set(key, id)
    return cases.get(id)!
  }
  server.post('/cases', async (req, reply) => {
    const key = String(req.headers['idempotency-key'] ?? '')
    const again = byKey.get(key)
    if (again) return reply.code(200).send(answer(cases.get(again)!))
    return reply.code(201).send(answer(create(key, req.body as NewCase)))
  })
  // 000 图4: a case the agency makes from a department's data (decided by its own rules; here it stays as made)
  server.post('/cases/from-source', async (req, reply) => {
    const key = String(req.headers['idempotency-key'] ?? '')
    const again = byKey.get(key)
    if (again) return reply.code(200).send(answer(cases.get(again)!))
    const b = req.body as Omit<NewCase, 'submittedBy' | 'item'> & { by: string; submittedBy: { accountId: string }; item: { id: string; name: string; region: string } }
    return reply.code(201).send(answer(create(key, { ...b, submittedBy: { accountId: b.submittedBy.accountId, name: b.by }, item: { ...b.item, handlingMode: 'smart' } })))
  })
  const summary = (h: Held) => {
    const { fields: _f, uploads: _u, sharedVerified: _s, events: _e, supplement: _p, paper: _pa, result: _r, delivery: _d, materialsReturnedAt: _m, timeLimitDays: _t, actorName: _a, resultDelivery: _rd, ...rest } = h.detail
    return rest
  }
  server.get('/cases', async (req) => {
    const q = req.query as { applicant?: string; status?: string; region?: string; open?: string; assignee?: string }
    const list = [...cases.values()].filter(
      (h) =>
        (!q.applicant || h.applicantIdNumber === q.applicant) &&
        (!q.status || h.detail.status === q.status) &&
        (!q.open || !['completed', 'rejected'].includes(h.detail.status)) &&
        (!q.assignee || h.assignee?.id === q.assignee)
    )
    return { applications: list.map((h) => (q.open ? { ...summary(h), assignee: h.assignee } : summary(h))) }
  })
  server.get('/cases/changes', async (req) => {
    const q = req.query as { since: string; assignee?: string }
    const moved = [...cases.values()].filter((h) => (!q.assignee || h.assignee?.id === q.assignee) && h.detail.events.some((e) => e.at >= q.since))
    return { applicationIds: moved.map((h) => h.detail.id) }
  })
  server.get('/cases/:id', async (req, reply) => {
    const h = cases.get((req.params as { id: string }).id)
    return h ? answer(h) : reply.code(404).send({ code: 'APPLICATION_UNKNOWN', message: '办件不存在' })
  })
  server.post('/cases/:id/actions', async (req, reply) => {
    const h = cases.get((req.params as { id: string }).id)
    if (!h) return reply.code(404).send({ code: 'APPLICATION_UNKNOWN', message: '办件不存在' })
    const body = req.body as { by: string; recorded: Recorded }
    const a = StaffActionSchema.parse(req.body)
    // the agency keeps what the BFF planned the step to record: the note, the 补正 and the decision with the guide
    // entries they cite, the extended limit
    const kept = body.recorded
    try {
      const { state, label } = applyAction(h.state, a.action)
      const at = new Date().toISOString()
      h.detail.events.push({ id: randomUUID(), at, actor: { kind: 'staff', name: body.by }, action: a.action, label, from: h.state.status, to: state.status, note: kept.note })
      h.state = state
      if (a.action === 'assign') h.assignee = { id: a.staffId ?? null, name: a.staffName }
      h.detail.status = state.status
      h.detail.statusLabel = APPLICATION_STATUS_LABEL[state.status]
      if (kept.supplement) h.detail.supplement = kept.supplement
      if (kept.timeLimitDays) h.detail.timeLimitDays = kept.timeLimitDays
      if (kept.result) {
        const approved = kept.result.decision === 'approved'
        h.detail.result = { ...kept.result, issuedAt: at, verifyCode: approved ? 'JB0000000000TEST' : 'JB0000000000REJE', documentName: `${h.detail.itemName}${approved ? '办理结果通知书' : '不予办理通知书'}`, payment: null }
      }
      return answer(h)
    } catch (e) {
      if (e instanceof AppError) return reply.code(e.status).send(e.toBody())
      throw e
    }
  })
  // the agency keeps a query as a completed query case, refreshing the one it made within the window it is told
  server.post('/queries', async (req) => {
    const b = req.body as { applicant: { name: string; idNumber: string }; askedBy: { accountId: string }; item: { id: string; name: string; region: string }; answer: ApplicationDetail['queryAnswer']; repeatWithinMinutes: number }
    const last = [...cases.values()].filter((h) => h.detail.handlingMode === 'query' && h.applicantIdNumber === b.applicant.idNumber && h.detail.itemId === b.item.id).pop()
    if (last && Date.parse(b.answer!.answeredAt) - Date.parse(last.detail.submittedAt) < b.repeatWithinMinutes * 60_000) {
      last.detail.queryAnswer = b.answer
      return { id: last.detail.id, caseNo: last.detail.caseNo, refreshed: true }
    }
    const id = randomUUID()
    const detail = queryCaseDetail({
      id,
      caseNo: `JB${REGION}${String(cases.size + 1).padStart(6, '0')}`,
      item: { id: b.item.id, name: b.item.name, region: { code: b.item.region, name: '莲都区' } },
      applicantName: b.applicant.name,
      actorName: b.applicant.name,
      answer: b.answer!,
      eventId: randomUUID()
    })
    cases.set(id, { detail, state: answeredQueryCase().state, applicantIdNumber: b.applicant.idNumber, submittedBy: b.askedBy.accountId, assignee: null })
    return { id, caseNo: detail.caseNo, refreshed: false }
  })
  server.get('/cases/:id/result.pdf', async (_req, reply) => reply.type('application/pdf').send(Buffer.from('%PDF-1.4\n% agency result\n%%EOF\n')))
  server.get('/results/:code', async (req, reply) => {
    const h = [...cases.values()].find((x) => x.detail.result?.verifyCode === (req.params as { code: string }).code)
    if (!h) return reply.code(404).send({ code: 'RESULT_UNKNOWN', message: '未找到该文书' })
    return { genuine: true, caseNo: h.detail.caseNo, itemName: h.detail.itemName, applicantName: '张*华', decision: 'approved', issuedAt: h.detail.result!.issuedAt, sha256: 'a'.repeat(64) }
  })
  const url = await server.listen({ port: 0, host: '127.0.0.1' })
  return { server, url, cases, seen, make: create }
}

/** The version of an item's guide a case filed now is held to, as the case shows it. */
function filedUnder(app: FastifyInstance, itemId: string): ApplicationDetail['guideVersion'] {
  const v = app.catalog.currentGuideVersion(itemId)
  return v ? { version: v.version, publishedAt: v.publishedAt } : null
}

describe('CASE_SYSTEM=http: the agency’s own case system behind the case-system interface', () => {
  let agency: Awaited<ReturnType<typeof fakeAgency>>
  let bff: Awaited<ReturnType<typeof testApp>>
  let zhang: Session
  beforeAll(async () => {
    agency = await fakeAgency()
    bff = await testApp({ config: { caseSystem: { adapter: 'http', url: agency.url, key: KEY } } })
    zhang = await signIn(bff.app, SAMPLE.zhang.phone, SAMPLE.zhang)
  }, 60_000)
  afterAll(async () => {
    await bff.cleanup()
    await agency.server.close()
  })

  it('submits a checked draft to the agency, follows it there, and lets staff act through it', async () => {
    const app = bff.app
    const draft = (await app.inject({ method: 'POST', url: '/api/v1/drafts', headers: zhang.headers, payload: { itemId: ITEM, region: REGION } })).json() as { id: string; version: number }
    const key = randomUUID()
    const refused = await app.inject({ method: 'POST', url: `/api/v1/drafts/${draft.id}/submit`, headers: { ...zhang.headers, 'idempotency-key': randomUUID() }, payload: {} })
    // the BFF checks the form before the agency sees anything
    expect(refused.json().code).toBe(ErrorCode.VALIDATION)
    expect(agency.seen).toEqual([])
    const { exampleValues } = await import('../../../catalog/examples')
    const item = app.catalog.itemDetail(ITEM, REGION)
    const saved = await app.inject({ method: 'PUT', url: `/api/v1/drafts/${draft.id}`, headers: zhang.headers, payload: { values: exampleValues(item.form!, SAMPLE.zhang), baseVersion: draft.version } })
    expect(saved.json()).toMatchObject({ id: draft.id })
    const submitted = await app.inject({ method: 'POST', url: `/api/v1/drafts/${draft.id}/submit`, headers: { ...zhang.headers, 'idempotency-key': key }, payload: {} })
    expect(submitted.statusCode).toBe(201)
    const made = submitted.json() as ApplicationDetail
    expect(made.caseNo).toMatch(/^JB331102/)
    expect(made.applicantName).toBe('张**')
    // the agency keeps the guide version the case is filed under: its 补正 and rejections are held to that one
    expect(made.guideVersion).toEqual(filedUnder(app, ITEM))
    expect(made.guideVersion?.version).toBeGreaterThan(0)
    const repeat = await app.inject({ method: 'POST', url: `/api/v1/drafts/${draft.id}/submit`, headers: { ...zhang.headers, 'idempotency-key': key }, payload: {} })
    // the BFF answers a repeated key with its first answer (plugins/idempotency.ts); the agency made one case
    expect({ status: repeat.statusCode, id: repeat.json().id }).toEqual({ status: 201, id: made.id })
    expect(agency.cases.size).toBe(1)

    const mine = (await app.inject({ method: 'GET', url: '/api/v1/applications', headers: zhang.headers })).json() as { applications: Array<{ id: string }> }
    expect(mine.applications.map((a) => a.id)).toEqual([made.id])
    // someone else: as if it did not exist
    const wang = await signIn(app, SAMPLE.wang.phone, SAMPLE.wang)
    expect((await app.inject({ method: 'GET', url: `/api/v1/applications/${made.id}`, headers: wang.headers })).json().code).toBe(ErrorCode.APPLICATION_UNKNOWN)

    const staff = await staffAuth(app, { name: '王敏', enrolled: true })
    const act = (body: object) => app.inject({ method: 'POST', url: `/api/v1/staff/applications/${made.id}/actions`, headers: staff, payload: body })
    const early = await act({ action: 'complete' })
    expect({ status: early.statusCode, code: early.json().code }).toEqual({ status: 409, code: ErrorCode.TRANSITION_NOT_ALLOWED })
    const me = (await app.inject({ url: '/api/v1/staff/me', headers: staff })).json().id as string
    const since = new Date(Date.now() - 1000).toISOString()
    expect((await act({ action: 'assign', staffName: '王敏', staffId: me })).statusCode).toBe(200)
    // the workbench's lists come from the agency's system: the case is in my 待办, and in the change feed
    const todo = (await app.inject({ url: '/api/v1/staff/todo', headers: staff })).json() as { items: Array<{ id: string; assignee: unknown }> }
    expect(todo.items.map((i) => [i.id, i.assignee])).toEqual([[made.id, { id: me, name: '王敏' }]])
    const feed = (await app.inject({ url: `/api/v1/staff/changes?since=${encodeURIComponent(since)}`, headers: staff })).json() as { applicationIds: string[] }
    expect(feed.applicationIds).toEqual([made.id])
    for (const step of [{ action: 'accept' }, { action: 'startReview' }, { action: 'complete' }]) {
      expect((await act(step)).statusCode).toBe(200)
    }
    const done = (await app.inject({ method: 'GET', url: `/api/v1/applications/${made.id}`, headers: zhang.headers })).json() as ApplicationDetail
    expect(done.status).toBe('completed')
    expect(done.events.map((e) => e.actor.name)).toEqual(['张**', '王敏', '王敏', '王敏', '王敏'])
    const pdf = await app.inject({ method: 'GET', url: `/api/v1/applications/${made.id}/result.pdf`, headers: zhang.headers })
    expect(pdf.statusCode).toBe(200)
    expect(pdf.rawPayload.subarray(0, 5).toString()).toBe('%PDF-')
    const verified = await app.inject({ method: 'GET', url: '/api/v1/results/verify/JB0000000000TEST' })
    expect(verified.json()).toMatchObject({ genuine: true, caseNo: made.caseNo })
  })

  it('the guide is a contract there too: the agency keeps each 补正 material’s and each rejection condition’s guide entry and an extension’s reason, and the citizen reads them back', async () => {
    const app = bff.app
    const hold = (itemId: string) => {
      const item = app.catalog.itemDetail(itemId, REGION)
      const h = agency.make(randomUUID(), {
        applicant: { name: SAMPLE.zhang.name, idNumber: SAMPLE.zhang.idNumber },
        submittedBy: { accountId: 'agency-counter', name: SAMPLE.zhang.name },
        item: { id: itemId, name: item.name, region: REGION, handlingMode: 'manual', guideVersion: filedUnder(app, itemId) },
        values: {}
      })
      return { id: h.detail.id, item }
    }
    const staff = await staffAuth(app, { name: '李强', enrolled: true })
    const act = async (id: string, body: object) => {
      const res = await app.inject({ method: 'POST', url: `/api/v1/staff/applications/${id}/actions`, headers: staff, payload: body })
      expect(res.statusCode).toBe(200)
    }
    const seen = async (id: string) => (await app.inject({ url: `/api/v1/applications/${id}`, headers: zhang.headers })).json() as ApplicationDetail

    // 特殊情况 (003 §7.4.1.7), then a 补正 of two materials of the guide (001 §5.2.3.5; 003 §5.1.1 一次性告知)
    const claim = hold('medical-reimbursement')
    const reason = '需向外省就诊医院调取病历核实'
    for (const step of [{ action: 'assign', staffName: '李强' }, { action: 'extendTimeLimit', reason }, { action: 'requestSupplement', materialIds: ['id-card', 'receipts'], note: '请补交' }]) await act(claim.id, step)
    const asked = await seen(claim.id)
    const entry = (id: string) => {
      const no = claim.item.guide.materials.findIndex((m) => m.id === id) + 1
      return { part: 'materials', no, materialId: id, text: claim.item.guide.materials[no - 1].name, betterCopy: false }
    }
    expect(asked.supplement?.basis).toEqual([entry('id-card'), entry('receipts')])
    expect(asked.supplement?.materials).toEqual([entry('id-card').text, entry('receipts').text])
    expect(asked.events.find((e) => e.action === 'requestSupplement')?.note).toContain(`依据办事指南第 ${entry('receipts').no} 项申请材料`)
    expect(asked.timeLimitDays).toBe(20)
    expect(asked.events.find((e) => e.action === 'extendTimeLimit')?.note).toBe(`因特殊情况，办理时限延长至 20 个工作日。原因：${reason}`)

    // 不予办理 citing a 禁止性要求 of the guide (001 §5.2.3.4)
    const subsidy = hold(ITEM)
    await act(subsidy.id, { action: 'assign', staffName: '李强' })
    await act(subsidy.id, { action: 'reject', reason: '本次生育已申领', conditions: [{ part: 'prohibitions', no: 2 }] })
    const rejected = await seen(subsidy.id)
    const condition = subsidy.item.guide.conditions.prohibitions[1]
    expect(rejected.result?.basis).toEqual([{ part: 'prohibitions', no: 2, materialId: null, text: condition, betterCopy: false }])
    expect(rejected.result?.text).toBe(`本次生育已申领（依据办事指南第 2 项禁止性要求：${condition}）`)
    expect(rejected.result?.documentName).toBe(`${subsidy.item.name}不予办理通知书`)
  })

  it('keeps a query as the agency’s query case, seen again from the case page; asked again at once it refreshes that case (001 §5.2.1)', async () => {
    const app = bff.app
    const ask = () => app.inject({ method: 'POST', url: '/api/v1/items/personal-insurance-record/query', headers: zhang.headers, payload: { region: REGION } })
    const first = (await ask()).json() as { applicationId: string; caseNo: string; rows: unknown[] }
    expect(first.caseNo).toMatch(/^JB331102/)
    expect(agency.cases.get(first.applicationId)?.detail.handlingMode).toBe('query')
    const again = (await ask()).json() as { applicationId: string }
    expect(again.applicationId).toBe(first.applicationId)
    const kept = (await app.inject({ method: 'GET', url: `/api/v1/applications/${first.applicationId}`, headers: zhang.headers })).json() as ApplicationDetail
    expect({ status: kept.status, rows: kept.queryAnswer?.rows, applicant: kept.applicantName }).toEqual({ status: 'completed', rows: first.rows, applicant: '张**' })
  })

  it('asks the agency to make a case from a department’s data (000 图4), once per reminder', async () => {
    const c = { reminderId: 'r-1', remindedAt: '2026-11-23T02:00:00Z', by: 'deemedConsent' as const, userId: 'u-1', applicant: { name: SAMPLE.wang.name, idNumber: SAMPLE.wang.idNumber }, itemId: 'resident-info-change', region: REGION, values: { changeItem: '居住地', newValue: '青田县鹤城街道1号' } }
    const made = await bff.app.caseSystem.submitFromSource(c)
    expect(made.created).toBe(true)
    const held = agency.cases.get(made.applicationId)!
    expect(held).toMatchObject({ applicantIdNumber: SAMPLE.wang.idNumber, detail: { itemId: 'resident-info-change', handlingMode: 'smart' } })
    expect(agency.seen).toContain('POST /cases/from-source')
    expect(await bff.app.caseSystem.submitFromSource(c)).toEqual({ applicationId: made.applicationId, created: false })
  })

  it('answers 503 UPSTREAM_UNAVAILABLE while the agency’s system is down, and loses nothing', async () => {
    const down = await testApp({ config: { caseSystem: { adapter: 'http', url: 'http://127.0.0.1:9', key: KEY } } })
    try {
      const s = await signIn(down.app, SAMPLE.zhang.phone, SAMPLE.zhang)
      const res = await down.app.inject({ method: 'GET', url: '/api/v1/applications', headers: s.headers })
      expect({ status: res.statusCode, code: res.json().code }).toEqual({ status: 503, code: ErrorCode.UPSTREAM_UNAVAILABLE })
      const drafts = await down.app.inject({ method: 'GET', url: '/api/v1/drafts', headers: s.headers })
      expect(drafts.statusCode).toBe(200)
    } finally {
      await down.cleanup()
    }
  })
})
