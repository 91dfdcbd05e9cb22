import { EvaluationSchema, MetricsResponseSchema, StaffEvaluationSchema, StaffEvaluationsResponseSchema, type StaffEvaluation } from '../../../contract/evaluation'
import { SAMPLE } from '../apply/helpers'
import {
  citizen,
  citizenGet,
  citizenPost,
  evalApp,
  expectError,
  insertCase,
  ok,
  rate,
  staffAct,
  staffGet,
  travel,
  type Citizen,
  type EvalApp, smsSent } from './helpers'

/**
 * The bad-rating loop through the staff API and the citizen's routes (000 §8.2.1: 差评回访 → 核实 → 整改/解释说明 →
 * 反馈), with its deadlines counted in working days across 国庆 2026 (official arrangement: 10-01..10-07 off, Saturday
 * 10-10 worked, Sunday 09-20 worked), appeals against malicious ratings, and the satisfaction rate they change.
 */
let e: EvalApp
let zhang: Citizen
const person = { name: SAMPLE.zhang.name, idNumber: SAMPLE.zhang.idNumber }

beforeAll(async () => {
  // Monday 2026-09-28, 10:00 in Shanghai
  e = await evalApp('2026-09-28T02:00:00.000Z')
  zhang = await citizen(e.app, SAMPLE.zhang.phone, person)
})
afterAll(async () => e.cleanup())

function decided(itemId: string, itemName: string): Promise<string> {
  return insertCase(e.db, {
    userId: zhang.userId,
    applicant: person,
    itemId,
    itemName,
    submittedAt: '2026-09-14T02:00:00.000Z',
    clockStartDate: '2026-09-14',
    decidedAt: '2026-09-28T01:00:00.000Z'
  })
}

async function rateBad(appId: string, level = 'dissatisfied'): Promise<string> {
  const r = ok<{ id: string }>(await rate(e.app, zhang, appId, { level, reasons: ['timeLimit'], text: '等了很久' }), 201)
  return r.id
}

async function act(id: string, body: object): Promise<StaffEvaluation> {
  return StaffEvaluationSchema.parse(ok(await staffAct(e.app, id, body)))
}

async function mine(appId: string) {
  const st = ok<{ evaluation: unknown }>(await citizenGet(e.app, zhang, `/api/v1/applications/${appId}/evaluation`))
  return st.evaluation === null ? null : EvaluationSchema.parse(st.evaluation)
}

async function metricsFor(item: string) {
  return MetricsResponseSchema.parse(ok(await e.app.inject({ method: 'GET', url: `/api/v1/metrics?item=${item}&region=331102` })))
}

