import { ApplicationDetailSchema, RemindersResponseSchema, ReminderConfirmResponseSchema, type Reminder } from '../../../contract/apply'
import type { NotificationsResponse } from '../../../contract/notifications'
import { ErrorCode } from '../../../contract/common'
import { ARCHIVE_LABEL } from '../../../domain/archive'
import { evalApp, travel, type EvalApp } from '../evaluation/helpers'
import { SAMPLE, signIn, type Session } from './helpers'

/**
 * 000 §6.1.2.1.2 自动触发提醒 … 宜推行超时未反对默认办理, and the items' own clauses (§6.2.6.1 城乡居民参保信息变更,
 * §6.7.1 门诊慢特病备案: 规定时间内未收到确认信息视同确认同意办理): 王建国's 公安 address change and his hospital's
 * 高血压 diagnosis are proposed with an objection deadline the agency set (deemedConsentDays, 10 working days by
 * default); 不同意 is final; past the deadline the scheduler makes the case from the source's data (免提交) and the
 * agency's rule decides it (图4), once. A newborn's 城乡居民参保 (no such promise) keeps waiting for a confirmation.
 */
let e: EvalApp
let wang: Session
let zhang: Session
const start = '2026-11-23T02:00:00Z' // Monday 10:00 in Shanghai

beforeAll(async () => {
  e = await evalApp(start)
  wang = await signIn(e.app, SAMPLE.wang.phone, SAMPLE.wang)
  zhang = await signIn(e.app, SAMPLE.zhang.phone, SAMPLE.zhang)
})
afterAll(async () => e.cleanup())

const remindersOf = async (s: Session): Promise<Reminder[]> =>
  RemindersResponseSchema.parse((await e.app.inject({ url: '/api/v1/reminders', headers: s.headers })).json()).reminders
const messagesOf = async (s: Session): Promise<NotificationsResponse['notifications']> =>
  ((await e.app.inject({ url: '/api/v1/notifications', headers: s.headers })).json() as NotificationsResponse).notifications
const sweep = (at: string) => e.app.scheduler.runIfDue({ name: 'deemed-consent-sweep', periodMs: 3600_000, run: () => e.app.reminders.sweepDeemedConsent() }, new Date(at))

it('pushes the deadline, takes 不同意 as final, and handles the silent one after the deadline, once', async () => {
  await e.app.reminders.sweep()
  const list = await remindersOf(wang)
  const change = list.find((r) => r.itemId === 'resident-info-change')!
  const chronic = list.find((r) => r.itemId === 'chronic-disease-filing')!
  // the agency's 10 working days from Monday 23 November: Monday 7 December
  expect(change.objectionDeadline).toBe('2026-12-07')
  expect(chronic.objectionDeadline).toBe('2026-12-07')
  // the message (and SMS) says the deadline too
  const pushed = (await messagesOf(wang)).find((n) => n.reminderId === change.id)!
  expect(pushed.body).toContain('12月7日前未表示不同意的，将视同同意办理')
  // no such promise for a newborn's enrollment: no deadline (today's behaviour)
  expect((await remindersOf(zhang)).find((r) => r.itemId === 'resident-enrollment')?.objectionDeadline).toBeNull()

  // 不同意 asks nothing more and is final
  const no = await e.app.inject({ method: 'POST', url: `/api/v1/reminders/${chronic.id}/decline`, headers: wang.headers, payload: {} })
  expect(no.json()).toMatchObject({ status: 'declined' })
  const late = await e.app.inject({ method: 'POST', url: `/api/v1/reminders/${chronic.id}/confirm`, headers: wang.headers })
  expect([late.statusCode, late.json().code]).toEqual([409, ErrorCode.REMINDER_DECIDED])

  // on the deadline day itself nothing happens: the whole day still counts
  await travel(e, '2026-12-07T14:00:00Z', wang, zhang) // 22:00 in Shanghai
  expect(await sweep('2026-12-07T14:00:00Z')).toBe(true)
  expect((await remindersOf(wang)).find((r) => r.id === change.id)?.status).toBe('pending')

  // the day after: the case is made and decided without the citizen
  await travel(e, '2026-12-08T01:00:00Z', wang, zhang)
  expect(await sweep('2026-12-08T01:00:00Z')).toBe(true)
  const deemed = (await remindersOf(wang)).find((r) => r.id === change.id)!
  expect(deemed.status).toBe('deemedConsented')
  expect(deemed.applicationId).toBeTruthy()
  const c = ApplicationDetailSchema.parse((await e.app.inject({ url: `/api/v1/applications/${deemed.applicationId}`, headers: wang.headers })).json())
  expect(c.itemId).toBe('resident-info-change')
  expect(c.status).toBe('completed')
  expect(c.events[0]).toMatchObject({ action: 'submit', label: '超时未反对，视同同意办理', actor: { kind: 'system', name: '医保经办平台（超时未反对视同同意）' } })
  // the reminder's date and what started it
  expect(c.events[0].note).toContain('2026-11-23的提醒办在规定时间内未表示不同意')
  expect(c.events.map((x) => x.action)).toEqual(['submit', 'autoComplete', 'archive'])
  expect(c.events.at(-1)?.label).toBe(ARCHIVE_LABEL)
  // the citizen is told the result
  expect((await messagesOf(wang)).some((n) => n.applicationId === c.id && /已办结/.test(n.body))).toBe(true)

  // the declined one made no case; another run (or instance) makes no second case
  expect((await remindersOf(wang)).find((r) => r.id === chronic.id)).toMatchObject({ status: 'declined', applicationId: null })
  expect(await sweep('2026-12-08T02:00:00Z')).toBe(true)
  expect(await e.app.reminders.sweepDeemedConsent()).toEqual({ deemed: 0 })
  const cases = await e.app.db.prepare<[string], { n: number }>('SELECT COUNT(*) AS n FROM applications WHERE applicant_id_number = ?').get(SAMPLE.wang.idNumber)
  expect(Number(cases?.n)).toBe(1)
  // the newborn's reminder is still waiting for the parent
  expect((await remindersOf(zhang)).find((r) => r.itemId === 'resident-enrollment')?.status).toBe('pending')
})

