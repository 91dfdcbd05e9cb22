import { ComplaintSchema, ComplaintsResponseSchema, MetricsResponseSchema, StaffComplaintSchema, StaffComplaintsResponseSchema, type Complaint } from '../../../contract/evaluation'
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
  staffGet,
  staffPost,
  travel,
  type Citizen,
  type EvalApp, smsSent } from './helpers'
import { staffAuth } from '../staff/helpers'

/**
 * Complaints (投诉, 003 §11.3: 网上投诉 is one of the channels that must be open) and their handling: received →
 * handling → answered → closed when the citizen rates the answer; due COMPLAINT_ANSWER_DAYS working days after filing
 * (default 5; the seeds give no figure), which the 投诉及时处理率 of 001 §6.2 is measured against.
 * Thursday 2026-09-24, 10:00 Shanghai; 中秋 2026 is 09-25..09-27 and 国庆 10-01..10-07 (10-10 worked).
 */
let e: EvalApp
let zhang: Citizen
let wang: Citizen
const zhangPerson = { name: SAMPLE.zhang.name, idNumber: SAMPLE.zhang.idNumber }

beforeAll(async () => {
  e = await evalApp('2026-09-24T02:00:00.000Z')
  zhang = await citizen(e.app, SAMPLE.zhang.phone, zhangPerson)
  wang = await citizen(e.app, SAMPLE.wang.phone, { name: SAMPLE.wang.name, idNumber: SAMPLE.wang.idNumber })
})
afterAll(async () => e.cleanup())

function zhangCase(): Promise<string> {
  return insertCase(e.db, { userId: zhang.userId, applicant: zhangPerson, status: 'inReview', submittedAt: '2026-09-10T02:00:00.000Z', clockStartDate: '2026-09-10' })
}

async function file(body: object, s: Citizen = zhang): Promise<Complaint> {
  return ComplaintSchema.parse(ok(await citizenPost(e.app, s, '/api/v1/complaints', body), 201))
}

const act = (id: string, body: object) => staffPost(e.app, `/api/v1/staff/complaints/${id}/actions`, body)

describe('filing', () => {
  it('about one of my cases: received at once, numbered, due 5 working days later (across 中秋 and 国庆)', async () => {
    const appId = await zhangCase()
    const c = await file({ subject: 'application', applicationId: appId, category: 'delay', text: '提交两周了还没有受理，电话也打不通' })
    expect(c).toMatchObject({
      subject: 'application',
      subjectLabel: '办件',
      applicationId: appId,
      itemName: '个人医疗费用手工（零星）报销',
      region: { code: '331102', name: '莲都区' },
      category: 'delay',
      categoryLabel: '办理拖延',
      status: 'received',
      statusLabel: '已受理',
      // 09-25..27 中秋, 09-28 1, 09-29 2, 09-30 3, 10-01..07 国庆, 10-08 4, 10-09 5
      dueDate: '2026-10-09',
      overdue: false,
      answer: null,
      canRate: false
    })
    expect(c.complaintNo).toBe('TS3311022026092400001')
    expect(c.caseNo).toMatch(/^YBTEST/)
    expect(c.events.map((x) => x.action)).toEqual(['file'])
    expect(c.events[0].actor.name).toBe('张**')
    expect(await e.db.prepare("SELECT COUNT(*) AS n FROM notifications WHERE title = '投诉已受理' AND user_id = ?").get(zhang.userId)).toEqual({ n: 1 })
  })

  it('about a person or anything else, in the region named or the default one', async () => {
    const staff = await file({ subject: 'staff', staffName: '3号窗口', region: '331121', category: 'attitude', text: '工作人员态度生硬，不解释原因' })
    expect(staff).toMatchObject({ subject: 'staff', staffName: '3号窗口', applicationId: null, caseNo: null, region: { code: '331121', name: '青田县' } })
    const other = await file({ subject: 'other', category: 'other', text: '希望增加周末办理时间' })
    expect(other).toMatchObject({ subject: 'other', staffName: null, region: { code: '331100', name: '丽水市' } })
  })

  it('refuses what is incomplete, and cases that are not mine', async () => {
    const noName = expectError(await citizenPost(e.app, zhang, '/api/v1/complaints', { subject: 'staff', category: 'attitude', text: '态度不好，很不耐烦' }), 400, 'VALIDATION_FAILED')
    expect(noName.fields?.staffName).toBeTruthy()
    const noCase = expectError(await citizenPost(e.app, zhang, '/api/v1/complaints', { subject: 'application', category: 'delay', text: '一直没有办理' }), 400, 'VALIDATION_FAILED')
    expect(noCase.fields?.applicationId).toBeTruthy()
    expectError(await citizenPost(e.app, zhang, '/api/v1/complaints', { subject: 'other', category: 'other', text: '太慢' }), 400, 'VALIDATION_FAILED')
    expectError(await citizenPost(e.app, zhang, '/api/v1/complaints', { subject: 'other', category: 'other', text: '慢'.repeat(1001) }), 400, 'VALIDATION_FAILED')
    expectError(await citizenPost(e.app, zhang, '/api/v1/complaints', { subject: 'other', category: 'noise', text: '内容足够长了' }), 400, 'VALIDATION_FAILED')
    expectError(await citizenPost(e.app, zhang, '/api/v1/complaints', { subject: 'other', region: '999999', category: 'other', text: '内容足够长了' }), 404, 'REGION_UNKNOWN')
    expectError(await citizenPost(e.app, wang, '/api/v1/complaints', { subject: 'application', applicationId: await zhangCase(), category: 'delay', text: '别人的办件也想投诉' }), 404, 'APPLICATION_UNKNOWN')
    expectError(await e.app.inject({ method: 'POST', url: '/api/v1/complaints', payload: { subject: 'other', category: 'other', text: '未登录投诉' } }), 401, 'UNAUTHORIZED')
  })

  it('each sees only their own complaints', async () => {
    // a minute later than the complaints above: the list is newest first (by the filing time)
    await travel(e, '2026-09-24T02:01:00.000Z', zhang, wang)
    const c = await file({ subject: 'other', category: 'policy', text: '政策解释前后不一致' })
    expectError(await citizenGet(e.app, wang, `/api/v1/complaints/${c.id}`), 404, 'COMPLAINT_UNKNOWN')
    const theirs = ComplaintsResponseSchema.parse(ok(await citizenGet(e.app, wang, '/api/v1/complaints')))
    expect(theirs.complaints).toEqual([])
    const mine = ComplaintsResponseSchema.parse(ok(await citizenGet(e.app, zhang, '/api/v1/complaints')))
    expect(mine.complaints[0].id).toBe(c.id)
    expect(mine.complaints.length).toBeGreaterThanOrEqual(4)
  })
})

