import { APPLICATION_STATUS_LABEL, ApplicationStatusSchema, StaffActionSchema, type ApplicationStatus } from '../../contract/apply'
import { HandlingModeSchema, type HandlingMode } from '../../contract/catalog'
import { ErrorCode } from '../../contract/common'
import { AppError } from '../errors'
import { answeredQueryCase, refreshesQueryCase } from '../queries'
import {
  ACTION_LABEL,
  NODE_LABEL,
  STAFF_ACTIONS,
  WORKFLOW_ACTIONS,
  allowedActions,
  applyAction,
  submitCase,
  type CaseState,
  type WorkflowAction
} from '../workflow'

const STATUSES = ApplicationStatusSchema.options
const MODES = HandlingModeSchema.options
const REVIEW_STEPS: ApplicationStatus[] = ['assigned', 'preAccepted', 'accepted', 'inReview']
const FINAL: ApplicationStatus[] = ['completed', 'rejected']

/**
 * The expected table, written out from 001 §5.2.2–5.2.3 (and the brief's rules) independently of the machine:
 * one row per legal transition, with the condition on the state's flags and what the step changes.
 */
interface Row {
  mode: HandlingMode
  from: ApplicationStatus[]
  action: WorkflowAction
  when?: (s: CaseState) => boolean
  then: (s: CaseState) => Partial<CaseState>
}
const TABLE: Row[] = [
  // 001 §5.2.2 智能办理: decided at once
  { mode: 'smart', from: ['submitted'], action: 'autoComplete', then: () => ({ status: 'completed' }) },
  { mode: 'smart', from: ['submitted'], action: 'autoReject', then: () => ({ status: 'rejected' }) },
  // 001 §5.2.1 查询服务: answered at once, kept as a case (000 §6.1.4.2)
  { mode: 'query', from: ['submitted'], action: 'answerQuery', then: () => ({ status: 'completed' }) },
  // 001 §5.2.3.1 pushed and assigned
  { mode: 'manual', from: ['submitted'], action: 'assign', then: () => ({ status: 'assigned' }) },
  // 001 §5.2.3.2 accepted at once, or pre-accepted when paper originals are awaited
  { mode: 'manual', from: ['assigned'], action: 'accept', when: (s) => !s.needsPaper, then: () => ({ status: 'accepted' }) },
  { mode: 'manual', from: ['assigned'], action: 'preAccept', when: (s) => s.needsPaper, then: () => ({ status: 'preAccepted' }) },
  // 001 §5.2.3.3 originals received → accepted
  { mode: 'manual', from: ['preAccepted'], action: 'receivePaper', then: () => ({ status: 'accepted', paperReceived: true }) },
  // 001 §5.2.3.4 review and decision
  { mode: 'manual', from: ['accepted'], action: 'startReview', then: () => ({ status: 'inReview' }) },
  { mode: 'manual', from: ['inReview'], action: 'complete', then: () => ({ status: 'completed' }) },
  { mode: 'manual', from: REVIEW_STEPS, action: 'reject', then: () => ({ status: 'rejected' }) },
  // 001 §5.2.3.5 补正, back to the step that asked
  { mode: 'manual', from: REVIEW_STEPS, action: 'requestSupplement', then: (s) => ({ status: 'supplementRequested', supplementReturnTo: s.status }) },
  {
    mode: 'manual',
    from: ['supplementRequested'],
    action: 'resubmit',
    then: (s) => ({ status: s.supplementReturnTo ?? 'assigned', supplementReturnTo: null })
  },
  // 001 §5.2.3.7 result delivered once; §5.2.3.6 kept originals returned once
  { mode: 'manual', from: FINAL, action: 'deliver', when: (s) => !s.delivered, then: () => ({ delivered: true }) },
  {
    mode: 'manual',
    from: FINAL,
    action: 'returnMaterials',
    when: (s) => s.needsPaper && s.paperReceived && !s.materialsReturned,
    then: () => ({ materialsReturned: true })
  },
  // an open case someone has goes to another clerk; its status stays
  { mode: 'manual', from: [...REVIEW_STEPS, 'supplementRequested'], action: 'reassign', then: () => ({}) },
  // 003 §7.4.1.7 特殊情况: an open case's time limit extended (the limit is the step's data, not the state's)
  { mode: 'manual', from: [...REVIEW_STEPS, 'supplementRequested'], action: 'extendTimeLimit', then: () => ({}) }
]

