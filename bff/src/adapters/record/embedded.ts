// Over 400 lines: the embedded record system: enrollment, contributions, account, visits and family sharing over the sample data.
import { createHash } from 'node:crypto'
import { INSURANCE_TYPE_LABELS } from '../../../../contract/evoucher'
import { birthDateOf, maskName } from '../../../../contract/identity'
import type { AccountMovement, Contribution, EnrollmentPeriod, SettlementLine, Visit } from '../../../../contract/record'
import type { ChildRecord, DataSharingAdapter, PersonRecord } from '../datasharing/types'
import type { RecordAccount, RecordAdapter, RecordEnrollment, RecordFamilySharing, RegionLookup } from './types'

// ---------- deterministic randomness ----------

/**
 * A small seeded PRNG (mulberry32) whose 32-bit seed is the start of sha256(key). Keys start with the 身份证号, so the
 * same person gets the same record on every instance and after every restart, and nothing about the person can be
 * read back from the numbers.
 */
export class Prng {
  private s: number

  constructor(key: string) {
    this.s = createHash('sha256').update(key).digest().readUInt32BE(0)
  }

  /** [0, 1) */
  next(): number {
    this.s = (this.s + 0x6d2b79f5) | 0
    let t = this.s
    t = Math.imul(t ^ (t >>> 15), t | 1)
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61)
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296
  }

  /** an integer in [lo, hi] */
  int(lo: number, hi: number): number {
    return lo + Math.floor(this.next() * (hi - lo + 1))
  }

  chance(p: number): boolean {
    return this.next() < p
  }

  pick<T>(items: readonly T[]): T {
    return items[Math.floor(this.next() * items.length)]
  }

  digits(n: number): string {
    let out = ''
    for (let i = 0; i < n; i++) out += String(this.int(0, 9))
    return out
  }
}

// ---------- dates (YYYY-MM-DD and YYYY-MM strings, Asia/Shanghai) ----------

function shanghaiDay(now: Date): string {
  return new Date(now.getTime() + 8 * 3600_000).toISOString().slice(0, 10)
}

function addMonths(ym: string, n: number): string {
  const [y, m] = ym.split('-').map(Number)
  const t = y * 12 + (m - 1) + n
  return `${Math.floor(t / 12)}-${String((t % 12) + 1).padStart(2, '0')}`
}

function monthsBetween(fromYm: string, toYm: string): number {
  const [fy, fm] = fromYm.split('-').map(Number)
  const [ty, tm] = toYm.split('-').map(Number)
  return ty * 12 + tm - (fy * 12 + fm)
}

function daysIn(ym: string): number {
  const [y, m] = ym.split('-').map(Number)
  return new Date(Date.UTC(y, m, 0)).getUTCDate()
}

function day(ym: string, d: number): string {
  return `${ym}-${String(d).padStart(2, '0')}`
}

function lastDayBefore(ym: string): string {
  const prev = addMonths(ym, -1)
  return day(prev, daysIn(prev))
}

/** 2024-04-01 → 2024年4月1日 */
function dateZh(ymd: string): string {
  const [y, m, d] = ymd.split('-').map(Number)
  return `${y}年${m}月${d}日`
}

function ageAt(birthDate: string, date: string): number {
  const [by, bm, bd] = birthDate.split('-').map(Number)
  const [y, m, d] = date.split('-').map(Number)
  return y - by - (m < bm || (m === bm && d < bd) ? 1 : 0)
}

// ---------- the demo's rules and figures ----------

