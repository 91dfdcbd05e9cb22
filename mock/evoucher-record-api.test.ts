import {
  ContributionsSchema,
  EnrollmentSchema,
  ErrorCode,
  EVOUCHER_CODE_LENGTH,
  EVOUCHER_CODE_PATTERN,
  EVoucherDecodedSchema,
  EVoucherSchema,
  FamilySharingSchema,
  PersonalAccountSchema,
  VisitsSchema
} from '../contract'
import { configureMockEVoucher, MOCK_TERMINAL_KEY, resetMockEVoucher } from './evoucher-api'
import { configureMockRecord, resetMockRecord } from './record-api'

/** The e-voucher and record mocks answer like the BFF (contract/evoucher.ts, contract/record.ts). */
const base = 'http://localhost/api/v1'
const AUTH = { authorization: 'Bearer mock-token' }
const get = (path: string, headers: Record<string, string> = AUTH) => fetch(`${base}${path}`, { headers })
const decode = (code: string, key = MOCK_TERMINAL_KEY) =>
  fetch(`${base}/evoucher/decode`, { method: 'POST', headers: { 'content-type': 'application/json', 'x-terminal-key': key }, body: JSON.stringify({ code }) })

beforeEach(() => {
  resetMockEVoucher()
  resetMockRecord()
})

describe('mock e-voucher api', () => {
  it('issues national-format demo codes that a counter decodes once, and refuses them expired or unknown', async () => {
    let now = new Date('2026-11-23T02:00:00Z')
    configureMockEVoucher({ now: () => now })
    const v = EVoucherSchema.parse(await (await get('/evoucher')).json())
    expect(v.code).toHaveLength(EVOUCHER_CODE_LENGTH)
    expect(v.code).toMatch(EVOUCHER_CODE_PATTERN)
    // province 33 (浙江) in the code, nothing personal
    expect(v.code.slice(-6)).toBe('330000')
    expect(v).toMatchObject({ demo: true, insured: true, ttlSeconds: 60, name: '张**', idNumber: '331102********0025' })
    expect(Date.parse(v.expiresAt) - Date.parse(v.issuedAt)).toBe(60_000)

    expect((await decode(v.code, 'wrong')).status).toBe(401)
    const ok = await decode(v.code)
    expect(ok.status).toBe(200)
    expect(EVoucherDecodedSchema.parse(await ok.json())).toMatchObject({ name: '张**', insuredPlace: { code: '331102' } })
    expect(((await (await decode(v.code)).json()) as { code: string }).code).toBe(ErrorCode.EVOUCHER_USED)

    const later = EVoucherSchema.parse(await (await get('/evoucher')).json())
    now = new Date(now.getTime() + 61_000)
    expect(((await (await decode(later.code)).json()) as { code: string }).code).toBe(ErrorCode.EVOUCHER_EXPIRED)
    const altered = `${later.code.slice(0, 5)}${(Number(later.code[5]) + 1) % 10}${later.code.slice(6)}`
    expect(((await (await decode(altered)).json()) as { code: string }).code).toBe(ErrorCode.EVOUCHER_UNKNOWN)
  })

  it('gives no code to a person who is not insured, and asks for a token', async () => {
    const v = EVoucherSchema.parse(await (await get('/evoucher?insuredId=member-uninsured')).json())
    expect(v).toMatchObject({ insured: false, code: '', ttlSeconds: 0, insuredPlace: null, insuranceType: null, enrollmentStatus: '未参保' })
    const r = await get('/evoucher', {})
    expect(r.status).toBe(401)
    expect(((await r.json()) as { code: string }).code).toBe(ErrorCode.UNAUTHORIZED)
  })
})

describe('mock record api', () => {
  it('answers every section in the contract’s shape, consistent with itself, newest first', async () => {
    configureMockRecord({ now: () => new Date('2026-11-23T02:00:00Z') })
    const e = EnrollmentSchema.parse(await (await get('/record/enrollment')).json())
    expect(e).toMatchObject({ insured: true, status: '正常参保', insuranceType: '职工基本医疗保险' })
    const c = ContributionsSchema.parse(await (await get('/record/contributions')).json())
    expect(c.contributions).toHaveLength(24)
    expect(c.contributions[0].period).toBe('2026-11')
    const a = PersonalAccountSchema.parse(await (await get('/record/account')).json())
    // the balance is the sum of the movements; newest first, 上期结余 last
    expect(a.movements.reduce((s, m) => s + m.amount, 0)).toBe(a.balance)
    expect(a.movements[a.movements.length - 1].kind).toBe('上期结余')
    expect(a.movements[0].balanceAfter).toBe(a.balance)
    const dates = a.movements.map((m) => m.date)
    expect([...dates].sort().reverse()).toEqual(dates)
    const v = VisitsSchema.parse(await (await get('/record/visits')).json())
    expect(v.visits.length).toBeGreaterThan(0)
    for (const x of v.visits) {
      expect(x.lines.reduce((s, l) => s + l.amount, 0)).toBe(x.total)
      expect(x.fundPaid + x.accountPaid + x.cashPaid).toBe(x.total)
    }
    const f = FamilySharingSchema.parse(await (await get('/record/family-sharing')).json())
    expect(f.available).toBe(true)
  })

  it('城乡居民: no personal account and no 家庭共济; not insured: no certificate (409 NOT_INSURED)', async () => {
    const a = PersonalAccountSchema.parse(await (await get('/record/account?insuredId=member-father')).json())
    expect(a).toMatchObject({ hasAccount: false, balance: 0, movements: [] })
    const v = VisitsSchema.parse(await (await get('/record/visits?insuredId=member-father')).json())
    expect(v.visits.every((x) => x.accountPaid === 0)).toBe(true)
    expect(FamilySharingSchema.parse(await (await get('/record/family-sharing?insuredId=member-father')).json()).available).toBe(false)

    const ok = await get('/record/certificate.pdf')
    expect(ok.headers.get('content-type')).toBe('application/pdf')
    expect(new TextDecoder().decode(new Uint8Array(await ok.arrayBuffer())).startsWith('%PDF-')).toBe(true)
    const refused = await get('/record/certificate.pdf?insuredId=member-uninsured')
    expect(refused.status).toBe(409)
    expect(((await refused.json()) as { code: string }).code).toBe(ErrorCode.NOT_INSURED)
    expect((await get('/record/visits', {})).status).toBe(401)
  })
})