function expected(s: CaseState, action: WorkflowAction): CaseState | null {
  const row = TABLE.find((r) => r.mode === s.handlingMode && r.action === action && r.from.includes(s.status) && (r.when?.(s) ?? true))
  return row ? { ...s, ...row.then(s) } : null
}

/** Every combination of the state's fields (1,920 states). */
function allStates(): CaseState[] {
  const out: CaseState[] = []
  for (const status of STATUSES)
    for (const handlingMode of MODES)
      for (const needsPaper of [false, true])
        for (const paperReceived of [false, true])
          for (const supplementReturnTo of [null, ...REVIEW_STEPS])
            for (const delivered of [false, true])
              for (const materialsReturned of [false, true])
                out.push({ status, handlingMode, needsPaper, paperReceived, supplementReturnTo, delivered, materialsReturned })
  return out
}

function refusal(fn: () => unknown): AppError {
  try {
    fn()
  } catch (e) {
    if (e instanceof AppError) return e
    throw e
  }
  throw new Error('expected a refusal, the step was allowed')
}

function manual(needsPaper = false): CaseState {
  return submitCase({ handlingMode: 'manual', needsPaper }).state
}

function run(state: CaseState, ...actions: WorkflowAction[]): CaseState {
  return actions.reduce((s, a) => applyAction(s, a).state, state)
}

describe('workflow actions', () => {
  it('know every staff action of the contract and label every action in Chinese', () => {
    const contractActions = StaffActionSchema.options.map((o) => o.shape.action.value).sort()
    expect([...STAFF_ACTIONS].sort()).toEqual(contractActions)
    for (const a of contractActions) expect(WORKFLOW_ACTIONS).toContain(a)
    for (const a of ['submit', 'resubmit', 'autoComplete', 'autoReject'] as const) expect(WORKFLOW_ACTIONS).toContain(a)
    for (const a of WORKFLOW_ACTIONS) {
      expect(ACTION_LABEL[a]).toMatch(/^\p{Script=Han}/u)
      expect(NODE_LABEL[a]).toMatch(/^\p{Script=Han}/u)
    }
  })
})

describe('the full table: every state × every action either follows the table or is refused with 409', () => {
  const states = allStates()
  const cases = MODES.flatMap((mode) => STATUSES.flatMap((status) => WORKFLOW_ACTIONS.map((action) => [mode, status, action] as const)))

  it.each(cases)('%s case, %s, %s', (mode, status, action) => {
    const group = states.filter((s) => s.handlingMode === mode && s.status === status)
    expect(group).toHaveLength(80)
    for (const s of group) {
      const before = JSON.stringify(s)
      const want = expected(s, action)
      if (want) {
        const out = applyAction(Object.freeze({ ...s }), action)
        expect(out.state).toEqual(want)
        expect(out.label).toBe(NODE_LABEL[action])
      } else {
        const err = refusal(() => applyAction(Object.freeze({ ...s }), action))
        expect(err.status).toBe(409)
        expect(err.code).toBe(ErrorCode.TRANSITION_NOT_ALLOWED)
        expect(err.message).toContain(`办件当前为“${APPLICATION_STATUS_LABEL[s.status]}”，不能执行“${ACTION_LABEL[action]}”`)
      }
      expect(JSON.stringify(s)).toBe(before)
    }
  })

  it('allowedActions is exactly the set of actions the table allows, in workflow order', () => {
    for (const s of states) {
      const want = WORKFLOW_ACTIONS.filter((a) => expected(s, a) !== null)
      expect(allowedActions(s)).toEqual(want)
    }
  })
})

