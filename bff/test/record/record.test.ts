import type { FastifyInstance, LightMyRequestResponse } from 'fastify'
import { ResultVerificationSchema } from '../../../contract/apply'
import {
  ContributionsSchema,
  EnrollmentSchema,
  FamilySharingSchema,
  PersonalAccountSchema,
  VisitsSchema,
  type PersonalAccount,
  type Visits
} from '../../../contract/record'
import { groupVerifyCode } from '../../src/adapters/casesystem/result-pdf'
import { SAMPLE, refresh, signIn, type Session } from '../apply/helpers'
import { testClock } from '../auth/helpers'
import { extractPdfText } from '../fixtures/pdf-text'
import { testApp } from '../helpers'

/**
 * 医保云档案 (000 §3.3, §6.1.6 b): the record routes over the embedded record adapter, the 参保证明 PDF and
 * its verification, and access for family members under a `record` grant.
 */
const LIU = { name: '刘芳', idNumber: '430602197005200026', phone: '13800000004' }
const LI = { name: '李明', idNumber: '330802199001010037', phone: '13800000003' }
const PARTS = ['enrollment', 'contributions', 'account', 'visits', 'family-sharing'] as const
const ROUTES = [...PARTS.map((p) => `/api/v1/record/${p}`), '/api/v1/record/certificate.pdf']

const clock = testClock('2026-03-02T01:00:00.000Z')
let app: FastifyInstance
let cleanup: () => Promise<void>
let zhang: Session
let wang: Session
let liu: Session
let li: Session

beforeAll(async () => {
  const t = await testApp({ clock: clock.now, config: { publicBaseUrl: 'https://ybzsb.example.gov.cn' } })
  app = t.app
  cleanup = t.cleanup
  zhang = await signIn(app, SAMPLE.zhang.phone, SAMPLE.zhang)
  wang = await signIn(app, SAMPLE.wang.phone, SAMPLE.wang)
  liu = await signIn(app, LIU.phone, LIU)
  li = await signIn(app, LI.phone, LI)
})
afterAll(async () => cleanup())
// some tests move the clock past the access tokens' 15 minutes
beforeEach(async () => {
  for (const s of [zhang, wang, liu, li]) await refresh(app, s)
})

function get(s: Session, url: string, on: FastifyInstance = app): Promise<LightMyRequestResponse> {
  return on.inject({ method: 'GET', url, headers: s.headers })
}

async function json<T>(s: Session, part: (typeof PARTS)[number], insuredId?: string, on: FastifyInstance = app): Promise<T> {
  const res = await get(s, `/api/v1/record/${part}${insuredId ? `?insuredId=${insuredId}` : ''}`, on)
  if (res.statusCode !== 200) throw new Error(`${part} ${res.statusCode} ${res.body}`)
  expect(res.headers['cache-control']).toBe('private, no-store')
  return res.json() as T
}

/** the account's invariants: balance = sum of movements, each balanceAfter the running sum, this year's in/out */
function expectConsistentAccount(a: PersonalAccount, year: string): void {
  const oldestFirst = [...a.movements].reverse()
  let running = 0
  for (const m of oldestFirst) {
    running += m.amount
    expect(m.balanceAfter).toBe(running)
    expect(m.balanceAfter).toBeGreaterThanOrEqual(0)
  }
  expect(a.balance).toBe(a.movements.reduce((s, m) => s + m.amount, 0))
  const thisYear = a.movements.filter((m) => m.kind !== '上期结余' && m.date.startsWith(year))
  expect(a.yearIn).toBe(thisYear.filter((m) => m.amount > 0).reduce((s, m) => s + m.amount, 0))
  expect(a.yearOut).toBe(thisYear.filter((m) => m.amount < 0).reduce((s, m) => s - m.amount, 0))
  // newest first
  const dates = a.movements.map((m) => m.date)
  expect([...dates].sort().reverse()).toEqual(dates)
}

function expectConsistentVisits(v: Visits): void {
  for (const visit of v.visits) {
    expect(visit.lines.length).toBeGreaterThan(0)
    expect(visit.lines.reduce((s, l) => s + l.amount, 0)).toBe(visit.total)
    expect(visit.fundPaid + visit.accountPaid + visit.cashPaid).toBe(visit.total)
    for (const n of [visit.fundPaid, visit.accountPaid, visit.cashPaid]) expect(n).toBeGreaterThanOrEqual(0)
  }
}

