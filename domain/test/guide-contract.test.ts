import { guideCitationText, type ApplicationDetail, type StaffAction } from '../../contract/apply'
import { ErrorCode } from '../../contract/common'
import { loadCatalogFiles } from '../../catalog/index'
import { planStaffAction } from '../case-actions'
import { Catalog } from '../catalog'
import { refused } from './refused'

/**
 * The guide is a contract: what staff ask of a citizen, or refuse them for, rests on the guide the case was filed under
 * (001 §4.1.2 申请条件、申请材料目录; 001 §5.2.3.4–5.2.3.5; 003 §5.1.1 一次性告知制、限时办结制; 003 §7.2.1.5 a)
 * 不符合受理条件的一次性告知原因). The seeds state no sentence "不得要求提交办事指南以外的材料"; it follows from the guide
 * being the 申请材料目录 of 001 §4.1.2 that the citizen prepares from, and from 一次性告知.
 */
const claim = Catalog.of(loadCatalogFiles()).itemDetail('medical-reimbursement', '331100')
const at = '2026-12-07T02:00:00.000Z'
const ctx = { item: claim, today: '2026-12-07', at }
const upload = (materialId: string) => ({ id: `u-${materialId}`, materialId, fileName: 'a.jpg', mime: 'image/jpeg' as const, size: 1, width: 1, height: 1, sha256: 'x', uploadedAt: at })
const c = (over: Partial<ApplicationDetail> = {}): ApplicationDetail =>
  ({
    id: 'a1',
    caseNo: 'YB1',
    itemId: claim.id,
    itemName: claim.name,
    handlingMode: 'manual',
    status: 'inReview',
    applicantName: '张丽华',
    events: [],
    paper: null,
    uploads: [upload('id-card'), upload('receipts')],
    dueDate: '2026-12-20',
    overdue: false,
    timeLimitDays: 10,
    ...over
  }) as ApplicationDetail
const supplement = (over: Partial<Extract<StaffAction, { action: 'requestSupplement' }>>): StaffAction => ({ action: 'requestSupplement', materialIds: [], note: '票据不清', ...over })
const no = (id: string) => claim.guide.materials.findIndex((m) => m.id === id) + 1

describe('补正 asks only for materials of the guide (001 §4.1.2 申请材料目录, 001 §5.2.3.5, 003 §5.1.1 一次性告知)', () => {
  it('cites each material by its number in the guide as the citizen reads it, all at once', () => {
    const p = planStaffAction(c(), supplement({ materialIds: ['outpatient-list'], betterCopy: ['receipts'] }), ctx)
    const s = p.step.supplement!
    expect(s.materialIds).toEqual(['outpatient-list', 'receipts'])
    expect(s.basis).toEqual([
      { part: 'materials', no: no('outpatient-list'), materialId: 'outpatient-list', text: claim.guide.materials[no('outpatient-list') - 1].name, betterCopy: false },
      { part: 'materials', no: no('receipts'), materialId: 'receipts', text: claim.guide.materials[no('receipts') - 1].name, betterCopy: true }
    ])
    expect(guideCitationText(s.basis![1])).toBe(`依据办事指南第 ${no('receipts')} 项申请材料：${s.basis![1].text}（已提交，需更清晰完整的版本）`)
    // the citizen's message names the guide's number too
    expect(p.preview.notice.body).toContain(`依据办事指南第 ${no('outpatient-list')} 项申请材料`)
  })

  it('refuses a material the guide does not list: 400 SUPPLEMENT_NOT_IN_GUIDE', () => {
    const e = refused(() => planStaffAction(c(), supplement({ materialIds: ['receipts', 'bank-statement'] }), ctx))
    expect({ status: e.status, code: e.code }).toEqual({ status: 400, code: ErrorCode.SUPPLEMENT_NOT_IN_GUIDE })
    expect(e.message).toContain('bank-statement')
    // a better copy of something outside the guide is still outside it
    expect(refused(() => planStaffAction(c(), supplement({ materialIds: ['receipts'], betterCopy: ['household-book'] }), ctx)).code).toBe(ErrorCode.SUPPLEMENT_NOT_IN_GUIDE)
    // no guide known: nothing may be asked
    expect(refused(() => planStaffAction(c(), supplement({ materialIds: ['receipts'] }), { ...ctx, item: null })).code).toBe(ErrorCode.SUPPLEMENT_NOT_IN_GUIDE)
  })

  it('a better copy only of a material given: 400 SUPPLEMENT_COPY_NOT_GIVEN', () => {
    const e = refused(() => planStaffAction(c(), supplement({ materialIds: ['prescription'], betterCopy: ['prescription'] }), ctx))
    expect({ status: e.status, code: e.code }).toEqual({ status: 400, code: ErrorCode.SUPPLEMENT_COPY_NOT_GIVEN })
  })
})

describe('不予办理 cites a condition of the guide (003 §7.2.1.5 a), §7.5.1.5: 不符合条件的不予受理，并一次性告知原因)', () => {
  const reject = (conditions?: Array<{ part: 'requirements' | 'prohibitions'; no: number }>): StaffAction => ({ action: 'reject', reason: '经核实，费用发生在境外', conditions })

  it('records the conditions with their numbers and words, in the decision the citizen reads', () => {
    const p = planStaffAction(c(), reject([{ part: 'prohibitions', no: 4 }]), ctx)
    const text = claim.guide.conditions.prohibitions[3]
    expect(p.step.result?.basis).toEqual([{ part: 'prohibitions', no: 4, materialId: null, text, betterCopy: false }])
    expect(p.step.result?.text).toBe(`经核实，费用发生在境外（依据办事指南第 4 项禁止性要求：${text}）`)
  })

  it('without a condition, or with one the guide does not have: 400 REJECTION_WITHOUT_GUIDE_CONDITION', () => {
    for (const conditions of [undefined, [], [{ part: 'requirements' as const, no: claim.guide.conditions.requirements.length + 1 }]]) {
      const e = refused(() => planStaffAction(c(), reject(conditions), ctx))
      expect({ status: e.status, code: e.code }).toEqual({ status: 400, code: ErrorCode.REJECTION_WITHOUT_GUIDE_CONDITION })
    }
  })
})

describe('a case does not pass its due date without an extension recorded before it (001 §5.2.3.4, 003 §7.4.1.7 特殊情况)', () => {
  const late = c({ overdue: true, dueDate: '2026-12-04' })

  it('an extension or a 补正 after the due date is refused: 409 TIME_LIMIT_PASSED', () => {
    for (const a of [{ action: 'extendTimeLimit', reason: '需调取外省病历' } as const, supplement({ materialIds: ['receipts'] })]) {
      const e = refused(() => planStaffAction(late, a, ctx))
      expect({ status: e.status, code: e.code }).toEqual({ status: 409, code: ErrorCode.TIME_LIMIT_PASSED })
      expect(e.message).toContain('2026-12-04')
    }
    // before the due date the extension is taken
    expect(planStaffAction(c(), { action: 'extendTimeLimit', reason: '需调取外省病历' }, ctx).step.timeLimitDays).toBe(20)
  })

  it('the decision is still taken, and the citizen reads that it is late', () => {
    const p = planStaffAction(late, { action: 'complete', amountFen: 1000 }, ctx)
    expect(p.step.note).toContain('已超过办理期限（2026-12-04），未办理延期')
    expect(p.preview.notice.body).toContain('已超过办理期限（2026-12-04）')
  })
})
