import { http, HttpResponse, type HttpResponseResolver } from 'msw'
import {
  ENROLLMENT_STATUS_LABELS,
  INSURANCE_TYPE_LABELS,
  maskIdNumber,
  maskName,
  shanghaiToday,
  type AccountMovement,
  type Contribution,
  type Contributions,
  type Enrollment,
  type FamilySharing,
  type PersonalAccount,
  type SettlementLine,
  type Visit,
  type Visits
} from '../contract'
import { AppError, errors } from '../domain/errors'
import { insuredIdOf, mockHash, mockInsuredOf, requireBearer, type MockInsured } from './evoucher-api'
import { tinyPdf } from './progress-api'

/**
 * msw handlers for 医保云档案 (contract/record.ts, 000 §3.3, §6.1.6 b), every route Bearer and `?insuredId=`:
 *   GET /api/v1/record/enrollment | contributions | account | visits | family-sharing
 *   GET /api/v1/record/certificate.pdf   a tiny valid PDF; 409 NOT_INSURED for a person who is not insured
 * The people are those of mock/evoucher-api.ts (`self` = MOCK_APPLICANT, 职工医保). The data are generated from a
 * seed per person and the month, consistent like the BFF's embedded adapter: the 结算清单 lines add up to the
 * visit's total, total = 统筹 + 个账 + 现金, the account balance is the sum of its movements, newest first.
 * `demo: true` everywhere (the app says 演示数据).
 */
export interface MockRecordOptions {
  now?: () => Date
}
let options: MockRecordOptions = {}
export function configureMockRecord(o: MockRecordOptions): void {
  options = o
}
export function resetMockRecord(): void {
  options = {}
}
const today = (): string => shanghaiToday(options.now ? options.now() : new Date())

// ---------- deterministic randomness and dates ----------

/** mulberry32 seeded from a string */
function prng(key: string): { int: (lo: number, hi: number) => number; pick: <T>(a: readonly T[]) => T } {
  let s = mockHash(key)
  const next = (): number => {
    s = (s + 0x6d2b79f5) | 0
    let t = s
    t = Math.imul(t ^ (t >>> 15), t | 1)
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61)
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296
  }
  return {
    int: (lo, hi) => lo + Math.floor(next() * (hi - lo + 1)),
    pick: (a) => a[Math.floor(next() * a.length)]
  }
}

function addMonths(ym: string, n: number): string {
  const [y, m] = ym.split('-').map(Number)
  const t = y * 12 + (m - 1) + n
  return `${Math.floor(t / 12)}-${String((t % 12) + 1).padStart(2, '0')}`
}
const day = (ym: string, d: number): string => `${ym}-${String(d).padStart(2, '0')}`
function monthsBetween(from: string, to: string): number {
  const [fy, fm] = from.split('-').map(Number)
  const [ty, tm] = to.split('-').map(Number)
  return ty * 12 + tm - (fy * 12 + fm)
}

// ---------- one person's record ----------

const EMPLOYEE_FROM = '2011-07-01'
const RESIDENT_FROM = '2012-01-01'
const WINDOW = 24
const MONTHLY_BASE = 650000 // 6 500 元
const PERSONAL = Math.round(MONTHLY_BASE * 0.02)
const EMPLOYER = Math.round(MONTHLY_BASE * 0.09)

const LINES: ReadonlyArray<readonly [string, string, number, number]> = [
  ['普通门诊诊察费', '诊察费', 1000, 2500],
  ['血常规', '化验费', 1500, 2500],
  ['心电图', '检查费', 2000, 3500],
  ['阿莫西林胶囊', '西药费', 1500, 3500],
  ['硝苯地平控释片', '西药费', 3000, 6500],
  ['复方丹参滴丸', '中成药费', 2600, 4200]
]
const DRUGS = LINES.filter((l) => l[1].endsWith('药费'))

const countyOf = (p: MockInsured): string => p.region.name.replace(/^.*?市/, '') || '本地'
const hospitalsOf = (p: MockInsured): string[] => [`${countyOf(p)}人民医院`, `${countyOf(p)}中医院`, `${countyOf(p)}城东社区卫生服务中心`]

function settlementNo(p: MockInsured, date: string, n: number): string {
  return `JS${p.region.code}${date.replace(/-/g, '')}${String(mockHash(`${p.idNumber}|${date}|${n}`) % 100000).padStart(5, '0')}`
}

