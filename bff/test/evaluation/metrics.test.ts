import { randomUUID } from 'node:crypto'
import { MetricsResponseSchema, type EvaluationLevel, type MetricSet, type MetricsResponse } from '../../../contract/evaluation'
import { addWorkingDays } from '../../../domain/calendar'
import { StaffMetricsSchema } from '../../../contract/workbench'
import { staffAuth } from '../staff/helpers'
import { evalApp, expectError, insertCase, ok, type EvalApp } from './helpers'

/**
 * The service metrics of 001 §6.2 on a seeded history: ~60 cases over three items, three counties of two cities and
 * two months, ratings of every level (some defaulted by the sweep, some excluded by an upheld appeal), 差评 fed back
 * in time, late, or not at all, and complaints answered in time, late, or not yet. The seed list says what each record
 * is meant to be (on time or late, which level, …); the expected figures are counted from that list here, and the
 * records are written with dates that should make the service reach the same verdicts (Shanghai dates near midnight
 * included). "Now" is Wednesday 2026-05-20.
 */
const NOW = '2026-05-20T02:00:00.000Z'
const TODAY = '2026-05-20'

const ITEMS = {
  mr: { id: 'medical-reimbursement', name: '个人医疗费用手工（零星）报销', mode: 'manual' as const, limit: 10 },
  aw: { id: 'account-withdrawal', name: '个人账户一次性支取', mode: 'manual' as const, limit: 5 },
  rf: { id: 'referral-filing', name: '基本医疗保险参保人员转外就医备案', mode: 'smart' as const, limit: null }
}
type ItemKey = keyof typeof ITEMS
const ITEM_KEYS: ItemKey[] = ['mr', 'aw', 'rf']
/** two counties of 丽水市 and one of 衢州市 (all in 浙江省) */
const REGIONS = ['331102', '331121', '330802']
const REGION_NAMES: Record<string, string> = { '331102': '莲都区', '331121': '青田县', '330802': '柯城区' }

type Feedback = 'inTime' | 'late' | 'noneOverdue' | 'nonePending'
interface CaseSeed {
  item: ItemKey
  region: string
  clockStart: string
  paused: number
  /** working days after the due date the decision came (≤ 0: on time); null for smart items */
  delta: number | null
  /** local (Shanghai) time of day of the decision */
  time: string
  /** null: never rated (the sweep records the default) */
  level: EvaluationLevel | null
  excluded: boolean
  feedback: Feedback | null
}

function plusDays(date: string, days: number): string {
  return new Date(Date.parse(`${date}T00:00:00Z`) + days * 86_400_000).toISOString().slice(0, 10)
}

const LEVELS: Array<EvaluationLevel | null> = ['verySatisfied', 'satisfied', 'basic', 'dissatisfied', 'veryDissatisfied', null]
const FEEDBACKS: Feedback[] = ['inTime', 'late', 'noneOverdue', 'nonePending']

const CASES: CaseSeed[] = []
for (let i = 0; i < 60; i++) {
  const item = ITEM_KEYS[i % 3]
  const level = LEVELS[Math.floor(i / 4) % 6]
  const bad = level === 'dissatisfied' || level === 'veryDissatisfied'
  CASES.push({
    item,
    region: REGIONS[Math.floor(i / 3) % 3],
    clockStart: i % 2 === 0 ? '2026-03-02' : '2026-04-01',
    paused: i % 4 === 0 ? 2 : 0,
    delta: ITEMS[item].mode === 'smart' ? null : [-2, -1, 0, 1, 3][i % 5],
    time: i % 6 === 0 ? '00:30' : '15:00',
    level,
    excluded: bad && i % 7 === 0,
    feedback: bad ? FEEDBACKS[i % 4] : null
  })
}
// the month boundary in Shanghai: due 2026-03-31, decided at 00:30 on 04-01 Shanghai (still 03-31 in UTC) → late, April
CASES.push({ item: 'mr', region: '331102', clockStart: '2026-03-17', paused: 0, delta: 1, time: '00:30', level: 'satisfied', excluded: false, feedback: null })
// and decided at 23:30 on the due date → on time, March
CASES.push({ item: 'mr', region: '331121', clockStart: '2026-03-17', paused: 0, delta: 0, time: '23:30', level: 'satisfied', excluded: false, feedback: null })

