import {
  PAYMENT_WORKING_DAYS,
  guideCitationText,
  type ApplicationDetail,
  type ApplicationStatus,
  type Delivery,
  type GuideCitation,
  type StaffAction,
  type Supplement
} from '../contract/apply'
import type { FormSchema, HandlingMode, ItemDetail, Material } from '../contract/catalog'
import { yuan } from '../contract/common'
import { checkForm, maskFieldValue, payoutFields, resultDeliveryChoice } from '../contract/forms'
import { maskBankAccount, maskName } from '../contract/identity'
import { addWorkingDays, dueDate as computeDueDate, isOverdue, shanghaiDate, workingDaysBetween } from './calendar'
import { applicableMaterials, caseTimeLimitDays, needsPaper, regionProblems } from './answers'
import { nationalFieldKeys } from './national-regions'
import { errors, fieldsError } from './errors'
import { rejectionBasis, supplementBasis } from './guide-contract'
import type { WorkflowAction } from './workflow'

/**
 * The rules of a case (办件) around the state machine (domain/workflow.ts): what an item needs before it can be
 * submitted, the time limit's clock, the next step the citizen is told, and the words of each timeline node and
 * message. The BFF's case system stores the outcome; the msw mocks keep it in memory; both decide with these.
 */

export const FINAL_STATUSES: readonly ApplicationStatus[] = ['completed', 'rejected']

/** An item one can apply for online (query items are answered, not applied for: 001 §5.2.1). */
export function applyableItem(item: ItemDetail): ItemDetail & { form: FormSchema } {
  if (!item.onlineApply || !item.form || item.handlingMode === 'query') throw errors.itemNotApplyable(item.name)
  return item as ItemDetail & { form: FormSchema }
}

/** The material of an item, 404 MATERIAL_UNKNOWN. */
export function materialOf(item: ItemDetail, materialId: string): Material {
  const m = item.guide.materials.find((x) => x.id === materialId)
  if (!m) throw errors.materialUnknown()
  return m
}

/**
 * The submit checks of 001 §5.1.3–5.1.4: the form as the app checks it, every required material that applies to the
 * answers and is not verified through data sharing (001 §3.2.2) uploaded — paper originals too: their photos now
 * (the guides say 拍照上传，提交后邮寄原件), so a claim is never submitted with nothing to review — and the paper
 * pledge where originals are mailed. Returns the checked values; throws 400 VALIDATION_FAILED, MATERIALS_MISSING
 * or PAPER_PLEDGE_REQUIRED.
 */
export function checkSubmission(
  item: ItemDetail & { form: FormSchema },
  input: {
    values: Record<string, string>
    sharedVerified: readonly string[]
    uploadedMaterialIds: readonly string[]
    paperPledge?: boolean
    now: Date
    /** whether a code is a county of the national list (fields with regionScope 'national'; 003 §7.6.1–7.6.3) */
    nationalPlace: (code: string) => boolean
  }
): { values: Record<string, string>; needsPaper: boolean } {
  const check = checkForm(item.form, input.values, input.now)
  if (!check.ok) throw fieldsError(check.errors)
  for (const key of nationalFieldKeys(item.form)) {
    const v = check.values[key]
    if (v !== undefined && !input.nationalPlace(v)) throw errors.regionNotInDataset(item.form.fields.find((f) => f.key === key)?.label ?? '地区', key)
  }
  const conflicts = regionProblems(item, check.values)
  if (Object.keys(conflicts).length) throw fieldsError(conflicts)
  const missing = applicableMaterials(item, check.values).filter(
    (m) => m.required && !input.sharedVerified.includes(m.id) && !input.uploadedMaterialIds.includes(m.id)
  )
  if (missing.length) throw errors.materialsMissing(missing.map((m) => m.name))
  const paper = needsPaper(item, check.values)
  if (paper && !input.paperPledge) throw errors.paperPledgeRequired()
  return { values: check.values, needsPaper: paper }
}

/** A draft's due date if it were accepted today with these answers (manual cases: every one has a clock). */
export function projectedDueDate(item: ItemDetail, values: Record<string, string>, now: Date): string | null {
  const days = caseTimeLimitDays(item, values)
  return days === null ? null : computeDueDate({ clockStart: shanghaiDate(now), timeLimitDays: days, pausedWorkingDays: 0 })
}

/** What the time limit of a case depends on (001 §4.1.2 #9 办结时限; 001 §5.2.3.5 补正 time is the citizen's). */
export interface CaseClock {
  handlingMode: HandlingMode
  timeLimitDays: number | null
  submittedAt: string
  /** the Shanghai date of acceptance (受理): the clock starts then */
  clockStartDate: string | null
  /** while 待补正: the Shanghai date it was asked */
  pausedSinceDate: string | null
  /** working days of earlier 补正 rounds */
  pausedWorkingDays: number
}

