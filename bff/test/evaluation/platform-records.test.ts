import { SAMPLE } from '../apply/helpers'
import { citizen, citizenGet, citizenPost, evalApp, insertCase, ok, rate, staffAct, travel, type Citizen, type EvalApp } from './helpers'

/**
 * 000 §8.1.3: the 好差评 exchange adapter (`platformRecords`) shares every rating with the 政务服务 platform, and with it
 * each follow-up step (回访, 核实, 整改, the citizen's answer, 申诉 and its decision) and the default ratings of the
 * 7-day rule, each with its kind — so the platform neither counts a default as a person's 好评 nor misses that a
 * 差评 was rectified or left out after an upheld appeal. Only what the platform counts: no names, numbers or texts.
 */
let e: EvalApp
let zhang: Citizen
const person = { name: SAMPLE.zhang.name, idNumber: SAMPLE.zhang.idNumber }
// Monday 2026-09-14, 10:00 in Shanghai
const START = '2026-09-14T02:00:00.000Z'

beforeAll(async () => {
  e = await evalApp(START)
  zhang = await citizen(e.app, SAMPLE.zhang.phone, person)
})
afterAll(async () => e.cleanup())

function decided(n: number): Promise<string> {
  return insertCase(e.db, {
    userId: zhang.userId,
    applicant: person,
    itemId: 'medical-reimbursement',
    itemName: '个人医疗费用手工（零星）报销',
    submittedAt: '2026-09-01T02:00:00.000Z',
    clockStartDate: '2026-09-01',
    decidedAt: `2026-09-14T01:0${n}:00.000Z`
  })
}

it('exports ratings, each follow-up step and default ratings with their kind, and nothing personal', async () => {
  const rectified = await decided(1)
  const appealed = await decided(2)
  const silent = await decided(3)
  const r1 = ok<{ id: string }>(await rate(e.app, zhang, rectified, { level: 'dissatisfied', reasons: ['timeLimit'], text: '等了很久才到账' }), 201).id
  const r2 = ok<{ id: string }>(await rate(e.app, zhang, appealed, { level: 'veryDissatisfied', reasons: ['attitude'], text: '态度差' }), 201).id
  const step = async (id: string, body: object) => ok(await staffAct(e.app, id, body))
  await travel(e, '2026-09-15T03:00:00.000Z', zhang)
  await step(r1, { action: 'followUp', staffName: '李芳', result: 'reached', note: '电话联系评价人' })
  await step(r1, { action: 'verify', staffName: '李芳', substantiated: true, finding: '复核积压' })
  await step(r1, { action: 'rectify', staffName: '李芳', note: '已调整复核人员' })
  ok(await citizenPost(e.app, zhang, `/api/v1/applications/${rectified}/evaluation/feedback`, { accept: true }))
  await step(r2, { action: 'appeal', staffName: '李芳', reason: '评价人辱骂工作人员' })
  await step(r2, { action: 'decideAppeal', reviewerName: '王科长', upheld: true, note: '属恶意差评' })
  // past the 7th calendar day after the decision: the silent case gets its default rating
  await travel(e, '2026-09-22T03:00:00.000Z', zhang)
  const st = ok<{ evaluation: { defaulted: boolean } | null }>(await citizenGet(e.app, zhang, `/api/v1/applications/${silent}/evaluation`))
  expect(st.evaluation?.defaulted).toBe(true)

  const records = await e.app.evaluation.platformRecords(new Date(START))
  const of = (id: string) => records.filter((r) => r.ratingId === id).map((r) => r.kind)
  expect(of(r1)).toEqual(['rating', 'followUp', 'verification', 'rectification', 'citizenAccepted'])
  expect(of(r2)).toEqual(['rating', 'appeal', 'appealDecision'])
  const def = records.filter((r) => r.kind === 'defaultRating')
  expect(def).toHaveLength(1)
  expect(def[0]).toMatchObject({ level: 'basic', defaulted: true, upheld: null, itemId: 'medical-reimbursement', regionCode: '331102' })
  expect(records.find((r) => r.kind === 'appealDecision')).toMatchObject({ ratingId: r2, upheld: true, defaulted: false })
  expect(records.filter((r) => r.kind === 'rating').every((r) => !r.defaulted)).toBe(true)
  // each record once, oldest first
  expect(new Set(records.map((r) => r.recordId)).size).toBe(records.length)
  expect(records.map((r) => r.at)).toEqual([...records.map((r) => r.at)].sort())
  // only what the platform counts
  const text = JSON.stringify(records)
  for (const s of [person.name, person.idNumber, '等了很久', '电话联系评价人', '复核积压', '辱骂', '恶意差评', '李芳', '王科长']) expect(text).not.toContain(s)

  // since a later instant: only the steps recorded then (the default rating), not the old ratings again
  const later = await e.app.evaluation.platformRecords(new Date('2026-09-20T00:00:00.000Z'))
  expect(later.map((r) => r.kind)).toEqual(['defaultRating'])
})