/** the decision date of a seed (the test's own working-day arithmetic on the official calendar) */
function decidedDate(c: CaseSeed, i: number): string {
  const it = ITEMS[c.item]
  if (it.limit === null) return plusDays(c.clockStart, i % 7)
  return addWorkingDays(c.clockStart, it.limit + c.paused + (c.delta ?? 0))
}

type Answer = 'onDueDay' | 'lateNearMidnight' | 'early' | 'none' | 'notYetDue'
interface ComplaintSeed {
  region: string
  item: ItemKey | null
  created: string
  answer: Answer
}
const ANSWERS: Answer[] = ['none', 'onDueDay', 'lateNearMidnight', 'early', 'notYetDue']
const COMPLAINTS: ComplaintSeed[] = []
for (let j = 0; j < 15; j++) {
  COMPLAINTS.push({ region: REGIONS[j % 3], item: j % 4 === 3 ? null : ITEM_KEYS[j % 3], created: j % 2 === 0 ? '2026-03-10' : '2026-04-14', answer: ANSWERS[j % 5] })
}

// ---------- the expected figures, from the seed lists only ----------

interface Fact {
  kind: 'case' | 'submission' | 'rating' | 'complaint'
  item: string | null
  region: string
  month: string
  good?: boolean
  level?: EvaluationLevel
  defaulted?: boolean
  excluded?: boolean
  hours?: number
  hour?: number
  weekday?: number
}

/** local (Shanghai) submit time of a seed: spread over the day, one in ten just after midnight (the UTC date before) */
function submitTime(i: number): string {
  return i % 10 === 9 ? '00:20' : `${String(8 + (i % 9)).padStart(2, '0')}:15`
}
function submittedAt(c: CaseSeed, i: number): string {
  return new Date(`${c.clockStart}T${submitTime(i)}:00+08:00`).toISOString()
}
function decidedAtOf(c: CaseSeed, i: number): string {
  return new Date(`${decidedDate(c, i)}T${c.time}:00+08:00`).toISOString()
}

const FACTS: Fact[] = []
CASES.forEach((c, i) => {
  const decided = decidedDate(c, i)
  const item = ITEMS[c.item].id
  const hours = Math.max(0, Date.parse(decidedAtOf(c, i)) - Date.parse(submittedAt(c, i))) / 3_600_000
  FACTS.push({ kind: 'case', item, region: c.region, month: decided.slice(0, 7), good: c.delta === null || c.delta <= 0, hours })
  // Monday = 0 of the local submit date
  const weekday = (new Date(`${c.clockStart}T00:00:00Z`).getUTCDay() + 6) % 7
  FACTS.push({ kind: 'submission', item, region: c.region, month: c.clockStart.slice(0, 7), hour: Number(submitTime(i).slice(0, 2)), weekday })
  if (c.level === null) {
    // recorded by the sweep as 基本满意 at the start of the 8th calendar day after the decision day
    FACTS.push({ kind: 'rating', item, region: c.region, month: plusDays(decided, 8).slice(0, 7), level: 'basic', defaulted: true, excluded: false })
  } else {
    const rated = plusDays(decided, 1)
    FACTS.push({ kind: 'rating', item, region: c.region, month: rated.slice(0, 7), level: c.level, defaulted: false, excluded: c.excluded })
  }
})
const rectFacts: Array<Fact & { counted: boolean }> = []
CASES.forEach((c, i) => {
  if (!c.feedback || c.excluded) return
  const rated = plusDays(decidedDate(c, i), 1)
  rectFacts.push({ kind: 'rating', item: ITEMS[c.item].id, region: c.region, month: rated.slice(0, 7), good: c.feedback === 'inTime', counted: c.feedback !== 'nonePending' })
})
for (const c of COMPLAINTS) {
  if (c.answer === 'notYetDue') continue
  FACTS.push({ kind: 'complaint', item: c.item ? ITEMS[c.item].id : null, region: c.region, month: c.created.slice(0, 7), good: c.answer === 'onDueDay' || c.answer === 'early' })
}
const openComplaints = COMPLAINTS.filter((c) => c.answer === 'notYetDue')

interface Filter {
  region?: string
  item?: string
  month?: string
}

/** a region code covers itself and the codes under it: 33xxxx for a province, 3311xx for a city */
function inRegion(code: string, region?: string): boolean {
  if (!region) return true
  if (region.endsWith('0000')) return code.startsWith(region.slice(0, 2))
  if (region.endsWith('00')) return code.startsWith(region.slice(0, 4))
  return code === region
}

