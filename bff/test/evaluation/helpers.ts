import type { FastifyInstance, LightMyRequestResponse } from 'fastify'
import { randomUUID } from 'node:crypto'
import type { Db } from '../../src/db'
import { testApp } from '../helpers'
import { refresh, signIn, type Session } from '../apply/helpers'
import { outbox, type OutboxMessage } from '../auth/helpers'
import { staffAuth } from '../staff/helpers'

/** creates the first administrator (the CLI test bootstraps with it) */
export const STAFF_TOKEN = 'test-staff-token-evaluation-0123'

/** A clock the test sets; the app and its services read it. */
export interface Clock {
  now: () => Date
  set: (iso: string) => void
}

export function clockAt(start: string): Clock {
  let t = new Date(start)
  return {
    now: () => t,
    set: (iso: string) => {
      t = new Date(iso)
    }
  }
}

export interface EvalApp {
  app: FastifyInstance
  db: Db
  clock: Clock
  /** the data folder (a second instance opened on it shares the database: same SQLite file, same PostgreSQL schema) */
  dataDir: string
  cleanup: () => Promise<void>
}

export async function evalApp(start: string, config: Record<string, unknown> = {}): Promise<EvalApp> {
  const clock = clockAt(start)
  const t = await testApp({ clock: clock.now, config: { staffToken: STAFF_TOKEN, ...config } })
  return { app: t.app, db: t.app.db, clock, dataDir: t.dataDir, cleanup: t.cleanup }
}

export interface Citizen extends Session {
  userId: string
  phone: string
  name: string
}

/** Signs in and real-names a person; returns the session with the account id. */
export async function citizen(app: FastifyInstance, phone: string, person: { name: string; idNumber: string }): Promise<Citizen> {
  const s = await signIn(app, phone, person)
  const me = await app.inject({ method: 'GET', url: '/api/v1/me', headers: s.headers })
  const id = (me.json() as { user?: { id: string }; id?: string }).user?.id ?? (me.json() as { id: string }).id
  return Object.assign(s, { userId: id, phone, name: person.name })
}

/** Moves the clock and keeps the citizens signed in (access tokens live 15 minutes). */
export async function travel(e: EvalApp, iso: string, ...who: Session[]): Promise<void> {
  e.clock.set(iso)
  for (const s of who) await refresh(e.app, s)
}

export interface CaseSpec {
  userId: string
  applicant: { name: string; idNumber: string }
  itemId?: string
  itemName?: string
  handlingMode?: 'smart' | 'manual'
  region?: string
  regionName?: string
  status?: 'submitted' | 'inReview' | 'completed' | 'rejected'
  submittedAt: string
  /** the decision instant (complete/reject event) */
  decidedAt?: string
  timeLimitDays?: number | null
  clockStartDate?: string | null
  pausedWorkingDays?: number
  /** a deliver event some time after the decision (it must not count as the decision) */
  deliveredAt?: string
}

let caseSeq = 0

/**
 * A case written straight into the apply tables (as ApplyService would leave it), for tests that need many cases or
 * exact dates. Returns its id.
 */
