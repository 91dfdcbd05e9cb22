import {
  EVALUATION_DEFAULT_AFTER_DAYS,
  EVALUATION_REMIND_AFTER_HOURS,
  type CitizenLoopState,
  type LoopState,
  type StaffEvaluationActionName
} from '../contract/evaluation'
import { shanghaiDate } from './calendar'

/**
 * 好差评's rules (002; 000 §8.2.1): the bad-rating loop as a pure function, the citizen's view of its states and
 * the rating window. The BFF's evaluation system and the msw mocks both decide with these.
 */

// ---------- the loop as a pure function ----------

export type StaffLoopAction = StaffEvaluationActionName
export type LoopStep = StaffLoopAction | 'accept' | 'dispute'

/** What the loop's next step depends on. */
export interface LoopFacts {
  state: LoopState
  /** the 核实 finding: the citizen's complaint is substantiated */
  substantiated: boolean | null
  /** an appeal was filed already (one per rating) */
  appealed: boolean
  /** the citizen disputed once already */
  disputed: boolean
  /** the state an appeal interrupted */
  stateBeforeAppeal: LoopState | null
}

export const LOOP_ACTION_LABEL: Record<LoopStep, string> = {
  followUp: '回访',
  verify: '核实',
  rectify: '整改',
  explain: '解释说明',
  appeal: '申诉',
  decideAppeal: '复核申诉',
  accept: '确认处理结果',
  dispute: '提出异议'
}

const APPEALABLE: readonly LoopState[] = ['awaitingFollowUp', 'followedUp', 'verified', 'disputed']
/** states in which the loop waits on the agency (the due date runs) */
export const STAFF_TURN: readonly LoopState[] = ['awaitingFollowUp', 'followedUp', 'verified', 'disputed', 'appealing']
const STAFF_ACTIONS: readonly StaffLoopAction[] = ['followUp', 'verify', 'rectify', 'explain', 'appeal', 'decideAppeal']

export type LoopOutcome = { ok: true; state: LoopState } | { ok: false; hint: string | null; disputeUsed?: boolean }

/**
 * One step of the loop (000 §8.2.1), as drawn in contract/evaluation.ts:
 *   awaitingFollowUp | disputed ─followUp─▶ followedUp ─verify─▶ verified ─rectify (substantiated) | explain─▶ feedbackReady
 *   feedbackReady ─accept─▶ accepted;  feedbackReady ─dispute (once)─▶ disputed
 *   awaitingFollowUp | followedUp | verified | disputed ─appeal (once)─▶ appealing ─decideAppeal─▶ appealUpheld | back
 */
export function loopStep(f: LoopFacts, step: LoopStep, opts: { upheld?: boolean } = {}): LoopOutcome {
  const to = (state: LoopState): LoopOutcome => ({ ok: true, state })
  const refuse = (hint: string | null = null): LoopOutcome => ({ ok: false, hint })
  switch (step) {
    case 'followUp':
      return f.state === 'awaitingFollowUp' || f.state === 'disputed' ? to('followedUp') : refuse()
    case 'verify':
      return f.state === 'followedUp' ? to('verified') : refuse(f.state === 'awaitingFollowUp' ? '请先回访评价人' : null)
    case 'rectify':
      if (f.state !== 'verified') return refuse(f.state === 'followedUp' ? '请先核实' : null)
      return f.substantiated ? to('feedbackReady') : refuse('核实反映的问题不属实，无需整改，请作解释说明')
    case 'explain':
      return f.state === 'verified' ? to('feedbackReady') : refuse(f.state === 'followedUp' ? '请先核实' : null)
    case 'appeal':
      if (f.appealed) return refuse('每条评价只能申诉一次')
      return APPEALABLE.includes(f.state) ? to('appealing') : refuse()
    case 'decideAppeal':
      if (f.state !== 'appealing') return refuse('没有待复核的申诉')
      return opts.upheld ? to('appealUpheld') : to(f.stateBeforeAppeal ?? 'awaitingFollowUp')
    case 'accept':
      return f.state === 'feedbackReady' ? to('accepted') : refuse('工作人员尚未反馈处理结果')
    case 'dispute':
      if (f.state !== 'feedbackReady') return refuse('工作人员尚未反馈处理结果')
      return f.disputed ? { ok: false, hint: null, disputeUsed: true } : to('disputed')
  }
}

/** The staff actions legal now (for the staff view and the CLI). */
export function allowedStaffActions(f: LoopFacts): StaffLoopAction[] {
  return STAFF_ACTIONS.filter((a) => loopStep(f, a, { upheld: true }).ok)
}

/** The citizen's view of a state: appeals are internal to the agency. */
export function citizenState(state: LoopState, before: LoopState | null): CitizenLoopState {
  if (state === 'appealing') return citizenState(before ?? 'awaitingFollowUp', null)
  if (state === 'appealUpheld') return 'closed'
  return state
}

// ---------- the rating window ----------

const DAY_MS = 86_400_000
/** the case events that decide it: the rating window opens at the first of them */
export const FINAL_ACTIONS = ['complete', 'reject', 'autoComplete', 'autoReject', 'answerQuery'] as const

export function addCalendarDays(date: string, days: number): string {
  return new Date(Date.parse(`${date}T00:00:00Z`) + days * DAY_MS).toISOString().slice(0, 10)
}

/**
 * The rating window of a decided case: calendar days (not working days) from the Shanghai date of the decision (the
 * case's first complete/reject event), the decision day being day 0. The citizen may rate up to the end of day 7
 * (`deadline`, Shanghai); at the start of day 8 (`defaultAt`) an unrated case is recorded as 基本满意 (defaulted).
 * The reminder goes out once, 24 hours after the decision.
 */
export function ratingWindow(decidedAt: string): { deadline: string; defaultAt: Date; remindAt: Date } {
  const deadline = addCalendarDays(shanghaiDate(new Date(decidedAt)), EVALUATION_DEFAULT_AFTER_DAYS)
  return {
    deadline,
    defaultAt: new Date(`${addCalendarDays(deadline, 1)}T00:00:00+08:00`),
    remindAt: new Date(Date.parse(decidedAt) + EVALUATION_REMIND_AFTER_HOURS * 3_600_000)
  }
}
