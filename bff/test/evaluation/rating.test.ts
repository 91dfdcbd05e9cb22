import { ApplicationDetailSchema } from '../../../contract/apply'
import { EvaluationSchema, EvaluationStatusSchema, PendingEvaluationsResponseSchema, StaffEvaluationsResponseSchema, type Evaluation } from '../../../contract/evaluation'
import { EmbeddedEvaluationSystem } from '../../src/adapters/evaluation'
import { SAMPLE, multipart, photo, preparedDraft } from '../apply/helpers'
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
  type Citizen,
  type EvalApp
} from './helpers'

/**
 * Rating a case (好差评): 一事一评 after the decision (002), the five levels, reasons for 差评, one 追评, one
 * photo, real-name and never shown outside the agency. Monday 2026-03-02, 10:00 in Shanghai.
 */
let e: EvalApp
let zhang: Citizen
let wang: Citizen
const zhangPerson = { name: SAMPLE.zhang.name, idNumber: SAMPLE.zhang.idNumber }
const wangPerson = { name: SAMPLE.wang.name, idNumber: SAMPLE.wang.idNumber }

beforeAll(async () => {
  e = await evalApp('2026-03-02T02:00:00.000Z')
  zhang = await citizen(e.app, SAMPLE.zhang.phone, zhangPerson)
  wang = await citizen(e.app, SAMPLE.wang.phone, wangPerson)
})
afterAll(async () => e.cleanup())

/** a case of zhang's decided an hour ago */
function decidedCase(status: 'completed' | 'rejected' = 'completed'): Promise<string> {
  return insertCase(e.db, {
    userId: zhang.userId,
    applicant: zhangPerson,
    status,
    submittedAt: '2026-02-20T02:00:00.000Z',
    clockStartDate: '2026-02-20',
    decidedAt: new Date(e.clock.now().getTime() - 3_600_000).toISOString()
  })
}