describe('an employee (张丽华, 职工医保 in 莲都区)', () => {
  it('参保信息: insured, masked, with the employer period and paid months', async () => {
    const e = EnrollmentSchema.parse(await json(zhang, 'enrollment'))
    expect(e).toMatchObject({
      demo: true,
      name: '张**',
      idNumber: '331102********0025',
      insured: true,
      status: '正常参保',
      insuranceType: '职工基本医疗保险',
      insuredPlace: { code: '331102', name: '浙江省丽水市莲都区' }
    })
    expect(e.periods[0]).toMatchObject({ to: null, status: '参保缴费', insuranceType: '职工基本医疗保险' })
    expect(e.periods[0].employer).toMatch(/^丽水.+公司$/)
    // born 1988-03: from about 22, so not before 2010-03
    expect(e.periods.at(-1)!.from >= '2010-03-01').toBe(true)
    // the months from the start to February 2026 (March's is credited on the 15th)
    const start = e.periods.at(-1)!.from
    const months = (2026 - Number(start.slice(0, 4))) * 12 + (2 - Number(start.slice(5, 7))) + 1
    expect(e.paidMonths).toBe(months)
  })

  it('缴费记录: the last 24 months, newest first, 2 % personal and 9 % employer of the base', async () => {
    const { contributions } = ContributionsSchema.parse(await json(zhang, 'contributions'))
    expect(contributions).toHaveLength(24)
    expect(contributions[0].period).toBe('2026-02')
    expect(contributions[23].period).toBe('2024-03')
    for (const c of contributions) {
      expect(c.base).not.toBeNull()
      expect(c.personal).toBe(Math.round(c.base! * 0.02))
      expect(c.employer).toBe(Math.round(c.base! * 0.09))
      expect(c).toMatchObject({ subsidy: 0, status: '已到账', insuranceType: '职工基本医疗保险' })
    }
  })

  it('个人账户: the balance is the sum of the movements; each month’s personal contribution is credited', async () => {
    const a = PersonalAccountSchema.parse(await json(zhang, 'account'))
    expect(a.hasAccount).toBe(true)
    expect(a.balance).toBeGreaterThan(0)
    expectConsistentAccount(a, '2026')
    expect(a.movements.at(-1)).toMatchObject({ kind: '上期结余', date: '2024-04-01' })
    const { contributions } = ContributionsSchema.parse(await json(zhang, 'contributions'))
    const credits = a.movements.filter((m) => m.kind === '划入')
    // the window starts in April 2024: every month from then on was credited with its personal contribution
    expect(credits.map((m) => m.amount)).toEqual(contributions.filter((c) => c.period >= '2024-04').map((c) => c.personal))
  })

  it('就诊明细: lines add up to the total, total = fund + account + cash; account payments are the account’s movements', async () => {
    const v = VisitsSchema.parse(await json(zhang, 'visits'))
    expect(v.visits.length).toBeGreaterThan(0)
    expectConsistentVisits(v)
    const a = PersonalAccountSchema.parse(await json(zhang, 'account'))
    for (const visit of v.visits.filter((x) => x.accountPaid > 0)) {
      const m = a.movements.find((x) => x.note.includes(visit.settlementNo))
      expect(m).toMatchObject({ date: visit.date, amount: -visit.accountPaid })
    }
    const dates = v.visits.map((x) => x.date)
    expect([...dates].sort().reverse()).toEqual(dates)
    expect(dates.every((d) => d >= '2024-03-01' && d <= '2026-03-02')).toBe(true)
  })

  it('家庭共济: available with a personal account; the newborn not yet born is not listed', async () => {
    const f = FamilySharingSchema.parse(await json(zhang, 'family-sharing'))
    expect(f).toMatchObject({ demo: true, available: true, sharedWith: [], usedThisYear: 0 })
    expect(f.note).toContain('家庭共济')
  })
})