describe('回访 → 核实 → 整改 → dispute → 回访 → 核实 → 解释说明 → accept', () => {
  let appId: string
  let id: string

  it('a 差评 opens the loop with a due date 15 working days on, across 国庆', async () => {
    appId = await decided('medical-reimbursement', '个人医疗费用手工（零星）报销')
    id = await rateBad(appId)
    const s = StaffEvaluationSchema.parse(ok(await staffGet(e.app, `/api/v1/staff/evaluations/${id}`)))
    // 09-29, 09-30, [10-01..10-07 off], 10-08, 10-09, 10-10 (Saturday worked), 10-12 … 10-23
    expect(s.loop).toMatchObject({ state: 'awaitingFollowUp', dueDate: '2026-10-23', overdue: false, allowedActions: ['followUp', 'appeal'] })
    expect(s.loop?.events.map((x) => x.action)).toEqual(['rate'])
  })

  it('refuses steps out of order with 409 EVALUATION_STEP_NOT_ALLOWED', async () => {
    const verify = expectError(await staffAct(e.app, id, { action: 'verify', staffName: '李芳', substantiated: true, finding: '属实' }), 409, 'EVALUATION_STEP_NOT_ALLOWED')
    expect(verify.message).toContain('请先回访')
    expectError(await staffAct(e.app, id, { action: 'rectify', staffName: '李芳', note: '已整改' }), 409, 'EVALUATION_STEP_NOT_ALLOWED')
    expectError(await staffAct(e.app, id, { action: 'decideAppeal', reviewerName: '王科长', upheld: true, note: '无' }), 409, 'EVALUATION_STEP_NOT_ALLOWED')
    expectError(await citizenPost(e.app, zhang, `/api/v1/applications/${appId}/evaluation/feedback`, { accept: true }), 409, 'EVALUATION_STEP_NOT_ALLOWED')
    expectError(await staffAct(e.app, id, { action: 'followUp', staffName: '李芳', result: 'reached' }), 400, 'VALIDATION_FAILED')
    expectError(await staffAct(e.app, 'no-such-evaluation', { action: 'followUp', staffName: '李芳', result: 'reached', note: '已电话联系' }), 404, 'EVALUATION_UNKNOWN')
  })

  it('回访 and 核实 are recorded; the citizen sees the steps but not the internal finding', async () => {
    await travel(e, '2026-09-29T03:00:00.000Z', zhang)
    let s = await act(id, { action: 'followUp', staffName: '李芳', result: 'reached', note: '电话联系评价人，了解到报销到账慢' })
    expect(s.loop?.state).toBe('followedUp')
    s = await act(id, { action: 'verify', staffName: '李芳', substantiated: true, finding: '内部核查：复核环节积压 4 个工作日' })
    expect(s.loop).toMatchObject({ state: 'verified', substantiated: true, allowedActions: ['rectify', 'explain', 'appeal'] })
    const v = await mine(appId)
    expect(v?.loop?.state).toBe('verified')
    expect(v?.loop?.events.map((x) => x.label)).toEqual(['已回访（已联系上评价人）', '已核实：反映的问题属实'])
    expect(JSON.stringify(v)).not.toContain('内部核查')
    expect(v?.loop?.events[0]).toMatchObject({ actor: { kind: 'staff', name: '李芳' }, note: '电话联系评价人，了解到报销到账慢' })
  })

  it('整改 is fed back to the citizen in-app and by SMS; the citizen disputes it once, which starts a new round', async () => {
    await travel(e, '2026-10-09T02:00:00.000Z', zhang)
    const s = await act(id, { action: 'rectify', staffName: '李芳', note: '已调整复核排班，报销款已于今日到账' })
    expect(s.loop).toMatchObject({ state: 'feedbackReady', overdue: false, feedback: { kind: 'rectified', by: '李芳' } })
    const n = (await e.db.prepare("SELECT COUNT(*) AS n FROM notifications WHERE application_id = ? AND title = '评价处理结果已反馈'").get(appId)) as { n: number }
    expect(n.n).toBe(1)
    expect((await smsSent(e, SAMPLE.zhang.phone)).some((m) => m.text.includes('评价处理结果已反馈') && m.text.includes('已调整复核排班'))).toBe(true)

    let v = await mine(appId)
    expect(v?.loop).toMatchObject({ state: 'feedbackReady', canAccept: true, canDispute: true, feedback: { kind: 'rectified', note: '已调整复核排班，报销款已于今日到账' } })
    expectError(await citizenPost(e.app, zhang, `/api/v1/applications/${appId}/evaluation/feedback`, { accept: false }), 400, 'VALIDATION_FAILED')
    v = EvaluationSchema.parse(ok(await citizenPost(e.app, zhang, `/api/v1/applications/${appId}/evaluation/feedback`, { accept: false, text: '到账金额不对' })))
    // a new round: 15 working days from Friday 10-09 → 10-10 (Saturday worked) … 10-29
    expect(v.loop).toMatchObject({ state: 'disputed', dueDate: '2026-10-29', canAccept: false, canDispute: false, dispute: { text: '到账金额不对' } })
    expectError(await citizenPost(e.app, zhang, `/api/v1/applications/${appId}/evaluation/feedback`, { accept: true }), 409, 'EVALUATION_STEP_NOT_ALLOWED')
  })

  it('the second round ends in 解释说明; a second dispute is 409 EVALUATION_DISPUTE_USED; the citizen accepts', async () => {
    await travel(e, '2026-10-12T02:00:00.000Z', zhang)
    await act(id, { action: 'followUp', staffName: '李芳', result: 'unreachable', note: '两次电话未接通，已发短信' })
    await act(id, { action: 'verify', staffName: '赵敏', substantiated: false, finding: '金额按政策范围内费用计算，无误' })
    const rect = expectError(await staffAct(e.app, id, { action: 'rectify', staffName: '赵敏', note: '整改' }), 409, 'EVALUATION_STEP_NOT_ALLOWED')
    expect(rect.message).toContain('解释说明')
    await act(id, { action: 'explain', staffName: '赵敏', note: '报销金额按政策范围内费用计算，自费部分不予报销，详见结果通知书' })
    let v = await mine(appId)
    expect(v?.loop).toMatchObject({ state: 'feedbackReady', canAccept: true, canDispute: false, feedback: { kind: 'explained' } })
    expectError(await citizenPost(e.app, zhang, `/api/v1/applications/${appId}/evaluation/feedback`, { accept: false, text: '还是不认可' }), 409, 'EVALUATION_DISPUTE_USED')
    v = EvaluationSchema.parse(ok(await citizenPost(e.app, zhang, `/api/v1/applications/${appId}/evaluation/feedback`, { accept: true })))
    expect(v.loop).toMatchObject({ state: 'accepted', canAccept: false, acceptedAt: '2026-10-12T02:00:00.000Z' })
    expect(v.loop?.events.map((x) => x.action)).toEqual(['followUp', 'verify', 'rectify', 'dispute', 'followUp', 'verify', 'explain', 'accept'])
    const s = StaffEvaluationSchema.parse(ok(await staffGet(e.app, `/api/v1/staff/evaluations/${id}`)))
    expect(s.loop).toMatchObject({ state: 'accepted', allowedActions: [], overdue: false })
    expectError(await staffAct(e.app, id, { action: 'appeal', staffName: '李芳', reason: '恶意' }), 409, 'EVALUATION_STEP_NOT_ALLOWED')
  })

  it('counts as rectified in time: the first feedback (10-09) came before the first due date (10-23)', async () => {
    const m = await metricsFor('medical-reimbursement')
    expect(m.overall.rectificationInTime).toEqual({ numerator: 1, denominator: 1, rate: 1 })
  })
})