describe('人工核办 (001 §5.2.3)', () => {
  it('runs the whole way without paper: submitted → assigned → accepted → inReview → completed, delivered', () => {
    const labels: string[] = []
    let s = manual(false)
    for (const a of ['assign', 'accept', 'startReview', 'complete', 'deliver'] as const) {
      const out = applyAction(s, a)
      labels.push(out.label)
      s = out.state
    }
    expect(s.status).toBe('completed')
    expect(s.delivered).toBe(true)
    expect(labels).toEqual(['已分配窗口工作人员', '已受理', '审核中', '已办结', '办理结果已送达'])
    // delivered once; nothing kept to return
    expect(refusal(() => applyAction(s, 'deliver')).message).toBe('办件当前为“已办结”，不能执行“送达办理结果”：办理结果已送达')
    expect(refusal(() => applyAction(s, 'returnMaterials')).message).toContain('本事项没有留存的纸质材料')
  })

  it('pre-accepts when paper originals are awaited, accepts when they arrive, returns them after the decision', () => {
    let s = run(manual(true), 'assign')
    expect(refusal(() => applyAction(s, 'accept')).message).toBe(
      '办件当前为“待受理”，不能执行“受理”：本事项需核验纸质材料原件，请先预受理，收到材料后再受理'
    )
    s = run(s, 'preAccept')
    expect(s.status).toBe('preAccepted')
    expect(allowedActions(s)).toEqual(['receivePaper', 'requestSupplement', 'reject', 'reassign', 'extendTimeLimit'])
    expect(refusal(() => applyAction(s, 'returnMaterials')).message).toContain('办件尚未办结')
    s = run(s, 'receivePaper')
    expect(s).toMatchObject({ status: 'accepted', paperReceived: true })
    s = run(s, 'startReview', 'reject', 'returnMaterials')
    expect(s).toMatchObject({ status: 'rejected', materialsReturned: true, delivered: false })
    expect(refusal(() => applyAction(s, 'returnMaterials')).message).toContain('纸质材料已退还')
    expect(run(s, 'deliver').delivered).toBe(true)
  })

  it('refuses pre-acceptance when no paper is needed, and has nothing to return when the originals never came', () => {
    const assigned = run(manual(false), 'assign')
    expect(refusal(() => applyAction(assigned, 'preAccept')).message).toContain('本事项无需纸质核验材料，请直接受理')
    const rejectedBeforePaper = run(manual(true), 'assign', 'preAccept', 'reject')
    expect(refusal(() => applyAction(rejectedBeforePaper, 'returnMaterials')).message).toContain('未收到纸质材料原件')
  })

  it.each(REVIEW_STEPS)('补正 asked at %s returns there on resubmit', (step) => {
    const paths: Record<string, WorkflowAction[]> = {
      assigned: ['assign'],
      preAccepted: ['assign', 'preAccept'],
      accepted: ['assign', 'preAccept', 'receivePaper'],
      inReview: ['assign', 'preAccept', 'receivePaper', 'startReview']
    }
    const at = run(manual(true), ...paths[step])
    expect(at.status).toBe(step)
    const asked = applyAction(at, 'requestSupplement')
    expect(asked.label).toBe('需补正材料')
    expect(asked.state).toMatchObject({ status: 'supplementRequested', supplementReturnTo: step })
    expect(allowedActions(asked.state)).toEqual(['resubmit', 'reassign', 'extendTimeLimit'])
    const back = applyAction(asked.state, 'resubmit')
    expect(back.label).toBe('已补正，重新提交')
    expect(back.state).toEqual({ ...at, supplementReturnTo: null })
  })

  it('names the current status and the action in every refusal (e.g. 审核中 / 受理)', () => {
    const inReview = run(manual(false), 'assign', 'accept', 'startReview')
    const err = refusal(() => applyAction(inReview, 'accept'))
    expect(err.message).toBe('办件当前为“审核中”，不能执行“受理”')
    expect(err.toBody()).toEqual({ code: 'TRANSITION_NOT_ALLOWED', message: '办件当前为“审核中”，不能执行“受理”' })
    expect(refusal(() => applyAction(inReview, 'resubmit')).message).toBe('办件当前为“审核中”，不能执行“补正后重新提交”：办件当前不需要补正材料')
    expect(refusal(() => applyAction(manual(), 'submit')).message).toContain('请勿重复提交')
    expect(refusal(() => applyAction(manual(), 'autoComplete')).message).toContain('人工核办事项须由工作人员审核办理')
  })

  it('refuses an action name it does not know', () => {
    expect(refusal(() => applyAction(manual(), 'approveEverything' as WorkflowAction)).code).toBe('TRANSITION_NOT_ALLOWED')
  })
})

