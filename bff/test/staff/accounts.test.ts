import { readFileSync, readdirSync } from 'node:fs'
import { join } from 'node:path'
import type { FastifyInstance, LightMyRequestResponse } from 'fastify'
import { totpCode } from '../../../scripts/staff-client'
import { SAMPLE } from '../apply/helpers'
import { MINUTE, SECOND, testClock } from '../auth/helpers'
import { citizen, insertCase, rate } from '../evaluation/helpers'
import { testApp } from '../helpers'
import { staffAuth } from './helpers'

/**
 * Staff accounts (contract/staff.ts): the shared STAFF_TOKEN makes only the first administrator; every person signs
 * in with password + TOTP, gets tokens of their own that expire, acts within their role and region, and every request
 * is recorded with who made it.
 */

const STAFF_TOKEN = 'bootstrap-staff-token-0123456789'
const ADMIN_PASSWORD = 'Correct-horse-battery-9'
let app: FastifyInstance
let clock: ReturnType<typeof testClock>
let cleanup: () => Promise<void>
let adminSecret = ''

const post = (url: string, payload: object, headers: Record<string, string> = {}): Promise<LightMyRequestResponse> =>
  app.inject({ method: 'POST', url, payload, headers })
const signIn = (username: string, password: string, otp: string) => post('/api/v1/staff/session', { username, password, otp })
const bearer = (token: string) => ({ authorization: `Bearer ${token}` })
/** the next 30 s step, so a code is not a replay of the last one */
const nextStep = () => clock.advance(30 * SECOND)

beforeAll(async () => {
  clock = testClock()
  const t = await testApp({ clock: clock.now, config: { staffToken: STAFF_TOKEN } })
  app = t.app
  cleanup = t.cleanup
})
afterAll(() => cleanup())