/** 职工医保: 个人缴费 2 % of the base, all of it credited to the personal account; 单位缴费 ≈ 9 % (the demo's rate) */
export const EMPLOYEE_PERSONAL_RATE = 0.02
export const EMPLOYEE_EMPLOYER_RATE = 0.09
/** contributions of a month are credited on the 15th (003 §7.1.15.6: 每月11至15日内完成) */
export const CREDIT_DAY = 15
/** annual interest on the personal account, credited on 31 December (003 §7.1.16: 每年12月底…计息); the demo's rate */
export const ACCOUNT_INTEREST_RATE = 0.0035
/** 职工医保 starts at about 22, not before 2010; 城乡居民医保 not before 2012 (the demo's horizon) */
const EMPLOYEE_FROM = '2010-01-01'
const RESIDENT_FROM = '2012-01-01'
/** 家庭共济 (000 §6.8.2, 003 §7.1.16) exists from 2022 in the demo */
const SHARING_FROM = '2022-01-01'
/** the record shows this many months of movements, visits and employee contributions */
const WINDOW_MONTHS = 24
const RESIDENT_YEARS = 5

/** 城乡居民医保 individual contribution and 财政补助 per year, in 元 (national minimums, rounded; later years extrapolated) */
const RESIDENT_RATES: Record<number, [number, number]> = {
  2017: [180, 450],
  2018: [220, 490],
  2019: [250, 520],
  2020: [280, 550],
  2021: [320, 580],
  2022: [350, 610],
  2023: [380, 640],
  2024: [400, 670],
  2025: [400, 700],
  2026: [400, 730]
}
function residentRate(year: number): { personal: number; subsidy: number } {
  const known = RESIDENT_RATES[year]
  if (known) return { personal: known[0] * 100, subsidy: known[1] * 100 }
  if (year < 2017) return { personal: Math.max(50, 180 - 30 * (2017 - year)) * 100, subsidy: Math.max(200, 450 - 30 * (2017 - year)) * 100 }
  return { personal: 400 * 100, subsidy: (730 + 30 * (year - 2026)) * 100 }
}

const EMPLOYER_WORDS = ['华鼎', '恒信', '新禾', '东方', '远航', '瑞丰', '明德', '中天', '青松', '汇通']
const EMPLOYER_KINDS = ['科技有限公司', '建设工程有限公司', '贸易有限公司', '医药连锁有限公司', '食品有限公司', '物流有限公司', '服饰有限公司']

type Category = '西药费' | '中成药费' | '诊察费' | '化验费' | '检查费' | '治疗费' | '床位费' | '护理费' | '手术费' | '材料费'
type Priced = readonly [name: string, category: Category, lo: number, hi: number]
const DRUGS: readonly Priced[] = [
  ['阿莫西林胶囊', '西药费', 1500, 3500],
  ['布洛芬缓释胶囊', '西药费', 1200, 2800],
  ['头孢克肟分散片', '西药费', 2500, 5600],
  ['氯雷他定片', '西药费', 1800, 3600],
  ['奥美拉唑肠溶胶囊', '西药费', 2000, 4500],
  ['硝苯地平控释片', '西药费', 3000, 6500],
  ['二甲双胍缓释片', '西药费', 1500, 3800],
  ['阿托伐他汀钙片', '西药费', 3500, 9000],
  ['连花清瘟胶囊', '中成药费', 2400, 3800],
  ['复方丹参滴丸', '中成药费', 2600, 4200],
  ['板蓝根颗粒', '中成药费', 1200, 2000],
  ['藿香正气口服液', '中成药费', 1500, 2600]
]
const CONSULTATIONS: readonly Priced[] = [
  ['普通门诊诊察费', '诊察费', 1000, 2500],
  ['副主任医师门诊诊察费', '诊察费', 2500, 4000],
  ['主任医师门诊诊察费', '诊察费', 3500, 5000]
]
const TESTS: readonly Priced[] = [
  ['血常规', '化验费', 1500, 2500],
  ['尿常规', '化验费', 800, 1500],
  ['肝功能', '化验费', 4000, 8000],
  ['血糖测定', '化验费', 500, 1200],
  ['心电图', '检查费', 2000, 3500],
  ['胸部X线摄影', '检查费', 6000, 9000],
  ['腹部彩色多普勒超声', '检查费', 12000, 18000],
  ['胸部CT平扫', '检查费', 20000, 32000]
]
const TREATMENTS: readonly Priced[] = [
  ['静脉输液', '治疗费', 1500, 3000],
  ['雾化吸入', '治疗费', 1200, 2500],
  ['清创换药', '治疗费', 2000, 4500]
]