it('图4: confirming a reminder whose source supplied the form makes the case at once, decided by rule and ratable', async () => {
  // a second person's view of the same person in a fresh app: his 慢特病 proposal, confirmed
  const f = await evalApp(start)
  try {
    const s = await signIn(f.app, SAMPLE.wang.phone, SAMPLE.wang)
    const list = RemindersResponseSchema.parse((await f.app.inject({ url: '/api/v1/reminders', headers: s.headers })).json()).reminders
    const chronic = list.find((r) => r.itemId === 'chronic-disease-filing')!
    const res = await f.app.inject({ method: 'POST', url: `/api/v1/reminders/${chronic.id}/confirm`, headers: s.headers })
    expect(res.statusCode).toBe(200)
    const made = ReminderConfirmResponseSchema.parse(res.json())
    expect(made.draftId).toBeNull()
    expect(made.reminder.status).toBe('confirmed')
    const c = ApplicationDetailSchema.parse((await f.app.inject({ url: `/api/v1/applications/${made.applicationId}`, headers: s.headers })).json())
    // filled from the hospital's upload (§6.7.1), not typed
    expect(c.status).toBe('completed')
    expect(c.result?.text).toContain('病种：高血压')
    expect(c.events.map((x) => x.label)).toEqual(['已确认提醒办，自动发起办理', '已办结（智能办理）', ARCHIVE_LABEL])
    // confirming again answers the same case
    const again = ReminderConfirmResponseSchema.parse((await f.app.inject({ method: 'POST', url: `/api/v1/reminders/${chronic.id}/confirm`, headers: s.headers })).json())
    expect(again.applicationId).toBe(made.applicationId)
    // 好差评 covers it like any other case
    const status = await f.app.inject({ url: `/api/v1/applications/${c.id}/evaluation`, headers: s.headers })
    expect(status.json()).toMatchObject({ rateable: true, evaluation: null })
    const rated = await f.app.inject({ method: 'POST', url: `/api/v1/applications/${c.id}/evaluation`, headers: { ...s.headers, 'idempotency-key': 'k-rate-source-case-0001' }, payload: { level: 'verySatisfied' } })
    expect(rated.statusCode).toBe(201)
  } finally {
    await f.cleanup()
  }
})
