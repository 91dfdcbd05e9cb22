import type { RegionNode } from '../../../contract/catalog'
import {
  EVALUATION_LEVELS,
  SATISFACTION_TARGET,
  SATISFIED_LEVELS,
  isBadLevel,
  rateOf,
  type EvaluationLevel,
  type MetricSet,
  type MetricsQuery,
  type MetricsResponse
} from '../../../contract/evaluation'
import type { Db } from '../db'
import { errors } from '../errors'
import { isOverdue, shanghaiDate } from '../workflow/calendar'
import { caseDueDate, type ApplicationRow } from './apply-views'
import type { CatalogService } from './catalog'

/**
 * The service metrics of 001 §6.2 (按时办结率, 投诉及时处理率, 用户满意率) and the share of 差评 rectified in time
 * (000 §8.2.1), per item, region and month. Computed from the case, rating and complaint rows on every call — no
 * stored counters to drift. The definitions are in contract/evaluation.ts (MetricSetSchema); in short:
 *  - a case counts in the month (Asia/Shanghai) of its decision, a rating in the month it was given (a default rating:
 *    the end of its window), a complaint in the month it was filed;
 *  - a region filter takes the region and every region under it (a city aggregates its counties);
 *  - a complaint not about a case has no item: it counts for its region, and not when an item is asked for.
 * Only counts leave this module: no names, numbers, texts or ids of people or cases.
 */

/** one fact per record, already reduced to what the figures need */
interface CaseFact {
  kind: 'case'
  itemId: string
  itemName: string
  region: string
  month: string
  onTime: boolean
}
interface RatingFact {
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
interface ComplaintFact {
  kind: 'complaint'
  itemId: string | null
  itemName: string | null
  region: string
  month: string
  /** null: open and not yet due (not counted) */
  timely: boolean | null
}
type Fact = CaseFact | RatingFact | ComplaintFact

const FINAL_ACTIONS_SQL = "('complete', 'reject', 'autoComplete', 'autoReject')"

function month(iso: string): string {
  return shanghaiDate(new Date(iso)).slice(0, 7)
}

function dateOf(iso: string): string {
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
  let rated = 0
  let rectifiedInTime = 0
  let rectifyCounted = 0
  let complaintsTimely = 0
  let complaintsCounted = 0
  let defaulted = 0
  let excluded = 0
  const byLevel = emptyByLevel()
  for (const f of facts) {
    if (f.kind === 'case') {
      cases++
      if (f.onTime) casesOnTime++
    } else if (f.kind === 'rating') {
      if (f.excluded) {
        excluded++
        continue
      }
      rated++
      byLevel[f.level]++
      if (f.defaulted) defaulted++
      if (SATISFIED_LEVELS.includes(f.level)) satisfied++
      if (f.rectifiedInTime !== null) {
        rectifyCounted++
        if (f.rectifiedInTime) rectifiedInTime++
      }
    } else if (f.timely !== null) {
      complaintsCounted++
      if (f.timely) complaintsTimely++
    }
  }
  return {
    onTimeCompletion: rateOf(casesOnTime, cases),
    complaintTimeliness: rateOf(complaintsTimely, complaintsCounted),
    satisfaction: rateOf(satisfied, rated),
    rectificationInTime: rateOf(rectifiedInTime, rectifyCounted),
    ratings: { byLevel, defaulted, excluded }
  }
}

export class MetricsService {
  constructor(private readonly d: { db: Db; catalog: CatalogService; now: () => Date }) {}

  /** A region code → its name and the codes of it and every region under it. */
  private regionScope(code: string): { name: string; codes: Set<string> } {
    const find = (nodes: RegionNode[]): RegionNode | null => {
      for (const n of nodes) {
        if (n.code === code) return n
        const hit = n.children ? find(n.children) : null
        if (hit) return hit
      }
      return null
    }
    const node = find(this.d.catalog.regions())
    if (!node) throw errors.regionUnknown()
    const codes = new Set<string>()
    const walk = (n: RegionNode): void => {
      codes.add(n.code)
      for (const c of n.children ?? []) walk(c)
    }
    walk(node)
    return { name: node.name, codes }
  }

