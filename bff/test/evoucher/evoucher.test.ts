import type { FastifyInstance, LightMyRequestResponse } from 'fastify'
import { existsSync, readFileSync } from 'node:fs'
import { join } from 'node:path'
import { EVOUCHER_CODE_LENGTH, EVOUCHER_CODE_PATTERN, EVoucherDecodedSchema, EVoucherSchema, type EVoucher } from '../../../contract/evoucher'
import { DEV_TERMINAL_KEY_FILE } from '../../src/services/evoucher'
import { SAMPLE, refresh, signIn, type Session } from '../apply/helpers'
import { testClock } from '../auth/helpers'
import { tempDir, testApp } from '../helpers'

/**
 * 医保电子凭证 (000 §3.2): codes in the national format that carry no personal data, live
 * EVOUCHER_TTL_SECONDS, decode once at a counter holding the terminal key, and are shown for a family member only
 * under an `evoucher` grant.
 */
const KEY = 'test-terminal-key-0123456789'
const LIU = { name: '刘芳', idNumber: '430602197005200026', phone: '13800000004' }
const LI = { name: '李明', idNumber: '330802199001010037', phone: '13800000003' }

let app: FastifyInstance
let dataDir: string
let cleanup: () => Promise<void>
const clock = testClock('2026-03-02T01:00:00.000Z')
let zhang: Session
let wang: Session
let li: Session
let liu: Session

beforeAll(async () => {
  const t = await testApp({ clock: clock.now, config: { terminalKey: KEY, evoucherTtlSeconds: 60 } })
  app = t.app
  dataDir = t.dataDir
  cleanup = t.cleanup
  zhang = await signIn(app, SAMPLE.zhang.phone, SAMPLE.zhang)
  wang = await signIn(app, SAMPLE.wang.phone, SAMPLE.wang)
  li = await signIn(app, LI.phone, LI)
  liu = await signIn(app, LIU.phone, LIU)
})
afterAll(async () => cleanup())
// tests move the clock past the access tokens' 15 minutes
beforeEach(async () => {
  for (const s of [zhang, wang, li, liu]) await refresh(app, s)
})

async function show(s: Session, insuredId?: string): Promise<LightMyRequestResponse> {
  return app.inject({ method: 'GET', url: `/api/v1/evoucher${insuredId ? `?insuredId=${insuredId}` : ''}`, headers: s.headers })
}

async function fresh(s: Session): Promise<EVoucher> {
  const res = await show(s)
  expect(res.statusCode).toBe(200)
  return EVoucherSchema.parse(res.json())
}

function decode(code: string, key: string | null = KEY, on: FastifyInstance = app): Promise<LightMyRequestResponse> {
  return on.inject({ method: 'POST', url: '/api/v1/evoucher/decode', headers: key === null ? {} : { 'x-terminal-key': key }, payload: { code } })
}

function expectError(res: LightMyRequestResponse, status: number, code: string): void {
  expect(res.statusCode).toBe(status)
  expect(res.json().code).toBe(code)
}