describe('智能办理 and 查询服务 (001 §5.2.1–5.2.2)', () => {
  it('decides a smart case at once and allows nothing after', () => {
    const s = submitCase({ handlingMode: 'smart', needsPaper: false })
    expect(s.label).toBe('已提交申请')
    expect(allowedActions(s.state)).toEqual(['autoComplete', 'autoReject'])
    const done = applyAction(s.state, 'autoComplete')
    expect(done).toEqual({ state: { ...s.state, status: 'completed' }, label: '已办结（智能办理）' })
    expect(applyAction(s.state, 'autoReject').state.status).toBe('rejected')
    expect(allowedActions(done.state)).toEqual([])
    expect(refusal(() => applyAction(s.state, 'assign')).message).toContain('智能办理事项由系统即时核验办结')
    expect(refusal(() => applyAction(done.state, 'autoReject')).message).toBe('办件当前为“已办结”，不能执行“智能核验不予办理”')
  })

  it('makes no case from a draft of a query item', () => {
    const err = refusal(() => submitCase({ handlingMode: 'query', needsPaper: false }))
    expect(err.code).toBe('TRANSITION_NOT_ALLOWED')
    expect(err.message).toContain('查询服务即时答复，不产生办件')
  })

  it('a query case is answered once by the system and nobody acts on it after (001 §5.2.1; 000 §6.1.4.2)', () => {
    const made = answeredQueryCase()
    expect(made).toEqual({ state: expect.objectContaining({ status: 'completed', handlingMode: 'query' }), label: '已办结（即时查询）' })
    expect(allowedActions(made.state)).toEqual([])
    expect(allowedActions({ ...made.state, status: 'submitted' })).toEqual(['answerQuery'])
    expect(refusal(() => applyAction(made.state, 'deliver')).message).toContain('查询服务即时答复，无需办理')
    // only a query is answered so
    expect(refusal(() => applyAction(submitCase({ handlingMode: 'smart', needsPaper: false }).state, 'answerQuery')).code).toBe('TRANSITION_NOT_ALLOWED')
    expect(refusal(() => applyAction(submitCase({ handlingMode: 'manual', needsPaper: false }).state, 'answerQuery')).message).toContain('只有查询服务即时答复')
  })

  it('the same query again within QUERY_REPEAT_MINUTES of the case’s making refreshes it; later it is a new case', () => {
    const made = '2026-12-07T02:00:00.000Z'
    expect(refreshesQueryCase(made, new Date('2026-12-07T02:29:59.000Z'))).toBe(true)
    expect(refreshesQueryCase(made, new Date('2026-12-07T02:30:00.000Z'))).toBe(false)
    expect(refreshesQueryCase(null, new Date(made))).toBe(false)
    // a clock that went back never joins a case made "later"
    expect(refreshesQueryCase(made, new Date('2026-12-07T01:59:00.000Z'))).toBe(false)
  })
})

describe('reachability', () => {
  it.each([
    ['manual', false],
    ['manual', true],
    ['smart', false]
  ] as const)('from a fresh %s case (paper: %s) every status it should reach is reached and every reached state ends', (mode, needsPaper) => {
    const start = submitCase({ handlingMode: mode, needsPaper }).state
    const seen = new Map<string, CaseState>([[JSON.stringify(start), start]])
    const queue = [start]
    while (queue.length) {
      const s = queue.shift() as CaseState
      for (const a of allowedActions(s)) {
        const next = applyAction(s, a).state
        const key = JSON.stringify(next)
        if (!seen.has(key)) {
          seen.set(key, next)
          queue.push(next)
        }
      }
    }
    const statuses = new Set([...seen.values()].map((s) => s.status))
    const want: ApplicationStatus[] =
      mode === 'smart'
        ? ['submitted', 'completed', 'rejected']
        : needsPaper
          ? ['submitted', 'assigned', 'preAccepted', 'accepted', 'inReview', 'supplementRequested', 'completed', 'rejected']
          : ['submitted', 'assigned', 'accepted', 'inReview', 'supplementRequested', 'completed', 'rejected']
    expect([...statuses].sort()).toEqual([...want].sort())
    // no dead end outside the final statuses, and every final state can still be finished (delivered, returned)
    for (const s of seen.values()) {
      if (!FINAL.includes(s.status)) expect(allowedActions(s).length).toBeGreaterThan(0)
    }
    const finished = [...seen.values()].filter((s) => allowedActions(s).length === 0)
    for (const s of finished) {
      expect(FINAL).toContain(s.status)
      if (mode === 'manual') expect(s.delivered).toBe(true)
      if (mode === 'manual' && s.paperReceived) expect(s.materialsReturned).toBe(true)
    }
  })
})