function matches(f: { item: string | null; region: string; month: string }, q: Filter): boolean {
  return inRegion(f.region, q.region) && (!q.item || f.item === q.item) && (!q.month || f.month === q.month)
}

function share(n: number, d: number): { numerator: number; denominator: number; rate: number | null } {
  return { numerator: n, denominator: d, rate: d === 0 ? null : Number((n / d).toFixed(4)) }
}

function expected(q: Filter): MetricSet {
  const fs = FACTS.filter((f) => matches(f, q))
  const cases = fs.filter((f) => f.kind === 'case')
  const ratings = fs.filter((f) => f.kind === 'rating' && !f.excluded)
  const complaints = fs.filter((f) => f.kind === 'complaint')
  const rect = rectFacts.filter((f) => f.counted && matches(f, q))
  const active = ratings.filter((f) => !f.defaulted)
  const byLevel = { verySatisfied: 0, satisfied: 0, basic: 0, dissatisfied: 0, veryDissatisfied: 0 }
  // a default rating is its own count, never a level a person chose
  for (const r of active) byLevel[r.level as EvaluationLevel]++
  const satisfied = (f: Fact) => ['verySatisfied', 'satisfied', 'basic'].includes(f.level as string)
  const good = active.filter((f) => f.level === 'verySatisfied' || f.level === 'satisfied').length
  const defaulted = ratings.length - active.length
  const hours = cases.map((f) => f.hours as number).sort((a, b) => a - b)
  const tenth = (v: number) => Math.round(v * 10) / 10
  const mid = Math.floor(hours.length / 2)
  const submissions = fs.filter((f) => f.kind === 'submission')
  const byHour = Array.from({ length: 24 }, (_, h) => submissions.filter((f) => f.hour === h).length)
  const byWeekday = Array.from({ length: 7 }, (_, d) => submissions.filter((f) => f.weekday === d).length)
  return {
    onTimeCompletion: share(cases.filter((f) => f.good).length, cases.length),
    complaintTimeliness: share(complaints.filter((f) => f.good).length, complaints.length),
    satisfaction: share(ratings.filter(satisfied).length, ratings.length),
    rectificationInTime: share(rect.filter((f) => f.good).length, rect.length),
    satisfactionActive: share(active.filter(satisfied).length, active.length),
    goodRate: share(good, ratings.length),
    activeGoodRate: share(good, active.length),
    unratedRate: share(defaulted, ratings.length),
    ratings: {
      byLevel,
      active: active.length,
      defaulted,
      excluded: fs.filter((f) => f.kind === 'rating' && f.excluded).length
    },
    processing: {
      decided: hours.length,
      medianHours: hours.length === 0 ? null : tenth(hours.length % 2 ? hours[mid] : (hours[mid - 1] + hours[mid]) / 2),
      p90Hours: hours.length === 0 ? null : tenth(hours[Math.ceil(hours.length * 0.9) - 1])
    },
    peaks: { byHour, byWeekday }
  }
}

// ---------- writing the seeds as records ----------

let e: EvalApp
const SECRET = { name: '柳如是', idNumber: '331102199001010012', phone: '13900009999', text: '秘密评价内容' }

