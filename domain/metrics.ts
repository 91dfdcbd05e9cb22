import type { RegionNode } from '../contract/catalog'
import {
  EVALUATION_LEVELS,
  GOOD_LEVELS,
  SATISFACTION_TARGET,
  SATISFIED_LEVELS,
  isBadLevel,
  rateOf,
  type EvaluationLevel,
  type MetricSet,
  type MetricsQuery,
  type MetricsResponse
} from '../contract/evaluation'
import { isOverdue, shanghaiDate } from './calendar'
import { errors } from './errors'

/**
 * The service metrics of 001 §6.2 (按时办结率, 投诉及时处理率, 用户满意率) and the share of 差评 rectified in time
 * (000 §8.2.1), per item, region and month, as pure functions of one fact per record. The BFF's metrics source and
 * the msw mocks reduce their records to these facts and report with `metricsReport`. The definitions are in
 * contract/evaluation.ts (MetricSetSchema); in short:
 *  - a case counts in the month (Asia/Shanghai) of its decision, a rating in the month it was given (a default rating:
 *    the end of its window), a complaint in the month it was filed;
 *  - a region filter takes the region and every region under it (a city aggregates its counties);
 *  - a complaint not about a case has no item: it counts for its region, and not when an item is asked for;
 *  - a rating whose appeal was upheld (恶意差评) is left out of every figure and counted as `excluded`;
 *  - a default rating of the sweep is its own count, never a person's satisfaction (GB/T 39734/39735 practice:
 *    主动评价 and 未评价 are published apart);
 *  - 000 §8.2.3: how long decided cases took (calendar hours from submit to decision) and when cases come in (hour
 *    and weekday of submission, Asia/Shanghai).
 * Only counts leave this module: no names, numbers, texts or ids of people or cases.
 */

/** one fact per record, already reduced to what the figures need */
export interface CaseFact {
  kind: 'case'
  itemId: string
  itemName: string
  region: string
  month: string
  onTime: boolean
  /** elapsed hours from submit to the decision */
  hours: number
}
/** a submitted case, for the peaks by hour and weekday (000 §8.2.3); month and times of its submission */
export interface SubmissionFact {
  kind: 'submission'
  itemId: string
  itemName: string
  region: string
  month: string
  /** 0–23, Asia/Shanghai */
  hour: number
  /** 0 Monday … 6 Sunday */
  weekday: number
}
export interface RatingFact {
  kind: 'rating'
  itemId: string
  itemName: string
  region: string
  month: string
  level: EvaluationLevel
  defaulted: boolean
  excluded: boolean
  /** null: a 差评 not yet counted for rectification (no feedback, not yet due) or not a 差评 */
  rectifiedInTime: boolean | null
}
export interface ComplaintFact {
  kind: 'complaint'
  itemId: string | null
  itemName: string | null
  region: string
  month: string
  /** null: open and not yet due (not counted) */
  timely: boolean | null
}
export type Fact = CaseFact | SubmissionFact | RatingFact | ComplaintFact

export function month(iso: string): string {
  return shanghaiDate(new Date(iso)).slice(0, 7)
}

export function dateOf(iso: string): string {
  return shanghaiDate(new Date(iso))
}

export function emptyByLevel(): Record<EvaluationLevel, number> {
  return Object.fromEntries(EVALUATION_LEVELS.map((l) => [l, 0])) as Record<EvaluationLevel, number>
}

/** The figures of a set of facts. */
export function aggregate(facts: Fact[]): MetricSet {
  let casesOnTime = 0
  let cases = 0
  let satisfied = 0
  let satisfiedActive = 0
  let good = 0
  let rated = 0
  let rectifiedInTime = 0
  let rectifyCounted = 0
  let complaintsTimely = 0
  let complaintsCounted = 0
  let defaulted = 0
  let excluded = 0
  const byLevel = emptyByLevel()
  const hours: number[] = []
  const byHour = new Array<number>(24).fill(0)
  const byWeekday = new Array<number>(7).fill(0)
  for (const f of facts) {
    if (f.kind === 'case') {
      cases++
      if (f.onTime) casesOnTime++
      hours.push(f.hours)
    } else if (f.kind === 'submission') {
      byHour[f.hour]++
      byWeekday[f.weekday]++
    } else if (f.kind === 'rating') {
      if (f.excluded) {
        excluded++
        continue
      }
      rated++
      if (SATISFIED_LEVELS.includes(f.level)) satisfied++
      if (f.defaulted) defaulted++
      else {
        byLevel[f.level]++
        if (SATISFIED_LEVELS.includes(f.level)) satisfiedActive++
        if (GOOD_LEVELS.includes(f.level)) good++
      }
      if (f.rectifiedInTime !== null) {
        rectifyCounted++
        if (f.rectifiedInTime) rectifiedInTime++
      }
    } else if (f.timely !== null) {
      complaintsCounted++
      if (f.timely) complaintsTimely++
    }
  }
  const active = rated - defaulted
  hours.sort((a, b) => a - b)
  return {
    onTimeCompletion: rateOf(casesOnTime, cases),
    complaintTimeliness: rateOf(complaintsTimely, complaintsCounted),
    satisfaction: rateOf(satisfied, rated),
    rectificationInTime: rateOf(rectifiedInTime, rectifyCounted),
    satisfactionActive: rateOf(satisfiedActive, active),
    goodRate: rateOf(good, rated),
    activeGoodRate: rateOf(good, active),
    unratedRate: rateOf(defaulted, rated),
    ratings: { byLevel, active, defaulted, excluded },
    processing: { decided: hours.length, medianHours: median(hours), p90Hours: nearestRank(hours, 0.9) },
    peaks: { byHour, byWeekday }
  }
}

