import type { FastifyInstance, LightMyRequestResponse } from 'fastify'
import { EVoucherSchema } from '../../../contract/evoucher'
import { RegisteredTerminalSchema, StaffTerminalsResponseSchema, type StaffTerminal } from '../../../contract/workbench'
import { SAMPLE, signIn, type Session } from '../apply/helpers'
import { testClock } from '../auth/helpers'
import { testApp } from '../helpers'
import { staffAuth } from './helpers'

/**
 * The register of the counters' e-voucher terminals from the workbench (管理员 only): a terminal registered here
 * decodes with the key its answer carried once, shows its last decode in the list, and decodes nothing once revoked;
 * refusals name the field and keep to stable codes; every change is in the staff audit trail with the terminal id.
 */
const CONFIGURED_KEY = 'register-terminal-key-0123456789'
const clock = testClock('2026-12-07T02:00:00.000Z')
let app: FastifyInstance
let cleanup: () => Promise<void>
let admin: { authorization: string }
let zhang: Session

beforeAll(async () => {
  const t = await testApp({
    clock: clock.now,
    config: { terminalKey: CONFIGURED_KEY, terminalInfo: { id: 'T331102000017', institutionName: '丽水市人民医院', kind: 'registration' } }
  })
  app = t.app
  cleanup = t.cleanup
  admin = await staffAuth(app, { role: 'admin', name: '管理员甲' })
  zhang = await signIn(app, SAMPLE.zhang.phone, SAMPLE.zhang)
})
afterAll(async () => cleanup())

const register = (body: unknown, headers = admin): Promise<LightMyRequestResponse> => app.inject({ method: 'POST', url: '/api/v1/staff/terminals', headers, payload: body as object })
const revoke = (id: string, headers = admin): Promise<LightMyRequestResponse> => app.inject({ method: 'POST', url: `/api/v1/staff/terminals/${id}/revoke`, headers })
async function list(): Promise<StaffTerminal[]> {
  const res = await app.inject({ url: '/api/v1/staff/terminals', headers: admin })
  expect(res.statusCode).toBe(200)
  expect(res.headers['cache-control']).toMatch(/no-store/)
  return StaffTerminalsResponseSchema.parse(res.json()).terminals
}
/** a fresh code of 张丽华's, decoded at the counter with `key` */
async function decodeWith(key: string): Promise<LightMyRequestResponse> {
  const code = EVoucherSchema.parse((await app.inject({ url: '/api/v1/evoucher', headers: zhang.headers })).json()).code
  return app.inject({ method: 'POST', url: '/api/v1/evoucher/decode', headers: { 'x-terminal-key': key }, payload: { code } })
}
type Entry = { method: string; route: string; targetId: string | null; status: number; staffName: string }
/** the audit trail's entries about terminals, once `count` are there (an entry is written after its answer has gone out) */
async function trail(count: number): Promise<Entry[]> {
  for (let tries = 0; ; tries++) {
    const entries = ((await app.inject({ url: '/api/v1/staff/audit?limit=1000', headers: admin })).json().entries as Entry[]).filter(
      (e) => e.method === 'POST' && e.route.startsWith('/api/v1/staff/terminals')
    )
    if (entries.length >= count || tries === 50) return entries
    await new Promise((resolve) => setTimeout(resolve, 20))
  }
}

it('refuses every role but the administrator, and records the refusal', async () => {
  for (const role of ['clerk', 'reviewer', 'chief', 'evaluationAdmin'] as const) {
    const headers = await staffAuth(app, { role })
    const listed = await app.inject({ url: '/api/v1/staff/terminals', headers })
    expect([role, listed.statusCode, listed.json().code]).toEqual([role, 403, 'STAFF_FORBIDDEN'])
  }
  const clerk = await staffAuth(app, { role: 'clerk', name: '窗口小王' })
  const res = await register({ id: 'P331121000388', institutionName: '青田县百姓大药房', kind: 'pharmacy' }, clerk)
  expect(res.statusCode).toBe(403)
  expect(res.json()).toMatchObject({ code: 'STAFF_FORBIDDEN', message: expect.stringContaining('窗口受理') })
  clock.advance(1000)
  expect((await revoke('T331102000017', clerk)).statusCode).toBe(403)
  expect((await trail(2)).map((e) => [e.staffName, e.route, e.status])).toEqual([
    ['窗口小王', '/api/v1/staff/terminals/:id/revoke', 403],
    ['窗口小王', '/api/v1/staff/terminals', 403]
  ])
  // nothing was registered
  expect((await list()).map((t) => t.id)).toEqual(['T331102000017'])
})