describe('the code', () => {
  it('is 28 characters in the national format: 424, random digits, the province of the 参保地, 0000', async () => {
    const v = await fresh(zhang)
    expect(v.code).toHaveLength(EVOUCHER_CODE_LENGTH)
    expect(v.code).toMatch(EVOUCHER_CODE_PATTERN)
    expect(v.code.startsWith('424')).toBe(true)
    // 张丽华 is insured in 331102 (浙江 33)
    expect(v.code.slice(22, 24)).toBe('33')
    expect(v.code.endsWith('0000')).toBe(true)
    // a second code for the same person differs in its random part
    const w = await fresh(zhang)
    expect(w.code.slice(3, 22)).not.toBe(v.code.slice(3, 22))
    expect(w.code.slice(22)).toBe(v.code.slice(22))
  })

  it('carries no personal data: no part of the 身份证号 is in it', async () => {
    const id = SAMPLE.zhang.idNumber
    for (let i = 0; i < 20; i++) {
      const { code } = await fresh(zhang)
      expect(code).not.toContain(id)
      expect(code).not.toContain(id.slice(6, 14)) // birth date
      expect(code).not.toContain(id.slice(0, 6) + id.slice(6, 10)) // region + birth year
      expect(code).not.toContain(id.slice(10, 17))
    }
  })

  it('comes with the masked identity, 参保地 from the catalog, 险种, 参保状态, its lifetime and the demo mark', async () => {
    const res = await show(zhang)
    expect(res.headers['cache-control']).toBe('no-store')
    const v = EVoucherSchema.parse(res.json())
    expect(v).toMatchObject({
      demo: true,
      insured: true,
      name: '张**',
      insuredPlace: { code: '331102', name: '浙江省丽水市莲都区' },
      insuranceType: '职工基本医疗保险',
      enrollmentStatus: '正常参保',
      ttlSeconds: 60,
      issuedAt: clock.now().toISOString()
    })
    expect(Date.parse(v.expiresAt) - Date.parse(v.issuedAt)).toBe(60_000)
    expect(v.idNumber).not.toBe(SAMPLE.zhang.idNumber)
    expect(v.idNumber).toBe('331102********0025')
    expect(res.body).not.toContain(SAMPLE.zhang.idNumber)
    // 王建国: 青田县, 居民
    expect(await fresh(wang)).toMatchObject({ insuredPlace: { code: '331121', name: '浙江省丽水市青田县' }, insuranceType: '城乡居民基本医疗保险' })
  })

  it('is not issued to a person who is not insured (刘芳): insured false and no code, nothing stored', async () => {
    const v = await fresh(liu)
    expect(v).toMatchObject({ insured: false, code: '', ttlSeconds: 0, insuredPlace: null, insuranceType: null, enrollmentStatus: '未参保', name: '刘*' })
    const rows = await app.db.prepare<[string], { n: number }>('SELECT COUNT(*) AS n FROM evoucher_codes WHERE id_number = ?').get(LIU.idNumber)
    expect(rows?.n).toBe(0)
  })

  it('needs a signed-in, real-named user', async () => {
    expectError(await app.inject({ method: 'GET', url: '/api/v1/evoucher' }), 401, 'UNAUTHORIZED')
    const anonymous = await signIn(app, '13900000009')
    expectError(await show(anonymous), 403, 'REALNAME_REQUIRED')
  })
})

