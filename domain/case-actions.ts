import { APPLICATION_STATUS_LABEL, type ApplicationDetail, type StaffAction, type StaffActionPreview } from '../contract/apply'
import type { ItemDetail } from '../contract/catalog'
import { applicableMaterials } from './answers'
import { progressMessage, staffStep, type StaffStep } from './cases'
import { errors } from './errors'
import { caseStateOf } from './case-state'
import { ACTION_LABEL, applyAction, type WorkflowAction } from './workflow'
import { checkDueDate, overdueNote } from './guide-contract'

export { caseStateOf }

/**
 * A staff step planned before it is taken (001 §5.2.3): whether the state machine allows it, what it records (the
 * step of domain/cases.ts), which timeline node it makes and the exact message the applicant receives. The case
 * system takes the plan; the workbench shows it first (a dry run, POST …/actions/preview) so the clerk reads what the
 * citizen will read before sending. Pure: the case as the contract shows it in, the plan out.
 */

/** the timeline node of a 收到原件 that is not yet all of them (the case waits on in 已预受理) */
export const PAPER_PART_LABEL = '已收到部分纸质材料原件'

/**
 * The paper originals of a case as it lists them, each with when it arrived (`arrived`: id → when): only those that
 * apply to the case's answers (001 §5.1.4; `values` null: every original of the item).
 */
export function paperMaterialsView(
  item: Pick<ItemDetail, 'guide'> | null,
  values: Record<string, string> | null,
  arrived: Record<string, string> | null
): NonNullable<ApplicationDetail['paper']>['materials'] {
  if (!item) return []
  return (values ? applicableMaterials(item, values) : item.guide.materials)
    .filter((m) => m.paper)
    .map((m) => ({ id: m.id, name: m.name, count: m.count, form: m.form, receivedAt: arrived?.[m.id] ?? null }))
}

/**
 * 001 §5.2.3.3: which paper originals have arrived after this 收到原件 (material id → when), and whether that is all of
 * them. `materialIds` omitted: all arrived together. A material that is not one of the case's originals: 400.
 */
export function paperArrival(
  paper: NonNullable<ApplicationDetail['paper']>,
  materialIds: readonly string[] | undefined,
  at: string
): { arrived: Record<string, string>; complete: boolean; note: string } {
  const ids = paper.materials.map((m) => m.id)
  const now = materialIds ?? ids
  if (now.some((id) => !ids.includes(id))) throw errors.paperMaterialUnknown()
  const arrived: Record<string, string> = {}
  for (const m of paper.materials) {
    if (m.receivedAt) arrived[m.id] = m.receivedAt
    else if (now.includes(m.id)) arrived[m.id] = at
  }
  const names = (pick: (id: string) => boolean): string =>
    paper.materials
      .filter((m) => pick(m.id))
      .map((m) => m.name)
      .join('、')
  const missing = names((id) => !arrived[id])
  const got = names((id) => now.includes(id))
  return { arrived, complete: !missing, note: missing ? `已收到：${got}；尚未收到：${missing}` : `已收到纸质材料原件：${got}` }
}

/**
 * 特殊情况 (003 §7.4.1.7, §7.5.1.7: 特殊情况不超过20个工作日): the case's time limit extended to the item's special
 * limit, counted by the same clock as every due date (from 受理, 补正 not counted), with the reason the citizen reads.
 * 409 TIME_LIMIT_NOT_EXTENDABLE for an item whose guide states no such limit, or a case already at it: never beyond.
 */
export function timeLimitExtension(c: Pick<ApplicationDetail, 'itemName' | 'timeLimitDays'>, reason: string, item: Pick<ItemDetail, 'guide'> | null): StaffStep {
  const special = item?.guide.timeLimit.special
  if (!special) throw errors.timeLimitNotExtendable(`“${c.itemName}”的办事指南没有特殊情况延长办理时限的规定`)
  if ((c.timeLimitDays ?? 0) >= special.workingDays) {
    throw errors.timeLimitNotExtendable(`办理时限已是特殊情况的上限 ${special.workingDays} 个工作日，不能再延长`)
  }
  return { note: `因特殊情况，办理时限延长至 ${special.workingDays} 个工作日。原因：${reason.trim()}`, timeLimitDays: special.workingDays }
}

export interface StaffActionPlan {
  /** the workflow step, or null for a 收到原件 that leaves originals still awaited (recorded, status unchanged) */
  action: WorkflowAction | null
  label: string
  step: StaffStep
  /** material id → arrival, after a 收到原件 */
  paperArrived: Record<string, string> | null
  preview: StaffActionPreview
}

/**
 * Plans a staff action on a case: 409 TRANSITION_NOT_ALLOWED out of turn, 409 TIME_LIMIT_PASSED for an extension or a
 * 补正 after the due date, then the action's own checks (400 PAYMENT_AMOUNT_REQUIRED, TRACKING_NO_REQUIRED,
 * PAPER_MATERIAL_UNKNOWN, SUPPLEMENT_NOT_IN_GUIDE, SUPPLEMENT_COPY_NOT_GIVEN, REJECTION_WITHOUT_GUIDE_CONDITION).
 * `ctx.item` is the item as the case was filed (its guide version). `reassign` and `assign` carry the staffName the
 * BFF resolved.
 */
export function planStaffAction(c: ApplicationDetail, a: StaffAction, ctx: { item: ItemDetail | null; today: string; at: string }): StaffActionPlan {
  const state = caseStateOf(c)
  let paperArrived: Record<string, string> | null = null
  let action: WorkflowAction | null = a.action
  let label: string
  let after = state
  let step: StaffStep
  if (a.action === 'receivePaper' && c.paper && state.status === 'preAccepted') {
    const p = paperArrival(c.paper, a.materialIds, ctx.at)
    paperArrived = p.arrived
    step = { note: a.note ? `${p.note}。${a.note}` : p.note }
    const out = p.complete ? applyAction(state, 'receivePaper') : { state, label: PAPER_PART_LABEL }
    if (!p.complete) action = null
    after = out.state
    label = out.label
  } else {
    const out = applyAction(state, a.action)
    after = out.state
    label = out.label
    // past the due date with no extension recorded before it: no extension and no 补正 now (domain/guide-contract.ts)
    checkDueDate(c, a.action)
    if (a.action === 'deliver' && a.method === 'mail' && !a.trackingNo?.trim()) throw errors.trackingNoRequired()
    step =
      a.action === 'reassign'
        ? { note: `改由 ${a.staffName ?? '其他工作人员'} 经办${a.note ? `：${a.note}` : ''}`, staffName: a.staffName }
        : a.action === 'extendTimeLimit'
          ? timeLimitExtension(c, a.reason, ctx.item)
          : staffStep(a, { item: ctx.item, itemName: c.itemName, today: ctx.today, at: ctx.at, uploadedMaterialIds: c.uploads?.map((u) => u.materialId) ?? [] })
  }
  // a step on a case past its due date says so on the timeline and in the message: the lateness is never silent
  const late = overdueNote(c)
  if (late) step = { ...step, note: step.note ? `${step.note}（${late}）` : late }
  return {
    action,
    label,
    step,
    paperArrived,
    preview: {
      action: a.action,
      actionLabel: ACTION_LABEL[a.action],
      timelineLabel: label,
      statusAfter: after.status,
      statusAfterLabel: APPLICATION_STATUS_LABEL[after.status],
      notice: progressMessage({ proxy: false, applicantName: c.applicantName, itemName: c.itemName, caseNo: c.caseNo, label, note: step.note })
    }
  }
}