describe('who may rate what, and when', () => {
  it('a case decided through the apply flow can be rated until the 7th day, and is listed as pending', async () => {
    const draftId = await preparedDraft(e.app, zhang, 'referral-filing', '331102', { ...zhangPerson, phone: SAMPLE.zhang.phone })
    const sub = await e.app.inject({ method: 'POST', url: `/api/v1/drafts/${draftId}/submit`, headers: { ...zhang.headers, 'idempotency-key': 'eval-rating-0001' }, payload: {} })
    const a = ApplicationDetailSchema.parse(ok(sub, 201))
    expect(a.status).toBe('completed')

    const st = EvaluationStatusSchema.parse(ok(await citizenGet(e.app, zhang, `/api/v1/applications/${a.id}/evaluation`)))
    expect(st).toEqual({ applicationId: a.id, rateable: true, notRateableReason: null, deadline: '2026-03-09', evaluation: null })
    const pending = PendingEvaluationsResponseSchema.parse(ok(await citizenGet(e.app, zhang, '/api/v1/evaluations/pending')))
    expect(pending.pending.map((p) => p.applicationId)).toContain(a.id)
    expect(pending.pending.find((p) => p.applicationId === a.id)).toMatchObject({ caseNo: a.caseNo, status: 'completed', deadline: '2026-03-09' })

    const rated = EvaluationSchema.parse(ok(await rate(e.app, zhang, a.id, { level: 'verySatisfied', text: '很方便，一次办好' }), 201))
    expect(rated).toMatchObject({ applicationId: a.id, level: 'verySatisfied', levelLabel: '非常满意', defaulted: false, defaultedLabel: null, loop: null, reasons: [] })
    // real-name, shown masked to the rater
    expect(rated.actorName).toBe('张**')
    const after = PendingEvaluationsResponseSchema.parse(ok(await citizenGet(e.app, zhang, '/api/v1/evaluations/pending')))
    expect(after.pending.map((p) => p.applicationId)).not.toContain(a.id)
  })

  it('only after the case is completed or rejected (409 EVALUATION_NOT_OPEN)', async () => {
    const id = await insertCase(e.db, { userId: zhang.userId, applicant: zhangPerson, status: 'inReview', submittedAt: '2026-02-27T02:00:00.000Z', clockStartDate: '2026-02-27' })
    const body = expectError(await rate(e.app, zhang, id, { level: 'satisfied' }), 409, 'EVALUATION_NOT_OPEN')
    expect(body.message).toContain('审核中')
    const st = EvaluationStatusSchema.parse(ok(await citizenGet(e.app, zhang, `/api/v1/applications/${id}/evaluation`)))
    expect(st).toMatchObject({ rateable: false, deadline: null, evaluation: null })
    expect(st.notRateableReason).toContain('办结后')
    // a rejected case can be rated too
    expect((await rate(e.app, zhang, await decidedCase('rejected'), { level: 'basic' })).statusCode).toBe(201)
  })

  it('once per case: a second rating is 409 EVALUATION_EXISTS, also when two arrive together', async () => {
    const id = await decidedCase()
    expect((await rate(e.app, zhang, id, { level: 'satisfied' })).statusCode).toBe(201)
    expectError(await rate(e.app, zhang, id, { level: 'veryDissatisfied', reasons: ['attitude'] }), 409, 'EVALUATION_EXISTS')
    const st = EvaluationStatusSchema.parse(ok(await citizenGet(e.app, zhang, `/api/v1/applications/${id}/evaluation`)))
    expect(st.rateable).toBe(false)
    expect(st.evaluation?.level).toBe('satisfied')

    const other = await decidedCase()
    const both = await Promise.all([rate(e.app, zhang, other, { level: 'satisfied' }), rate(e.app, zhang, other, { level: 'basic' })])
    expect(both.map((r) => r.statusCode).sort()).toEqual([201, 409])
    expect(await e.db.prepare('SELECT COUNT(*) AS n FROM evaluations WHERE application_id = ?').get(other)).toEqual({ n: 1 })
  })

  it('someone else’s case is 404 everywhere, as if it did not exist', async () => {
    const id = await decidedCase()
    expectError(await citizenGet(e.app, wang, `/api/v1/applications/${id}/evaluation`), 404, 'APPLICATION_UNKNOWN')
    expectError(await rate(e.app, wang, id, { level: 'veryDissatisfied', reasons: ['other'] }), 404, 'APPLICATION_UNKNOWN')
    expect((await rate(e.app, zhang, id, { level: 'satisfied', text: '只有本人能看到的评价内容' })).statusCode).toBe(201)
    expectError(await citizenPost(e.app, wang, `/api/v1/applications/${id}/evaluation/comment`, { text: '追评' }), 404, 'APPLICATION_UNKNOWN')
    expectError(await citizenPost(e.app, wang, `/api/v1/applications/${id}/evaluation/feedback`, { accept: true }), 404, 'APPLICATION_UNKNOWN')
    expectError(await citizenGet(e.app, wang, `/api/v1/applications/${id}/evaluation/photo`), 404, 'APPLICATION_UNKNOWN')
    const mine = ok<{ evaluations: Evaluation[] }>(await citizenGet(e.app, wang, '/api/v1/evaluations'))
    expect(mine.evaluations.map((x) => x.applicationId)).not.toContain(id)
    expect(JSON.stringify(mine)).not.toContain('只有本人能看到的评价内容')
  })

  it('needs a real-named sign-in', async () => {
    const id = await decidedCase()
    expectError(await e.app.inject({ method: 'POST', url: `/api/v1/applications/${id}/evaluation`, payload: { level: 'satisfied' } }), 401, 'UNAUTHORIZED')
    expectError(await e.app.inject({ method: 'GET', url: '/api/v1/evaluations/pending' }), 401, 'UNAUTHORIZED')
  })

  it('lets a proxy rate when the injected grants allow it, recording actor and applicant', async () => {
    const id = await decidedCase()
    const y = e.app
    const make = (grants: { allows: (u: string, idn: string, scope: 'rate') => Promise<boolean> }) =>
      new EmbeddedEvaluationSystem({ db: y.db, storage: y.storage, notifications: y.notifications, now: y.clock, rectifyDays: 15, grants })
    const wangUser = { id: wang.userId, phone: SAMPLE.wang.phone, realName: wangPerson }
    await expect(make({ allows: async () => false }).rate(wangUser, id, { level: 'satisfied' })).rejects.toMatchObject({ code: 'APPLICATION_UNKNOWN' })
    const calls: Array<[string, string, string]> = []
    const granted = make({
      allows: async (u, idn, scope) => {
        calls.push([u, idn, scope])
        return u === wang.userId && idn === zhangPerson.idNumber && scope === 'rate'
      }
    })
    const r = await granted.rate(wangUser, id, { level: 'dissatisfied', reasons: ['timeLimit'] })
    expect(calls).toContainEqual([wang.userId, zhangPerson.idNumber, 'rate'])
    expect(r.actorName).toBe('王**')
    expect(r.applicantName).toBe('张**')
    const row = await y.db.prepare('SELECT actor_user_id, actor_name, applicant_id_number FROM evaluations WHERE application_id = ?').get(id)
    expect(row).toEqual({ actor_user_id: wang.userId, actor_name: wangPerson.name, applicant_id_number: zhangPerson.idNumber })
  })
})

