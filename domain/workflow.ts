import { APPLICATION_STATUS_LABEL, type ApplicationStatus, type StaffActionName } from '../contract/apply'
import type { HandlingMode } from '../contract/catalog'
import { errors } from './errors'

/**
 * The case (办件) state machine: a pure function from (state, action) to the next state and the Chinese label of
 * the timeline node. It decides only whether a step is allowed and what it changes; the apply service stores the
 * state, the event (000 §6.1.4.1: every node is tracked) and the side data (supplement, result, delivery).
 *
 * 人工核办 (001 §5.2.3):
 *   submitted ─assign─▶ assigned                                   §5.2.3.1 pushed to the agency, a window clerk assigned
 *   assigned ─accept─▶ accepted                                    §5.2.3.2 no paper originals needed: accepted at once
 *   assigned ─preAccept─▶ preAccepted ─receivePaper─▶ accepted      §5.2.3.2–5.2.3.3 paper originals awaited, then accepted
 *   accepted ─startReview─▶ inReview ─complete─▶ completed          §5.2.3.4 the back office reviews and decides
 *   assigned | preAccepted | accepted | inReview ─reject─▶ rejected   §5.2.3.4 不予办理
 *   assigned | preAccepted | accepted | inReview ─requestSupplement─▶ supplementRequested
 *     ─resubmit─▶ back to the step that asked                      §5.2.3.5 补正 with the materials and a deadline
 *   completed | rejected ─deliver─▶ (same status, once)             §5.2.3.7 result document handed over or mailed
 *   completed | rejected ─returnMaterials─▶ (same status, once)     §5.2.3.6 kept paper originals sent back
 *   assigned … supplementRequested ─reassign─▶ (same status)        another clerk takes an open case over
 *   assigned … supplementRequested ─extendTimeLimit─▶ (same status)  003 §7.4.1.7 特殊情况: the time limit extended
 * 智能办理 (001 §5.2.2): submitted ─autoComplete | autoReject─▶ completed | rejected, at once; no staff step.
 * 查询服务 (001 §5.2.1): answered at once and kept as a case of its own (000 §6.1.4.2: the result seen again and
 *   rated like any service): made ─answerQuery─▶ completed by the system; every other action is refused.
 */

export interface CaseState {
  status: ApplicationStatus
  handlingMode: HandlingMode
  /** 001 §5.1.4: the item needs paper originals mailed for verification */
  needsPaper: boolean
  /** the mailed originals arrived (receivePaper) */
  paperReceived: boolean
  /** while supplementRequested: the status whose step asked for the 补正, where resubmit returns */
  supplementReturnTo: ApplicationStatus | null
  /** the result was delivered (deliver) */
  delivered: boolean
  /** the kept paper originals were returned (returnMaterials) */
  materialsReturned: boolean
}

export type WorkflowAction = StaffActionName | 'submit' | 'resubmit' | 'autoComplete' | 'autoReject' | 'answerQuery'

/** What each action is called in a refusal: 办件当前为“审核中”，不能执行“受理”. */
export const ACTION_LABEL: Record<WorkflowAction, string> = {
  submit: '提交申请',
  assign: '分配经办人员',
  preAccept: '预受理',
  accept: '受理',
  receivePaper: '确认收到纸质材料',
  startReview: '开始审核',
  requestSupplement: '要求补正',
  resubmit: '补正后重新提交',
  complete: '办结',
  reject: '不予办理',
  deliver: '送达办理结果',
  returnMaterials: '退还纸质材料',
  reassign: '改派经办人员',
  extendTimeLimit: '延长办理时限',
  autoComplete: '智能办结',
  autoReject: '智能核验不予办理',
  answerQuery: '查询答复'
}

/** The timeline node an action makes (the event's `label`). */
export const NODE_LABEL: Record<WorkflowAction, string> = {
  submit: '已提交申请',
  assign: '已分配窗口工作人员',
  preAccept: '已预受理，待收纸质材料',
  accept: '已受理',
  receivePaper: '已收到纸质材料，已受理',
  startReview: '审核中',
  requestSupplement: '需补正材料',
  resubmit: '已补正，重新提交',
  complete: '已办结',
  reject: '不予办理',
  deliver: '办理结果已送达',
  returnMaterials: '纸质材料已退还',
  reassign: '已改派窗口工作人员',
  extendTimeLimit: '办理时限已延长（特殊情况）',
  autoComplete: '已办结（智能办理）',
  autoReject: '不予办理（智能核验未通过）',
  answerQuery: '已办结（即时查询）'
}

/** Every action, in the order a case meets them (the order of `allowedActions`). */
export const WORKFLOW_ACTIONS = Object.keys(ACTION_LABEL) as WorkflowAction[]

/** The staff's actions (contract StaffAction), the rest being the citizen's and the system's. */
export const STAFF_ACTIONS: readonly StaffActionName[] = [
  'assign',
  'preAccept',
  'accept',
  'receivePaper',
  'startReview',
  'requestSupplement',
  'complete',
  'reject',
  'deliver',
  'returnMaterials',
  'reassign',
  'extendTimeLimit'
]

/** Steps that may ask for 补正 or end in 不予办理 (001 §5.2.3.4–5.2.3.5). */
const REVIEW_STEPS: readonly ApplicationStatus[] = ['assigned', 'preAccepted', 'accepted', 'inReview']
const FINAL: readonly ApplicationStatus[] = ['completed', 'rejected']

type Outcome = { ok: true; state: CaseState } | { ok: false; hint: string | null }

const refuse = (hint: string | null = null): Outcome => ({ ok: false, hint })