/** the median of sorted values (the mean of the two middle ones for an even count), one decimal; null when empty */
function median(sorted: number[]): number | null {
  const n = sorted.length
  if (n === 0) return null
  const mid = Math.floor(n / 2)
  return round1(n % 2 === 1 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2)
}

/** the p-th percentile of sorted values by nearest rank (the smallest value at or above p of them), one decimal */
function nearestRank(sorted: number[], p: number): number | null {
  if (sorted.length === 0) return null
  return round1(sorted[Math.max(0, Math.ceil(p * sorted.length) - 1)])
}

function round1(v: number): number {
  return Math.round(v * 10) / 10
}

/** A decided case: on time when decided on or before its due date (no due date: smart items, no time limit). */
export function caseFact(c: {
  itemId: string
  itemName: string
  region: string
  submittedAt: string
  decidedAt: string
  dueDate: string | null
}): CaseFact {
  return {
    kind: 'case',
    itemId: c.itemId,
    itemName: c.itemName,
    region: c.region,
    month: month(c.decidedAt),
    onTime: c.dueDate === null || dateOf(c.decidedAt) <= c.dueDate,
    hours: Math.max(0, Date.parse(c.decidedAt) - Date.parse(c.submittedAt)) / 3_600_000
  }
}

const SHANGHAI_HOUR_DAY = new Intl.DateTimeFormat('en-GB', { timeZone: 'Asia/Shanghai', hour: '2-digit', hourCycle: 'h23', weekday: 'short' })
const WEEKDAYS = ['Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat', 'Sun']

/** A submitted case, decided or not: the hour and weekday (Asia/Shanghai) it came in. */
export function submissionFact(c: { itemId: string; itemName: string; region: string; submittedAt: string }): SubmissionFact {
  const parts = SHANGHAI_HOUR_DAY.formatToParts(new Date(c.submittedAt))
  const hour = Number(parts.find((p) => p.type === 'hour')?.value)
  const weekday = WEEKDAYS.indexOf(parts.find((p) => p.type === 'weekday')?.value ?? '')
  return { kind: 'submission', itemId: c.itemId, itemName: c.itemName, region: c.region, month: month(c.submittedAt), hour, weekday }
}

/** A rating; a 差评 counts for rectification once it has its first feedback or is past its first due date. */
export function ratingFact(
  r: {
    itemId: string
    itemName: string
    region: string
    level: EvaluationLevel
    defaulted: boolean
    excluded: boolean
    ratedAt: string
    firstDueDate: string | null
    firstFeedbackAt: string | null
  },
  now: Date
): RatingFact {
  let rectifiedInTime: boolean | null = null
  if (isBadLevel(r.level) && r.firstDueDate) {
    if (r.firstFeedbackAt) rectifiedInTime = dateOf(r.firstFeedbackAt) <= r.firstDueDate
    else if (isOverdue(r.firstDueDate, now)) rectifiedInTime = false
  }
  return { kind: 'rating', itemId: r.itemId, itemName: r.itemName, region: r.region, month: month(r.ratedAt), level: r.level, defaulted: r.defaulted, excluded: r.excluded, rectifiedInTime }
}

/** A complaint: timely when answered by its due date; open and not yet due, it does not count yet. */
export function complaintFact(
  c: { itemId: string | null; itemName: string | null; region: string; createdAt: string; dueDate: string; answeredAt: string | null },
  now: Date
): ComplaintFact {
  const timely = c.answeredAt ? dateOf(c.answeredAt) <= c.dueDate : isOverdue(c.dueDate, now) ? false : null
  return { kind: 'complaint', itemId: c.itemId, itemName: c.itemName, region: c.region, month: month(c.createdAt), timely }
}