async function seed(): Promise<void> {
  const db = e.db
  for (const [i, c] of CASES.entries()) {
    const it = ITEMS[c.item]
    const decided = decidedDate(c, i)
    const appId = await insertCase(db, {
      userId: `seed-user-${i}`,
      applicant: { name: SECRET.name, idNumber: SECRET.idNumber },
      itemId: it.id,
      itemName: it.name,
      handlingMode: it.mode,
      region: c.region,
      regionName: REGION_NAMES[c.region],
      submittedAt: submittedAt(c, i),
      clockStartDate: it.mode === 'manual' ? c.clockStart : null,
      timeLimitDays: it.limit,
      pausedWorkingDays: c.paused,
      decidedAt: new Date(`${decided}T${c.time}:00+08:00`).toISOString(),
      // delivered later: the delivery is not the decision
      deliveredAt: new Date(`${plusDays(decided, 3)}T10:00:00+08:00`).toISOString()
    })
    if (c.level === null) continue
    const rated = plusDays(decided, 1)
    const ratedAt = new Date(`${rated}T10:00:00+08:00`).toISOString()
    let due: string | null = null
    let feedbackAt: string | null = null
    if (c.feedback) {
      due = c.feedback === 'noneOverdue' ? '2026-05-08' : c.feedback === 'nonePending' ? '2026-06-05' : addWorkingDays(rated, 15)
      // 23:30 on the due date is in time; 00:30 the next day is late although its UTC date is the due date
      if (c.feedback === 'inTime') feedbackAt = new Date(`${due}T23:30:00+08:00`).toISOString()
      if (c.feedback === 'late') feedbackAt = new Date(`${plusDays(due, 1)}T00:30:00+08:00`).toISOString()
    }
    await db.prepare(
      `INSERT INTO evaluations (id, application_id, actor_user_id, actor_name, applicant_id_number, applicant_name, level, reasons_json, text, defaulted, rated_at,
         loop_state, due_date, first_due_date, first_feedback_at, feedback_at, feedback_kind, feedback_note, appeal_decision, excluded, updated_at)
       VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, 0, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`
    ).run(
      randomUUID(),
      appId,
      `seed-user-${i}`,
      SECRET.name,
      SECRET.idNumber,
      SECRET.name,
      c.level,
      c.feedback ? '["attitude"]' : '[]',
      SECRET.text,
      ratedAt,
      c.excluded ? 'appealUpheld' : c.feedback ? (feedbackAt ? 'feedbackReady' : 'awaitingFollowUp') : null,
      due,
      due,
      feedbackAt,
      feedbackAt,
      feedbackAt ? 'rectified' : null,
      feedbackAt ? SECRET.text : null,
      c.excluded ? 'upheld' : null,
      c.excluded ? 1 : 0,
      ratedAt
    )
  }
  for (const [j, c] of COMPLAINTS.entries()) {
    const due = c.answer === 'notYetDue' ? '2026-06-01' : addWorkingDays(c.created, 5)
    const answeredAt =
      c.answer === 'onDueDay'
        ? `${due}T23:30:00+08:00`
        : c.answer === 'lateNearMidnight'
          ? `${plusDays(due, 1)}T00:30:00+08:00`
          : c.answer === 'early'
            ? `${plusDays(c.created, 1)}T10:00:00+08:00`
            : null
    await db.prepare(
      `INSERT INTO complaints (id, complaint_no, user_id, complainant_name, complainant_id_number, subject, region_code, region_name, item_id, category, text, status,
         due_date, answer_text, answered_at, answered_by, created_at, updated_at)
       VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, 'delay', ?, ?, ?, ?, ?, ?, ?, ?)`
    ).run(
      randomUUID(),
      `TSSEED${j}`,
      `seed-user-${j}`,
      SECRET.name,
      SECRET.idNumber,
      c.item ? 'application' : 'other',
      c.region,
      REGION_NAMES[c.region],
      c.item ? ITEMS[c.item].id : null,
      SECRET.text,
      answeredAt ? 'answered' : 'received',
      due,
      answeredAt ? SECRET.text : null,
      answeredAt ? new Date(answeredAt).toISOString() : null,
      answeredAt ? '李芳' : null,
      new Date(`${c.created}T10:00:00+08:00`).toISOString(),
      new Date(`${c.created}T10:00:00+08:00`).toISOString()
    )
  }
}

async function metrics(query: string): Promise<MetricsResponse> {
  const res = await e.app.inject({ method: 'GET', url: `/api/v1/metrics${query}` })
  return MetricsResponseSchema.parse(ok(res))
}

beforeAll(async () => {
  e = await evalApp(NOW)
  await seed()
})
afterAll(async () => e.cleanup())

describe('the seeds mean what they say', () => {
  it('are varied enough for the figures to test something', () => {
    const all = expected({})
    for (const k of ['onTimeCompletion', 'complaintTimeliness', 'satisfaction', 'rectificationInTime', 'satisfactionActive', 'goodRate', 'unratedRate'] as const) {
      expect(all[k].numerator).toBeGreaterThan(0)
      expect(all[k].numerator).toBeLessThan(all[k].denominator)
    }
    expect(all.ratings.defaulted).toBeGreaterThan(0)
    expect(all.ratings.excluded).toBeGreaterThan(0)
    // the active 好评率 differs from the one with defaults in its denominator; the median from the p90
    expect(all.activeGoodRate.denominator).toBeLessThan(all.goodRate.denominator)
    expect(all.processing.p90Hours).toBeGreaterThan(all.processing.medianHours as number)
    // submissions just after midnight in Shanghai count for hour 0 of their local (not UTC) day
    expect(all.peaks.byHour[0]).toBeGreaterThan(0)
    expect(all.peaks.byWeekday.filter((n) => n > 0).length).toBeGreaterThan(1)
    expect(openComplaints.length).toBeGreaterThan(0)
    expect(rectFacts.some((f) => !f.counted)).toBe(true)
    // the two boundary cases: due 2026-03-31, decided 04-01 00:30 (April, late) and 03-31 23:30 (March, on time)
    expect(addWorkingDays('2026-03-17', 10)).toBe('2026-03-31')
    expect(TODAY > '2026-05-08').toBe(true)
  })
})

