import type { ApplicationDetail } from '../../contract/apply'
import { ErrorCode } from '../../contract/common'
import { PAPER_PART_LABEL, paperArrival, planStaffAction } from '../case-actions'
import { loadCatalogFiles } from '../../catalog/index'
import { Catalog } from '../catalog'
import { refused } from './refused'

/** The plan of a staff step (001 §5.2.3): paper originals one by one, 邮寄 needs a tracking number, reassign's wording. */
const paper: NonNullable<ApplicationDetail['paper']> = {
  materials: [
    { id: 'receipts', name: '费用票据原件', count: 1, form: 'original', receivedAt: null },
    { id: 'list', name: '费用清单', count: 1, form: 'original', receivedAt: null }
  ],
  mailing: { phone: '0578-1', address: '丽水市', recipient: '医保中心', deadlineDays: 10 },
  received: false
}
const at = '2026-12-07T02:00:00.000Z'
const c = (over: Partial<ApplicationDetail>): ApplicationDetail =>
  ({ id: 'a1', caseNo: 'YB1', itemId: 'i', itemName: '医疗费用报销', handlingMode: 'manual', status: 'preAccepted', applicantName: '张丽华', events: [], paper, delivery: null, materialsReturnedAt: null, ...over }) as ApplicationDetail
const ctx = { item: null, today: '2026-12-07', at }

it('records originals as they arrive and completes only with all of them', () => {
  const part = paperArrival(paper, ['receipts'], at)
  expect(part).toEqual({ arrived: { receipts: at }, complete: false, note: '已收到：费用票据原件；尚未收到：费用清单' })
  const later = '2026-12-08T02:00:00.000Z'
  const rest = paperArrival({ ...paper, materials: [{ ...paper.materials[0], receivedAt: at }, paper.materials[1]] }, ['list'], later)
  expect(rest).toEqual({ arrived: { receipts: at, list: later }, complete: true, note: '已收到纸质材料原件：费用清单' })
  expect(paperArrival(paper, undefined, at).complete).toBe(true)
  expect(refused(() => paperArrival(paper, ['passport'], at)).code).toBe(ErrorCode.PAPER_MATERIAL_UNKNOWN)
})

it('plans a partial 收到原件 without a transition, and the whole one as the machine’s receivePaper', () => {
  const part = planStaffAction(c({}), { action: 'receivePaper', materialIds: ['list'] }, ctx)
  expect(part).toMatchObject({ action: null, label: PAPER_PART_LABEL, preview: { statusAfter: 'preAccepted' } })
  expect(part.preview.notice.body).toBe(`您申请的“医疗费用报销”（YB1）${PAPER_PART_LABEL}：已收到：费用清单；尚未收到：费用票据原件`)
  expect(planStaffAction(c({}), { action: 'receivePaper' }, ctx)).toMatchObject({ action: 'receivePaper', preview: { statusAfter: 'accepted' } })
})

it('refuses 邮寄 without a tracking number, after refusing a step out of turn', () => {
  expect(refused(() => planStaffAction(c({}), { action: 'deliver', method: 'mail' }, ctx)).code).toBe(ErrorCode.TRANSITION_NOT_ALLOWED)
  const decided = c({ status: 'completed' })
  expect(refused(() => planStaffAction(decided, { action: 'deliver', method: 'mail', trackingNo: ' ' }, ctx)).code).toBe(ErrorCode.TRACKING_NO_REQUIRED)
  expect(planStaffAction(decided, { action: 'deliver', method: 'mail', trackingNo: 'SF1' }, ctx).preview.notice.body).toContain('邮寄送达，运单号 SF1')
})

it('words a reassignment for the citizen with the new clerk’s name', () => {
  const p = planStaffAction(c({ status: 'accepted' }), { action: 'reassign', staffId: 's2', staffName: '乙窗口', note: '甲窗口休假' }, ctx)
  expect(p.step).toEqual({ note: '改由 乙窗口 经办：甲窗口休假', staffName: '乙窗口' })
  expect(p.preview).toMatchObject({ actionLabel: '改派经办人员', statusAfter: 'accepted' })
})

describe('特殊情况: staff extend an open case to 20 working days, once, with the reason the citizen reads (003 §7.4.1.7, §7.5.1.7)', () => {
  const files = loadCatalogFiles()
  const catalog = Catalog.of(files)
  const claim = catalog.itemDetail('medical-reimbursement', '331100')
  const open = c({ status: 'inReview', itemName: claim.name, timeLimitDays: 10 })

  it('the claim items state the 特殊情况 limit; a case in review is extended to it, the status unchanged', () => {
    expect(claim.guide.timeLimit.special?.workingDays).toBe(20)
    expect(catalog.itemDetail('maternity-reimbursement', '331100').guide.timeLimit.special?.workingDays).toBe(20)
    const p = planStaffAction(open, { action: 'extendTimeLimit', reason: '需向外省就诊医院调取病历核实' }, { ...ctx, item: claim })
    expect(p.step).toEqual({ note: '因特殊情况，办理时限延长至 20 个工作日。原因：需向外省就诊医院调取病历核实', timeLimitDays: 20 })
    expect(p.preview).toMatchObject({ actionLabel: '延长办理时限', timelineLabel: '办理时限已延长（特殊情况）', statusAfter: 'inReview' })
    expect(p.preview.notice.body).toContain('原因：需向外省就诊医院调取病历核实')
  })

  it('never beyond 20 working days: a case already at it, or an item without the tier, is 409 TIME_LIMIT_NOT_EXTENDABLE', () => {
    const again = refused(() => planStaffAction({ ...open, timeLimitDays: 20 }, { action: 'extendTimeLimit', reason: '再延' }, { ...ctx, item: claim }))
    expect({ status: again.status, code: again.code }).toEqual({ status: 409, code: ErrorCode.TIME_LIMIT_NOT_EXTENDABLE })
    const other = catalog.itemDetail('maternity-nutrition-subsidy', '331100')
    expect(refused(() => planStaffAction(open, { action: 'extendTimeLimit', reason: '特殊' }, { ...ctx, item: other })).code).toBe(ErrorCode.TIME_LIMIT_NOT_EXTENDABLE)
  })

  it('a decided case is not extended (409 TRANSITION_NOT_ALLOWED)', () => {
    expect(refused(() => planStaffAction({ ...open, status: 'completed' }, { action: 'extendTimeLimit', reason: '特殊' }, { ...ctx, item: claim })).code).toBe(ErrorCode.TRANSITION_NOT_ALLOWED)
  })
})
