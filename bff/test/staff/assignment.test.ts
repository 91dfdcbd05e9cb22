import type { FastifyInstance } from 'fastify'
import { ApplicationDetailSchema } from '../../../contract/apply'
import { SAMPLE, refresh, signIn, type Session } from '../apply/helpers'
import { testApp } from '../helpers'
import { staffAuth, submitReimbursement } from './helpers'

/**
 * A new manual case is assigned at once (001 §5.2.3.1 "实时分配窗口工作人员并发起提醒"): by the agency's rule, in turn
 * among the clerks of its region and item, skipping those away; the assignee is told through the staff channel (the
 * embedded outbox); a case nobody could take alerts the 科长 of its region once it has waited the configured time.
 * Runs on SQLite and, in `npm test`, on PostgreSQL.
 */
let now = new Date('2026-12-07T02:00:00Z') // Monday 10:00 in Shanghai
const clock = (): Date => now

let app: FastifyInstance
let cleanup: () => Promise<void>
let zhang: Session
const ITEM = 'medical-reimbursement' // what submitReimbursement submits
const COUNTY = '331102' // 莲都区, 张丽华's

type Headers = { authorization: string }
type Who = 'admin' | 'a' | 'b' | 'c' | 'other' | 'chief' | 'otherChief'
const people: Record<Who, { role: 'admin' | 'clerk' | 'chief'; region: string; name: string }> = {
  admin: { role: 'admin', region: '330000', name: '赵管理' },
  a: { role: 'clerk', region: COUNTY, name: '甲窗口' },
  b: { role: 'clerk', region: COUNTY, name: '乙窗口' },
  c: { role: 'clerk', region: COUNTY, name: '丙窗口' },
  other: { role: 'clerk', region: '331121', name: '青田窗口' },
  chief: { role: 'chief', region: '331100', name: '丽水科长' },
  otherChief: { role: 'chief', region: '331121', name: '青田科长' }
}
const ids = {} as Record<Who, string>
/** the person's bearer headers (a fresh token after the test clock jumped past the idle timeout) */
const as = (who: Who): Promise<Headers> => staffAuth(app, { ...people[who], enrolled: true })

beforeAll(async () => {
  const t = await testApp({ clock, config: { unassignedAlertMinutes: 30 } })
  app = t.app
  cleanup = t.cleanup
  zhang = await signIn(app, SAMPLE.zhang.phone, SAMPLE.zhang)
  for (const who of Object.keys(people) as Who[]) ids[who] = (await app.inject({ url: '/api/v1/staff/me', headers: await as(who) })).json().id as string
})
afterAll(async () => cleanup())

const submitCase = () => submitReimbursement(app, zhang, now)

const notices = async (who: Who) =>
  (await app.inject({ url: '/api/v1/staff/notices', headers: await as(who) })).json().notices as Array<{ kind: string; applicationId: string; body: string }>
const caseOf = async (id: string) => ApplicationDetailSchema.parse((await app.inject({ url: `/api/v1/staff/applications/${id}`, headers: await as('chief') })).json())
const putRule = (headers: Headers, payload: object) => app.inject({ method: 'PUT', url: '/api/v1/staff/assignment-rules', headers, payload })

it('without a rule a case waits; past the configured time the 科长 of its region is alerted, once', async () => {
  const waiting = await submitCase()
  expect(waiting.status).toBe('submitted')
  now = new Date(now.getTime() + 29 * 60_000)
  expect(await app.assignment.sweep()).toEqual({ assigned: 0, alerted: 0 })
  now = new Date(now.getTime() + 60_000)
  expect(await app.assignment.sweep()).toEqual({ assigned: 0, alerted: 1 })
  expect(await app.assignment.sweep()).toEqual({ assigned: 0, alerted: 0 })
  const alert = (await notices('chief')).find((n) => n.applicationId === waiting.id)
  expect(alert).toMatchObject({ kind: 'unassignedAlert' })
  expect(alert?.body).toContain('30 分钟')
  expect(await notices('otherChief')).toEqual([])
  await refresh(app, zhang)
})