describe('the first administrator', () => {
  it('is made with STAFF_TOKEN once; the token opens nothing else', async () => {
    expect((await post('/api/v1/staff/bootstrap', { username: 'admin', name: '系统管理员', region: '330000', password: ADMIN_PASSWORD })).statusCode).toBe(401)
    const made = await post('/api/v1/staff/bootstrap', { username: 'admin', name: '系统管理员', region: '330000', password: ADMIN_PASSWORD }, bearer(STAFF_TOKEN))
    expect(made.statusCode).toBe(201)
    expect(made.json().account).toMatchObject({ username: 'admin', role: 'admin', roleLabel: '管理员', status: 'active' })
    expect(made.json().totp.uri).toMatch(/^otpauth:\/\/totp\//)
    adminSecret = made.json().totp.secret
    const again = await post('/api/v1/staff/bootstrap', { username: 'admin2', name: '另一个', region: '330000', password: ADMIN_PASSWORD }, bearer(STAFF_TOKEN))
    expect(again.json().code).toBe('STAFF_BOOTSTRAP_DONE')
    for (const url of ['/api/v1/staff/applications', '/api/v1/staff/evaluations', '/api/v1/staff/complaints', '/api/v1/staff/accounts']) {
      expect((await app.inject({ url, headers: bearer(STAFF_TOKEN) })).statusCode).toBe(401)
    }
  })
})

describe('sign-in: password + one-time code', () => {
  it('signs in; the same code twice is refused (one use); every wrong part gets one answer', async () => {
    nextStep()
    const ok = await signIn('admin', ADMIN_PASSWORD, totpCode(adminSecret, clock.now()))
    expect(ok.statusCode).toBe(200)
    expect(ok.json().token).toMatch(/^ybst_/)
    const replay = await signIn('admin', ADMIN_PASSWORD, totpCode(adminSecret, clock.now()))
    expect(replay.json().code).toBe('STAFF_CREDENTIALS_INVALID')
    nextStep()
    const answers = [
      await signIn('admin', 'Wrong-password-123456', totpCode(adminSecret, clock.now())),
      await signIn('admin', ADMIN_PASSWORD, '000000'),
      await signIn('nobody', ADMIN_PASSWORD, totpCode(adminSecret, clock.now()))
    ]
    expect(answers.map((a) => [a.statusCode, a.json()])).toEqual(Array(3).fill([401, { code: 'STAFF_CREDENTIALS_INVALID', message: '登录名、密码或动态验证码不正确' }]))
  })

  it('locks a login name after 10 failures in 15 minutes, for 15 minutes', async () => {
    for (let i = 0; i < 10; i++) await signIn('victim-name', 'Wrong-password-123456', '123456')
    expect((await signIn('victim-name', 'Wrong-password-123456', '123456')).json().code).toBe('STAFF_LOCKED')
    clock.advance(15 * MINUTE + SECOND)
    expect((await signIn('victim-name', 'Wrong-password-123456', '123456')).json().code).toBe('STAFF_CREDENTIALS_INVALID')
  })

  it('tokens end after 30 idle minutes, after 10 hours in any case, and at sign-out', async () => {
    nextStep()
    const token = (await signIn('admin', ADMIN_PASSWORD, totpCode(adminSecret, clock.now()))).json().token as string
    const me = () => app.inject({ url: '/api/v1/staff/me', headers: bearer(token) })
    expect((await me()).statusCode).toBe(200)
    clock.advance(29 * MINUTE)
    expect((await me()).statusCode).toBe(200)
    clock.advance(31 * MINUTE)
    expect((await me()).statusCode).toBe(401)
    nextStep()
    const t2 = (await signIn('admin', ADMIN_PASSWORD, totpCode(adminSecret, clock.now()))).json().token as string
    // used every 25 minutes, it still ends 10 hours after sign-in
    for (let i = 0; i < 23; i++) {
      clock.advance(25 * MINUTE)
      expect((await app.inject({ url: '/api/v1/staff/me', headers: bearer(t2) })).statusCode).toBe(200)
    }
    clock.advance(25 * MINUTE)
    expect((await app.inject({ url: '/api/v1/staff/me', headers: bearer(t2) })).statusCode).toBe(401)
    nextStep()
    const t3 = (await signIn('admin', ADMIN_PASSWORD, totpCode(adminSecret, clock.now()))).json().token as string
    expect((await app.inject({ method: 'DELETE', url: '/api/v1/staff/session', headers: bearer(t3) })).statusCode).toBe(204)
    expect((await app.inject({ url: '/api/v1/staff/me', headers: bearer(t3) })).statusCode).toBe(401)
  })
})

describe('accounts an administrator opens', () => {
  it('the person enrolls with the code (their own password, checked for weakness); disabling ends their tokens', async () => {
    nextStep()
    const admin = (await signIn('admin', ADMIN_PASSWORD, totpCode(adminSecret, clock.now()))).json().token as string
    const created = await post('/api/v1/staff/accounts', { username: 'wangmin', name: '王敏', role: 'clerk', region: '331121' }, bearer(admin))
    expect(created.statusCode).toBe(201)
    expect(created.json().account.status).toBe('invited')
    expect((await post('/api/v1/staff/accounts', { username: 'wangmin', name: '重复', role: 'clerk', region: '331121' }, bearer(admin))).json().code).toBe('STAFF_USERNAME_TAKEN')
    const code = created.json().enrollCode as string
    // typed or pasted by the person, also as `npm run staff -- enroll --code <code>`: never a leading '-' an option parser takes for an option
    expect(code).toMatch(/^[0-9a-f]{36}$/)
    expect((await post('/api/v1/staff/enroll', { username: 'wangmin', enrollCode: 'wrong-code-000', password: 'Lantern-river-5561' })).json().code).toBe('STAFF_ENROLL_INVALID')
    expect((await post('/api/v1/staff/enroll', { username: 'wangmin', enrollCode: code, password: 'aaaaaaaaaaaaaa' })).json().code).toBe('STAFF_PASSWORD_WEAK')
    expect((await post('/api/v1/staff/enroll', { username: 'wangmin', enrollCode: code, password: 'short' })).json().code).toBe('VALIDATION_FAILED')
    const enrolled = await post('/api/v1/staff/enroll', { username: 'wangmin', enrollCode: code, password: 'Lantern-river-5561' })
    expect(enrolled.statusCode).toBe(200)
    // the code is spent
    expect((await post('/api/v1/staff/enroll', { username: 'wangmin', enrollCode: code, password: 'Lantern-river-5561' })).json().code).toBe('STAFF_ENROLL_INVALID')
    const token = (await signIn('wangmin', 'Lantern-river-5561', totpCode(enrolled.json().totp.secret, clock.now()))).json().token as string
    expect((await app.inject({ url: '/api/v1/staff/me', headers: bearer(token) })).json()).toMatchObject({ name: '王敏', role: 'clerk', region: { code: '331121' } })
    // a clerk manages no accounts
    expect((await app.inject({ url: '/api/v1/staff/accounts', headers: bearer(token) })).json().code).toBe('STAFF_FORBIDDEN')
    const id = created.json().account.id as string
    expect((await post(`/api/v1/staff/accounts/${id}/disable`, {}, bearer(admin))).json().status).toBe('disabled')
    expect((await app.inject({ url: '/api/v1/staff/me', headers: bearer(token) })).statusCode).toBe(401)
  })
})

describe('a person moving to another post or region', () => {
  it('the administrator changes an account’s role or region, in effect at once and in the audit trail; never their own', async () => {
    nextStep()
    const admin = (await signIn('admin', ADMIN_PASSWORD, totpCode(adminSecret, clock.now()))).json().token as string
    const created = await post('/api/v1/staff/accounts', { username: 'zhaomove', name: '赵调岗', role: 'clerk', region: '331102' }, bearer(admin))
    const id = created.json().account.id as string
    const enrolled = await post('/api/v1/staff/enroll', { username: 'zhaomove', enrollCode: created.json().enrollCode, password: 'Lantern-river-5561' })
    const token = (await signIn('zhaomove', 'Lantern-river-5561', totpCode(enrolled.json().totp.secret, clock.now()))).json().token as string
    expect((await app.inject({ url: '/api/v1/staff/queue', headers: bearer(token) })).statusCode).toBe(403)
    const patch = (target: string, payload: object, by = admin) => app.inject({ method: 'PATCH', url: `/api/v1/staff/accounts/${target}`, payload, headers: bearer(by) })

    const moved = await patch(id, { role: 'chief', region: '331121' })
    expect(moved.statusCode).toBe(200)
    expect(moved.json()).toMatchObject({ role: 'chief', roleLabel: '科长', region: { code: '331121' }, status: 'active' })
    // the same token acts with the new post at once
    expect((await app.inject({ url: '/api/v1/staff/queue', headers: bearer(token) })).statusCode).toBe(200)
    expect((await app.inject({ url: '/api/v1/staff/me', headers: bearer(token) })).json()).toMatchObject({ role: 'chief', region: { code: '331121' } })

    expect((await patch(id, {})).json().code).toBe('VALIDATION_FAILED')
    expect((await patch(id, { role: 'boss' })).json().code).toBe('VALIDATION_FAILED')
    expect((await patch('no-such-account', { role: 'clerk' })).statusCode).toBe(404)
    const me = (await app.inject({ url: '/api/v1/staff/me', headers: bearer(admin) })).json().id as string
    const own = await patch(me, { role: 'clerk' })
    expect(own.statusCode).toBe(400)
    expect(own.json().fields.role).toBe('不能调整自己的岗位或区域，请由另一位管理员办理')
    // only the administrator may
    expect((await patch(id, { role: 'clerk' }, token)).json().code).toBe('STAFF_FORBIDDEN')

    const trail = (await app.inject({ url: `/api/v1/staff/audit?staffId=${me}`, headers: bearer(admin) })).json().entries as Array<{ method: string; targetId: string | null; status: number }>
    expect(trail).toContainEqual(expect.objectContaining({ method: 'PATCH', targetId: id, status: 200 }))
  })
})

describe('roles and regions', () => {
  let caseId = ''
  beforeAll(async () => {
    const zhang = await citizen(app, '13800000061', { name: SAMPLE.zhang.name, idNumber: SAMPLE.zhang.idNumber })
    // a manual case of 莲都区 (331102) waiting for staff
    caseId = await insertCase(app.db, {
      userId: zhang.userId,
      applicant: { name: SAMPLE.zhang.name, idNumber: SAMPLE.zhang.idNumber },
      status: 'submitted',
      submittedAt: clock.now().toISOString()
    })
    void rate
  })
  const act = async (role: 'clerk' | 'reviewer' | 'chief' | 'evaluationAdmin' | 'admin', region: string, body: object) =>
    app.inject({ method: 'POST', url: `/api/v1/staff/applications/${caseId}/actions`, headers: await staffAuth(app, { role, region, name: `${role}员` }), payload: body })

  it('a case outside the account’s region does not exist for it; inside, the role decides what it may do', async () => {
    // 青田县 staff do not see a 莲都区 case
    expect((await app.inject({ url: `/api/v1/staff/applications/${caseId}`, headers: await staffAuth(app, { role: 'clerk', region: '331121' }) })).statusCode).toBe(404)
    const list = await app.inject({ url: '/api/v1/staff/applications', headers: await staffAuth(app, { role: 'clerk', region: '331121' }) })
    expect(list.json().applications.map((a: { id: string }) => a.id)).not.toContain(caseId)
    expect((await act('clerk', '331121', { action: 'assign', staffName: '李芳' })).statusCode).toBe(404)
    // the administrator and the evaluation officer see no cases at all
    expect((await app.inject({ url: `/api/v1/staff/applications/${caseId}`, headers: await staffAuth(app, { role: 'admin', region: '330000' }) })).json().code).toBe('STAFF_FORBIDDEN')
    expect((await act('evaluationAdmin', '330000', { action: 'assign', staffName: '李芳' })).json().code).toBe('STAFF_FORBIDDEN')
    // 丽水市 staff: a reviewer may not assign or accept, a clerk may
    expect((await act('reviewer', '331100', { action: 'assign', staffName: '李芳' })).json().code).toBe('STAFF_FORBIDDEN')
    expect((await act('clerk', '331100', { action: 'assign', staffName: '李芳' })).statusCode).toBe(200)
    expect((await act('clerk', '331100', { action: 'accept' })).statusCode).toBe(200)
    // a clerk may not decide; a reviewer may
    expect((await act('clerk', '331100', { action: 'startReview' })).json().code).toBe('STAFF_FORBIDDEN')
    expect((await act('reviewer', '331102', { action: 'startReview' })).statusCode).toBe(200)
    const done = await act('reviewer', '331102', { action: 'complete', note: '符合条件', amountFen: 50000 })
    expect(done.statusCode).toBe(200)
    // every step names the person who took it, from their account
    const events = done.json().events as Array<{ action: string; actor: { name: string } }>
    expect(events.filter((e) => e.action !== 'submit').map((e) => [e.action, e.actor.name])).toEqual([
      ['assign', 'clerk员'],
      ['accept', 'clerk员'],
      ['startReview', 'reviewer员'],
      ['complete', 'reviewer员']
    ])
  })

  it('every staff request is in the audit trail with who made it; the administrator and 科长 read it', async () => {
    const admin = await staffAuth(app, { role: 'admin', region: '330000', name: '审计管理员' })
    const trail = await app.inject({ url: '/api/v1/staff/audit?limit=1000', headers: admin })
    expect(trail.statusCode).toBe(200)
    const entries = trail.json().entries as Array<{ staffName: string; method: string; route: string; targetId: string | null; status: number }>
    expect(entries).toContainEqual(expect.objectContaining({ staffName: 'reviewer员', method: 'POST', route: '/api/v1/staff/applications/:id/actions', targetId: caseId, status: 200 }))
    // refusals too, and failed sign-ins with the name tried
    expect(entries).toContainEqual(expect.objectContaining({ staffName: 'clerk员', route: '/api/v1/staff/applications/:id/actions', status: 403 }))
    expect(entries).toContainEqual(expect.objectContaining({ staffName: '(nobody)', route: '/api/v1/staff/session', status: 401 }))
    // a 科长 reads the entries of the staff of their region, not sign-ins nobody made; a clerk reads none
    const chief = await app.inject({ url: '/api/v1/staff/audit?limit=1000', headers: await staffAuth(app, { role: 'chief', region: '330000' }) })
    expect(chief.statusCode).toBe(200)
    const seen = chief.json().entries as Array<{ staffName: string; staffId: string | null }>
    expect(seen).toContainEqual(expect.objectContaining({ staffName: 'reviewer员' }))
    expect(seen.every((e) => e.staffId !== null)).toBe(true)
    const county = await app.inject({ url: '/api/v1/staff/audit?limit=1000', headers: await staffAuth(app, { role: 'chief', region: '331121', name: '青田科长' }) })
    expect((county.json().entries as Array<{ staffName: string }>).map((e) => e.staffName)).not.toContain('reviewer员')
    expect((await app.inject({ url: '/api/v1/staff/audit', headers: await staffAuth(app, { role: 'clerk', region: '330000' }) })).json().code).toBe('STAFF_FORBIDDEN')
  })

  it('keeps the audit trail append-only: no route changes it, and the code only ever inserts into it', async () => {
    const admin = await staffAuth(app, { role: 'admin', region: '330000', name: '审计管理员' })
    for (const method of ['PUT', 'PATCH', 'DELETE', 'POST'] as const) {
      for (const url of ['/api/v1/staff/audit', '/api/v1/staff/audit/x']) expect((await app.inject({ method, url, headers: admin, payload: {} })).statusCode).toBe(404)
    }
    const writes: string[] = []
    const walk = (dir: string): void => {
      for (const f of readdirSync(dir, { withFileTypes: true })) {
        const p = join(dir, f.name)
        if (f.isDirectory()) walk(p)
        else if (/\.(ts|sql)$/.test(f.name)) for (const m of readFileSync(p, 'utf8').matchAll(/\b(UPDATE|DELETE\s+FROM|TRUNCATE|DROP\s+TABLE)\s+staff_audit\b/gi)) writes.push(`${p}: ${m[0]}`)
      }
    }
    walk(join(__dirname, '../../src'))
    walk(join(__dirname, '../../../scripts'))
    expect(writes).toEqual([])
  })
})