describe('an overdue loop', () => {
  it('is flagged once the due date has passed with no feedback, and counts as not rectified in time', async () => {
    await travel(e, '2026-09-28T02:00:00.000Z', zhang)
    const appId = await decided('maternity-reimbursement', '生育医疗费用手工（零星）报销')
    const id = await rateBad(appId, 'veryDissatisfied')
    await travel(e, '2026-10-23T15:59:00.000Z', zhang)
    let s = StaffEvaluationSchema.parse(ok(await staffGet(e.app, `/api/v1/staff/evaluations/${id}`)))
    expect(s.loop).toMatchObject({ dueDate: '2026-10-23', overdue: false })
    expect((await metricsFor('maternity-reimbursement')).overall.rectificationInTime).toEqual({ numerator: 0, denominator: 0, rate: null })

    await travel(e, '2026-10-23T16:00:00.000Z', zhang)
    s = StaffEvaluationSchema.parse(ok(await staffGet(e.app, `/api/v1/staff/evaluations/${id}`)))
    expect(s.loop?.overdue).toBe(true)
    const overdue = StaffEvaluationsResponseSchema.parse(ok(await staffGet(e.app, '/api/v1/staff/evaluations?overdue=true')))
    expect(overdue.evaluations.map((x) => x.id)).toEqual([id])
    expect((await metricsFor('maternity-reimbursement')).overall.rectificationInTime).toEqual({ numerator: 0, denominator: 1, rate: 0 })
    // a late 解释说明 still closes the staff's part, and stays late in the figures
    await act(id, { action: 'followUp', staffName: '李芳', result: 'reached', note: '已联系' })
    await act(id, { action: 'verify', staffName: '李芳', substantiated: false, finding: '按时办结' })
    s = await act(id, { action: 'explain', staffName: '李芳', note: '该办件在承诺时限内办结' })
    expect(s.loop).toMatchObject({ state: 'feedbackReady', overdue: false })
    expect((await metricsFor('maternity-reimbursement')).overall.rectificationInTime).toEqual({ numerator: 0, denominator: 1, rate: 0 })
  })
})