type VisitKind = '门诊' | '住院' | '药店购药'
const MOVEMENT_KIND: Record<VisitKind, string> = { 门诊: '门诊支付', 住院: '住院支付', 药店购药: '药店购药' }

// ---------- one person's history ----------

interface Facts {
  idNumber: string
  kind: 'employee' | 'resident'
  regionCode: string
  birthDate: string
  children: ChildRecord[]
}

interface Places {
  insuredPlace: { code: string; name: string }
  hospitals: string[]
  pharmacies: string[]
  cityShort: string
}

/** A visit before it is paid: the account's share depends on the balance on the day. */
interface VisitDraft {
  date: string
  institution: string
  kind: VisitKind
  lines: SettlementLine[]
  total: number
  fundPaid: number
  settlementNo: string
}

type Event =
  | { date: string; order: 0; type: 'credit'; amount: number; month: string }
  | { date: string; order: 1; type: 'visit'; visit: VisitDraft }
  | { date: string; order: 2; type: 'share'; visit: VisitDraft; who: string }
  | { date: string; order: 3; type: 'interest'; year: number }

interface History {
  enrollment: RecordEnrollment
  contributions: Contribution[]
  account: RecordAccount
  visits: Visit[]
  familySharing: RecordFamilySharing
}

function line(rng: Prng, p: Priced, qty = 1): SettlementLine {
  const unit = Math.round(rng.int(p[2], p[3]) / 10) * 10
  return { name: qty > 1 ? `${p[0]}×${qty}` : p[0], category: p[1], amount: unit * qty }
}

function pickDistinct(rng: Prng, items: readonly Priced[], n: number): Priced[] {
  const pool = [...items]
  const out: Priced[] = []
  while (out.length < n && pool.length) out.push(pool.splice(Math.floor(rng.next() * pool.length), 1)[0])
  return out
}

/** 结算清单 of one visit; the lines add up to the total. */
function settlementLines(rng: Prng, kind: VisitKind): SettlementLine[] {
  if (kind === '药店购药') return pickDistinct(rng, DRUGS, rng.int(1, 3)).map((d) => line(rng, d, rng.int(1, 3)))
  if (kind === '门诊') {
    const lines = [line(rng, rng.pick(CONSULTATIONS))]
    for (const t of pickDistinct(rng, TESTS, rng.int(0, 2))) lines.push(line(rng, t))
    if (rng.chance(0.2)) lines.push(line(rng, rng.pick(TREATMENTS)))
    for (const d of pickDistinct(rng, DRUGS, rng.int(1, 3))) lines.push(line(rng, d, rng.int(1, 2)))
    return lines
  }
  const days = rng.int(3, 12)
  const lines: SettlementLine[] = [
    { name: `床位费（${days}天）`, category: '床位费', amount: rng.int(40, 80) * 100 * days },
    { name: `护理费（${days}天）`, category: '护理费', amount: rng.int(20, 40) * 100 * days }
  ]
  if (rng.chance(0.5)) lines.push({ name: '手术费', category: '手术费', amount: rng.int(2000, 8000) * 100 })
  lines.push({ name: '医用耗材', category: '材料费', amount: rng.int(200, 1500) * 100 })
  for (const t of pickDistinct(rng, TESTS, 3)) lines.push(line(rng, t))
  lines.push({ name: '住院西药', category: '西药费', amount: rng.int(100, 3000) * 100 })
  return lines
}

/**
 * 统筹基金支付 of a visit (the demo's simplified rules): pharmacy purchases are not pooled; outpatient visits from
 * 50 元 are pooled at 60 % (职工) / 50 % (居民); inpatient stays above a 起付线 of 800 / 1 000 元 at 85 % / 70 %.
 */