  private async facts(now: Date): Promise<Fact[]> {
    const db = this.d.db
    const out: Fact[] = []
    const cases = await db
      .prepare<[], ApplicationRow & { decided_at: string | null }>(
        `SELECT a.*, (SELECT MIN(e.at) FROM application_events e WHERE e.application_id = a.id AND e.action IN ${FINAL_ACTIONS_SQL}) AS decided_at
         FROM applications a WHERE a.status IN ('completed', 'rejected')`
      )
      .all()
    for (const a of cases) {
      const decided = a.decided_at ?? a.updated_at
      // the due date as the case view computes it, frozen at the decision; no due date (smart items, no time limit) = on time
      const due = caseDueDate(a, new Date(decided))
      out.push({ kind: 'case', itemId: a.item_id, itemName: a.item_name, region: a.region_code, month: month(decided), onTime: due === null || dateOf(decided) <= due })
    }
    const ratings = await db
      .prepare<
        [],
        {
          level: EvaluationLevel
          defaulted: number
          excluded: number
          rated_at: string
          first_due_date: string | null
          first_feedback_at: string | null
          item_id: string
          item_name: string
          region_code: string
        }
      >(
        `SELECT v.level, v.defaulted, v.excluded, v.rated_at, v.first_due_date, v.first_feedback_at, a.item_id, a.item_name, a.region_code
         FROM evaluations v JOIN applications a ON a.id = v.application_id`
      )
      .all()
    for (const r of ratings) {
      let rectifiedInTime: boolean | null = null
      if (isBadLevel(r.level) && r.first_due_date) {
        if (r.first_feedback_at) rectifiedInTime = dateOf(r.first_feedback_at) <= r.first_due_date
        else if (isOverdue(r.first_due_date, now)) rectifiedInTime = false
      }
      out.push({
        kind: 'rating',
        itemId: r.item_id,
        itemName: r.item_name,
        region: r.region_code,
        month: month(r.rated_at),
        level: r.level,
        defaulted: r.defaulted === 1,
        excluded: r.excluded === 1,
        rectifiedInTime
      })
    }
    const complaints = await db
      .prepare<[], { item_id: string | null; item_name: string | null; region_code: string; created_at: string; due_date: string; answered_at: string | null }>(
        `SELECT c.item_id, a.item_name, c.region_code, c.created_at, c.due_date, c.answered_at
         FROM complaints c LEFT JOIN applications a ON a.id = c.application_id`
      )
      .all()
    for (const c of complaints) {
      const timely = c.answered_at ? dateOf(c.answered_at) <= c.due_date : isOverdue(c.due_date, now) ? false : null
      out.push({ kind: 'complaint', itemId: c.item_id, itemName: c.item_name, region: c.region_code, month: month(c.created_at), timely })
    }
    return out
  }

  async compute(q: MetricsQuery): Promise<MetricsResponse> {
    const now = this.d.now()
    const region = q.region ? { code: q.region, ...this.regionScope(q.region) } : null
    let item: { id: string; name: string } | null = null
    if (q.item) {
      const def = this.d.catalog.itemDefinition(q.item)
      if (!def) throw errors.itemUnknown()
      item = { id: def.id, name: def.name }
    }
    const facts = (await this.facts(now)).filter(
      (f) => (!region || region.codes.has(f.region)) && (!item || f.itemId === item.id) && (!q.month || f.month === q.month)
    )
    let byItem: MetricsResponse['byItem'] = null
    if (!item) {
      const groups = new Map<string, Fact[]>()
      for (const f of facts) {
        if (!f.itemId) continue
        const g = groups.get(f.itemId)
        if (g) g.push(f)
        else groups.set(f.itemId, [f])
      }
      byItem = [...groups.entries()]
        .map(([itemId, fs]) => ({
          itemId,
          itemName: this.d.catalog.itemDefinition(itemId)?.name ?? fs.find((f) => f.itemName)?.itemName ?? itemId,
          ...aggregate(fs)
        }))
        .sort((a, b) => a.itemName.localeCompare(b.itemName, 'zh-Hans-CN') || (a.itemId < b.itemId ? -1 : 1))
    }
    let byMonth: MetricsResponse['byMonth'] = null
    if (!q.month) {
      const groups = new Map<string, Fact[]>()
      for (const f of facts) {
        const g = groups.get(f.month)
        if (g) g.push(f)
        else groups.set(f.month, [f])
      }
      byMonth = [...groups.entries()].sort(([a], [b]) => (a < b ? -1 : 1)).map(([m, fs]) => ({ month: m, ...aggregate(fs) }))
    }
    return {
      region: region ? { code: region.code, name: region.name } : null,
      item,
      month: q.month ?? null,
      generatedAt: now.toISOString(),
      overall: aggregate(facts),
      byItem,
      byMonth,
      satisfactionTarget: SATISFACTION_TARGET
    }
  }
}