describe('decoding at a counter (POST /api/v1/evoucher/decode)', () => {
  it('accepts a live code once, with the masked identity and 参保地, and refuses it after use', async () => {
    const { code } = await fresh(zhang)
    const first = await decode(code)
    expect(first.statusCode).toBe(200)
    expect(EVoucherDecodedSchema.parse(first.json())).toEqual({
      name: '张**',
      idNumber: '331102********0025',
      insuredPlace: { code: '331102', name: '浙江省丽水市莲都区' },
      insuranceType: '职工基本医疗保险',
      enrollmentStatus: '正常参保',
      demo: true,
      decodedAt: clock.now().toISOString()
    })
    expect(first.body).not.toContain(SAMPLE.zhang.idNumber)
    expectError(await decode(code), 409, 'EVOUCHER_USED')
  })

  it('refuses a code once its lifetime is over (and not a second before)', async () => {
    const a = await fresh(zhang)
    const b = await fresh(zhang)
    clock.advance(59_000)
    expect((await decode(a.code)).statusCode).toBe(200)
    clock.advance(1_000)
    expectError(await decode(b.code), 410, 'EVOUCHER_EXPIRED')
    clock.advance(3600_000)
    expectError(await decode(b.code), 410, 'EVOUCHER_EXPIRED')
  })

  it('refuses an altered code as unknown, and the real one still decodes', async () => {
    const { code } = await fresh(zhang)
    const at = 10
    const altered = code.slice(0, at) + String((Number(code[at]) + 1) % 10) + code.slice(at + 1)
    expect(altered).toMatch(EVOUCHER_CODE_PATTERN)
    expectError(await decode(altered), 404, 'EVOUCHER_UNKNOWN')
    // other provinces' digits, a truncated code, and something else entirely
    expectError(await decode(`${code.slice(0, 22)}44${code.slice(24)}`), 404, 'EVOUCHER_UNKNOWN')
    expectError(await decode(code.slice(0, 27)), 404, 'EVOUCHER_UNKNOWN')
    expectError(await decode('hello'), 404, 'EVOUCHER_UNKNOWN')
    expect((await decode(` ${code} `)).statusCode).toBe(200)
  })

  it('needs the terminal key: none, a wrong one or a citizen token → 401, and the code is not used up', async () => {
    const { code } = await fresh(zhang)
    expectError(await decode(code, null), 401, 'TERMINAL_UNAUTHORIZED')
    expectError(await decode(code, KEY.replace(/.$/, 'x')), 401, 'TERMINAL_UNAUTHORIZED')
    expectError(await decode(code, `${KEY}0`), 401, 'TERMINAL_UNAUTHORIZED')
    expectError(await decode(code, ''), 401, 'TERMINAL_UNAUTHORIZED')
    const asCitizen = await app.inject({ method: 'POST', url: '/api/v1/evoucher/decode', headers: zhang.headers, payload: { code } })
    expectError(asCitizen, 401, 'TERMINAL_UNAUTHORIZED')
    // checked before the body: no key and no body is still 401, not 400
    expectError(await app.inject({ method: 'POST', url: '/api/v1/evoucher/decode' }), 401, 'TERMINAL_UNAUTHORIZED')
    expect((await decode(code)).statusCode).toBe(200)
  })

  it('validates the body once the key is right', async () => {
    const res = await app.inject({ method: 'POST', url: '/api/v1/evoucher/decode', headers: { 'x-terminal-key': KEY }, payload: {} })
    expectError(res, 400, 'VALIDATION_FAILED')
    expect(res.json().message).toBe('缺少医保码')
  })

  it('works across instances: a code issued by one decodes on another sharing the database, once', async () => {
    const other = await testApp({ clock: clock.now, dataDir, config: { terminalKey: KEY } })
    try {
      const { code } = await fresh(zhang)
      expect((await decode(code, KEY, other.app)).statusCode).toBe(200)
      expectError(await decode(code), 409, 'EVOUCHER_USED')
      // scanners on both instances decoding one code at the same moment: exactly one succeeds
      const { code: raced } = await fresh(zhang)
      const results = await Promise.all([0, 1, 2, 3, 4, 5].map((i) => decode(raced, KEY, i % 2 === 0 ? app : other.app)))
      expect(results.filter((r) => r.statusCode === 200)).toHaveLength(1)
      for (const r of results.filter((x) => x.statusCode !== 200)) expectError(r, 409, 'EVOUCHER_USED')
    } finally {
      // the data folder is the first app's: close only
      await other.app.close()
    }
  })

  it('keeps the table small: codes expired over a day ago are deleted when new ones are issued', async () => {
    const { code } = await fresh(zhang)
    const count = async (c: string): Promise<number | undefined> =>
      (await app.db.prepare<[string], { n: number }>('SELECT COUNT(*) AS n FROM evoucher_codes WHERE code = ?').get(c))?.n
    expect(await count(code)).toBe(1)
    clock.advance(23 * 3600_000)
    await refresh(app, zhang)
    await fresh(zhang)
    expect(await count(code)).toBe(1)
    clock.advance(2 * 3600_000)
    await refresh(app, zhang)
    await fresh(zhang)
    expect(await count(code)).toBe(0)
    expectError(await decode(code), 404, 'EVOUCHER_UNKNOWN')
  })
})