function fundShare(kind: VisitKind, insurance: 'employee' | 'resident', total: number): number {
  if (kind === '药店购药') return 0
  if (kind === '门诊') return total < 5000 ? 0 : Math.round(total * (insurance === 'employee' ? 0.6 : 0.5))
  const deductible = insurance === 'employee' ? 80000 : 100000
  return Math.round(Math.max(0, total - deductible) * (insurance === 'employee' ? 0.85 : 0.7))
}

/**
 * The default record adapter: a deterministic, realistic 医保云档案 for every person the data-sharing platform knows
 * as insured (adapters/datasharing: enrollment and 参保地), generated from PRNGs keyed by the 身份证号 and the month,
 * so the past never changes as the clock moves and two instances agree. The account is simulated month by month from
 * the start of enrolment: the balance is exactly the sum of its movements, and each visit's account share is what the
 * account held on that day. People the platform does not know, or knows as not insured, have an empty record.
 * Not modelled: retirement (no sample employee is of retirement age), moves between regions, arrears.
 */
export class EmbeddedRecordAdapter implements RecordAdapter {
  readonly demo = true

  constructor(private readonly deps: { dataSharing: DataSharingAdapter; region: RegionLookup }) {}

  async enrollment(idNumber: string, now: Date): Promise<RecordEnrollment> {
    return (await this.history(idNumber, now)).enrollment
  }

  async contributions(idNumber: string, now: Date): Promise<Contribution[]> {
    return (await this.history(idNumber, now)).contributions
  }

  async account(idNumber: string, now: Date): Promise<RecordAccount> {
    return (await this.history(idNumber, now)).account
  }

  async visits(idNumber: string, now: Date): Promise<Visit[]> {
    return (await this.history(idNumber, now)).visits
  }

  async familySharing(idNumber: string, now: Date): Promise<RecordFamilySharing> {
    return (await this.history(idNumber, now)).familySharing
  }

  private places(regionCode: string): Places {
    const county = this.deps.region(regionCode)
    const city = this.deps.region(`${regionCode.slice(0, 4)}00`)
    const c = county?.name ?? '本地'
    const ct = city?.name ?? c
    return {
      insuredPlace: { code: regionCode, name: county?.fullName ?? regionCode },
      hospitals: [`${ct}人民医院`, `${ct}中心医院`, `${ct}中医院`, `${c}人民医院`, `${c}妇幼保健院`, `${c}城东社区卫生服务中心`, `${c}城西社区卫生服务中心`],
      pharmacies: [`老百姓大药房（${c}店）`, `益丰大药房（${c}中山店）`, `国大药房（${c}店）`, `天天好大药房（${c}人民路店）`],
      cityShort: ct.replace(/市$/, '')
    }
  }

  private async history(idNumber: string, now: Date): Promise<History> {
    const today = shanghaiDay(now)
    const record = await this.deps.dataSharing.person(idNumber)
    if (!record || record.enrollment === 'none') return notInsured(record)
    const facts: Facts = {
      idNumber: record.idNumber,
      kind: record.enrollment,
      regionCode: record.regionCode,
      birthDate: birthDateOf(record.idNumber),
      children: record.children
    }
    return simulate(facts, this.places(record.regionCode), today)
  }
}

function notInsured(record: PersonRecord | null): History {
  return {
    enrollment: { insured: false, status: '未参保', insuranceType: null, insuredPlace: null, paidMonths: 0, periods: [] },
    contributions: [],
    account: { hasAccount: false, balance: 0, yearIn: 0, yearOut: 0, movements: [] },
    visits: [],
    familySharing: {
      available: false,
      sharedWith: [],
      usedThisYear: 0,
      note: record ? '未参加基本医疗保险，没有个人账户，不能使用家庭共济' : '未查询到参保信息，没有个人账户，不能使用家庭共济'
    }
  }
}

