import { EvaluationSchema, EvaluationStatusSchema, PendingEvaluationsResponseSchema } from '../../../contract/evaluation'
import { SAMPLE, multipart, photo } from '../apply/helpers'
import type { FastifyInstance } from 'fastify'
import { testApp } from '../helpers'
import { STAFF_TOKEN, citizen, citizenGet, citizenPost, evalApp, expectError, insertCase, ok, rate, travel, type Citizen, type EvalApp, smsSent } from './helpers'

/**
 * The reminder and the default rating (Guangdong's rule): an unrated decided case is reminded once (in-app +
 * SMS) 24 hours after the decision, and at the end of the 7th calendar day after the decision day it is recorded as
 * 基本满意, visibly marked as a default. Driven by the test clock through the routes that sweep lazily.
 */
let e: EvalApp
let zhang: Citizen
const person = { name: SAMPLE.zhang.name, idNumber: SAMPLE.zhang.idNumber }
const REMIND_TITLE = '请评价本次办事服务'

beforeAll(async () => {
  e = await evalApp('2026-03-02T02:00:00.000Z')
  zhang = await citizen(e.app, SAMPLE.zhang.phone, person)
})
afterAll(async () => e.cleanup())

async function reminders(applicationId: string): Promise<number> {
  return ((await e.db.prepare('SELECT COUNT(*) AS n FROM notifications WHERE application_id = ? AND title = ?').get(applicationId, REMIND_TITLE)) as { n: number }).n
}

async function reminderSms(caseNo: string): Promise<number> {
  return (await smsSent(e, SAMPLE.zhang.phone)).filter((m) => m.text.includes(REMIND_TITLE) && m.text.includes(caseNo)).length
}

async function caseNo(id: string): Promise<string> {
  return ((await e.db.prepare('SELECT case_no FROM applications WHERE id = ?').get(id)) as { case_no: string }).case_no
}

describe('reminder once, then 系统默认好评 after 7 days', () => {
  // decided Monday 2026-03-02 09:00 Shanghai; reminded from Tuesday 09:00; rateable through Monday 2026-03-09
  let reminded: string
  let ratedEarly: string
  beforeAll(async () => {
    const c = { userId: zhang.userId, applicant: person, submittedAt: '2026-02-25T02:00:00.000Z', clockStartDate: '2026-02-25', decidedAt: '2026-03-02T01:00:00.000Z' }
    reminded = await insertCase(e.db, { ...c, deliveredAt: '2026-03-05T03:00:00.000Z' })
    ratedEarly = await insertCase(e.db, c)
  })

  it('does not remind before 24 hours, nor a case rated already', async () => {
    expect((await rate(e.app, zhang, ratedEarly, { level: 'satisfied' })).statusCode).toBe(201)
    await travel(e, '2026-03-03T00:59:00.000Z', zhang)
    ok(await citizenGet(e.app, zhang, '/api/v1/evaluations/pending'))
    expect(await reminders(reminded)).toBe(0)
    expect(await reminderSms(await caseNo(reminded))).toBe(0)
  })

  it('reminds once, in-app and by SMS, however often the sweep runs', async () => {
    await travel(e, '2026-03-03T01:00:00.000Z', zhang)
    const pending = PendingEvaluationsResponseSchema.parse(ok(await citizenGet(e.app, zhang, '/api/v1/evaluations/pending')))
    expect(pending.pending.map((p) => p.applicationId)).toEqual([reminded])
    expect(await reminders(reminded)).toBe(1)
    expect(await reminderSms(await caseNo(reminded))).toBe(1)
    const body = ((await e.db.prepare('SELECT body FROM notifications WHERE application_id = ? AND title = ?').get(reminded, REMIND_TITLE)) as { body: string }).body
    expect(body).toContain('2026-03-09')
    expect(body).toContain('基本满意')

    await e.app.evaluation.sweep()
    await Promise.all([e.app.evaluation.sweep(), e.app.evaluation.sweep()])
    await travel(e, '2026-03-06T01:00:00.000Z', zhang)
    ok(await citizenGet(e.app, zhang, `/api/v1/applications/${reminded}/evaluation`))
    expect(await reminders(reminded)).toBe(1)
    expect(await reminderSms(await caseNo(reminded))).toBe(1)
    expect(await reminders(ratedEarly)).toBe(0)
  })

  it('can still be rated through the last minute of the 7th day (calendar days from the decision, not the delivery)', async () => {
    await travel(e, '2026-03-09T15:59:59.000Z', zhang)
    const st = EvaluationStatusSchema.parse(ok(await citizenGet(e.app, zhang, `/api/v1/applications/${reminded}/evaluation`)))
    expect(st).toMatchObject({ rateable: true, deadline: '2026-03-09', evaluation: null })
  })

  it('is recorded as 基本满意 at the start of the 8th day, marked as a default, and cannot be rated after', async () => {
    await travel(e, '2026-03-09T16:00:00.000Z', zhang)
    const st = EvaluationStatusSchema.parse(ok(await citizenGet(e.app, zhang, `/api/v1/applications/${reminded}/evaluation`)))
    expect(st.rateable).toBe(false)
    expect(st.evaluation).toMatchObject({
      level: 'basic',
      levelLabel: '基本满意',
      defaulted: true,
      defaultedLabel: '系统默认好评',
      ratedAt: '2026-03-09T16:00:00.000Z',
      actorName: '系统',
      loop: null
    })
    expectError(await rate(e.app, zhang, reminded, { level: 'veryDissatisfied', reasons: ['timeLimit'] }), 409, 'EVALUATION_EXISTS')
    const pending = PendingEvaluationsResponseSchema.parse(ok(await citizenGet(e.app, zhang, '/api/v1/evaluations/pending')))
    expect(pending.pending).toEqual([])
    // the default was made once, and is dated at the end of the window, not when a sweep ran
    await travel(e, '2026-03-20T02:00:00.000Z', zhang)
    await e.app.evaluation.sweep()
    expect(await e.db.prepare('SELECT COUNT(*) AS n, MIN(rated_at) AS at FROM evaluations WHERE application_id = ?').get(reminded)).toEqual({ n: 1, at: '2026-03-09T16:00:00.000Z' })
    expect(await e.db.prepare("SELECT COUNT(*) AS n FROM evaluation_events v JOIN evaluations x ON x.id = v.evaluation_id WHERE x.application_id = ? AND v.action = 'default'").get(reminded)).toEqual({ n: 1 })
  })

  it('a default rating takes a 追评 but no photo', async () => {
    const c = EvaluationSchema.parse(ok(await citizenPost(e.app, zhang, `/api/v1/applications/${reminded}/evaluation/comment`, { text: '忘了评价，补充：办得挺快' })))
    expect(c.comment?.text).toBe('忘了评价，补充：办得挺快')
    expect(c.canAddPhoto).toBe(false)
    const mp = multipart('a.jpg', await photo(400, 300), 'image/jpeg')
    const res = await e.app.inject({ method: 'POST', url: `/api/v1/applications/${reminded}/evaluation/photo`, headers: { ...zhang.headers, ...mp.headers }, payload: mp.payload })
    expectError(res, 409, 'EVALUATION_STEP_NOT_ALLOWED')
  })

  it('a case found only after its window (the service was down) is defaulted without a late reminder', async () => {
    const late = await insertCase(e.db, { userId: zhang.userId, applicant: person, submittedAt: '2026-02-01T02:00:00.000Z', clockStartDate: '2026-02-02', decidedAt: '2026-02-10T02:00:00.000Z' })
    const out = await e.app.evaluation.sweep()
    expect(out).toEqual({ reminded: 0, defaulted: 1 })
    expect(await reminders(late)).toBe(0)
    expect(await e.db.prepare('SELECT level, defaulted, rated_at FROM evaluations WHERE application_id = ?').get(late)).toEqual({
      level: 'basic',
      defaulted: 1,
      rated_at: '2026-02-17T16:00:00.000Z'
    })
    expect(await e.app.evaluation.sweep()).toEqual({ reminded: 0, defaulted: 0 })
  })

  it('leaves cases that are not decided alone', async () => {
    const open = await insertCase(e.db, { userId: zhang.userId, applicant: person, status: 'inReview', submittedAt: '2026-01-05T02:00:00.000Z', clockStartDate: '2026-01-05' })
    await e.app.evaluation.sweep()
    expect(await reminders(open)).toBe(0)
    expect(await e.db.prepare('SELECT COUNT(*) AS n FROM evaluations WHERE application_id = ?').get(open)).toEqual({ n: 0 })
  })
})

