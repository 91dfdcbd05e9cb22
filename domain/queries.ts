import { APPLICATION_STATUS_LABEL, CASE_STEPS_NOT_TAKEN, QUERY_REPEAT_MINUTES, type ApplicationDetail } from '../contract/apply'
import { applyAction, type CaseState } from './workflow'

/**
 * Query cases (查询服务, 001 §5.2.1): a query is answered at once and kept in 我的办件 as a case of its own, so its
 * answer can be seen again and the service rated like any other (000 §6.1.4.2 办结结果查询和事项好差评在线评价; 003
 * §5.3.4.2: 好差评 covers every service). Pure rules shared by the BFF's case systems and the mocks.
 */

/** who answered, on the case's timeline */
export const QUERY_ACTOR_NAME = '系统（查询服务）'

/** A query case as it is made: answered by the system at once (submitted ─answerQuery─▶ completed). */
export function answeredQueryCase(): { state: CaseState; label: string } {
  const made: CaseState = {
    status: 'submitted',
    handlingMode: 'query',
    needsPaper: false,
    paperReceived: false,
    supplementReturnTo: null,
    delivered: false,
    materialsReturned: false
  }
  return applyAction(made, 'answerQuery')
}

/**
 * Whether a query asked at `now` refreshes the answer of the last query case the same account made about the same
 * person, item and region (made at `madeAt`) instead of making another: within QUERY_REPEAT_MINUTES of that case's
 * making. Counted from the making, not from the last refresh, so asking again all day keeps at most one case per
 * half hour — 我的办件 is not flooded, and what was known at each time is still kept.
 */
export function refreshesQueryCase(madeAt: string | null, now: Date): boolean {
  if (!madeAt) return false
  const age = now.getTime() - Date.parse(madeAt)
  return age >= 0 && age < QUERY_REPEAT_MINUTES * 60_000
}

/**
 * A query case as the contract shows it (the mocks and the fakes of an agency's system make it so; the embedded case
 * system keeps it in its tables): completed at once, no form, no materials, no clock, its answer and one node.
 */
export function queryCaseDetail(q: {
  id: string
  caseNo: string
  item: { id: string; name: string; region: { code: string; name: string } }
  /** as shown: masked for citizens */
  applicantName: string
  actorName: string
  answer: NonNullable<ApplicationDetail['queryAnswer']>
  eventId: string
}): ApplicationDetail {
  const made = answeredQueryCase()
  const at = q.answer.answeredAt
  return {
    id: q.id,
    caseNo: q.caseNo,
    itemId: q.item.id,
    itemName: q.item.name,
    handlingMode: 'query',
    status: made.state.status,
    statusLabel: APPLICATION_STATUS_LABEL[made.state.status],
    region: q.item.region,
    applicantName: q.applicantName,
    submittedAt: at,
    dueDate: null,
    overdue: false,
    nextStep: null,
    updatedAt: at,
    fields: [],
    uploads: [],
    sharedVerified: [],
    events: [{ id: q.eventId, at, actor: { kind: 'system', name: QUERY_ACTOR_NAME }, action: 'answerQuery', label: made.label, from: 'submitted', to: made.state.status, note: null }],
    ...CASE_STEPS_NOT_TAKEN,
    timeLimitDays: null,
    queryAnswer: q.answer,
    actorName: q.actorName
  }
}