/** The due date of a case now: working days from acceptance (the submit day until then), moved by 补正 pauses. */
export function caseDueDate(c: CaseClock, now: Date): string | null {
  if (c.timeLimitDays === null || c.handlingMode !== 'manual') return null
  const start = c.clockStartDate ?? shanghaiDate(new Date(c.submittedAt))
  const ongoingPause = c.pausedSinceDate ? workingDaysBetween(c.pausedSinceDate, shanghaiDate(now)) : 0
  return computeDueDate({ clockStart: start, timeLimitDays: c.timeLimitDays, pausedWorkingDays: c.pausedWorkingDays + ongoingPause })
}

/** Overdue: an open case, not waiting for the citizen's 补正, past its due date in Shanghai. */
export function caseOverdue(due: string | null, status: ApplicationStatus, now: Date): boolean {
  return due !== null && status !== 'supplementRequested' && !FINAL_STATUSES.includes(status) && isOverdue(due, now)
}

/** How a step moves the clock: started at acceptance, paused while 待补正, the pause added up at resubmit. */
export function clockAfterStep(
  c: Pick<CaseClock, 'clockStartDate' | 'pausedSinceDate' | 'pausedWorkingDays'>,
  step: { action: WorkflowAction; from: ApplicationStatus; to: ApplicationStatus; today: string }
): Pick<CaseClock, 'clockStartDate' | 'pausedSinceDate' | 'pausedWorkingDays'> {
  const out = { ...c }
  if (step.to === 'accepted' && out.clockStartDate === null) out.clockStartDate = step.today
  if (step.to === 'supplementRequested' && step.from !== 'supplementRequested') out.pausedSinceDate = step.today
  if (step.action === 'resubmit' && out.pausedSinceDate) {
    out.pausedWorkingDays += workingDaysBetween(out.pausedSinceDate, step.today)
    out.pausedSinceDate = null
  }
  return out
}

/** What the citizen must do next, in one sentence, or null when it is the agency's turn. */
export function caseNextStep(c: {
  status: ApplicationStatus
  handlingMode: HandlingMode
  supplement: Pick<Supplement, 'materials' | 'deadline'> | null
  needsPaper: boolean
  paperReceived: boolean
  delivered: boolean
  mailing: ItemDetail['mailing'] | null
  /** where a paper result goes, once completed (resultDeliveryStep) */
  resultDelivery: string | null
}): string | null {
  if (c.status === 'supplementRequested') {
    const s = c.supplement
    return s ? `请在 ${s.deadline} 前补正：${s.materials.join('、')}，然后点“重新提交”` : '请按要求补正材料后重新提交'
  }
  if (c.needsPaper && !c.paperReceived && !FINAL_STATUSES.includes(c.status)) {
    const m = c.mailing
    return m ? `请在 ${m.deadlineDays} 日内将纸质材料原件邮寄至：${m.address}（${m.recipient} 收，${m.phone}）` : '请按办事指南将纸质材料原件邮寄至经办机构'
  }
  return c.status === 'completed' && !c.delivered ? c.resultDelivery : null
}

/** A paper result (就医凭证…) goes the way the citizen chose on the form; other results are online only. */
export function resultDeliveryStep(item: ItemDetail | null, values: Record<string, string>): string | null {
  const delivery = resultDeliveryChoice(item?.form, values)
  const doc = item?.guide.result.documents[0] ?? '纸质结果'
  if (delivery?.method === 'mail') return `${doc}将邮寄至：${delivery.address ?? '您填写的收件地址'}，寄出后会短信通知您`
  if (delivery?.method === 'pickup') return `请凭身份证件到${item?.guide.office.address ?? '受理窗口'}领取${doc}（${item?.guide.office.hours ?? '工作日办公时间'}）`
  return null
}

/** The submit node: the citizen's own, or a family member's for them (a proxy, 001 §3.1.2 亲友代办). */
export function submitLabel(proxy: boolean): string {
  return proxy ? '亲友代为提交申请' : '已提交申请'
}

/** The 补正 materials the citizen has not uploaded again since it was asked. */
export function supplementMissing(s: Pick<Supplement, 'materialIds' | 'requestedAt'>, uploads: ReadonlyArray<{ materialId: string; uploadedAt: string }>): string[] {
  return s.materialIds.filter((m) => !uploads.some((u) => u.materialId === m && u.uploadedAt >= s.requestedAt))
}