function simulate(f: Facts, places: Places, today: string): History {
  const currentMonth = today.slice(0, 7)
  const plan = new Prng(`${f.idNumber}|plan`)
  const label = INSURANCE_TYPE_LABELS[f.kind]

  // ---- enrolment periods ----
  let start: string
  if (f.kind === 'employee') {
    const [by, bm] = f.birthDate.split('-').map(Number)
    const at22 = `${by + 22}-${String(bm).padStart(2, '0')}-01`
    const base = at22 > EMPLOYEE_FROM ? at22 : EMPLOYEE_FROM
    start = day(addMonths(base.slice(0, 7), plan.int(0, 6)), 1)
  } else {
    start = f.birthDate > RESIDENT_FROM ? f.birthDate : RESIDENT_FROM
  }
  if (start > today) start = day(currentMonth, 1)
  const startMonth = start.slice(0, 7)
  const periods: EnrollmentPeriod[] = []
  if (f.kind === 'employee') {
    // two different words, so a change of employer is a different name
    const w1 = plan.int(0, EMPLOYER_WORDS.length - 1)
    const w2 = (w1 + plan.int(1, EMPLOYER_WORDS.length - 1)) % EMPLOYER_WORDS.length
    const first = `${places.cityShort}${EMPLOYER_WORDS[w1]}${plan.pick(EMPLOYER_KINDS)}`
    const second = `${places.cityShort}${EMPLOYER_WORDS[w2]}${plan.pick(EMPLOYER_KINDS)}`
    const span = monthsBetween(startMonth, currentMonth)
    if (span > 72 && plan.chance(0.6)) {
      const switchMonth = addMonths(startMonth, plan.int(24, span - 24))
      periods.push({ insuranceType: label, status: '参保缴费', insuredPlace: places.insuredPlace, from: day(switchMonth, 1), to: null, employer: second })
      periods.push({ insuranceType: label, status: '终止参保', insuredPlace: places.insuredPlace, from: start, to: lastDayBefore(switchMonth), employer: first })
    } else {
      periods.push({ insuranceType: label, status: '参保缴费', insuredPlace: places.insuredPlace, from: start, to: null, employer: first })
    }
  } else {
    periods.push({ insuranceType: label, status: '参保缴费', insuredPlace: places.insuredPlace, from: start, to: null, employer: null })
  }

  // ---- employee contributions and the month-by-month events ----
  const startYear = Number(start.slice(0, 4))
  const base0 = plan.int(35, 70) * 10000 // 3 500–7 000 元 in the first year
  const baseOf = (year: number): number => {
    const jitter = 1 + (new Prng(`${f.idNumber}|base|${year}`).next() - 0.5) * 0.04
    return Math.round((base0 * 1.05 ** (year - startYear) * jitter) / 10000) * 10000
  }
  const employeeContributions: Contribution[] = []
  const events: Event[] = []
  const hasAccount = f.kind === 'employee'
  const sharedChildren = hasAccount ? sharingChildren(f, today) : []
  for (let m = startMonth; m <= currentMonth; m = addMonths(m, 1)) {
    if (hasAccount && day(m, CREDIT_DAY) <= today) {
      const b = baseOf(Number(m.slice(0, 4)))
      const personal = Math.round(b * EMPLOYEE_PERSONAL_RATE)
      employeeContributions.push({
        period: m,
        insuranceType: label,
        base: b,
        personal,
        employer: Math.round(b * EMPLOYEE_EMPLOYER_RATE),
        subsidy: 0,
        status: '已到账'
      })
      // 003 §7.1.15.4 a): the personal contribution is credited to the account once paid
      events.push({ date: day(m, CREDIT_DAY), order: 0, type: 'credit', amount: personal, month: m })
    }
    for (const v of ownVisits(f, places, m)) if (v.date >= start && v.date <= today) events.push({ date: v.date, order: 1, type: 'visit', visit: v })
    for (const c of sharedChildren) {
      for (const v of childVisits(f, c.child, places, m)) {
        if (v.date >= c.since && v.date <= today) events.push({ date: v.date, order: 2, type: 'share', visit: v, who: `子女${maskName(c.child.name)}` })
      }
    }
    if (hasAccount && m.endsWith('-12') && day(m, 31) <= today) events.push({ date: day(m, 31), order: 3, type: 'interest', year: Number(m.slice(0, 4)) })
  }
  events.sort((a, b) => (a.date === b.date ? a.order - b.order : a.date < b.date ? -1 : 1))

  // ---- the account, in date order ----
  let balance = 0
  const movements: AccountMovement[] = []
  const visits: Visit[] = []
  const move = (date: string, kind: string, amount: number, note: string): void => {
    if (amount === 0) return
    balance += amount
    movements.push({ date, kind, amount, balanceAfter: balance, note })
  }
  for (const e of events) {
    switch (e.type) {
      case 'credit':
        move(e.date, '划入', e.amount, `${e.month.replace('-', '年')}月个人缴费划入`)
        break
      case 'interest':
        move(e.date, '年度结息', Math.round(balance * ACCOUNT_INTEREST_RATE), `${e.year}年度个人账户结息`)
        break
      case 'visit': {
        const v = e.visit
        const rest = v.total - v.fundPaid
        const accountPaid = hasAccount ? Math.min(rest, balance) : 0
        move(v.date, MOVEMENT_KIND[v.kind], -accountPaid, `${v.institution} 结算单号 ${v.settlementNo}`)
        visits.push({ ...v, accountPaid, cashPaid: rest - accountPaid })
        break
      }
      case 'share': {
        const paid = Math.min(e.visit.total - e.visit.fundPaid, balance)
        move(e.date, '家庭共济支出', -paid, `为${e.who}支付 · ${e.visit.institution}`)
        break
      }
    }
  }

  // ---- what the record shows ----
  const windowStart = day(addMonths(currentMonth, -(WINDOW_MONTHS - 1)), 1)
  const year = today.slice(0, 4)
  const shown = movements.filter((mv) => mv.date >= windowStart)
  const before = movements.length - shown.length
  if (before > 0) {
    const opening = movements[before - 1].balanceAfter
    shown.unshift({ date: windowStart, kind: '上期结余', amount: opening, balanceAfter: opening, note: `${dateZh(windowStart)}前的账户结余` })
  }
  const thisYear = shown.filter((mv) => mv.kind !== '上期结余' && mv.date.startsWith(year))
  const account: RecordAccount = {
    hasAccount,
    balance,
    yearIn: thisYear.filter((mv) => mv.amount > 0).reduce((s, mv) => s + mv.amount, 0),
    yearOut: thisYear.filter((mv) => mv.amount < 0).reduce((s, mv) => s - mv.amount, 0),
    movements: shown.reverse()
  }

  let contributions: Contribution[]
  let paidMonths: number
  if (f.kind === 'employee') {
    contributions = employeeContributions.slice(-WINDOW_MONTHS).reverse()
    paidMonths = employeeContributions.length
  } else {
    contributions = []
    const currentYear = Number(year)
    for (let y = currentYear; y >= Math.max(startYear, currentYear - RESIDENT_YEARS + 1); y--) {
      const r = residentRate(y)
      contributions.push({ period: String(y), insuranceType: label, base: null, personal: r.personal, employer: 0, subsidy: r.subsidy, status: '已到账' })
    }
    // a year's contribution covers the whole year: the months from the start of enrolment to this month
    paidMonths = monthsBetween(startMonth, currentMonth) + 1
  }

  const sharedThisYear = movements.filter((mv) => mv.kind === '家庭共济支出' && mv.date.startsWith(year)).reduce((s, mv) => s - mv.amount, 0)
  return {
    enrollment: { insured: true, status: '正常参保', insuranceType: label, insuredPlace: places.insuredPlace, paidMonths, periods },
    contributions,
    account,
    visits: visits.filter((v) => v.date >= windowStart).reverse(),
    familySharing: familySharingOf(f, sharedChildren, sharedThisYear, today)
  }
}