describe('levels, reasons, text', () => {
  it('不满意 and 非常不满意 need at least one reason (400 with fields.reasons); other levels do not', async () => {
    const id = await decidedCase()
    const noReason = expectError(await rate(e.app, zhang, id, { level: 'dissatisfied' }), 400, 'VALIDATION_FAILED')
    expect(noReason.fields?.reasons).toContain('原因')
    expectError(await rate(e.app, zhang, id, { level: 'veryDissatisfied', reasons: [] }), 400, 'VALIDATION_FAILED')
    expectError(await rate(e.app, zhang, id, { level: 'veryDissatisfied', reasons: ['rude'] }), 400, 'VALIDATION_FAILED')
    expectError(await rate(e.app, zhang, id, { level: 'satisfied', text: '好'.repeat(501) }), 400, 'VALIDATION_FAILED')
    const bad = EvaluationSchema.parse(
      ok(await rate(e.app, zhang, id, { level: 'veryDissatisfied', reasons: ['attitude', 'repeatedMaterials', 'attitude'], text: '窗口让我来回跑了三次' }), 201)
    )
    expect(bad.reasons).toEqual(['attitude', 'repeatedMaterials'])
    expect(bad.reasonLabels).toEqual(['态度', '材料反复'])
    expect(bad.text).toBe('窗口让我来回跑了三次')
    // a 差评 opens the loop: 15 working days from Monday 2026-03-02 → Monday 2026-03-23
    expect(bad.loop).toMatchObject({ state: 'awaitingFollowUp', dueDate: '2026-03-23', feedback: null, canAccept: false, canDispute: false })
  })
})