describe('a resident (王建国, 居民医保 in 青田县)', () => {
  it('yearly contributions with 财政补助, no personal account, visits paid by the fund and in cash', async () => {
    expect(EnrollmentSchema.parse(await json(wang, 'enrollment'))).toMatchObject({
      insured: true,
      insuranceType: '城乡居民基本医疗保险',
      insuredPlace: { code: '331121', name: '浙江省丽水市青田县' },
      periods: [{ employer: null, to: null }]
    })
    const { contributions } = ContributionsSchema.parse(await json(wang, 'contributions'))
    expect(contributions.map((c) => c.period)).toEqual(['2026', '2025', '2024', '2023', '2022'])
    for (const c of contributions) {
      expect(c).toMatchObject({ base: null, employer: 0 })
      expect(c.personal).toBeGreaterThan(0)
      expect(c.subsidy).toBeGreaterThan(c.personal)
    }
    expect(PersonalAccountSchema.parse(await json(wang, 'account'))).toEqual({ demo: true, hasAccount: false, balance: 0, yearIn: 0, yearOut: 0, movements: [] })
    const v = VisitsSchema.parse(await json(wang, 'visits'))
    expectConsistentVisits(v)
    expect(v.visits.every((x) => x.accountPaid === 0)).toBe(true)
    expect(FamilySharingSchema.parse(await json(wang, 'family-sharing'))).toMatchObject({ available: false, sharedWith: [] })
  })
})

describe('a person who is not insured (刘芳)', () => {
  it('has an empty record that says so, and no 参保证明 (409 NOT_INSURED)', async () => {
    expect(EnrollmentSchema.parse(await json(liu, 'enrollment'))).toEqual({
      demo: true,
      name: '刘*',
      idNumber: '430602********0026',
      insured: false,
      status: '未参保',
      insuranceType: null,
      insuredPlace: null,
      paidMonths: 0,
      periods: []
    })
    expect(ContributionsSchema.parse(await json(liu, 'contributions')).contributions).toEqual([])
    expect(PersonalAccountSchema.parse(await json(liu, 'account'))).toMatchObject({ hasAccount: false, balance: 0, movements: [] })
    expect(VisitsSchema.parse(await json(liu, 'visits')).visits).toEqual([])
    const f = FamilySharingSchema.parse(await json(liu, 'family-sharing'))
    expect(f.available).toBe(false)
    expect(f.note).toContain('未参加基本医疗保险')
    const cert = await get(liu, '/api/v1/record/certificate.pdf')
    expect(cert.statusCode).toBe(409)
    expect(cert.json().code).toBe('NOT_INSURED')
  })
})

describe('deterministic per person', () => {
  it('two instances on different data folders give the same record', async () => {
    const other = await testApp({ clock: clock.now })
    try {
      const z2 = await signIn(other.app, SAMPLE.zhang.phone, SAMPLE.zhang)
      const w2 = await signIn(other.app, SAMPLE.wang.phone, SAMPLE.wang)
      for (const part of PARTS) {
        expect(await json(z2, part, undefined, other.app)).toEqual(await json(zhang, part))
        expect(await json(w2, part, undefined, other.app)).toEqual(await json(wang, part))
      }
    } finally {
      await other.cleanup()
    }
    // and two people differ
    expect(await json(zhang, 'visits')).not.toEqual(await json(li, 'visits'))
  })

})