describe('申诉 against a malicious rating', () => {
  it('upheld by a reviewer (not the appellant): the loop closes and the rating leaves the satisfaction rate', async () => {
    await travel(e, '2026-09-28T02:00:00.000Z', zhang)
    const appId = await decided('account-withdrawal', '个人账户一次性支取')
    const good = await decided('account-withdrawal', '个人账户一次性支取')
    expect((await rate(e.app, zhang, good, { level: 'satisfied' })).statusCode).toBe(201)
    const id = await rateBad(appId, 'veryDissatisfied')
    let m = await metricsFor('account-withdrawal')
    expect(m.overall.satisfaction).toEqual({ numerator: 1, denominator: 2, rate: 0.5 })

    let s = await act(id, { action: 'appeal', staffName: '李芳', reason: '评价人辱骂工作人员，与办件无关' })
    expect(s.loop).toMatchObject({ state: 'appealing', allowedActions: ['decideAppeal'], appeal: { decision: 'pending', by: '李芳' } })
    // the citizen sees nothing of it
    let v = await mine(appId)
    expect(v?.loop?.state).toBe('awaitingFollowUp')
    expect(JSON.stringify(v)).not.toContain('辱骂')
    expectError(await staffAct(e.app, id, { action: 'followUp', staffName: '李芳', result: 'reached', note: '联系' }), 409, 'EVALUATION_STEP_NOT_ALLOWED')
    const self = expectError(await staffAct(e.app, id, { action: 'decideAppeal', reviewerName: '李芳', upheld: true, note: '成立' }), 409, 'EVALUATION_STEP_NOT_ALLOWED')
    expect(self.message).toContain('复核人不能是申诉人')

    s = await act(id, { action: 'decideAppeal', reviewerName: '王科长', upheld: true, note: '经调阅录音，属恶意差评' })
    expect(s).toMatchObject({ excluded: true, loop: { state: 'appealUpheld', allowedActions: [], appeal: { decision: 'upheld', decidedBy: '王科长' } } })
    expect(s.loop?.events.map((x) => x.action)).toEqual(['rate', 'appeal', 'decideAppeal'])
    v = await mine(appId)
    expect(v?.loop).toMatchObject({ state: 'closed', stateLabel: '已办结', canAccept: false, canDispute: false, events: [] })
    m = await metricsFor('account-withdrawal')
    expect(m.overall.satisfaction).toEqual({ numerator: 1, denominator: 1, rate: 1 })
    expect(m.overall.ratings).toMatchObject({ excluded: 1, byLevel: { satisfied: 1, veryDissatisfied: 0 } })
    expect(m.overall.rectificationInTime.denominator).toBe(0)
    expectError(await staffAct(e.app, id, { action: 'appeal', staffName: '李芳', reason: '再申诉' }), 409, 'EVALUATION_STEP_NOT_ALLOWED')
  })

  it('rejected: the loop continues where it was, and no second appeal', async () => {
    const appId = await decided('resident-refund', '城乡居民退费')
    const id = await rateBad(appId)
    await act(id, { action: 'followUp', staffName: '李芳', result: 'reached', note: '已联系' })
    await act(id, { action: 'appeal', staffName: '李芳', reason: '评价与事实不符' })
    let s = await act(id, { action: 'decideAppeal', reviewerName: '王科长', upheld: false, note: '评价人反映的问题确实存在' })
    expect(s).toMatchObject({ excluded: false, loop: { state: 'followedUp', appeal: { decision: 'rejected' } } })
    expect(s.loop?.allowedActions).toEqual(['verify'])
    const again = expectError(await staffAct(e.app, id, { action: 'appeal', staffName: '赵敏', reason: '再次申诉' }), 409, 'EVALUATION_STEP_NOT_ALLOWED')
    expect(again.message).toContain('只能申诉一次')
    s = await act(id, { action: 'verify', staffName: '李芳', substantiated: true, finding: '属实' })
    expect(s.loop?.state).toBe('verified')
  })

  it('only a 差评 has a loop: staff steps on other ratings are refused', async () => {
    const appId = await decided('resident-refund', '城乡居民退费')
    const r = ok<{ id: string }>(await rate(e.app, zhang, appId, { level: 'basic' }), 201)
    const res = expectError(await staffAct(e.app, r.id, { action: 'followUp', staffName: '李芳', result: 'reached', note: '回访' }), 409, 'EVALUATION_STEP_NOT_ALLOWED')
    expect(res.message).toContain('基本满意')
    expectError(await staffAct(e.app, r.id, { action: 'appeal', staffName: '李芳', reason: '恶意' }), 409, 'EVALUATION_STEP_NOT_ALLOWED')
    expectError(await citizenPost(e.app, zhang, `/api/v1/applications/${appId}/evaluation/feedback`, { accept: true }), 409, 'EVALUATION_STEP_NOT_ALLOWED')
  })
})