describe('handling', () => {
  it('received → handling → answered (notified by SMS) → closed by the citizen’s rating; steps out of order are 409', async () => {
    const c = await file({ subject: 'application', applicationId: await zhangCase(), category: 'process', text: '同一份材料被要求交了三次' })
    expectError(await citizenPost(e.app, zhang, `/api/v1/complaints/${c.id}/rate`, { satisfied: true }), 409, 'COMPLAINT_STEP_NOT_ALLOWED')
    expectError(await e.app.inject({ method: 'GET', url: `/api/v1/staff/complaints/${c.id}` }), 401, 'STAFF_UNAUTHORIZED')

    const seen = StaffComplaintSchema.parse(ok(await staffGet(e.app, `/api/v1/staff/complaints/${c.id}`)))
    expect(seen).toMatchObject({ complainantName: zhangPerson.name, contactPhone: SAMPLE.zhang.phone, allowedActions: ['startHandling', 'answer'] })
    let s = StaffComplaintSchema.parse(ok(await act(c.id, { action: 'startHandling', staffName: '赵敏', note: '已转业务科核查' })))
    expect(s).toMatchObject({ status: 'handling', allowedActions: ['answer'] })
    expectError(await act(c.id, { action: 'startHandling', staffName: '赵敏' }), 409, 'COMPLAINT_STEP_NOT_ALLOWED')
    expectError(await act(c.id, { action: 'answer', staffName: '赵敏', text: '' }), 400, 'VALIDATION_FAILED')
    s = StaffComplaintSchema.parse(ok(await act(c.id, { action: 'answer', staffName: '赵敏', text: '经核查，系系统重复推送，已向您致歉并优化' })))
    expect(s).toMatchObject({ status: 'answered', allowedActions: [], answer: { by: '赵敏', text: '经核查，系系统重复推送，已向您致歉并优化' } })
    expectError(await act(c.id, { action: 'answer', staffName: '赵敏', text: '再答复' }), 409, 'COMPLAINT_STEP_NOT_ALLOWED')
    expect((await smsSent(e, SAMPLE.zhang.phone)).some((m) => m.text.includes('投诉已答复') && m.text.includes(c.complaintNo))).toBe(true)

    let mine = ComplaintSchema.parse(ok(await citizenGet(e.app, zhang, `/api/v1/complaints/${c.id}`)))
    expect(mine).toMatchObject({ status: 'answered', canRate: true })
    expectError(await citizenPost(e.app, wang, `/api/v1/complaints/${c.id}/rate`, { satisfied: false }), 404, 'COMPLAINT_UNKNOWN')
    mine = ComplaintSchema.parse(ok(await citizenPost(e.app, zhang, `/api/v1/complaints/${c.id}/rate`, { satisfied: true, text: '处理及时' })))
    expect(mine).toMatchObject({ status: 'closed', statusLabel: '已办结', canRate: false, rating: { satisfied: true, text: '处理及时' } })
    expect(mine.events.map((x) => x.action)).toEqual(['file', 'startHandling', 'answer', 'rate'])
    expectError(await citizenPost(e.app, zhang, `/api/v1/complaints/${c.id}/rate`, { satisfied: false }), 409, 'COMPLAINT_STEP_NOT_ALLOWED')
    expectError(await act(c.id, { action: 'startHandling', staffName: '赵敏' }), 409, 'COMPLAINT_STEP_NOT_ALLOWED')
  })

  it('is timely when answered by the due date; an unanswered complaint past it is overdue and counts as late', async () => {
    // filed Thursday 2026-09-24: A, B, C about cases in 莲都区 (due 10-09)
    const [a, b, c] = [
      await file({ subject: 'application', applicationId: await zhangCase(), category: 'delay', text: '投诉甲：办理太慢' }),
      await file({ subject: 'application', applicationId: await zhangCase(), category: 'delay', text: '投诉乙：办理太慢' }),
      await file({ subject: 'application', applicationId: await zhangCase(), category: 'delay', text: '投诉丙：办理太慢' })
    ]
    await travel(e, '2026-10-09T09:00:00.000Z', zhang)
    // answered directly from received, on the due date itself (17:00 Shanghai)
    ok(await act(a.id, { action: 'answer', staffName: '李芳', text: '已加急办理' }))
    await travel(e, '2026-10-12T02:00:00.000Z', zhang)
    ok(await act(b.id, { action: 'answer', staffName: '李芳', text: '已办结' }))
    const cc = ComplaintSchema.parse(ok(await citizenGet(e.app, zhang, `/api/v1/complaints/${c.id}`)))
    expect(cc).toMatchObject({ status: 'received', overdue: true })
    const overdue = StaffComplaintsResponseSchema.parse(ok(await staffGet(e.app, '/api/v1/staff/complaints?overdue=true')))
    expect(overdue.complaints.map((x) => x.id)).toContain(c.id)
    expect(overdue.complaints.map((x) => x.id)).not.toContain(a.id)
    expect(overdue.complaints.every((x) => x.overdue)).toBe(true)
    // filed today, not yet due: not counted
    await file({ subject: 'application', applicationId: await zhangCase(), category: 'delay', text: '投诉丁：十月份的' })

    // every complaint filed so far, read back through the staff API, judged by its own dates
    const all = StaffComplaintsResponseSchema.parse(ok(await staffGet(e.app, '/api/v1/staff/complaints'))).complaints
    const today = '2026-10-12'
    const judged = (list: typeof all) => {
      const counted = list.filter((x) => x.answer || x.dueDate < today)
      // answered before the end of the due date in Shanghai (16:00 UTC)
      const timely = counted.filter((x) => x.answer && new Date(x.answer.at).getTime() < Date.parse(`${x.dueDate}T16:00:00Z`))
      return { numerator: timely.length, denominator: counted.length }
    }
    const inSeptember = (x: (typeof all)[number]) => x.createdAt < '2026-09-30T16:00:00.000Z'
    const lishui = MetricsResponseSchema.parse(ok(await e.app.inject({ method: 'GET', url: '/api/v1/metrics?region=331102&month=2026-09' })))
    const expected331102 = judged(all.filter((x) => x.region.code === '331102' && inSeptember(x)))
    expect(lishui.overall.complaintTimeliness).toMatchObject(expected331102)
    // the first filing (unanswered), the handled one (answered the day it came), A (on its due date), B (late), C (unanswered)
    expect(expected331102).toEqual({ numerator: 2, denominator: 5 })
    const city = MetricsResponseSchema.parse(ok(await e.app.inject({ method: 'GET', url: '/api/v1/metrics?region=331100&month=2026-09' })))
    expect(city.overall.complaintTimeliness).toMatchObject(judged(all.filter(inSeptember)))
    expect(city.overall.complaintTimeliness.denominator).toBeGreaterThan(expected331102.denominator)
  })
})

