import type { FastifyInstance } from 'fastify'
import { TodoSchema, type Todo } from '../../../contract/workbench'
import { SAMPLE, refresh, signIn, type Session } from '../apply/helpers'
import { testApp } from '../helpers'
import { staffAuth, submitReimbursement } from './helpers'

/**
 * The workbench's lists (contract/workbench.ts): my 待办 with due dates in working days, 已超期 and 即将超期 first; the
 * 科室 queue for the 科长; the change feed the workbench polls; and the region scope the BFF enforces on all three.
 * Dates: November 2026 has no public holiday, so the 10 working days of 医疗费用报销 are plain weekdays.
 */
let now = new Date('2026-11-02T02:00:00Z') // Monday 10:00 in Shanghai
const clock = (): Date => now

let app: FastifyInstance
let cleanup: () => Promise<void>
let zhang: Session
const ITEM = 'medical-reimbursement' // what submitReimbursement submits
const COUNTY = '331102'

type Who = 'admin' | 'clerk' | 'otherClerk' | 'reviewer' | 'chief' | 'otherChief'
const people: Record<Who, { role: 'admin' | 'clerk' | 'reviewer' | 'chief'; region: string; name: string }> = {
  admin: { role: 'admin', region: '330000', name: '赵管理' },
  clerk: { role: 'clerk', region: COUNTY, name: '甲窗口' },
  otherClerk: { role: 'clerk', region: '331121', name: '青田窗口' },
  reviewer: { role: 'reviewer', region: COUNTY, name: '钱审核' },
  chief: { role: 'chief', region: '331100', name: '丽水科长' },
  otherChief: { role: 'chief', region: '331121', name: '青田科长' }
}
const as = (who: Who) => staffAuth(app, { ...people[who], enrolled: true })
const get = async (who: Who, url: string) => app.inject({ url, headers: await as(who) })
const todo = async (who: Who, list: 'todo' | 'queue' = 'todo'): Promise<Todo> => {
  const res = await get(who, `/api/v1/staff/${list}`)
  expect(res.statusCode).toBe(200)
  return TodoSchema.parse(res.json())
}
const changes = async (who: Who, since: string) => {
  const res = await get(who, `/api/v1/staff/changes?since=${encodeURIComponent(since)}`)
  expect(res.statusCode).toBe(200)
  return res.json() as { applicationIds: string[]; cursor: string; pollSeconds: number }
}

async function travel(iso: string): Promise<void> {
  now = new Date(iso)
  await refresh(app, zhang)
}

const submitCase = async (): Promise<string> => (await submitReimbursement(app, zhang, now)).id

let first = ''
let second = ''
let early = ''

beforeAll(async () => {
  const t = await testApp({ clock })
  app = t.app
  cleanup = t.cleanup
  zhang = await signIn(app, SAMPLE.zhang.phone, SAMPLE.zhang)
  const clerkId = (await get('clerk', '/api/v1/staff/me')).json().id as string
  for (const who of Object.keys(people) as Who[]) await as(who)
  // a case that arrives before any rule waits, and is assigned when the rule is set
  early = await submitCase()
  const rule = await app.inject({ method: 'PUT', url: '/api/v1/staff/assignment-rules', headers: await as('admin'), payload: { region: COUNTY, itemId: ITEM, clerkIds: [clerkId] } })
  expect(rule.statusCode).toBe(200)
  first = await submitCase()
})
afterAll(async () => cleanup())

it('my 待办 lists the cases assigned to me, due in working days, 即将超期 and 已超期 first', async () => {
  // Friday 13 November: the first case (due Monday 16th) has 2 working days left; a new one has 11
  await travel('2026-11-13T02:00:00Z')
  second = await submitCase()
  let mine = await todo('clerk')
  expect(mine.items.map((i) => [i.id, i.dueDate, i.urgency, i.urgencyLabel, i.workingDaysLeft])).toEqual([
    [early, '2026-11-16', 'dueSoon', '即将超期', 2],
    [first, '2026-11-16', 'dueSoon', '即将超期', 2],
    [second, '2026-11-27', 'onTime', '办理中', 11]
  ])
  expect(mine.items[0].assignee).toEqual({ id: expect.any(String), name: '甲窗口' })
  // Tuesday 17th: the first two are a working day late and stay on top
  await travel('2026-11-17T02:00:00Z')
  mine = await todo('clerk')
  expect(mine.items.map((i) => [i.urgency, i.workingDaysLeft])).toEqual([
    ['overdue', -1],
    ['overdue', -1],
    ['onTime', 9]
  ])
  expect(mine.counts).toEqual({ total: 3, overdue: 2, dueSoon: 0, unassigned: 0 })
  expect((await todo('otherClerk')).items).toEqual([])
})

it('the change feed tells the assignee of a new case and of what others did to theirs; a reviewer gets accepted cases', async () => {
  const cursor = (await todo('clerk')).cursor
  await travel(new Date(now.getTime() + 30_000).toISOString())
  expect((await changes('clerk', cursor)).applicationIds).toEqual([])
  const accepted = await app.inject({ method: 'POST', url: `/api/v1/staff/applications/${second}/actions`, headers: await as('chief'), payload: { action: 'preAccept' } })
  expect(accepted.statusCode).toBe(200)
  await travel(new Date(now.getTime() + 30_000).toISOString())
  const third = await submitCase()
  const feed = await changes('clerk', cursor)
  expect(feed.applicationIds.sort()).toEqual([second, third].sort())
  expect(feed.pollSeconds).toBeLessThanOrEqual(10)
  expect((await changes('otherClerk', cursor)).applicationIds).toEqual([])
  expect((await changes('otherChief', cursor)).applicationIds).toEqual([])
  expect((await changes('chief', cursor)).applicationIds.sort()).toEqual([second, third].sort())
  // received originals → accepted: the reviewer's post has it
  expect((await app.inject({ method: 'POST', url: `/api/v1/staff/applications/${second}/actions`, headers: await as('chief'), payload: { action: 'receivePaper' } })).statusCode).toBe(200)
  expect((await todo('reviewer')).items.map((i) => i.id)).toEqual([second])
})

it('the 科室 queue is the 科长’s, of their region only; a clerk of another county opens none of these cases', async () => {
  const rules = (await get('admin', '/api/v1/staff/assignment-rules')).json().rules as Array<{ id: string }>
  await app.inject({ method: 'DELETE', url: `/api/v1/staff/assignment-rules/${rules[0].id}`, headers: await as('admin') })
  const waiting = await submitCase()
  const queue = await todo('chief', 'queue')
  expect(queue.items.map((i) => i.id)).toEqual(expect.arrayContaining([early, first, second, waiting]))
  expect(queue.items.find((i) => i.id === waiting)?.assignee).toBeNull()
  expect(queue.counts).toMatchObject({ total: 5, unassigned: 1 })
  expect((await todo('otherChief', 'queue')).items).toEqual([])
  expect((await get('clerk', '/api/v1/staff/queue')).json().code).toBe('STAFF_FORBIDDEN')
  expect((await get('otherClerk', `/api/v1/staff/applications/${first}`)).statusCode).toBe(404)
  expect((await app.inject({ url: '/api/v1/staff/todo' })).statusCode).toBe(401)
  expect((await get('admin', '/api/v1/staff/todo')).statusCode).toBe(403)
})