describe('参保证明 (certificate.pdf)', () => {
  let pdf: Buffer
  let verifyCode: string

  it('downloads as a PDF with the person’s data in Chinese, the whole 身份证号, and a verification code', async () => {
    const res = await get(zhang, '/api/v1/record/certificate.pdf')
    expect(res.statusCode).toBe(200)
    expect(res.headers['content-type']).toBe('application/pdf')
    expect(res.headers['content-disposition']).toMatch(/^attachment; filename="CBZM20260302\d{6}\.pdf"$/)
    pdf = res.rawPayload
    expect(pdf.subarray(0, 5).toString()).toBe('%PDF-')
    const text = extractPdfText(pdf)
    for (const s of ['参保证明', '张丽华', SAMPLE.zhang.idNumber, '浙江省丽水市莲都区', '职工基本医疗保险', '正常参保', '累计缴费', '2026年3月2日', '演示']) {
      expect(text).toContain(s)
    }
    expect(text).toContain('https://ybzsb.example.gov.cn/api/v1/results/verify/')
    const m = /核验码：([0-9A-Z]{4}(?: [0-9A-Z]{4}){3})/.exec(text)
    expect(m).not.toBeNull()
    verifyCode = m![1].replace(/ /g, '')
    expect(groupVerifyCode(verifyCode)).toBe(m![1])
    const e = EnrollmentSchema.parse(await json(zhang, 'enrollment'))
    expect(text).toContain(`累计缴费${e.paidMonths}个月`)
    expect(text).toContain(e.periods[0].employer!)
  })

  it('verifies like a result document: genuine by its code, unaltered by its bytes, altered copies fail', async () => {
    const byCode = await app.inject({ method: 'GET', url: `/api/v1/results/verify/${verifyCode}` })
    expect(byCode.statusCode).toBe(200)
    expect(ResultVerificationSchema.parse(byCode.json())).toMatchObject({
      genuine: true,
      kind: 'certificate',
      title: '参保证明',
      itemName: '参保证明',
      applicantName: '张**',
      caseNo: expect.stringMatching(/^CBZM20260302\d{6}$/),
      issuedAt: '2026-03-02T01:00:00.000Z'
    })
    expect(byCode.body).not.toContain(SAMPLE.zhang.idNumber)
    // grouped as printed, lower case
    expect((await app.inject({ method: 'GET', url: `/api/v1/results/verify/${groupVerifyCode(verifyCode).toLowerCase()}` })).statusCode).toBe(200)
    const post = (body: Buffer): Promise<LightMyRequestResponse> =>
      app.inject({ method: 'POST', url: `/api/v1/results/verify/${verifyCode}`, headers: { 'content-type': 'application/pdf' }, payload: body })
    const same = await post(pdf)
    expect(same.json()).toMatchObject({ genuine: true, unaltered: true })
    const altered = Buffer.from(pdf)
    altered[Math.floor(altered.length / 2)] ^= 0x01
    expect((await post(altered)).json()).toMatchObject({ genuine: true, unaltered: false })
    const unknown = await app.inject({ method: 'GET', url: '/api/v1/results/verify/ZZZZZZZZZZZZZZZZ' })
    expect(unknown.statusCode).toBe(404)
    expect(unknown.json().code).toBe('RESULT_UNKNOWN')
  })

})

describe('for a family member (grant scope `record`)', () => {
  let zhangForWang: string
  let liForWang: string

  beforeAll(async () => {
    const zm = await app.inject({ method: 'POST', url: '/api/v1/family/members', headers: zhang.headers, payload: { relationship: 'parent', name: SAMPLE.wang.name, idNumber: SAMPLE.wang.idNumber } })
    zhangForWang = zm.json().id
    const lm = await app.inject({ method: 'POST', url: '/api/v1/family/members', headers: li.headers, payload: { relationship: 'other', name: SAMPLE.wang.name, idNumber: SAMPLE.wang.idNumber } })
    liForWang = lm.json().id
  })

  it.each(ROUTES)('%s: 403 without a grant (pending), 404 for an id that is not the user’s member', async (route) => {
    const pending = await get(zhang, `${route}?insuredId=${zhangForWang}`)
    expect(pending.statusCode).toBe(403)
    expect(pending.json().code).toBe('GRANT_REQUIRED')
    expect(pending.body).not.toContain(SAMPLE.wang.name)
    const notMine = await get(zhang, `${route}?insuredId=${liForWang}`)
    expect(notMine.statusCode).toBe(404)
    expect(notMine.json().code).toBe('FAMILY_MEMBER_UNKNOWN')
  })

  it('with `record`, the proxy reads the member’s record and downloads his certificate; he sees each in 他人为我办理', async () => {
    const ok = await app.inject({ method: 'POST', url: `/api/v1/family/requests/${zhangForWang}/accept`, headers: wang.headers, payload: { scopes: ['record'] } })
    expect(ok.statusCode).toBe(200)
    for (const part of PARTS) expect(await json(zhang, part, zhangForWang)).toEqual(await json(wang, part))
    const cert = await get(zhang, `/api/v1/record/certificate.pdf?insuredId=${zhangForWang}`)
    expect(cert.statusCode).toBe(200)
    const text = extractPdfText(cert.rawPayload)
    expect(text).toContain('王建国')
    expect(text).toContain(SAMPLE.wang.idNumber)
    expect(text).toContain('城乡居民基本医疗保险')
    const log = (await app.inject({ method: 'GET', url: '/api/v1/family/proxy-log', headers: wang.headers })).json().entries as Array<{ action: string; actorName: string }>
    expect(log.map((e) => e.action).sort()).toEqual(
      ['record.account', 'record.certificate', 'record.contributions', 'record.enrollment', 'record.familySharing', 'record.visits'].sort()
    )
    expect(log.every((e) => e.actorName === '张**')).toBe(true)
  })

  it('a grant without `record` is refused, and revoking takes effect at once', async () => {
    await app.inject({ method: 'POST', url: `/api/v1/family/requests/${liForWang}/accept`, headers: wang.headers, payload: { scopes: ['evoucher'] } })
    expect((await get(li, `/api/v1/record/account?insuredId=${liForWang}`)).statusCode).toBe(403)
    const grants = (await app.inject({ method: 'GET', url: '/api/v1/family/grants', headers: wang.headers })).json().grants as Array<{ id: string; proxyName: string }>
    const hers = grants.find((g) => g.proxyName === '张**')!
    expect((await app.inject({ method: 'DELETE', url: `/api/v1/family/grants/${hers.id}`, headers: wang.headers })).statusCode).toBe(204)
    for (const route of ROUTES) expect((await get(zhang, `${route}?insuredId=${zhangForWang}`)).statusCode).toBe(403)
  })
})