export async function insertCase(db: Db, c: CaseSpec): Promise<string> {
  const id = randomUUID()
  caseSeq++
  const status = c.status ?? 'completed'
  const manual = (c.handlingMode ?? 'manual') === 'manual'
  await db.prepare(
    `INSERT INTO applications (id, case_no, user_id, actor_name, applicant_id_number, applicant_name, item_id, item_name, handling_mode, region_code, region_name,
       agency_name, values_json, status, time_limit_days, clock_start_date, paused_working_days, draft_id, submitted_at, updated_at)
     VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, '医疗保障事务中心', '{}', ?, ?, ?, ?, ?, ?, ?)`
  ).run(
    id,
    `YBTEST${String(caseSeq).padStart(8, '0')}`,
    c.userId,
    c.applicant.name,
    c.applicant.idNumber,
    c.applicant.name,
    c.itemId ?? 'medical-reimbursement',
    c.itemName ?? '个人医疗费用手工（零星）报销',
    c.handlingMode ?? 'manual',
    c.region ?? '331102',
    c.regionName ?? '莲都区',
    status,
    c.timeLimitDays === undefined ? (manual ? 10 : null) : c.timeLimitDays,
    c.clockStartDate ?? null,
    c.pausedWorkingDays ?? 0,
    `draft-${id}`,
    c.submittedAt,
    c.deliveredAt ?? c.decidedAt ?? c.submittedAt
  )
  const ev = db.prepare(
    `INSERT INTO application_events (id, application_id, seq, at, actor_kind, actor_name, action, label, from_status, to_status, note)
     VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, NULL)`
  )
  await ev.run(randomUUID(), id, 1, c.submittedAt, 'citizen', c.applicant.name, 'submit', '已提交申请', null, 'submitted')
  if (c.decidedAt && (status === 'completed' || status === 'rejected')) {
    const action = manual ? (status === 'completed' ? 'complete' : 'reject') : status === 'completed' ? 'autoComplete' : 'autoReject'
    await ev.run(randomUUID(), id, 2, c.decidedAt, manual ? 'staff' : 'system', manual ? '李芳' : '系统（智能办理）', action, '已办结', 'inReview', status)
    if (c.deliveredAt) await ev.run(randomUUID(), id, 3, c.deliveredAt, 'staff', '李芳', 'deliver', '办理结果已送达', status, status)
  }
  return id
}

export function rate(app: FastifyInstance, s: Session, appId: string, body: object): Promise<LightMyRequestResponse> {
  return app.inject({ method: 'POST', url: `/api/v1/applications/${appId}/evaluation`, headers: s.headers, payload: body })
}

export function citizenGet(app: FastifyInstance, s: Session, url: string): Promise<LightMyRequestResponse> {
  return app.inject({ method: 'GET', url, headers: s.headers })
}

export function citizenPost(app: FastifyInstance, s: Session, url: string, body: object): Promise<LightMyRequestResponse> {
  return app.inject({ method: 'POST', url, headers: s.headers, payload: body })
}

/** The staff member a step is recorded under: the name the test writes in the body (as its account's name). */
function actorOf(body: object): { name?: string } {
  const b = body as { staffName?: string; reviewerName?: string }
  return { name: b.staffName ?? b.reviewerName }
}

/** A staff step as a chief (科长) of 浙江省 named as in the body: every loop step and the appeal decision. */
export async function staffAct(app: FastifyInstance, evaluationId: string, body: object): Promise<LightMyRequestResponse> {
  return app.inject({ method: 'POST', url: `/api/v1/staff/evaluations/${evaluationId}/actions`, headers: await staffAuth(app, actorOf(body)), payload: body })
}

export async function staffGet(app: FastifyInstance, url: string): Promise<LightMyRequestResponse> {
  return app.inject({ method: 'GET', url, headers: await staffAuth(app) })
}

export async function staffPost(app: FastifyInstance, url: string, body: object): Promise<LightMyRequestResponse> {
  return app.inject({ method: 'POST', url, headers: await staffAuth(app, actorOf(body)), payload: body })
}

/** Expects an error response with this status and code; returns its body. */
export function expectError(res: LightMyRequestResponse, status: number, code: string): { code: string; message: string; fields?: Record<string, string> } {
  if (res.statusCode !== status) throw new Error(`expected ${status} ${code}, got ${res.statusCode} ${res.body}`)
  const body = res.json() as { code: string; message: string; fields?: Record<string, string> }
  expect(body.code).toBe(code)
  expect(body.message).toMatch(/\p{Script=Han}/u)
  return body
}

export function ok<T>(res: LightMyRequestResponse, status = 200): T {
  if (res.statusCode !== status) throw new Error(`expected ${status}, got ${res.statusCode} ${res.body}`)
  return res.json() as T
}

/**
 * The SMS sent to a phone once the minute in which a case's notices are merged (NotificationService) is over: what is
 * due by then is sent, and the clock is put back.
 */
export async function smsSent(e: EvalApp, phone: string): Promise<OutboxMessage[]> {
  const at = e.clock.now()
  e.clock.set(new Date(at.getTime() + 61_000).toISOString())
  try {
    await e.app.notifications.flushDue()
  } finally {
    e.clock.set(at.toISOString())
  }
  return outbox(e.app, phone)
}