/** The person's own visits in month `m` (before filtering by enrolment and today). */
function ownVisits(f: Facts, places: Places, m: string): VisitDraft[] {
  const rng = new Prng(`${f.idNumber}|visits|${m}`)
  const age = ageAt(f.birthDate, day(m, 1))
  const factor = age < 6 ? 1.6 : age >= 60 ? 1.8 : 1
  const out: VisitDraft[] = []
  if (f.kind === 'employee' && rng.chance(Math.min(0.9, 0.3 * factor))) out.push(draft(rng, f, places, m, '药店购药'))
  if (rng.chance(Math.min(0.9, 0.25 * factor))) out.push(draft(rng, f, places, m, '门诊'))
  if (rng.chance(0.006 * factor)) out.push(draft(rng, f, places, m, '住院'))
  return out
}

/** Visits of a child whose costs the parent's account shares (家庭共济) in month `m`; the child is 居民 insured. */
function childVisits(f: Facts, child: ChildRecord, places: Places, m: string): VisitDraft[] {
  const rng = new Prng(`${f.idNumber}|share|${child.idNumber}|${m}`)
  if (!rng.chance(0.25)) return []
  return [draft(rng, { ...f, idNumber: child.idNumber, kind: 'resident', birthDate: child.birthDate }, places, m, rng.chance(0.5) ? '门诊' : '药店购药')]
}

