import type { FastifyInstance } from 'fastify'
import type { NotificationsResponse } from '../../../contract/notifications'
import { appWithZhang, type Session } from './helpers'

/**
 * 000 §6.1.2.1.2 自动触发提醒 (图3): the platform pushes what the agency proposes — 张丽华's newborn not yet enrolled →
 * 城乡居民参保登记 (§6.2.3.1), her own birth at a hospital → 生育津贴 (§6.10.3.1) — to the citizen's message centre without waiting for them to open 提醒办, and tells each person of
 * each proposal once however often the sweep runs.
 */
let app: FastifyInstance
let cleanup: () => Promise<void>
let zhang: Session
const now = new Date('2026-11-23T02:00:00Z')

beforeAll(async () => {
  const t = await appWithZhang(now)
  app = t.app
  cleanup = t.cleanup
  zhang = t.zhang
})
afterAll(async () => cleanup())

async function reminderMessages(): Promise<NotificationsResponse['notifications']> {
  const res = await app.inject({ method: 'GET', url: '/api/v1/notifications', headers: zhang.headers })
  expect(res.statusCode).toBe(200)
  return (res.json() as NotificationsResponse).notifications.filter((n) => n.reminderId !== null)
}

it('the scheduled sweep pushes the proposal before the citizen opens 提醒办, once per person and proposal', async () => {
  // nothing is pushed until the sweep: the citizen has not opened 提醒办
  expect(await reminderMessages()).toEqual([])

  const job = { name: 'reminder-sweep-test', periodMs: 3600_000, run: () => app.reminders.sweep() }
  expect(await app.scheduler.runIfDue(job, now)).toBe(true)
  const pushed = await reminderMessages()
  expect(pushed).toHaveLength(2)
  expect(pushed.some((n) => /城乡居民基本医疗保险参保登记/.test(n.body))).toBe(true)
  expect(pushed.some((n) => /生育津贴/.test(n.body))).toBe(true)

  // the same period is not run twice (another instance's tick), and a later run tells nobody again
  expect(await app.scheduler.runIfDue(job, now)).toBe(false)
  expect(await app.reminders.sweep()).toMatchObject({ proposed: 0 })
  expect(await reminderMessages()).toHaveLength(2)

  // opening 提醒办 shows the pushed reminder, and does not tell again
  const list = await app.inject({ method: 'GET', url: '/api/v1/reminders', headers: zhang.headers })
  const reminders = (list.json() as { reminders: Array<{ id: string; itemId: string }> }).reminders
  expect(reminders.map((r) => r.id).sort()).toEqual(pushed.map((n) => n.reminderId).sort())
  expect(reminders.map((r) => r.itemId).sort()).toEqual(['maternity-allowance', 'resident-enrollment'])
  expect(await reminderMessages()).toHaveLength(2)
})