it('only the administrator sets rules, with active clerks of the region', async () => {
  const rule = { region: COUNTY, itemId: ITEM, clerkIds: [ids.a, ids.b, ids.c] }
  expect((await putRule(await as('chief'), rule)).statusCode).toBe(403)
  expect((await putRule(await as('a'), rule)).statusCode).toBe(403)
  const foreign = await putRule(await as('admin'), { ...rule, clerkIds: [ids.a, ids.other] })
  expect(foreign.statusCode).toBe(400)
  expect(foreign.json().message).toContain('青田窗口')
  expect((await putRule(await as('admin'), { ...rule, clerkIds: [ids.chief] })).statusCode).toBe(400)
})

it('a rule assigns the waiting case at once, then new cases in turn, skipping the clerk who is away; each assignee is told', async () => {
  const waitingId = (await app.inject({ url: `/api/v1/staff/applications?status=submitted`, headers: await as('chief') })).json().applications[0].id as string
  const put = await putRule(await as('admin'), { region: COUNTY, itemId: ITEM, clerkIds: [ids.a, ids.b, ids.c] })
  expect(put.statusCode).toBe(200)
  expect(put.json().clerks.map((c: { name: string }) => c.name)).toEqual(['甲窗口', '乙窗口', '丙窗口'])
  const first = await caseOf(waitingId)
  expect(first.status).toBe('assigned')
  expect(first.events.at(-1)).toMatchObject({ action: 'assign', actor: { name: '系统（自动分配）' }, note: '由 甲窗口 经办' })

  // 丙 is away today and tomorrow: the turn goes 乙, then (丙 skipped) 甲
  const away = await app.inject({ method: 'PUT', url: `/api/v1/staff/accounts/${ids.c}/absence`, headers: await as('chief'), payload: { from: '2026-12-07', until: '2026-12-08' } })
  expect(away.statusCode).toBe(200)
  const second = await submitCase()
  expect(second.status).toBe('assigned')
  const third = await submitCase()
  expect((await caseOf(second.id)).events.at(-1)?.note).toBe('由 乙窗口 经办')
  expect((await caseOf(third.id)).events.at(-1)?.note).toBe('由 甲窗口 经办')

  expect((await notices('a')).map((n) => n.applicationId).sort()).toEqual([waitingId, third.id].sort())
  expect((await notices('b')).map((n) => [n.kind, n.applicationId])).toEqual([['assigned', second.id]])
  expect(await notices('c')).toEqual([])
  expect((await notices('a'))[0].body).toMatch(/已分配给您，请及时受理$/)
})

it('a clerk of another county cannot be given a county’s case, nor a 科长 mark a clerk of another county away', async () => {
  const rules = (await app.inject({ url: '/api/v1/staff/assignment-rules', headers: await as('admin') })).json().rules as Array<{ id: string }>
  expect((await app.inject({ method: 'DELETE', url: `/api/v1/staff/assignment-rules/${rules[0].id}`, headers: await as('admin') })).statusCode).toBe(204)
  const c = await submitCase()
  expect(c.status).toBe('submitted')
  const toOther = await app.inject({ method: 'POST', url: `/api/v1/staff/applications/${c.id}/actions`, headers: await as('chief'), payload: { action: 'assign', staffName: 'x', staffId: ids.other } })
  expect(toOther.statusCode).toBe(400)
  const toC = await app.inject({ method: 'POST', url: `/api/v1/staff/applications/${c.id}/actions`, headers: await as('chief'), payload: { action: 'assign', staffName: 'x', staffId: ids.c } })
  expect(toC.statusCode).toBe(200)
  expect(toC.json().events.at(-1).note).toBe('由 丙窗口 经办')
  expect((await notices('c')).map((n) => n.applicationId)).toEqual([c.id])
  const foreignAbsence = await app.inject({ method: 'PUT', url: `/api/v1/staff/accounts/${ids.a}/absence`, headers: await as('otherChief'), payload: {} })
  expect(foreignAbsence.statusCode).toBe(404)
})