function visitsOf(p: MockInsured, t: string): Visit[] {
  if (p.enrollment === 'none') return []
  const from = addMonths(t.slice(0, 7), -(WINDOW - 1))
  const out: Visit[] = []
  for (let i = 0, m = from; i < WINDOW; i++, m = addMonths(m, 1)) {
    const r = prng(`${p.idNumber}|visit|${m}`)
    if (r.int(0, 2) !== 0) continue // about one month in three
    const date = day(m, r.int(1, 28))
    if (date > t) continue
    const pharmacy = r.int(0, 1) === 0 && p.enrollment === 'employee'
    const kind = pharmacy ? '药店购药' : '门诊'
    const d1 = r.int(0, DRUGS.length - 1)
    const d2 = (d1 + r.int(1, DRUGS.length - 1)) % DRUGS.length
    const picked = pharmacy ? [DRUGS[d1], DRUGS[d2]] : [LINES[0], r.pick(LINES.slice(1, 3)), DRUGS[d1]]
    const lines: SettlementLine[] = picked.map(([name, category, lo, hi]) => ({ name, category, amount: Math.round(r.int(lo, hi) / 10) * 10 }))
    const total = lines.reduce((s, l) => s + l.amount, 0)
    const fundPaid = kind === '门诊' && total >= 5000 ? Math.round(total * (p.enrollment === 'employee' ? 0.6 : 0.5)) : 0
    const accountPaid = p.enrollment === 'employee' ? total - fundPaid : 0
    out.push({
      settlementNo: settlementNo(p, date, i),
      date,
      institution: pharmacy ? `老百姓大药房（${countyOf(p)}店）` : r.pick(hospitalsOf(p)),
      kind,
      total,
      fundPaid,
      accountPaid,
      cashPaid: total - fundPaid - accountPaid,
      lines
    })
  }
  return out.sort((a, b) => (a.date < b.date ? 1 : -1))
}

export function mockEnrollment(insuredId: string): Enrollment {
  const p = mockInsuredOf(insuredId)
  const who = { demo: true, name: maskName(p.name), idNumber: maskIdNumber(p.idNumber) }
  if (p.enrollment === 'none') {
    return { ...who, insured: false, status: ENROLLMENT_STATUS_LABELS.none, insuranceType: null, insuredPlace: null, paidMonths: 0, periods: [] }
  }
  const t = today()
  const label = INSURANCE_TYPE_LABELS[p.enrollment]
  const periods =
    p.enrollment === 'employee'
      ? [
          { insuranceType: label, status: '参保缴费', insuredPlace: p.region, from: '2016-03-01', to: null, employer: '丽水华鼎科技有限公司' },
          { insuranceType: label, status: '终止参保', insuredPlace: p.region, from: EMPLOYEE_FROM, to: '2016-02-29', employer: '丽水恒信贸易有限公司' }
        ]
      : [{ insuranceType: label, status: '参保缴费', insuredPlace: p.region, from: RESIDENT_FROM, to: null, employer: null }]
  const start = p.enrollment === 'employee' ? EMPLOYEE_FROM : RESIDENT_FROM
  return {
    ...who,
    insured: true,
    status: ENROLLMENT_STATUS_LABELS.insured,
    insuranceType: label,
    insuredPlace: p.region,
    paidMonths: monthsBetween(start.slice(0, 7), t.slice(0, 7)) + (Number(t.slice(8, 10)) >= 15 ? 1 : 0),
    periods
  }
}

export function mockContributions(insuredId: string): Contributions {
  const p = mockInsuredOf(insuredId)
  const t = today()
  const out: Contribution[] = []
  if (p.enrollment === 'employee') {
    // credited on the 15th: the current month counts from then
    let m = Number(t.slice(8, 10)) >= 15 ? t.slice(0, 7) : addMonths(t.slice(0, 7), -1)
    for (let i = 0; i < WINDOW; i++, m = addMonths(m, -1)) {
      out.push({ period: m, insuranceType: INSURANCE_TYPE_LABELS.employee, base: MONTHLY_BASE, personal: PERSONAL, employer: EMPLOYER, subsidy: 0, status: '已到账' })
    }
  } else if (p.enrollment === 'resident') {
    const year = Number(t.slice(0, 4))
    for (let y = year; y > year - 5; y--) {
      out.push({ period: String(y), insuranceType: INSURANCE_TYPE_LABELS.resident, base: null, personal: 40000, employer: 0, subsidy: 70000 + (y - 2025) * 3000, status: '已到账' })
    }
  }
  return { demo: true, contributions: out }
}

/** 家庭共济: the employee's account pays for her child (000 §6.8.2); movements of the child's visits. */
function sharingOf(p: MockInsured, t: string): { date: string; amount: number }[] {
  if (p.enrollment !== 'employee') return []
  const out: { date: string; amount: number }[] = []
  for (let i = 0, m = addMonths(t.slice(0, 7), -(WINDOW - 1)); i < WINDOW; i++, m = addMonths(m, 1)) {
    const r = prng(`${p.idNumber}|share|${m}`)
    if (r.int(0, 3) !== 0) continue
    const date = day(m, r.int(1, 28))
    if (date <= t) out.push({ date, amount: Math.round(r.int(2000, 9000) / 10) * 10 })
  }
  return out
}