describe('GET /api/v1/metrics (public, 001 §6.2)', () => {
  it.each<[string, Filter]>([
    ['everything', {}],
    ['a county', { region: '331102' }],
    ['a county of another city', { region: '330802' }],
    ['a city (its counties)', { region: '331100' }],
    ['a province', { region: '330000' }],
    ['an item', { item: 'medical-reimbursement' }],
    ['a smart item (always on time)', { item: 'referral-filing' }],
    ['a month', { month: '2026-03' }],
    ['the next month', { month: '2026-04' }],
    ['the month the default ratings fall in', { month: '2026-05' }],
    ['region, item and month', { region: '331100', item: 'account-withdrawal', month: '2026-04' }],
    ['a region with nothing', { region: '320900' }]
  ])('computes %s from the records', async (_name, q) => {
    const qs = new URLSearchParams(Object.entries(q)).toString()
    const m = await metrics(qs ? `?${qs}` : '')
    expect(m.overall).toEqual(expected(q))
    expect(m.month).toBe(q.month ?? null)
    expect(m.item?.id ?? null).toBe(q.item ?? null)
    expect(m.region?.code ?? null).toBe(q.region ?? null)
    expect(m.satisfactionTarget).toBe(0.9)

    if (q.item) expect(m.byItem).toBeNull()
    else {
      const items = [...new Set(FACTS.filter((f) => matches(f, q) && f.item).map((f) => f.item as string))].sort()
      expect(m.byItem?.map((r) => r.itemId).sort()).toEqual(items)
      for (const row of m.byItem ?? []) {
        const { itemId, itemName, ...set } = row
        expect(set).toEqual(expected({ ...q, item: itemId }))
        expect(itemName).toBe(Object.values(ITEMS).find((x) => x.id === itemId)?.name)
      }
    }
    if (q.month) expect(m.byMonth).toBeNull()
    else {
      const months = [...new Set(FACTS.filter((f) => matches(f, q)).map((f) => f.month))].sort()
      expect(m.byMonth?.map((r) => r.month)).toEqual(months)
      for (const row of m.byMonth ?? []) {
        const { month, ...set } = row
        expect(set).toEqual(expected({ ...q, month }))
      }
    }
  })

  it('names the filters it applied', async () => {
    const m = await metrics('?region=331100&item=account-withdrawal&month=2026-04')
    expect(m.region).toEqual({ code: '331100', name: '丽水市' })
    expect(m.item).toEqual({ id: 'account-withdrawal', name: '个人账户一次性支取' })
    expect(m.generatedAt).toBe(NOW)
  })

  it('has no stored counters: a new record changes the figures at once', async () => {
    const before = (await metrics('?region=331125')).overall
    expect(before.onTimeCompletion).toEqual({ numerator: 0, denominator: 0, rate: null })
    await insertCase(e.db, {
      userId: 'late-user',
      applicant: { name: SECRET.name, idNumber: SECRET.idNumber },
      region: '331125',
      regionName: '云和县',
      submittedAt: '2026-05-04T02:00:00.000Z',
      clockStartDate: '2026-05-06',
      timeLimitDays: 5,
      decidedAt: '2026-05-19T02:00:00.000Z'
    })
    // due 2026-05-13 (5 working days from 05-06), decided 05-19: late
    expect((await metrics('?region=331125')).overall.onTimeCompletion).toEqual({ numerator: 0, denominator: 1, rate: 0 })
  })

  it('says which parameter is wrong', async () => {
    expectError(await e.app.inject({ method: 'GET', url: '/api/v1/metrics?month=2026-13' }), 400, 'VALIDATION_FAILED')
    expectError(await e.app.inject({ method: 'GET', url: '/api/v1/metrics?region=3311' }), 400, 'VALIDATION_FAILED')
    expectError(await e.app.inject({ method: 'GET', url: '/api/v1/metrics?region=999999' }), 404, 'REGION_UNKNOWN')
    expectError(await e.app.inject({ method: 'GET', url: '/api/v1/metrics?item=no-such-item' }), 404, 'ITEM_UNKNOWN')
  })

  it('answers without sign-in, with aggregates only — no personal data, texts, case numbers or ids', async () => {
    const res = await e.app.inject({ method: 'GET', url: '/api/v1/metrics' })
    expect(res.statusCode).toBe(200)
    for (const s of [SECRET.name, SECRET.idNumber, SECRET.phone, SECRET.text, 'YBTEST', 'TSSEED', 'seed-user', '李芳']) expect(res.body).not.toContain(s)
    const keys = new Set<string>()
    const walk = (v: unknown): void => {
      if (Array.isArray(v)) v.forEach(walk)
      else if (v && typeof v === 'object') {
        for (const [k, x] of Object.entries(v)) {
          keys.add(k)
          walk(x)
        }
      }
    }
    walk(res.json())
    const allowed = new Set([
      'region', 'item', 'month', 'generatedAt', 'overall', 'byItem', 'byMonth', 'satisfactionTarget', 'code', 'name', 'id', 'itemId', 'itemName',
      'onTimeCompletion', 'complaintTimeliness', 'satisfaction', 'rectificationInTime', 'numerator', 'denominator', 'rate', 'ratings', 'byLevel',
      'defaulted', 'excluded', 'verySatisfied', 'satisfied', 'basic', 'dissatisfied', 'veryDissatisfied',
      'satisfactionActive', 'goodRate', 'activeGoodRate', 'unratedRate', 'active', 'processing', 'decided', 'medianHours', 'p90Hours', 'peaks',
      'byHour', 'byWeekday'
    ])
    expect([...keys].filter((k) => !allowed.has(k))).toEqual([])
    // the route is the only public one about ratings: nothing lists them without the staff token or a sign-in
    expect((await e.app.inject({ method: 'GET', url: '/api/v1/evaluations' })).statusCode).toBe(401)
    expect((await e.app.inject({ method: 'GET', url: '/api/v1/staff/evaluations' })).statusCode).toBe(401)
  })
})