describe('configuration', () => {
  it('COMPLAINT_ANSWER_DAYS and EVALUATION_RECTIFY_DAYS set the limits', async () => {
    const other = await evalApp('2026-09-24T02:00:00.000Z', { complaintAnswerDays: 1, evaluationRectifyDays: 3 })
    try {
      const z = await citizen(other.app, SAMPLE.zhang.phone, zhangPerson)
      const c = ComplaintSchema.parse(ok(await citizenPost(other.app, z, '/api/v1/complaints', { subject: 'other', category: 'other', text: '需要一个工作日答复' }), 201))
      // the next working day after Thursday 09-24 is Monday 09-28 (中秋 09-25..27)
      expect(c.dueDate).toBe('2026-09-28')
      const appId = await insertCase(other.db, { userId: z.userId, applicant: zhangPerson, submittedAt: '2026-09-10T02:00:00.000Z', clockStartDate: '2026-09-10', decidedAt: '2026-09-24T01:00:00.000Z' })
      const r = ok<{ loop: { dueDate: string } }>(await rate(other.app, z, appId, { level: 'dissatisfied', reasons: ['other'] }), 201)
      expect(r.loop.dueDate).toBe('2026-09-30')
    } finally {
      await other.cleanup()
    }
  })
})

describe('intake by staff (003 §11.3.2: 现场、电话、网上、信函)', () => {
  const officer = { role: 'evaluationAdmin' as const, region: '331102', name: '钱专员' }
  const intake = async (body: object, who: { role: 'evaluationAdmin' | 'clerk'; region: string; name: string } = officer) =>
    e.app.inject({ method: 'POST', url: '/api/v1/staff/complaints', headers: await staffAuth(e.app, who), payload: body })

  it('records a phone complaint with its channel and number; the app’s complaints are 网上; the answer sends no app notice', async () => {
    const online = await file({ subject: 'other', category: 'attitude', text: '网上提交的投诉内容' })
    expect(online).toMatchObject({ channel: 'online', channelLabel: '网上' })
    const appId = await zhangCase()
    const caseNo = (await e.db.prepare<[string], { case_no: string }>('SELECT case_no FROM applications WHERE id = ?').get(appId))!.case_no
    const c = StaffComplaintSchema.parse(
      ok(await intake({ channel: 'phone', complainantName: '孙大爷', contactPhone: '13900001111', subject: 'application', caseNo, category: 'delay', text: '来电反映报销迟迟没有结果' }), 201)
    )
    expect(c).toMatchObject({
      channel: 'phone',
      channelLabel: '电话',
      complainantName: '孙大爷',
      contactPhone: '13900001111',
      intakeBy: '钱专员',
      caseNo,
      region: { code: '331102' },
      status: 'received',
      allowedActions: ['startHandling', 'answer']
    })
    expect(c.events[0]).toMatchObject({ actor: { kind: 'staff', name: '钱专员' }, label: '已受理电话投诉' })
    expect(c.complaintNo).toMatch(/^TS331102\d{13}$/)
    const answered = StaffComplaintSchema.parse(ok(await act(c.id, { action: 'answer', staffName: '钱专员', text: '已电话告知办理进度' })))
    expect(answered.status).toBe('answered')
    // nobody's complaint in the app: the citizen list of 张 does not show it
    const mine = ComplaintsResponseSchema.parse(ok(await citizenGet(e.app, zhang, '/api/v1/complaints'))).complaints
    expect(mine.map((x) => x.id)).not.toContain(c.id)
  })

  it('refuses a phone complaint without the number, a letter without an address, a case or region outside the scope, and a clerk', async () => {
    const base = { complainantName: '周女士', subject: 'other', category: 'attitude', text: '窗口人员态度不好' }
    expect(expectError(await intake({ ...base, channel: 'phone' }), 400, 'VALIDATION_FAILED').fields).toHaveProperty('contactPhone')
    expect(expectError(await intake({ ...base, channel: 'letter' }), 400, 'VALIDATION_FAILED').fields).toHaveProperty('address')
    expectError(await intake({ ...base, channel: 'fax' }), 400, 'VALIDATION_FAILED')
    const letter = StaffComplaintSchema.parse(ok(await intake({ ...base, channel: 'letter', address: '丽水市莲都区某路 1 号' }), 201))
    expect(letter).toMatchObject({ channel: 'letter', channelLabel: '信函', contactAddress: '丽水市莲都区某路 1 号', contactPhone: null })
    expectError(await intake({ ...base, channel: 'onsite', region: '331121' }), 404, 'REGION_UNKNOWN')
    const appId = await zhangCase()
    const caseNo = (await e.db.prepare<[string], { case_no: string }>('SELECT case_no FROM applications WHERE id = ?').get(appId))!.case_no
    expectError(await intake({ ...base, channel: 'onsite', subject: 'application', caseNo }, { ...officer, region: '331121', name: '云和专员' }), 404, 'APPLICATION_UNKNOWN')
    expectError(await intake({ ...base, channel: 'onsite' }, { role: 'clerk', region: '331102', name: '窗口甲' }), 403, 'STAFF_FORBIDDEN')
  })
})
