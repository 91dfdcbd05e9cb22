import { LoopStateSchema, RateRequestSchema, FeedbackRequestSchema, type LoopState } from '../../../contract/evaluation'
import { allowedStaffActions, citizenState, loopStep, ratingWindow, type LoopFacts, type LoopStep } from '../../../domain/evaluation'

/** The bad-rating loop (000 §8.2.1) as a pure function: every legal step, and the refusals around it. */
const base: LoopFacts = { state: 'awaitingFollowUp', substantiated: null, appealed: false, disputed: false, stateBeforeAppeal: null }
const at = (state: LoopState, more: Partial<LoopFacts> = {}): LoopFacts => ({ ...base, state, ...more })

describe('loopStep: the legal transitions', () => {
  it.each<[string, LoopFacts, LoopStep, { upheld?: boolean }, LoopState]>([
    ['回访 a fresh 差评', at('awaitingFollowUp'), 'followUp', {}, 'followedUp'],
    ['回访 again after a dispute', at('disputed', { disputed: true }), 'followUp', {}, 'followedUp'],
    ['核实 after 回访', at('followedUp'), 'verify', {}, 'verified'],
    ['整改 a substantiated complaint', at('verified', { substantiated: true }), 'rectify', {}, 'feedbackReady'],
    ['解释说明 an unsubstantiated one', at('verified', { substantiated: false }), 'explain', {}, 'feedbackReady'],
    ['解释说明 a substantiated one', at('verified', { substantiated: true }), 'explain', {}, 'feedbackReady'],
    ['the citizen accepts the feedback', at('feedbackReady'), 'accept', {}, 'accepted'],
    ['the citizen accepts the second feedback', at('feedbackReady', { disputed: true }), 'accept', {}, 'accepted'],
    ['the citizen disputes once', at('feedbackReady'), 'dispute', {}, 'disputed'],
    ['申诉 before 回访', at('awaitingFollowUp'), 'appeal', {}, 'appealing'],
    ['申诉 after 回访', at('followedUp'), 'appeal', {}, 'appealing'],
    ['申诉 after 核实', at('verified', { substantiated: false }), 'appeal', {}, 'appealing'],
    ['申诉 after a dispute', at('disputed', { disputed: true }), 'appeal', {}, 'appealing'],
    ['申诉成立', at('appealing', { appealed: true, stateBeforeAppeal: 'followedUp' }), 'decideAppeal', { upheld: true }, 'appealUpheld'],
    ['申诉不成立: back where it was', at('appealing', { appealed: true, stateBeforeAppeal: 'verified' }), 'decideAppeal', { upheld: false }, 'verified']
  ])('%s', (_name, facts, step, opts, expected) => {
    expect(loopStep(facts, step, opts)).toEqual({ ok: true, state: expected })
  })
})