describe('GET /api/v1/staff/metrics (supervision: the account’s region, by region)', () => {
  const get = async (query: string, who: Parameters<typeof staffAuth>[1]) =>
    e.app.inject({ method: 'GET', url: `/api/v1/staff/metrics${query}`, headers: await staffAuth(e.app, who) })

  it('reports the account’s region by default, with a row per county counted from the same records', async () => {
    const county = StaffMetricsSchema.parse(ok(await get('', { role: 'evaluationAdmin', region: '331102', name: '莲都专员' })))
    expect(county.region).toEqual({ code: '331102', name: '莲都区' })
    expect(county.overall).toEqual(expected({ region: '331102' }))
    expect(county.byRegion.map((r) => r.region.code)).toEqual(['331102'])

    const city = StaffMetricsSchema.parse(ok(await get('?month=2026-04', { role: 'chief', region: '331100', name: '丽水科长' })))
    const codes = city.byRegion.map((r) => r.region.code)
    expect(codes).toEqual(expect.arrayContaining(['331102', '331121']))
    expect(codes).not.toContain('330802')
    for (const { region, ...set } of city.byRegion.filter((r) => REGIONS.includes(r.region.code))) {
      expect(set).toEqual(expected({ region: region.code, month: '2026-04' }))
      expect(region.name).toBe(REGION_NAMES[region.code])
    }
    // a region within the account's: its own figures
    const within = StaffMetricsSchema.parse(ok(await get('?region=331121&item=medical-reimbursement', { role: 'chief', region: '331100', name: '丽水科长' })))
    expect(within.overall).toEqual(expected({ region: '331121', item: 'medical-reimbursement' }))
    expect(within.byMonth?.length).toBeGreaterThan(0)
  })

  it('is for the 科长 and 好差评管理员 of the region only', async () => {
    expectError(await get('?region=330802', { role: 'chief', region: '331100', name: '丽水科长' }), 404, 'REGION_UNKNOWN')
    expectError(await get('', { role: 'clerk', region: '331102', name: '窗口甲' }), 403, 'STAFF_FORBIDDEN')
    expectError(await e.app.inject({ method: 'GET', url: '/api/v1/staff/metrics' }), 401, 'STAFF_UNAUTHORIZED')
  })
})