function draft(rng: Prng, f: Facts, places: Places, m: string, kind: VisitKind): VisitDraft {
  const date = day(m, rng.int(1, daysIn(m)))
  const institution = kind === '药店购药' ? rng.pick(places.pharmacies) : rng.pick(places.hospitals)
  const lines = settlementLines(rng, kind)
  const total = lines.reduce((s, l) => s + l.amount, 0)
  return {
    date,
    institution,
    kind,
    lines,
    total,
    fundPaid: fundShare(kind, f.kind, total),
    settlementNo: `${f.regionCode}${date.replace(/-/g, '')}${rng.digits(6)}`
  }
}

/**
 * 家庭共济 (000 §6.8.2, 003 §7.1.16): an employee's account may pay for close relatives who are themselves insured
 * (003 §7.1.16.2). The data-sharing platform reports children; each insured child born by today is shared from a
 * registration date after birth (not before 2022).
 */
function sharingChildren(f: Facts, today: string): Array<{ child: ChildRecord; since: string }> {
  const out: Array<{ child: ChildRecord; since: string }> = []
  for (const child of f.children) {
    if (!child.enrolled || child.birthDate > today) continue
    const rng = new Prng(`${f.idNumber}|sharing|${child.idNumber}`)
    const from = child.birthDate > SHARING_FROM ? child.birthDate : SHARING_FROM
    const since = day(addMonths(from.slice(0, 7), rng.int(1, 4)), rng.int(1, 28))
    if (since <= today) out.push({ child, since })
  }
  return out
}

function familySharingOf(
  f: Facts,
  shared: Array<{ child: ChildRecord; since: string }>,
  usedThisYear: number,
  today: string
): RecordFamilySharing {
  if (f.kind !== 'employee') {
    return { available: false, sharedWith: [], usedThisYear: 0, note: '家庭共济使用职工医保个人账户；城乡居民医保没有个人账户' }
  }
  const notInsured = f.children.filter((c) => !c.enrolled && c.birthDate <= today)
  const note = shared.length
    ? '个人账户可支付已绑定家庭成员在定点医药机构就医购药的个人负担费用'
    : notInsured.length
      ? `${notInsured.map((c) => `子女${maskName(c.name)}`).join('、')}尚未参保，参保后可办理家庭共济备案`
      : '可为参加本省基本医疗保险的配偶、父母、子女办理家庭共济备案'
  return {
    available: true,
    sharedWith: shared.map((s) => ({ name: s.child.name, relationshipLabel: '子女', since: s.since })),
    usedThisYear,
    note
  }
}
