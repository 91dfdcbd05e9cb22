/**
 * Several BFF instances on one PostgreSQL (issue 7): what must be unique or limited across users holds across
 * instances, because it lives in the database and not in a process — idempotent submit, SMS throttles and login
 * lockouts, single-use e-voucher codes, and scheduled work running once.
 *
 * Two apps are built on the same PostgreSQL schema and the same file folder (as two machines behind a load balancer
 * share their database and object store), with one clock; requests are sent to both at the same moment.
 */
import type { FastifyInstance, LightMyRequestResponse } from 'fastify'
import { rmSync } from 'node:fs'
import { join } from 'node:path'
import { LOGIN_LOCK_MINUTES, LOGIN_MAX_FAILURES } from '../../../contract/auth'
import { buildApp } from '../../src/app'
import { schemaForDataDir } from '../../src/db'
import { MINUTE, outbox, testClock, wrongCode } from '../auth/helpers'
import { SAMPLE, preparedDraft, refresh, signIn, type Session } from '../apply/helpers'
import { tempDir } from '../helpers'
import { postgresUrl, stopPostgres } from '../pg'

const KEY = 'test-terminal-key-0123456789'
const STAFF = 'test-staff-token-0123456789'
const clock = testClock('2026-11-23T02:00:00.000Z')
const dataDir = tempDir('yb-scale-')
let a: FastifyInstance
let b: FastifyInstance

beforeAll(async () => {
  const databaseUrl = await postgresUrl()
  const config = { databaseUrl, databaseSchema: schemaForDataDir(dataDir), terminalKey: KEY, staffToken: STAFF }
  const opts = { logger: false as const, dataDir, staticDir: join(dataDir, 'no-h5'), clock: clock.now, config }
  a = await buildApp(opts)
  b = await buildApp(opts)
})
afterAll(async () => {
  await a?.close()
  await b?.close()
  await stopPostgres()
  rmSync(dataDir, { recursive: true, force: true })
})

const both = (): FastifyInstance[] => [a, b]
/** n requests, alternating between the two instances, all sent at once */
function split<T>(n: number, send: (app: FastifyInstance, i: number) => Promise<T>): Promise<T[]> {
  return Promise.all(Array.from({ length: n }, (_, i) => send(both()[i % 2], i)))
}
const statuses = (rs: LightMyRequestResponse[]): number[] => rs.map((r) => r.statusCode).sort()

it('the two instances really are two: each has its own database pool and scheduler', () => {
  expect(a.yb.db).not.toBe(b.yb.db)
  expect(a.yb.db.dialect).toBe('postgres')
  expect(a.yb.scheduler.instanceId).not.toBe(b.yb.scheduler.instanceId)
})

describe('idempotent submit', () => {
  it('makes one case from 10 submits with one key sent to both instances at once', async () => {
    const zhang = await signIn(a, SAMPLE.zhang.phone, SAMPLE.zhang)
    const applicant = { name: SAMPLE.zhang.name, idNumber: SAMPLE.zhang.idNumber, phone: SAMPLE.zhang.phone }
    const draftId = await preparedDraft(a, zhang, 'offsite-care-filing', '331102', applicant)
    const results = await split(10, (app) =>
      app.inject({ method: 'POST', url: `/api/v1/drafts/${draftId}/submit`, headers: { ...zhang.headers, 'idempotency-key': 'scale-key-1' }, payload: {} })
    )
    expect(statuses(results)).toEqual([200, 200, 200, 200, 200, 200, 200, 200, 200, 201])
    const ids = new Set(results.map((r) => (r.json() as { id: string }).id))
    expect(ids.size).toBe(1)
    for (const app of both()) {
      const list = await app.inject({ method: 'GET', url: '/api/v1/applications', headers: zhang.headers })
      expect((list.json() as { applications: Array<{ id: string }> }).applications.filter((x) => ids.has(x.id))).toHaveLength(1)
    }
    expect(await a.yb.db.prepare('SELECT COUNT(*) AS n FROM applications WHERE draft_id = ?').get(draftId)).toEqual({ n: 1 })
  })
})