describe('two instances on one database', () => {
  // a second BFF on the same data folder: the same SQLite file, or the same PostgreSQL schema (DATABASE_SCHEMA=@data-dir)
  let second: FastifyInstance
  beforeAll(async () => {
    second = (await testApp({ clock: e.clock.now, dataDir: e.dataDir, config: { staffToken: STAFF_TOKEN } })).app
  })
  afterAll(async () => second.close())

  /** Runs the sweep in both instances, twice each: at the same moment on PostgreSQL (several connections); one after the
   * other on SQLite, whose two connections in one process cannot overlap write transactions (a busy connection blocks
   * the thread the other one needs), as two processes would queue on the file's write lock. */
  async function sweepBoth(): Promise<Array<{ reminded: number; defaulted: number }>> {
    const runs = [e.app.evaluation, second.evaluation, e.app.evaluation, second.evaluation]
    if (e.db.dialect === 'postgres') return Promise.all(runs.map((s) => s.sweep()))
    const out: Array<{ reminded: number; defaulted: number }> = []
    for (const s of runs) out.push(await s.sweep())
    return out
  }

  it('remind once and default once, whichever instance sweeps', async () => {
    // decided Tuesday 2026-03-31 09:00 Shanghai: reminded from 04-01 09:00, defaulted at the start of 04-08 (Shanghai)
    e.clock.set('2026-04-01T02:00:00.000Z')
    const id = await insertCase(e.db, { userId: zhang.userId, applicant: person, submittedAt: '2026-03-25T02:00:00.000Z', clockStartDate: '2026-03-25', decidedAt: '2026-03-31T01:00:00.000Z' })
    const first = await sweepBoth()
    expect(first.reduce((n, r) => n + r.reminded, 0)).toBe(1)
    expect(await reminders(id)).toBe(1)
    expect(await reminderSms(await caseNo(id))).toBe(1)

    e.clock.set('2026-04-07T16:00:00.000Z')
    const later = await sweepBoth()
    expect(later.reduce((n, r) => n + r.defaulted, 0)).toBe(1)
    expect(await e.db.prepare('SELECT COUNT(*) AS n, MIN(rated_at) AS at FROM evaluations WHERE application_id = ?').get(id)).toEqual({ n: 1, at: '2026-04-07T16:00:00.000Z' })
    expect(
      await e.db.prepare("SELECT COUNT(*) AS n FROM evaluation_events v JOIN evaluations x ON x.id = v.evaluation_id WHERE x.application_id = ? AND v.action = 'default'").get(id)
    ).toEqual({ n: 1 })
    expect(await reminders(id)).toBe(1)
    expect(await reminderSms(await caseNo(id))).toBe(1)
  })
})