/** A 补正 upload: the material must be one asked for, within its number of files since the request. */
export function checkSupplementUpload(
  item: ItemDetail,
  s: Pick<Supplement, 'materialIds' | 'requestedAt'>,
  materialId: string,
  uploadsSince: number
): Material {
  const material = materialOf(item, materialId)
  if (!s.materialIds.includes(materialId)) throw errors.materialUnknown()
  const max = material.maxFiles ?? 1
  if (uploadsSince >= max) throw errors.uploadTooMany(material.name, max)
  return material
}

/** The values of a resubmit: the case's values with the citizen's corrections of editable fields, checked again. */
export function resubmitValues(item: ItemDetail, stored: Record<string, string>, corrections: Record<string, string> | undefined, now: Date): Record<string, string> {
  if (!corrections || !item.form) return stored
  const merged = { ...stored }
  for (const [k, v] of Object.entries(corrections)) {
    const f = item.form.fields.find((x) => x.key === k)
    if (f && !f.readonly) merged[k] = v
  }
  const check = checkForm(item.form, merged, now)
  if (!check.ok) throw fieldsError(check.errors)
  return check.values
}

export interface StoredResult {
  decision: 'approved' | 'rejected'
  text: string
  decidedAt: string
  /** what an approved case of an item that pays money pays (recorded at 办结) */
  payment?: { amountFen: number; expectedDate: string }
  /** a staff rejection: the guide's conditions it cites */
  basis?: GuideCitation[]
}

/** The payment of an approved case of an item that pays money: amount and date recorded at 办结, account from the form. */
export function paymentView(stored: StoredResult, item: ItemDetail | null, values: Record<string, string>, unmasked: boolean): NonNullable<ApplicationDetail['result']>['payment'] {
  const keys = payoutFields(item?.form)
  if (!stored.payment || stored.decision !== 'approved' || !keys) return null
  const account = values[keys.bankAccount] ?? ''
  const accountName = keys.accountName ? (values[keys.accountName] ?? null) : null
  return {
    amountFen: stored.payment.amountFen,
    expectedDate: stored.payment.expectedDate,
    bank: keys.bankName ? (values[keys.bankName] ?? null) : null,
    account: unmasked ? account : maskBankAccount(account),
    accountName: accountName && !unmasked ? maskName(accountName) : accountName
  }
}

/**
 * A staff view of a case with the applicant masked as the citizen's own view shows it (contract/staff.ts
 * staffSeesApplicantWhole says for whom): names, and the form's 身份证号, phones and bank accounts by their field's kind.
 */
export function maskApplicantView(c: ApplicationDetail, item: ItemDetail | null): ApplicationDetail {
  const fieldsByKey = new Map((item?.form?.fields ?? []).map((f) => [f.key, f]))
  const payment = c.result?.payment
  return {
    ...c,
    applicantName: maskName(c.applicantName),
    actorName: maskName(c.actorName),
    fields: c.fields.map((f) => ({ ...f, value: maskFieldValue(fieldsByKey.get(f.key), f.value) })),
    events: c.events.map((e) => (e.actor.kind === 'citizen' ? { ...e, actor: { ...e.actor, name: maskName(e.actor.name) } } : e)),
    result:
      c.result && payment
        ? { ...c.result, payment: { ...payment, account: maskBankAccount(payment.account), accountName: payment.accountName === null ? null : maskName(payment.accountName) } }
        : c.result
  }
}

/** What a staff action records besides the state: the timeline note and the data it sets (001 §5.2.3). */
export interface StaffStep {
  note: string | null
  staffName?: string
  supplement?: Supplement
  result?: StoredResult
  delivery?: Delivery
  materialsReturnedAt?: string
  /** the case's new time limit in working days (特殊情况, extendTimeLimit) */
  timeLimitDays?: number
}

/**
 * The note and data of a staff action; 400 SUPPLEMENT_NOT_IN_GUIDE for a 补正 of a material the case's guide does not
 * list, REJECTION_WITHOUT_GUIDE_CONDITION for a rejection citing none of its conditions, 400
 * PAYMENT_AMOUNT_REQUIRED for completing an item that pays money without the amount (ask applyAction first: a step
 * out of turn is refused as such).
 */