function decide(s: CaseState, action: WorkflowAction): Outcome {
  const to = (patch: Partial<CaseState>): Outcome => ({ ok: true, state: { ...s, ...patch } })

  if (action === 'submit') return refuse('该申请已提交，请勿重复提交')
  if (s.handlingMode === 'query') {
    // 001 §5.2.1: the answer is the whole case; nobody acts on it afterwards
    if (action !== 'answerQuery' || s.status !== 'submitted') return refuse('查询服务即时答复，无需办理')
    return to({ status: 'completed' })
  }
  if (action === 'answerQuery') return refuse('只有查询服务即时答复')

  if (s.handlingMode === 'smart') {
    // 001 §5.2.2 / §5.3.1: the system decides at once; nobody acts on a smart case
    if (action !== 'autoComplete' && action !== 'autoReject') return refuse('智能办理事项由系统即时核验办结，无需人工处理')
    if (s.status !== 'submitted') return refuse()
    return to({ status: action === 'autoComplete' ? 'completed' : 'rejected' })
  }

  // 人工核办
  switch (action) {
    case 'autoComplete':
    case 'autoReject':
      return refuse('人工核办事项须由工作人员审核办理')
    case 'assign':
      return s.status === 'submitted' ? to({ status: 'assigned' }) : refuse()
    case 'preAccept':
      if (s.status !== 'assigned') return refuse()
      // 001 §5.2.3.2: only when paper originals must be verified
      return s.needsPaper ? to({ status: 'preAccepted' }) : refuse('本事项无需纸质核验材料，请直接受理')
    case 'accept':
      if (s.status !== 'assigned') return refuse(s.status === 'preAccepted' ? '请在收到纸质材料原件后确认收件' : null)
      // 001 §5.2.3.2: with paper originals the case is pre-accepted first and accepted when they arrive (§5.2.3.3)
      return s.needsPaper ? refuse('本事项需核验纸质材料原件，请先预受理，收到材料后再受理') : to({ status: 'accepted' })
    case 'receivePaper':
      return s.status === 'preAccepted' ? to({ status: 'accepted', paperReceived: true }) : refuse()
    case 'startReview':
      return s.status === 'accepted' ? to({ status: 'inReview' }) : refuse()
    case 'requestSupplement':
      return REVIEW_STEPS.includes(s.status) ? to({ status: 'supplementRequested', supplementReturnTo: s.status }) : refuse()
    case 'resubmit':
      if (s.status !== 'supplementRequested') return refuse('办件当前不需要补正材料')
      // a supplement whose asking step was lost goes back to the window (待受理), the first step that can ask again
      return to({ status: s.supplementReturnTo ?? 'assigned', supplementReturnTo: null })
    case 'complete':
      return s.status === 'inReview' ? to({ status: 'completed' }) : refuse(s.status === 'accepted' ? '请先开始审核' : null)
    case 'reject':
      return REVIEW_STEPS.includes(s.status) ? to({ status: 'rejected' }) : refuse()
    case 'deliver':
      if (!FINAL.includes(s.status)) return refuse('办件尚未办结')
      return s.delivered ? refuse('办理结果已送达') : to({ delivered: true })
    case 'returnMaterials':
      if (!FINAL.includes(s.status)) return refuse('办件尚未办结')
      // 001 §5.2.3.6: only paper originals the agency kept are sent back
      if (!s.needsPaper) return refuse('本事项没有留存的纸质材料')
      if (!s.paperReceived) return refuse('未收到纸质材料原件，无需退还')
      return s.materialsReturned ? refuse('纸质材料已退还') : to({ materialsReturned: true })
    case 'extendTimeLimit':
      // an open case someone works on; the new limit and its reason are the step's (domain/case-actions.ts)
      return [...REVIEW_STEPS, 'supplementRequested'].includes(s.status) ? to({}) : refuse('只有办理中的办件可以延长办理时限')
    case 'reassign':
      // only a case someone has and still works on; a new one is assigned (assign), a decided one is done
      if (s.status === 'submitted') return refuse('办件尚未分配，请直接分配')
      return [...REVIEW_STEPS, 'supplementRequested'].includes(s.status) ? to({}) : refuse()
    default: {
      const never: never = action
      return refuse(String(never))
    }
  }
}

/**
 * One step. Throws AppError 409 TRANSITION_NOT_ALLOWED (办件当前为“审核中”，不能执行“受理”) for every step the
 * rules above do not allow; never changes `state`.
 */
export function applyAction(state: CaseState, action: WorkflowAction): { state: CaseState; label: string } {
  const out = decide(state, action)
  if (!out.ok) {
    throw errors.transitionNotAllowed(APPLICATION_STATUS_LABEL[state.status] ?? state.status, ACTION_LABEL[action] ?? action, out.hint)
  }
  return { state: out.state, label: NODE_LABEL[action] }
}

/** The actions allowed now (for the staff UI and CLI: filter with STAFF_ACTIONS). */
export function allowedActions(state: CaseState): WorkflowAction[] {
  return WORKFLOW_ACTIONS.filter((a) => decide(state, a).ok)
}

/**
 * The state of a case as it is created by `submit` (a draft becomes a submitted case): query items make no case.
 * The smart decision follows at once with applyAction(…, 'autoComplete' | 'autoReject').
 */
export function submitCase(input: { handlingMode: HandlingMode; needsPaper: boolean }): { state: CaseState; label: string } {
  if (input.handlingMode === 'query') throw errors.transitionNotAllowed('查询服务', ACTION_LABEL.submit, '查询服务即时答复，不产生办件')
  return {
    state: {
      status: 'submitted',
      handlingMode: input.handlingMode,
      needsPaper: input.needsPaper,
      paperReceived: false,
      supplementReturnTo: null,
      delivered: false,
      materialsReturned: false
    },
    label: NODE_LABEL.submit
  }
}