describe('the terminal key', () => {
  it('without TERMINAL_KEY, development makes one in the data folder (kept across restarts) and it decodes', async () => {
    const dir = tempDir()
    const a = await testApp({ dataDir: dir, clock: clock.now })
    const key = a.app.terminal.key!
    expect(a.app.terminal.source).toBe('dev-file')
    expect(key.length).toBeGreaterThanOrEqual(16)
    expect(readFileSync(join(dir, DEV_TERMINAL_KEY_FILE), 'utf8').trim()).toBe(key)
    await a.app.close()
    const b = await testApp({ dataDir: dir, clock: clock.now })
    try {
      expect(b.app.terminal.key).toBe(key)
      const s = await signIn(b.app, SAMPLE.zhang.phone, SAMPLE.zhang)
      const v = EVoucherSchema.parse((await b.app.inject({ method: 'GET', url: '/api/v1/evoucher', headers: s.headers })).json())
      expect((await decode(v.code, key, b.app)).statusCode).toBe(200)
    } finally {
      await b.cleanup()
    }
  })

  it('in production without TERMINAL_KEY there is none: every decode is refused, and no file is written', async () => {
    const p = await testApp({ clock: clock.now, config: { nodeEnv: 'production', allowDemoAdapters: true, terminalKey: null } })
    try {
      expect(p.app.terminal).toEqual({ key: null, source: 'none' })
      expect(existsSync(join(p.dataDir, DEV_TERMINAL_KEY_FILE))).toBe(false)
      expectError(await decode('4241234567890123456789330000', null, p.app), 401, 'TERMINAL_UNAUTHORIZED')
      expectError(await decode('4241234567890123456789330000', 'dev-terminal-anything-goes', p.app), 401, 'TERMINAL_UNAUTHORIZED')
    } finally {
      await p.cleanup()
    }
  })
})

describe('for a family member (grant scope `evoucher`)', () => {
  let zhangForWang: string
  let liForWang: string

  beforeAll(async () => {
    // 张丽华 asks to act for her father 王建国, who accepts with `evoucher`; 李明 asks too and is given `record` only
    const zm = await app.inject({ method: 'POST', url: '/api/v1/family/members', headers: zhang.headers, payload: { relationship: 'parent', name: SAMPLE.wang.name, idNumber: SAMPLE.wang.idNumber } })
    zhangForWang = zm.json().id
    const lm = await app.inject({ method: 'POST', url: '/api/v1/family/members', headers: li.headers, payload: { relationship: 'other', name: SAMPLE.wang.name, idNumber: SAMPLE.wang.idNumber } })
    liForWang = lm.json().id
  })

  it('is refused before the member accepts (403), and for an id that is not one of the user’s members (404)', async () => {
    expectError(await show(zhang, zhangForWang), 403, 'GRANT_REQUIRED')
    expectError(await show(zhang, liForWang), 404, 'FAMILY_MEMBER_UNKNOWN')
    expectError(await show(zhang, 'no-such-member'), 404, 'FAMILY_MEMBER_UNKNOWN')
  })

  it('shows the member’s code to the proxy under the grant, and the member sees it in 他人为我办理', async () => {
    const ok = await app.inject({ method: 'POST', url: `/api/v1/family/requests/${zhangForWang}/accept`, headers: wang.headers, payload: { scopes: ['evoucher'] } })
    expect(ok.statusCode).toBe(200)
    const res = await show(zhang, zhangForWang)
    expect(res.statusCode).toBe(200)
    const v = EVoucherSchema.parse(res.json())
    expect(v).toMatchObject({ name: '王**', insuredPlace: { code: '331121' }, insuranceType: '城乡居民基本医疗保险' })
    const decoded = EVoucherDecodedSchema.parse((await decode(v.code)).json())
    expect(decoded.name).toBe('王**')
    expect(decoded.idNumber.endsWith(SAMPLE.wang.idNumber.slice(-4))).toBe(true)
    const log = (await app.inject({ method: 'GET', url: '/api/v1/family/proxy-log', headers: wang.headers })).json().entries
    expect(log[0]).toMatchObject({ action: 'evoucher.show', label: '出示医保码', actorName: '张**' })
  })

  it('is refused with a grant that does not include `evoucher`, and at once after revocation', async () => {
    await app.inject({ method: 'POST', url: `/api/v1/family/requests/${liForWang}/accept`, headers: wang.headers, payload: { scopes: ['record'] } })
    expectError(await show(li, liForWang), 403, 'GRANT_REQUIRED')
    const grants = (await app.inject({ method: 'GET', url: '/api/v1/family/grants', headers: wang.headers })).json().grants as Array<{ id: string; proxyName: string }>
    const hers = grants.find((g) => g.proxyName === '张**')!
    expect((await app.inject({ method: 'DELETE', url: `/api/v1/family/grants/${hers.id}`, headers: wang.headers })).statusCode).toBe(204)
    expectError(await show(zhang, zhangForWang), 403, 'GRANT_REQUIRED')
  })
})