/** A region code → its name and the codes of it and every region under it; 404 REGION_UNKNOWN. */
export function regionScope(tree: RegionNode[], code: string): { name: string; codes: Set<string> } {
  const find = (nodes: RegionNode[]): RegionNode | null => {
    for (const n of nodes) {
      if (n.code === code) return n
      const hit = n.children ? find(n.children) : null
      if (hit) return hit
    }
    return null
  }
  const node = find(tree)
  if (!node) throw errors.regionUnknown()
  const codes = new Set<string>()
  const walk = (n: RegionNode): void => {
    codes.add(n.code)
    for (const c of n.children ?? []) walk(c)
  }
  walk(node)
  return { name: node.name, codes }
}

/**
 * The answer of GET /metrics from every fact: filtered by region (with the regions under it), item and month, then
 * overall, by item (when no item is asked for) and by month (when no month is asked for).
 */
export function metricsReport(
  all: Fact[],
  q: MetricsQuery,
  ctx: { now: Date; regions: RegionNode[]; itemName: (id: string) => string | null }
): MetricsResponse {
  const { region, item, facts } = selectFacts(all, q, ctx)
  let byItem: MetricsResponse['byItem'] = null
  if (!item) {
    byItem = [...groupBy(facts, (f) => f.itemId).entries()]
      .map(([itemId, fs]) => ({
        itemId,
        itemName: ctx.itemName(itemId) ?? fs.find((f) => f.itemName)?.itemName ?? itemId,
        ...aggregate(fs)
      }))
      .sort((a, b) => a.itemName.localeCompare(b.itemName, 'zh-Hans-CN') || (a.itemId < b.itemId ? -1 : 1))
  }
  let byMonth: MetricsResponse['byMonth'] = null
  if (!q.month) {
    byMonth = [...groupBy(facts, (f) => f.month).entries()].sort(([a], [b]) => (a < b ? -1 : 1)).map(([m, fs]) => ({ month: m, ...aggregate(fs) }))
  }
  return {
    region: region ? { code: region.code, name: region.name } : null,
    item,
    month: q.month ?? null,
    generatedAt: ctx.now.toISOString(),
    overall: aggregate(facts),
    byItem,
    byMonth,
    satisfactionTarget: SATISFACTION_TARGET
  }
}

/** The facts a query selects: of the region (and every region under it), the item and the month. */
function selectFacts(
  all: Fact[],
  q: MetricsQuery,
  ctx: { regions: RegionNode[]; itemName: (id: string) => string | null }
): { region: { code: string; name: string; codes: Set<string> } | null; item: { id: string; name: string } | null; facts: Fact[] } {
  const region = q.region ? { code: q.region, ...regionScope(ctx.regions, q.region) } : null
  let item: { id: string; name: string } | null = null
  if (q.item) {
    const name = ctx.itemName(q.item)
    if (name === null) throw errors.itemUnknown()
    item = { id: q.item, name }
  }
  const facts = all.filter((f) => (!region || region.codes.has(f.region)) && (!item || f.itemId === item.id) && (!q.month || f.month === q.month))
  return { region, item, facts }
}

/**
 * The same selection by region: one row per region that has any record (each fact counts for the region it was
 * recorded in, a county as a rule), named from the tree, by code. For the agency's supervision screen.
 */
export function metricsByRegion(
  all: Fact[],
  q: MetricsQuery,
  ctx: { regions: RegionNode[]; itemName: (id: string) => string | null }
): (MetricSet & { region: { code: string; name: string } })[] {
  const { facts } = selectFacts(all, q, ctx)
  const names = new Map<string, string>()
  const walk = (nodes: RegionNode[]): void => {
    for (const n of nodes) {
      names.set(n.code, n.name)
      walk(n.children ?? [])
    }
  }
  walk(ctx.regions)
  return [...groupBy(facts, (f) => f.region).entries()].sort(([a], [b]) => (a < b ? -1 : 1)).map(([code, fs]) => ({ region: { code, name: names.get(code) ?? code }, ...aggregate(fs) }))
}

/** facts by a key; a fact whose key is null (a complaint not about a case, by item) is left out */
function groupBy(facts: Fact[], key: (f: Fact) => string | null): Map<string, Fact[]> {
  const groups = new Map<string, Fact[]>()
  for (const f of facts) {
    const k = key(f)
    if (k === null) continue
    const g = groups.get(k)
    if (g) g.push(f)
    else groups.set(k, [f])
  }
  return groups
}