export function mockAccount(insuredId: string): PersonalAccount {
  const p = mockInsuredOf(insuredId)
  if (p.enrollment !== 'employee') return { demo: true, hasAccount: false, balance: 0, yearIn: 0, yearOut: 0, movements: [] }
  const t = today()
  const from = addMonths(t.slice(0, 7), -(WINDOW - 1))
  const events: { date: string; order: number; kind: string; amount: number; note: string }[] = []
  for (let i = 0, m = from; i < WINDOW; i++, m = addMonths(m, 1)) {
    const d = day(m, 15)
    if (d <= t) events.push({ date: d, order: 0, kind: '划入', amount: PERSONAL, note: `${m.replace('-', '年')}月个人缴费划入` })
    if (m.endsWith('-12') && day(m, 31) <= t) events.push({ date: day(m, 31), order: 3, kind: '年度结息', amount: 820, note: `${m.slice(0, 4)}年度个人账户结息` })
  }
  for (const v of visitsOf(p, t)) {
    if (v.accountPaid > 0) events.push({ date: v.date, order: 1, kind: v.kind === '药店购药' ? '药店购药' : '门诊支付', amount: -v.accountPaid, note: v.institution })
  }
  for (const s of sharingOf(p, t)) events.push({ date: s.date, order: 2, kind: '家庭共济支出', amount: -s.amount, note: '为子女王*宝支付' })
  events.sort((a, b) => (a.date === b.date ? a.order - b.order : a.date < b.date ? -1 : 1))
  let balance = 268_450
  const movements: AccountMovement[] = [{ date: day(addMonths(from, -1), 28), kind: '上期结余', amount: balance, balanceAfter: balance, note: '列表开始前的账户余额' }]
  for (const e of events) {
    balance += e.amount
    movements.push({ date: e.date, kind: e.kind, amount: e.amount, balanceAfter: balance, note: e.note })
  }
  const year = t.slice(0, 4)
  const thisYear = movements.slice(1).filter((m) => m.date.startsWith(year))
  return {
    demo: true,
    hasAccount: true,
    balance,
    yearIn: thisYear.filter((m) => m.amount > 0).reduce((s, m) => s + m.amount, 0),
    yearOut: -thisYear.filter((m) => m.amount < 0).reduce((s, m) => s + m.amount, 0),
    movements: movements.reverse()
  }
}

export function mockVisits(insuredId: string): Visits {
  return { demo: true, visits: visitsOf(mockInsuredOf(insuredId), today()) }
}

export function mockFamilySharing(insuredId: string): FamilySharing {
  const p = mockInsuredOf(insuredId)
  if (p.enrollment !== 'employee') {
    return {
      demo: true,
      available: false,
      sharedWith: [],
      usedThisYear: 0,
      note: p.enrollment === 'none' ? '未参加基本医疗保险，没有个人账户，不能使用家庭共济' : '城乡居民医保没有个人账户，不能使用家庭共济'
    }
  }
  const t = today()
  return {
    demo: true,
    available: true,
    sharedWith: [{ name: '王*宝', relationshipLabel: '子女', since: '2024-01-10' }],
    usedThisYear: sharingOf(p, t)
      .filter((s) => s.date.startsWith(t.slice(0, 4)))
      .reduce((s, x) => s + x.amount, 0),
    note: '职工医保个人账户可用于支付配偶、父母、子女在定点医药机构就医购药的个人负担费用'
  }
}

// ---------- handlers ----------

function route(fn: (insuredId: string) => unknown): HttpResponseResolver {
  return ({ request }) => {
    try {
      requireBearer(request)
      return HttpResponse.json(fn(insuredIdOf(request)) as Record<string, unknown>)
    } catch (e) {
      const err = e instanceof AppError ? e : errors.internal()
      return HttpResponse.json(err.toBody() as Record<string, unknown>, { status: err.status })
    }
  }
}

const P = '*/api/v1/record'

export const recordHandlers = [
  http.get(`${P}/enrollment`, route(mockEnrollment)),
  http.get(`${P}/contributions`, route(mockContributions)),
  http.get(`${P}/account`, route(mockAccount)),
  http.get(`${P}/visits`, route(mockVisits)),
  http.get(`${P}/family-sharing`, route(mockFamilySharing)),
  http.get(`${P}/certificate.pdf`, ({ request }) => {
    try {
      requireBearer(request)
      const id = insuredIdOf(request)
      const e = mockEnrollment(id)
      if (!e.insured) throw errors.notInsured()
      // ASCII only: the base-14 fonts of the tiny PDF have no Chinese glyphs
      const bytes = tinyPdf(['SAMPLE certificate of medical insurance', `ID: ${e.idNumber}`, `Since: ${e.periods[e.periods.length - 1]?.from ?? ''}`, `Months paid: ${e.paidMonths}`])
      return new HttpResponse(bytes, { status: 200, headers: { 'Content-Type': 'application/pdf', 'Content-Disposition': 'inline; filename="certificate.pdf"' } })
    } catch (err) {
      const a = err instanceof AppError ? err : errors.internal()
      return HttpResponse.json(a.toBody() as Record<string, unknown>, { status: a.status })
    }
  })
]