describe('SMS throttles and login lockouts', () => {
  it('sends one code for 8 requests for one phone spread over both instances at once', async () => {
    const phone = '13900000101'
    const results = await split(8, (app) => app.inject({ method: 'POST', url: '/api/v1/auth/sms-code', payload: { phone } }))
    expect(statuses(results)).toEqual([200, 429, 429, 429, 429, 429, 429, 429])
    for (const r of results.filter((x) => x.statusCode === 429)) expect(r.json().code).toBe('SMS_TOO_FREQUENT')
    expect(await outbox(b, phone)).toHaveLength(1)
  })

  it('counts wrong codes on both instances together and locks the phone on both', async () => {
    const phone = '13900000102'
    await a.inject({ method: 'POST', url: '/api/v1/auth/sms-code', payload: { phone } })
    const code = (await outbox(a, phone))[0].code!
    const tries = await split(LOGIN_MAX_FAILURES, (app) => app.inject({ method: 'POST', url: '/api/v1/auth/login', payload: { phone, code: wrongCode(code) } }))
    // every try was counted once, as if they had come one after another: the last one exhausted the code
    expect(tries.map((r) => r.json().code as string).sort()).toEqual(
      ['SMS_CODE_TRIES_EXCEEDED', ...Array<string>(LOGIN_MAX_FAILURES - 1).fill('SMS_CODE_WRONG')].sort()
    )
    // and the phone is locked on both instances: even the right code, and no new code
    for (const app of both()) {
      const res = await app.inject({ method: 'POST', url: '/api/v1/auth/login', payload: { phone, code } })
      expect(res.statusCode).toBe(429)
      expect(res.json().code).toBe('LOGIN_LOCKED')
      const again = await app.inject({ method: 'POST', url: '/api/v1/auth/sms-code', payload: { phone } })
      expect(again.json().code).toBe('LOGIN_LOCKED')
    }
    clock.advance((LOGIN_LOCK_MINUTES + 1) * MINUTE)
    expect((await b.inject({ method: 'POST', url: '/api/v1/auth/sms-code', payload: { phone } })).statusCode).toBe(200)
  })
})

describe('e-voucher codes', () => {
  let wang: Session
  beforeAll(async () => {
    wang = await signIn(a, SAMPLE.wang.phone, SAMPLE.wang)
  })

  it('decode once: a code scanned at two counters served by different instances is accepted once', async () => {
    await refresh(a, wang)
    const shown = await b.inject({ method: 'GET', url: '/api/v1/evoucher', headers: wang.headers })
    expect(shown.statusCode).toBe(200)
    const { code } = shown.json() as { code: string }
    const results = await split(6, (app) =>
      app.inject({ method: 'POST', url: '/api/v1/evoucher/decode', headers: { 'x-terminal-key': KEY }, payload: { code } })
    )
    expect(statuses(results)).toEqual([200, 409, 409, 409, 409, 409])
    for (const r of results.filter((x) => x.statusCode === 409)) expect(r.json().code).toBe('EVOUCHER_USED')
  })
})

describe('scheduled work', () => {
  it('a job both instances claim at the same moment runs once per period', async () => {
    let runs = 0
    const job = { name: 'scale-test-job', periodMs: 10 * MINUTE, run: async () => void runs++ }
    const first = await Promise.all([a.yb.scheduler.runIfDue(job), b.yb.scheduler.runIfDue(job), a.yb.scheduler.runIfDue(job), b.yb.scheduler.runIfDue(job)])
    expect(first.filter(Boolean)).toHaveLength(1)
    expect(runs).toBe(1)
    // the next period is claimed again, once
    const later = new Date(clock.now().getTime() + 10 * MINUTE)
    const second = await Promise.all([a.yb.scheduler.runIfDue(job, later), b.yb.scheduler.runIfDue(job, later)])
    expect(second.filter(Boolean)).toHaveLength(1)
    expect(runs).toBe(2)
    const rows = await b.yb.db.prepare<[string], { instance_id: string; outcome: string }>('SELECT instance_id, outcome FROM scheduled_runs WHERE job = ?').all(job.name)
    expect(rows).toHaveLength(2)
    expect(rows.every((r) => r.outcome === 'ok')).toBe(true)
  })

  it('the 好差评 sweep run by both instances at once reminds an unrated case once, in-app and by SMS', async () => {
    const li = { name: '李明', idNumber: '330802199001010037', phone: '13800000003' }
    const s = await signIn(a, li.phone, li)
    const draftId = await preparedDraft(a, s, 'referral-filing', '331102', li)
    const decided = await b.inject({ method: 'POST', url: `/api/v1/drafts/${draftId}/submit`, headers: { ...s.headers, 'idempotency-key': 'scale-key-2' }, payload: {} })
    expect(decided.json().status).toBe('completed')
    const { id, caseNo } = decided.json() as { id: string; caseNo: string }
    clock.advance(25 * 60 * MINUTE) // past the 24-hour reminder
    await Promise.all([a.yb.evaluation.sweep(), b.yb.evaluation.sweep(), a.yb.evaluation.sweep(), b.yb.evaluation.sweep()])
    const n = await a.yb.db.prepare<[string], { n: number }>("SELECT COUNT(*) AS n FROM notifications WHERE application_id = ? AND title = '请评价本次办事服务'").get(id)
    expect(n).toEqual({ n: 1 })
    // the SMS of a case go out merged a minute later: both instances sending what is due at once send it once (an
    // instance's own scheduled run may be the one; each flushDue resolves after its instance's earlier runs)
    clock.advance(MINUTE + 1000)
    await Promise.all([a.yb.notifications.flushDue(), b.yb.notifications.flushDue(), a.yb.notifications.flushDue(), b.yb.notifications.flushDue()])
    const sms = (await outbox(a, li.phone)).filter((m) => m.text.includes(caseNo) && m.text.includes('请评价'))
    expect(sms).toHaveLength(1)
  })
})