export function staffStep(
  a: StaffAction,
  ctx: { item: ItemDetail | null; itemName: string; today: string; at: string; /** the materials the case has files of */ uploadedMaterialIds?: readonly string[] }
): StaffStep {
  switch (a.action) {
    case 'assign':
      return { note: `由 ${a.staffName} 经办`, staffName: a.staffName }
    case 'requestSupplement': {
      // only what the case's guide lists, each cited by its number there (domain/guide-contract.ts)
      const basis = supplementBasis(ctx.item?.guide ?? { materials: [] }, a, { uploadedMaterialIds: ctx.uploadedMaterialIds ?? [] })
      const names = basis.map((b) => (b.betterCopy ? `${b.text}（更清晰完整的版本）` : b.text))
      return {
        note: `${a.note}（需补正：${basis.map((b, i) => `${names[i]}，依据办事指南第 ${b.no} 项申请材料`).join('；')}）`,
        supplement: {
          materialIds: basis.map((b) => b.materialId!),
          materials: names,
          note: a.note,
          deadline: addWorkingDays(ctx.today, a.deadlineDays ?? 5),
          requestedAt: ctx.at,
          basis
        }
      }
    }
    case 'complete':
    case 'reject': {
      // a rejection rests on the conditions of the case's guide (domain/guide-contract.ts)
      const basis = a.action === 'reject' ? rejectionBasis(ctx.item?.guide ?? { conditions: { requirements: [], prohibitions: [] } }, a.conditions) : []
      const cited = basis.map(guideCitationText).join('；')
      const text = a.action === 'reject' ? `${a.reason}（${cited}）` : (a.note ?? `您申请的“${ctx.itemName}”已审核通过，办理完毕。`)
      // an item that pays money is decided with the amount (the citizen is told how much, where to, by when)
      const pays = a.action === 'complete' && payoutFields(ctx.item?.form) !== null
      if (pays && a.action === 'complete' && a.amountFen === undefined) throw errors.paymentAmountRequired(ctx.itemName)
      const payment =
        pays && a.action === 'complete' && a.amountFen !== undefined
          ? { amountFen: a.amountFen, expectedDate: a.paymentDate ?? addWorkingDays(ctx.today, PAYMENT_WORKING_DAYS) }
          : undefined
      return {
        note: payment ? `${text}（支付金额 ${yuan(payment.amountFen)} 元，预计 ${payment.expectedDate} 前到账）` : text,
        result: { decision: a.action === 'complete' ? 'approved' : 'rejected', text, decidedAt: ctx.at, ...(payment ? { payment } : {}), ...(basis.length ? { basis } : {}) }
      }
    }
    case 'deliver':
      return {
        note: `${{ pickup: '窗口领取', mail: '邮寄送达', online: '在线送达' }[a.method]}${a.trackingNo ? `，运单号 ${a.trackingNo}` : ''}${a.note ? `；${a.note}` : ''}`,
        delivery: { method: a.method, at: ctx.at, trackingNo: a.trackingNo ?? null, note: a.note ?? null }
      }
    case 'returnMaterials':
      return { note: a.note ?? '纸质材料原件已退还', materialsReturnedAt: ctx.at }
    case 'extendTimeLimit':
      // the limit depends on the case (planStaffAction: timeLimitExtension); alone, the reason
      return { note: a.reason }
    default:
      return { note: a.note ?? null }
  }
}

/** The document a decision issues (001 §5.3). */
export function resultDocumentName(itemName: string, decision: StoredResult['decision']): string {
  return `${itemName}${decision === 'approved' ? '办理结果通知书' : '不予办理通知书'}`
}

/** The in-app message (and SMS) of a submit: 申请已提交, or the smart decision at once. */
export function submitMessage(m: {
  whose: string
  itemName: string
  caseNo: string
  decision: { approved: boolean; text: string } | null
}): { title: string; body: string } {
  const d = m.decision
  return {
    title: d ? (d.approved ? '办件已办结' : '办件不予办理') : '申请已提交',
    body: d
      ? `${m.whose}“${m.itemName}”（${m.caseNo}）${d.approved ? '已办结' : '未通过'}：${d.text}`
      : `${m.whose}“${m.itemName}”已提交，办件编号 ${m.caseNo}，工作人员受理后将通知您。`
  }
}

/** Whose case a message speaks of: one's own, one applied for by a family member, or one's family member's. */
export function messageWhose(to: { proxy: boolean; self: boolean }, names: { applicant: string; actor: string }): string {
  return to.proxy ? `${maskName(names.applicant)}的` : to.self ? '您申请的' : `${maskName(names.actor)}为您申请的`
}

/** The message of a step taken by staff or the system (the citizen's own steps send none). */
export function progressMessage(m: { proxy: boolean; applicantName: string; itemName: string; caseNo: string; label: string; note: string | null }): { title: string; body: string } {
  return {
    title: `办件进度：${m.label}`,
    body: `${m.proxy ? `${maskName(m.applicantName)}的` : '您申请的'}“${m.itemName}”（${m.caseNo}）${m.label}${m.note ? `：${m.note}` : ''}`
  }
}
