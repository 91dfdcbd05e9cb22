import type { EvaluationLevel } from '../../../../contract/evaluation'
import { FINAL_ACTIONS } from '../../../../domain/evaluation'
import { caseFact, complaintFact, ratingFact, submissionFact, type Fact } from '../../../../domain/metrics'
import type { Db } from '../../db'
import { caseDueDate, type ApplicationRow } from '../casesystem/views'
import type { MetricsSource } from './types'

const FINAL_ACTIONS_SQL = `(${FINAL_ACTIONS.map((a) => `'${a}'`).join(', ')})`

/**
 * The metrics source of the embedded case, 好差评 and complaint systems: one fact per row of their tables, read on
 * every call (no stored counters to drift).
 */
export class EmbeddedMetricsSource implements MetricsSource {
  constructor(private readonly db: Db) {}

  async facts(now: Date): Promise<Fact[]> {
    const db = this.db
    const out: Fact[] = []
    const cases = await db
      .prepare<[], ApplicationRow & { decided_at: string | null }>(
        `SELECT a.*, (SELECT MIN(e.at) FROM application_events e WHERE e.application_id = a.id AND e.action IN ${FINAL_ACTIONS_SQL}) AS decided_at
         FROM applications a
         -- a query case (查询服务) is answered at once and has no time limit: counted in the 好差评 figures by its rating,
         -- never in the applications and 按时办结率 (001 §6.2), which it would only flatter
         WHERE a.handling_mode <> 'query'`
      )
      .all()
    for (const a of cases) {
      const base = { itemId: a.item_id, itemName: a.item_name, region: a.region_code, submittedAt: a.submitted_at }
      out.push(submissionFact(base))
      if (a.status !== 'completed' && a.status !== 'rejected') continue
      const decided = a.decided_at ?? a.updated_at
      // the due date as the case view computes it, frozen at the decision
      out.push(caseFact({ ...base, decidedAt: decided, dueDate: caseDueDate(a, new Date(decided)) }))
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
      out.push(
        ratingFact(
          {
            itemId: r.item_id,
            itemName: r.item_name,
            region: r.region_code,
            level: r.level,
            defaulted: r.defaulted === 1,
            excluded: r.excluded === 1,
            ratedAt: r.rated_at,
            firstDueDate: r.first_due_date,
            firstFeedbackAt: r.first_feedback_at
          },
          now
        )
      )
    }
    const complaints = await db
      .prepare<[], { item_id: string | null; item_name: string | null; region_code: string; created_at: string; due_date: string; answered_at: string | null }>(
        `SELECT c.item_id, a.item_name, c.region_code, c.created_at, c.due_date, c.answered_at
         FROM complaints c LEFT JOIN applications a ON a.id = c.application_id`
      )
      .all()
    for (const c of complaints) {
      out.push(complaintFact({ itemId: c.item_id, itemName: c.item_name, region: c.region_code, createdAt: c.created_at, dueDate: c.due_date, answeredAt: c.answered_at }, now))
    }
    return out
  }
}