// these move the clock forward (refresh tokens do not survive a clock that goes back), so they come last
describe('as the clock moves', () => {
  it('a second download the same day is the same document; the next day a new one is issued', async () => {
    const first = (await get(zhang, '/api/v1/record/certificate.pdf')).rawPayload
    const again = await get(zhang, '/api/v1/record/certificate.pdf')
    expect(Buffer.compare(again.rawPayload, first)).toBe(0)
    clock.advance(24 * 3600_000)
    await refresh(app, zhang)
    const next = await get(zhang, '/api/v1/record/certificate.pdf')
    expect(next.statusCode).toBe(200)
    expect(Buffer.compare(next.rawPayload, first)).not.toBe(0)
    expect(extractPdfText(next.rawPayload)).toContain('2026年3月3日')
    // the old one still verifies
    const oldCode = /核验码：([0-9A-Z ]{19})/.exec(extractPdfText(first))![1]
    expect((await app.inject({ method: 'GET', url: `/api/v1/results/verify/${oldCode.replace(/ /g, '')}` })).statusCode).toBe(200)
  })

  it('the past does not change as the clock moves; new months are added', async () => {
    const was = clock.now().toISOString().slice(0, 10)
    const before = PersonalAccountSchema.parse(await json(zhang, 'account'))
    const visitsBefore = VisitsSchema.parse(await json(zhang, 'visits'))
    clock.advance(50 * 24 * 3600_000) // mid/late April 2026
    // past the refresh token's lifetime: sign in again (the account is real-named already)
    zhang = await signIn(app, SAMPLE.zhang.phone)
    const after = PersonalAccountSchema.parse(await json(zhang, 'account'))
    expectConsistentAccount(after, '2026')
    const { contributions } = ContributionsSchema.parse(await json(zhang, 'contributions'))
    expect(contributions[0].period).toBe('2026-04')
    // every movement and visit inside both windows is unchanged
    const cut = '2024-05-01'
    const old = before.movements.filter((m) => m.date >= cut && m.kind !== '上期结余')
    const kept = after.movements.filter((m) => m.date >= cut && m.date <= was && m.kind !== '上期结余')
    expect(kept.length).toBeGreaterThan(10)
    expect(kept).toEqual(old)
    const visitsAfter = VisitsSchema.parse(await json(zhang, 'visits'))
    expect(visitsAfter.visits.filter((v) => v.date >= cut && v.date <= was)).toEqual(visitsBefore.visits.filter((v) => v.date >= cut))
  })
})