describe('loopStep: refusals', () => {
  it.each<[string, LoopFacts, LoopStep, RegExp | null]>([
    ['核实 before 回访', at('awaitingFollowUp'), 'verify', /请先回访/],
    ['整改 before 核实', at('followedUp'), 'rectify', /请先核实/],
    ['解释 before 核实', at('followedUp'), 'explain', /请先核实/],
    ['整改 what was found unsubstantiated', at('verified', { substantiated: false }), 'rectify', /解释说明/],
    ['回访 twice in a row', at('followedUp'), 'followUp', null],
    ['回访 while the citizen has the feedback', at('feedbackReady'), 'followUp', null],
    ['accept before any feedback', at('verified'), 'accept', /尚未反馈/],
    ['dispute before any feedback', at('awaitingFollowUp'), 'dispute', /尚未反馈/],
    ['a second appeal', at('verified', { appealed: true }), 'appeal', /只能申诉一次/],
    ['申诉 once the citizen has the feedback', at('feedbackReady'), 'appeal', null],
    ['申诉 a closed loop', at('accepted'), 'appeal', null],
    ['deciding without an appeal', at('verified'), 'decideAppeal', /没有待复核的申诉/],
    ['any step after acceptance', at('accepted'), 'followUp', null],
    ['any step after an upheld appeal', at('appealUpheld', { appealed: true }), 'explain', null],
    ['staff steps while appealing', at('appealing', { appealed: true, stateBeforeAppeal: 'followedUp' }), 'verify', null]
  ])('%s', (_name, facts, step, hint) => {
    const out = loopStep(facts, step, { upheld: true })
    expect(out.ok).toBe(false)
    if (!out.ok && hint) expect(out.hint).toMatch(hint)
  })

  it('a second dispute is its own refusal (EVALUATION_DISPUTE_USED)', () => {
    expect(loopStep(at('feedbackReady', { disputed: true }), 'dispute')).toEqual({ ok: false, hint: null, disputeUsed: true })
  })

  it('no state lets every step through, and the terminal states let none', () => {
    for (const state of LoopStateSchema.options) {
      const allowed = allowedStaffActions(at(state, { substantiated: true }))
      expect(allowed.length).toBeLessThan(6)
      if (state === 'accepted' || state === 'appealUpheld' || state === 'feedbackReady') expect(allowed).toEqual([])
    }
    expect(allowedStaffActions(at('awaitingFollowUp'))).toEqual(['followUp', 'appeal'])
    expect(allowedStaffActions(at('verified', { substantiated: false }))).toEqual(['explain', 'appeal'])
    expect(allowedStaffActions(at('verified', { substantiated: true, appealed: true }))).toEqual(['rectify', 'explain'])
  })
})

describe('what the citizen sees of the loop', () => {
  it('hides appeals: appealing shows the state before it, an upheld appeal shows closed', () => {
    expect(citizenState('appealing', 'followedUp')).toBe('followedUp')
    expect(citizenState('appealUpheld', null)).toBe('closed')
    expect(citizenState('feedbackReady', null)).toBe('feedbackReady')
  })
})

describe('the rating window (calendar days, Asia/Shanghai)', () => {
  it('ends with the 7th calendar day after the decision day; the reminder is 24 h after the decision', () => {
    // decided Monday 2026-03-02 23:30 in Shanghai (15:30 UTC)
    const w = ratingWindow('2026-03-02T15:30:00.000Z')
    expect(w.deadline).toBe('2026-03-09')
    expect(w.defaultAt.toISOString()).toBe('2026-03-09T16:00:00.000Z')
    expect(w.remindAt.toISOString()).toBe('2026-03-03T15:30:00.000Z')
    // decided at 00:30 Shanghai on 2026-03-03 (16:30 UTC on the 2nd): day 0 is the 3rd
    expect(ratingWindow('2026-03-02T16:30:00.000Z').deadline).toBe('2026-03-10')
    // calendar days, not working days: across 国庆 2026 the window does not stretch
    expect(ratingWindow('2026-09-30T02:00:00.000Z').deadline).toBe('2026-10-07')
  })
})

describe('the contract’s request rules', () => {
  it('needs a reason for 不满意 and 非常不满意 only', () => {
    expect(RateRequestSchema.safeParse({ level: 'dissatisfied' }).success).toBe(false)
    expect(RateRequestSchema.safeParse({ level: 'veryDissatisfied', reasons: [] }).success).toBe(false)
    expect(RateRequestSchema.safeParse({ level: 'veryDissatisfied', reasons: ['attitude'] }).success).toBe(true)
    expect(RateRequestSchema.safeParse({ level: 'basic' }).success).toBe(true)
    expect(RateRequestSchema.safeParse({ level: 'satisfied', text: '很'.repeat(501) }).success).toBe(false)
    expect(RateRequestSchema.safeParse({ level: 'great' }).success).toBe(false)
  })

  it('needs a text to dispute, not to accept', () => {
    expect(FeedbackRequestSchema.safeParse({ accept: false }).success).toBe(false)
    expect(FeedbackRequestSchema.safeParse({ accept: false, text: '问题没有解决' }).success).toBe(true)
    expect(FeedbackRequestSchema.safeParse({ accept: true }).success).toBe(true)
  })
})