it('registers a terminal whose key (in that answer only) decodes at once; lists it with its last decode; revoked, the key decodes nothing', async () => {
  const start = clock.now().getTime()
  const at = (ms: number): string => new Date(start + ms).toISOString()
  const res = await register({ id: ' P331121000388 ', institutionName: ' 青田县百姓大药房 ', kind: 'pharmacy' })
  expect(res.statusCode).toBe(201)
  expect(res.headers['cache-control']).toMatch(/no-store/)
  const made = RegisteredTerminalSchema.parse(res.json())
  expect(made.terminal).toEqual({
    id: 'P331121000388',
    institutionName: '青田县百姓大药房',
    kind: 'pharmacy',
    kindLabel: '购药',
    registeredAt: at(0),
    revokedAt: null,
    lastDecodedAt: null,
    configured: false
  })
  // the key is nowhere else: not in the list, and only its SHA-256 in the database
  const listed = await app.inject({ url: '/api/v1/staff/terminals', headers: admin })
  expect(listed.body).not.toContain(made.key)
  const stored = await app.db.prepare<[string], { key_sha256: string }>('SELECT key_sha256 FROM evoucher_terminals WHERE terminal_id = ?').get('P331121000388')
  expect(stored?.key_sha256).toMatch(/^[0-9a-f]{64}$/)
  expect(stored?.key_sha256).not.toContain(made.key)

  clock.advance(60_000)
  const decoded = await decodeWith(made.key)
  expect(decoded.statusCode).toBe(200)
  const usage = (await app.inject({ url: '/api/v1/evoucher/usage', headers: zhang.headers })).json().entries[0]
  expect(usage).toMatchObject({ institutionName: '青田县百姓大药房', terminalKindLabel: '购药', terminalId: '****0388' })
  const terminals = await list()
  // TERMINAL_KEY's terminal first, then the register
  expect(terminals.map((t) => [t.id, t.configured, t.lastDecodedAt])).toEqual([
    ['T331102000017', true, null],
    ['P331121000388', false, at(60_000)]
  ])

  clock.advance(60_000)
  const revoked = await revoke('P331121000388')
  expect(revoked.statusCode).toBe(200)
  expect(revoked.headers['cache-control']).toMatch(/no-store/)
  expect(revoked.json()).toMatchObject({ id: 'P331121000388', revokedAt: at(120_000), lastDecodedAt: at(60_000) })
  expect((await decodeWith(made.key)).json().code).toBe('TERMINAL_UNAUTHORIZED')
  clock.advance(1000)
  expect((await revoke('P331121000388')).json()).toMatchObject({ code: 'TERMINAL_REVOKED', message: '终端 P331121000388 已经停用了' })

  const changes = (await trail(5)).filter((e) => e.staffName === '管理员甲')
  expect(changes.map((e) => [e.route, e.targetId, e.status])).toEqual([
    ['/api/v1/staff/terminals/:id/revoke', 'P331121000388', 409],
    ['/api/v1/staff/terminals/:id/revoke', 'P331121000388', 200],
    ['/api/v1/staff/terminals', 'P331121000388', 201]
  ])
})

it('refuses a bad id, institution or kind with TERMINAL_INVALID naming each field, a registered id with TERMINAL_EXISTS, an unknown one with TERMINAL_UNKNOWN', async () => {
  const bad = await register({ id: '终端 1', institutionName: '药', kind: 'clinic' })
  expect(bad.statusCode).toBe(400)
  expect(bad.json()).toEqual({
    code: 'TERMINAL_INVALID',
    message: '终端编号为 4–32 位英文字母、数字、连字符（-）或下划线（_）',
    fields: { id: '终端编号为 4–32 位英文字母、数字、连字符（-）或下划线（_）', institutionName: '定点医药机构名称至少 2 个字', kind: '请选择终端用途：挂号、结算或购药' }
  })
  const missing = await register({})
  expect(missing.json()).toMatchObject({ code: 'TERMINAL_INVALID', fields: { id: '请填写终端编号', institutionName: '请填写定点医药机构名称' } })
  expect((await register({ id: 'S1', institutionName: '莲都区中医院', kind: 'settlement' })).json().fields).toEqual({ id: expect.stringContaining('4–32') })
  // a revoked terminal's id, and TERMINAL_KEY's, are taken: citizens' usage logs keep naming them
  for (const id of ['P331121000388', 'T331102000017']) {
    const dup = await register({ id, institutionName: '莲都区中医院', kind: 'settlement' })
    expect([dup.statusCode, dup.json().code, dup.json().fields]).toEqual([409, 'TERMINAL_EXISTS', { id: '该终端编号已登记过，请换一个' }])
  }
  expect((await revoke('S331102009001')).json()).toMatchObject({ code: 'TERMINAL_UNKNOWN' })
  expect((await revoke('T331102000017')).json()).toMatchObject({ code: 'TERMINAL_CONFIGURED' })
  // TERMINAL_KEY's terminal still decodes
  expect((await decodeWith(CONFIGURED_KEY)).statusCode).toBe(200)
  expect((await list()).find((t) => t.configured)?.lastDecodedAt).toBe(clock.now().toISOString())
})
