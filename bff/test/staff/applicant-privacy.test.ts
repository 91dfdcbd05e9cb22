import type { FastifyInstance } from 'fastify'
import { ApplicationDetailSchema } from '../../../contract/apply'
import { maskName } from '../../../contract/identity'
import { SAMPLE, signIn, type Session } from '../apply/helpers'
import { testApp } from '../helpers'
import { staffAuth, submitReimbursement } from './helpers'

/**
 * The applicant is shown whole only to the one handling the case (contract/staff.ts staffSeesApplicantWhole): the
 * clerk it is assigned to, a reviewer while it is in review, a 科长 who took it; a 科长 supervising, another clerk
 * of the region and anyone after the case is closed see the name, 身份证号, phone and bank account masked.
 */
const now = new Date('2026-11-02T02:00:00Z') // Monday 10:00 in Shanghai
let app: FastifyInstance
let cleanup: () => Promise<void>
let zhang: Session
const COUNTY = '331102'

type Who = 'admin' | 'clerk' | 'clerk2' | 'reviewer' | 'chief'
const people: Record<Who, { role: 'admin' | 'clerk' | 'reviewer' | 'chief'; region: string; name: string }> = {
  admin: { role: 'admin', region: '330000', name: '赵管理' },
  clerk: { role: 'clerk', region: COUNTY, name: '甲窗口' },
  clerk2: { role: 'clerk', region: COUNTY, name: '乙窗口' },
  reviewer: { role: 'reviewer', region: COUNTY, name: '钱审核' },
  chief: { role: 'chief', region: '331100', name: '丽水科长' }
}
const as = (who: Who) => staffAuth(app, { ...people[who], enrolled: true })
const idOf = async (who: Who): Promise<string> => (await app.inject({ url: '/api/v1/staff/me', headers: await as(who) })).json().id as string
const view = async (who: Who, id: string): Promise<string> => {
  const res = await app.inject({ url: `/api/v1/staff/applications/${id}`, headers: await as(who) })
  expect(res.statusCode).toBe(200)
  ApplicationDetailSchema.parse(res.json())
  return res.body
}
const act = async (who: Who, id: string, payload: Record<string, unknown>): Promise<string> => {
  const res = await app.inject({ method: 'POST', url: `/api/v1/staff/applications/${id}/actions`, headers: await as(who), payload })
  expect([res.statusCode, res.statusCode === 200 ? '' : res.body]).toEqual([200, ''])
  return res.body
}
const whole = (body: string): boolean => {
  const c = JSON.parse(body) as { applicantName: string }
  const has = [body.includes(SAMPLE.zhang.idNumber), body.includes(SAMPLE.zhang.phone), c.applicantName === SAMPLE.zhang.name]
  // all or nothing: a view half masked would be a leak of the other half
  expect(new Set(has).size).toBe(1)
  if (!has[0]) expect(c.applicantName).toBe(maskName(SAMPLE.zhang.name))
  return has[0]
}

beforeAll(async () => {
  const t = await testApp({ clock: () => now })
  app = t.app
  cleanup = t.cleanup
  zhang = await signIn(app, SAMPLE.zhang.phone, SAMPLE.zhang)
  for (const who of Object.keys(people) as Who[]) await as(who)
  const rule = await app.inject({ method: 'PUT', url: '/api/v1/staff/assignment-rules', headers: await as('admin'), payload: { region: COUNTY, itemId: '*', clerkIds: [await idOf('clerk')] } })
  expect(rule.statusCode).toBe(200)
})
afterAll(async () => cleanup())

it('shows the applicant whole to the one handling the case and masked to everyone else', async () => {
  const c = await submitReimbursement(app, zhang, now)
  // assigned at once to 甲窗口 by the rule
  expect(whole(await view('clerk', c.id))).toBe(true)
  expect(whole(await view('clerk2', c.id))).toBe(false)
  expect(whole(await view('chief', c.id))).toBe(false)
  // a reviewer has no business with it before 受理
  expect(whole(await view('reviewer', c.id))).toBe(false)
  // the lists never show more than a masked name
  const list = await app.inject({ url: '/api/v1/staff/queue', headers: await as('chief') })
  expect(list.body).not.toContain(SAMPLE.zhang.name)
  expect(list.body).not.toContain(SAMPLE.zhang.idNumber)

  // the answer to an action is the same view as the case's: the 科长's preAccept does not unmask it
  expect(whole(await act('chief', c.id, { action: 'preAccept' }))).toBe(false)
  expect(whole(await act('clerk', c.id, { action: 'receivePaper' }))).toBe(true)
  expect(whole(await view('reviewer', c.id))).toBe(true) // 已受理: waiting for review

  // the 科长 takes the case: now it is theirs to handle, and the clerk it was taken from sees it masked
  expect(whole(await act('chief', c.id, { action: 'reassign', staffId: await idOf('chief') }))).toBe(true)
  expect(whole(await view('chief', c.id))).toBe(true)
  expect(whole(await view('clerk', c.id))).toBe(false)
})

it('masks a closed case for everyone, the clerk who handled it included', async () => {
  const c = await submitReimbursement(app, zhang, now)
  await act('clerk', c.id, { action: 'preAccept' })
  await act('clerk', c.id, { action: 'receivePaper' })
  await act('reviewer', c.id, { action: 'startReview' })
  expect(whole(await view('reviewer', c.id))).toBe(true)
  const decided = await act('reviewer', c.id, { action: 'reject', reason: '材料不符合报销条件' })
  expect(whole(decided)).toBe(false) // out of review
  expect(whole(await view('clerk', c.id))).toBe(true) // 待送达: still the clerk's work
  await act('clerk', c.id, { action: 'deliver', method: 'pickup' })
  for (const who of ['clerk', 'reviewer', 'chief'] as const) expect(whole(await view(who, c.id))).toBe(false)
})
