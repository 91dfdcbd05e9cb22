import { ErrorCode, EvaluationSchema, EvaluationStatusSchema, MetricsResponseSchema, PendingEvaluationsResponseSchema } from '../contract'
import { mockCase } from '../src/features/evaluation/test-fixtures'
import { mockApplications } from './apply-store'
import { configureMockEvaluation, mockEvaluationStaffAction, mockRatingWindow, resetMockEvaluation } from './evaluation-api'

/** The evaluation mocks answer like the BFF (contract/evaluation.ts): shapes, rules and error codes. */
const base = 'http://localhost/api/v1'
const auth = { authorization: 'Bearer mock-access-u1-1' }
const get = (path: string, headers: Record<string, string> = auth) => fetch(`${base}${path}`, { headers })
const post = (path: string, body: unknown, headers: Record<string, string> = auth) =>
  fetch(`${base}${path}`, { method: 'POST', headers: { ...headers, 'content-type': 'application/json' }, body: JSON.stringify(body) })
const code = async (r: Response) => ((await r.json()) as { code: string }).code

beforeEach(() => {
  resetMockEvaluation()
  mockApplications.clear()
  configureMockEvaluation({})
})

describe('mock evaluation api', () => {
  it('needs a token for the citizen routes, not for the public metrics', async () => {
    mockCase('t1')
    expect((await get('/applications/t1/evaluation', {})).status).toBe(401)
    expect((await post('/applications/t1/evaluation', { level: 'satisfied' }, {})).status).toBe(401)
    expect((await get('/complaints', {})).status).toBe(401)
    const m = await get('/metrics?region=331100', {})
    expect(m.status).toBe(200)
    MetricsResponseSchema.parse(await m.json())
  })

  it('一事一评: only a decided case, only once; a 差评 needs a reason', async () => {
    mockCase('r1', 'inReview')
    expect(await code(await post('/applications/r1/evaluation', { level: 'satisfied' }))).toBe(ErrorCode.EVALUATION_NOT_OPEN)
    mockCase('r2')
    const pending = PendingEvaluationsResponseSchema.parse(await (await get('/evaluations/pending')).json()).pending
    expect(pending.map((p) => p.applicationId)).toEqual(['r2'])
    const noReason = await post('/applications/r2/evaluation', { level: 'dissatisfied' })
    expect(noReason.status).toBe(400)
    expect(((await noReason.json()) as { fields: Record<string, string> }).fields.reasons).toBe('请至少选择一项不满意的原因')
    const first = await post('/applications/r2/evaluation', { level: 'dissatisfied', reasons: ['attitude'] })
    expect(first.status).toBe(201)
    const ev = EvaluationSchema.parse(await first.json())
    expect(ev.loop?.state).toBe('awaitingFollowUp')
    expect(await code(await post('/applications/r2/evaluation', { level: 'satisfied' }))).toBe(ErrorCode.EVALUATION_EXISTS)
    expect((await (await get('/evaluations/pending')).json()).pending).toEqual([])
  })

  it('defaults an unrated case to 基本满意 after the end of the 7th day after the decision day', async () => {
    const a = mockCase('w1', 'completed', { decidedHoursAgo: 1 })
    const decided = a.events[a.events.length - 1].at
    const w = mockRatingWindow(decided)
    configureMockEvaluation({ now: () => new Date(w.defaultAt.getTime() - 1) })
    expect(EvaluationStatusSchema.parse(await (await get('/applications/w1/evaluation')).json()).rateable).toBe(true)
    configureMockEvaluation({ now: () => w.defaultAt })
    const s = EvaluationStatusSchema.parse(await (await get('/applications/w1/evaluation')).json())
    expect(s.rateable).toBe(false)
    expect(s.evaluation).toMatchObject({ level: 'basic', defaulted: true, defaultedLabel: '系统默认好评', ratedAt: w.defaultAt.toISOString() })
    expect(await code(await post('/applications/w1/evaluation', { level: 'satisfied' }))).toBe(ErrorCode.EVALUATION_EXISTS)
  })

  it('the loop: feedback only when ready; one dispute; steps out of order refused', async () => {
    mockCase('l1')
    await post('/applications/l1/evaluation', { level: 'veryDissatisfied', reasons: ['timeLimit'] })
    expect(await code(await post('/applications/l1/evaluation/feedback', { accept: true }))).toBe(ErrorCode.EVALUATION_STEP_NOT_ALLOWED)
    expect(() => mockEvaluationStaffAction('l1', { action: 'verify', staffName: '王敏', substantiated: true, finding: '属实' })).toThrow('不能核实')
    mockEvaluationStaffAction('l1', { action: 'followUp', staffName: '王敏', result: 'reached', note: '已联系' })
    mockEvaluationStaffAction('l1', { action: 'verify', staffName: '王敏', substantiated: false, finding: '不属实' })
    expect(() => mockEvaluationStaffAction('l1', { action: 'rectify', staffName: '王敏', note: '整改' })).toThrow()
    mockEvaluationStaffAction('l1', { action: 'explain', staffName: '王敏', note: '按规定办理' })
    const disputed = EvaluationSchema.parse(await (await post('/applications/l1/evaluation/feedback', { accept: false, text: '不认可' })).json())
    expect(disputed.loop).toMatchObject({ state: 'disputed', canAccept: false, dispute: { text: '不认可' } })
    mockEvaluationStaffAction('l1', { action: 'followUp', staffName: '王敏', result: 'reached', note: '再次联系' })
    mockEvaluationStaffAction('l1', { action: 'verify', staffName: '王敏', substantiated: true, finding: '部分属实' })
    mockEvaluationStaffAction('l1', { action: 'rectify', staffName: '王敏', note: '已改进' })
    expect(await code(await post('/applications/l1/evaluation/feedback', { accept: false, text: '还是不认可' }))).toBe(ErrorCode.EVALUATION_DISPUTE_USED)
    const accepted = EvaluationSchema.parse(await (await post('/applications/l1/evaluation/feedback', { accept: true })).json())
    expect(accepted.loop).toMatchObject({ state: 'accepted', canAccept: false, canDispute: false })
  })
})