describe('追评 and the photo', () => {
  it('one 追评, a second is 409 EVALUATION_COMMENT_EXISTS; none before a rating', async () => {
    const id = await decidedCase()
    expectError(await citizenPost(e.app, zhang, `/api/v1/applications/${id}/evaluation/comment`, { text: '补充一句' }), 404, 'EVALUATION_UNKNOWN')
    expect((await rate(e.app, zhang, id, { level: 'basic' })).statusCode).toBe(201)
    expectError(await citizenPost(e.app, zhang, `/api/v1/applications/${id}/evaluation/comment`, { text: '  ' }), 400, 'VALIDATION_FAILED')
    const c = EvaluationSchema.parse(ok(await citizenPost(e.app, zhang, `/api/v1/applications/${id}/evaluation/comment`, { text: '报销款已到账，谢谢' })))
    expect(c.comment).toEqual({ text: '报销款已到账，谢谢', at: e.clock.now().toISOString() })
    expect(c.canComment).toBe(false)
    expectError(await citizenPost(e.app, zhang, `/api/v1/applications/${id}/evaluation/comment`, { text: '再追评一次' }), 409, 'EVALUATION_COMMENT_EXISTS')
  })

  it('one photo, checked by its bytes: not an image → 415; a second → 409', async () => {
    const id = await decidedCase()
    const url = `/api/v1/applications/${id}/evaluation/photo`
    const img = await photo(800, 600)
    const up = (bytes: Buffer, name = '现场.jpg') => {
      const mp = multipart(name, bytes, 'image/jpeg')
      return e.app.inject({ method: 'POST', url, headers: { ...zhang.headers, ...mp.headers }, payload: mp.payload })
    }
    expectError(await up(img), 404, 'EVALUATION_UNKNOWN')
    expect((await rate(e.app, zhang, id, { level: 'dissatisfied', reasons: ['cumbersome'] })).statusCode).toBe(201)
    // a text file named .jpg, and a PDF (accepted for some materials, never for a rating photo)
    expectError(await up(Buffer.from('这不是图片'.repeat(50))), 415, 'UPLOAD_TYPE_UNSUPPORTED')
    expectError(await up(Buffer.from('%PDF-1.4\n1 0 obj\n<<>>\nendobj\ntrailer\n<<>>\n%%EOF\n'), 'x.pdf'), 415, 'UPLOAD_TYPE_UNSUPPORTED')
    expectError(await e.app.inject({ method: 'GET', url, headers: zhang.headers }), 404, 'NOT_FOUND')

    const withPhoto = EvaluationSchema.parse(ok(await up(img)))
    expect(withPhoto.photo).toMatchObject({ mime: 'image/jpeg', width: 800, height: 600 })
    expect(withPhoto.canAddPhoto).toBe(false)
    const got = await e.app.inject({ method: 'GET', url, headers: zhang.headers })
    expect(got.statusCode).toBe(200)
    expect(got.headers['content-type']).toBe('image/jpeg')
    expect(got.rawPayload.subarray(0, 2).toString('hex')).toBe('ffd8')
    expectError(await up(img), 409, 'EVALUATION_PHOTO_EXISTS')
  })
})

describe('inside the agency only', () => {
  it('staff see the whole record with the contact phone; the citizen’s views mask names and never show the 身份证号', async () => {
    const id = await decidedCase()
    const r = ok<Evaluation>(await rate(e.app, zhang, id, { level: 'dissatisfied', reasons: ['timeLimit'], text: '超过承诺时限' }), 201)
    const mine = await citizenGet(e.app, zhang, '/api/v1/evaluations')
    expect(mine.body).not.toContain(zhangPerson.idNumber)
    expect(mine.body).not.toContain(zhangPerson.name)
    expect(mine.body).not.toContain(SAMPLE.zhang.phone)

    expectError(await e.app.inject({ method: 'GET', url: '/api/v1/staff/evaluations' }), 401, 'STAFF_UNAUTHORIZED')
    const list = StaffEvaluationsResponseSchema.parse(ok(await staffGet(e.app, '/api/v1/staff/evaluations?state=awaitingFollowUp')))
    const s = list.evaluations.find((x) => x.id === r.id)
    expect(s).toMatchObject({ actorName: zhangPerson.name, applicantName: zhangPerson.name, contactPhone: SAMPLE.zhang.phone, text: '超过承诺时限' })
    expect(s?.loop).toMatchObject({ state: 'awaitingFollowUp', overdue: false, allowedActions: ['followUp', 'appeal'] })
    expect(list.evaluations.every((x) => x.loop?.state === 'awaitingFollowUp')).toBe(true)
    const good = StaffEvaluationsResponseSchema.parse(ok(await staffGet(e.app, '/api/v1/staff/evaluations?level=verySatisfied')))
    expect(good.evaluations.length).toBeGreaterThan(0)
    expect(good.evaluations.every((x) => x.level === 'verySatisfied' && x.loop === null)).toBe(true)
  })
})
