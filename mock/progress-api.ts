// Over 400 lines: most of it is the five SAMPLE cases, written out so a reader sees each case's whole timeline.
import { http, HttpResponse } from 'msw'
import { paperMaterialsView } from '../domain/case-actions'
import {
  APPLICATION_STATUS_LABEL,
  ApplicationDetailSchema,
  CASE_STEPS_NOT_TAKEN,
  IDEMPOTENCY_KEY_PATTERN,
  ApplicationsQuerySchema,
  ResubmitRequestSchema,
  maskName,
  shanghaiToday,
  type ApplicationDetail,
  type ApplicationEvent,
  type ApplicationStatus,
  type ApplicationSummary,
  type ItemDetail,
  type Reminder,
  type Upload
} from '../contract'
import { addWorkingDays, isWorkingDay } from '../domain/calendar'
import { checkSupplementUpload, resubmitValues, supplementMissing } from '../domain/cases'
import { errors } from '../domain/errors'
import { NODE_LABEL, type WorkflowAction } from '../domain/workflow'
import { MOCK_APPLICANT, mockApplications, mockCasePeople, mockId } from './apply-store'
import { caseView, maskedCitizen, mockCase, mockCaseGuide, mockCaseStep, mockUploadedFile, setMockCaseClock } from './cases'
import { mockGuideVersion, mockItem } from './catalog-api'
import { supplementBasis } from '../domain/guide-contract'
import { jsonBody, parse, route } from './http'
import { addMockNotification, notificationHandlers, resetMockNotifications, setMockNotificationClock } from './notifications'
import { reminderMessage } from '../domain/reminders'
import { addMockReminder, mockDeemedConsentSweep, reminderHandlers, resetMockReminders, setMockReminderClock } from './reminders'

export { addMockNotification, addMockReminder, mockDeemedConsentSweep }

/**
 * msw handlers for following a case (001 §3.1.4, §5.2.3.8, §5.3), answered in memory with the BFF's rules
 * (domain/cases.ts through mock/cases.ts) and error codes:
 *   GET  /applications[?status=]             the cases of MOCK_APPLICANT, newest first; due date and overdue worked out now
 *   GET  /applications/:id                   404 APPLICATION_UNKNOWN
 *   POST /applications/:id/materials/:mid    补正 upload: 409 SUPPLEMENT_NOT_REQUESTED, 404 MATERIAL_UNKNOWN, the material's limits
 *   POST /applications/:id/resubmit          Idempotency-Key; 400 MATERIALS_MISSING until every asked material has a new
 *                                            upload; back to the step that asked (001 §5.2.3.5)
 *   GET  /applications/:id/guide             the guide the case was filed under (the mocks' one version)
 *   GET  /applications/:id/result.pdf        a tiny valid PDF; 404 RESULT_UNKNOWN before a decision
 * and, seeded with the samples on first use, the message centre (mock/notifications.ts) and 提醒办 (mock/reminders.ts).
 *
 * Cases live in `mockApplications` of mock/apply-store.ts, shared with the apply mocks (a case submitted there shows
 * up here). A few SAMPLE cases are seeded on first use, built from the mock catalog so names, time limits and
 * mailing addresses are the catalog's: one 待补正, one 已办结 with a result (mailed, originals returned), one overdue,
 * one waiting for paper originals, one smart item decided at once. The mocks do not check tokens.
 */
export interface MockProgressOptions {
  now?: () => Date
  item?: (id: string, region: string) => ItemDetail | Promise<ItemDetail>
}

let options: MockProgressOptions = {}
export function configureMockProgress(o: MockProgressOptions): void {
  options = o
  setMockCaseClock(now)
  setMockNotificationClock(now)
  setMockReminderClock(now)
}

const now = (): Date => (options.now ? options.now() : new Date())
setMockCaseClock(now)
setMockNotificationClock(now)
setMockReminderClock(now)
const SAMPLE_REGION = '331102'

async function itemOf(id: string, region: string): Promise<ItemDetail> {
  return options.item ? options.item(id, region) : mockItem(id, region)
}

// ---------- state ----------

/** Idempotency-Key → the case it resubmitted */
const resubmitKeys = new Map<string, string>()
let seeding: Promise<void> | null = null

/** Lets the apply mocks (or a test) add a case; it then shows in 我的办件. */
export function addMockApplication(detail: ApplicationDetail): ApplicationDetail {
  const parsed = ApplicationDetailSchema.parse(detail)
  mockApplications.set(parsed.id, parsed)
  return parsed
}

/** Forgets the progress mocks' state (the samples are seeded again on the next request). Tests call it. */
export function resetMockProgress(): void {
  for (const id of SAMPLE_IDS) mockApplications.delete(id)
  resetMockNotifications()
  resetMockReminders()
  resubmitKeys.clear()
  seeding = null
}

// ---------- samples ----------

export const SAMPLE_IDS = ['sample-supplement', 'sample-completed', 'sample-overdue', 'sample-paper', 'sample-smart'] as const

/** An ISO instant from a Shanghai date and time. */
function at(day: string, hhmm: string): string {
  return new Date(`${day}T${hhmm}:00+08:00`).toISOString()
}

function caseNo(day: string, n: number): string {
  return `YB${SAMPLE_REGION}${day.replace(/-/g, '')}${String(90000 + n).padStart(5, '0')}`
}

/** A timeline node of a sample, labelled as the state machine labels it (domain/workflow.ts NODE_LABEL). */
function ev(atIso: string, actor: ApplicationEvent['actor'], action: WorkflowAction, from: ApplicationStatus | null, to: ApplicationStatus, note: string | null = null): ApplicationEvent {
  return { id: mockId('ev'), at: atIso, actor, action, label: NODE_LABEL[action], from, to, note }
}

function upload(materialId: string, fileName: string, atIso: string): Upload {
  return { id: mockId('up'), materialId, fileName, mime: 'image/jpeg', size: 412_345, width: 1920, height: 2560, sha256: 'a'.repeat(64), uploadedAt: atIso }
}

const CITIZEN = (): ApplicationEvent['actor'] => ({ kind: 'citizen', name: maskName(MOCK_APPLICANT.name) })
/** SAMPLE window staff (invented names) */
const STAFF_A: ApplicationEvent['actor'] = { kind: 'staff', name: '王敏' }
const STAFF_B: ApplicationEvent['actor'] = { kind: 'staff', name: '李强' }

function base(item: ItemDetail, id: string, n: number, submittedAt: string, status: ApplicationStatus): ApplicationDetail {
  return {
    id,
    caseNo: caseNo(shanghaiToday(new Date(submittedAt)), n),
    itemId: item.id,
    itemName: item.name,
    handlingMode: item.handlingMode,
    status,
    statusLabel: APPLICATION_STATUS_LABEL[status],
    region: { code: item.region.code, name: item.region.name },
    applicantName: maskName(MOCK_APPLICANT.name),
    submittedAt,
    dueDate: null,
    overdue: false,
    nextStep: null,
    updatedAt: submittedAt,
    fields: [
      { key: 'name', label: '申请人姓名', value: maskName(MOCK_APPLICANT.name) },
      { key: 'phone', label: '联系电话', value: '138****0001' }
    ],
    uploads: [],
    sharedVerified: item.guide.materials.filter((m) => m.sharedVerifiable).map((m) => m.name).slice(0, 1),
    events: [],
    ...CASE_STEPS_NOT_TAKEN,
    timeLimitDays: item.guide.timeLimit.workingDays,
    actorName: maskName(MOCK_APPLICANT.name),
    guideVersion: mockGuideVersion()
  }
}

function materialName(item: ItemDetail, id: string): string {
  return item.guide.materials.find((m) => m.id === id)?.name ?? id
}

function paperOf(item: ItemDetail, received: boolean): ApplicationDetail['paper'] {
  if (!item.mailing) return null
  const materials = paperMaterialsView(item, null, null)
  return materials.length ? { materials, mailing: item.mailing, received } : null
}

async function seed(): Promise<void> {
  const today = shanghaiToday(now())
  // working days before (negative) or after `from`, on the BFF's calendar (domain/calendar.ts)
  const wd = (delta: number, from = today): string => {
    if (delta >= 0) return addWorkingDays(from, delta)
    let d = from
    for (let left = -delta; left > 0; ) {
      d = new Date(Date.parse(`${d}T00:00:00Z`) - 86_400_000).toISOString().slice(0, 10)
      if (isWorkingDay(d)) left--
    }
    return d
  }

  // 1. 待补正 (001 §5.2.3.5): 零星报销, accepted 4 working days ago, staff asked for two materials again
  {
    const item = await itemOf('medical-reimbursement', SAMPLE_REGION)
    const d0 = wd(-6)
    const d1 = wd(-4)
    const d2 = wd(-1)
    const a = base(item, 'sample-supplement', 1, at(d0, '09:12'), 'supplementRequested')
    const asked = ['emergency-proof', 'purchased-drug-order']
    const note = '急诊诊断证明照片模糊、看不清诊断结论；外购药处方复印件缺少医院盖章页。请重新拍摄清晰、完整的照片上传。'
    const deadline = wd(5, d2)
    a.events = [
      ev(at(d0, '09:12'), CITIZEN(), 'submit', null, 'submitted'),
      ev(at(d0, '09:12'), STAFF_A, 'assign', 'submitted', 'assigned', `由 ${STAFF_A.name} 经办`),
      ev(at(d0, '10:40'), STAFF_A, 'preAccept', 'assigned', 'preAccepted', '请按要求邮寄票据等纸质原件'),
      ev(at(d1, '15:20'), STAFF_A, 'receivePaper', 'preAccepted', 'accepted', '纸质材料已收到，核对无误'),
      ev(at(d1, '16:02'), STAFF_B, 'startReview', 'accepted', 'inReview', null),
      ev(at(d2, '14:05'), STAFF_B, 'requestSupplement', 'inReview', 'supplementRequested', note)
    ]
    a.uploads = [upload('emergency-proof', '急诊病历.jpg', at(d0, '09:05')), upload('purchased-drug-order', '外购药处方.jpg', at(d0, '09:08'))]
    // better copies of two materials given, each cited by its number in the guide (domain/guide-contract.ts)
    const basis = supplementBasis(item.guide, { materialIds: asked, betterCopy: asked }, { uploadedMaterialIds: asked })
    a.supplement = { materialIds: asked, materials: asked.map((m) => materialName(item, m)), note, deadline, requestedAt: at(d2, '14:05'), basis }
    a.paper = paperOf(item, true)
    a.updatedAt = at(d2, '14:05')
    mockApplications.set(a.id, a)
    addMockNotification({ title: '办件需要补正材料', body: `您申请的“${item.name}”需要补正材料，请在 ${deadline} 前补正。`, applicationId: a.id, reminderId: null, createdAt: a.updatedAt })
  }

  // 2. 已办结 with a result, mailed, originals returned (001 §5.2.3.6–5.2.3.7, §5.3)
  {
    const item = await itemOf('maternity-allowance', SAMPLE_REGION)
    const d0 = wd(-15)
    const d1 = wd(-13)
    const d2 = wd(-5)
    const d3 = wd(-3)
    const a = base(item, 'sample-completed', 2, at(d0, '20:31'), 'completed')
    const text = '经审核，您的生育津贴申请符合享受条件，已核定生育津贴并将在 5 个工作日内发放至您登记的银行账户。'
    a.events = [
      ev(at(d0, '20:31'), CITIZEN(), 'submit', null, 'submitted'),
      ev(at(d0, '20:31'), STAFF_A, 'assign', 'submitted', 'assigned', `由 ${STAFF_A.name} 经办`),
      ev(at(wd(1, d0), '09:03'), STAFF_A, 'preAccept', 'assigned', 'preAccepted', null),
      ev(at(d1, '11:26'), STAFF_A, 'receivePaper', 'preAccepted', 'accepted', null),
      ev(at(d1, '14:00'), STAFF_B, 'startReview', 'accepted', 'inReview', null),
      ev(at(d2, '10:18'), STAFF_B, 'complete', 'inReview', 'completed', text),
      ev(at(d2, '16:45'), STAFF_A, 'deliver', 'completed', 'completed', '中国邮政 EMS 1190000000012（示例）'),
      ev(at(d3, '10:00'), STAFF_A, 'returnMaterials', 'completed', 'completed', '原件随结果文书一并寄回')
    ]
    a.uploads = [upload('medical-records', '出院小结.jpg', at(d0, '20:25'))]
    a.paper = paperOf(item, true)
    a.result = { decision: 'approved', text, issuedAt: at(d2, '10:18'), verifyCode: 'SAMPLE8K2M4Q7XW3', documentName: `${item.name}办理结果通知书`, payment: null }
    a.delivery = { method: 'mail', at: at(d2, '16:45'), trackingNo: '1190000000012', note: '中国邮政 EMS（示例）' }
    a.materialsReturnedAt = at(d3, '10:00')
    a.updatedAt = at(d3, '10:00')
    mockApplications.set(a.id, a)
    addMockNotification({ title: '办件已办结', body: `您申请的“${item.name}”已办结，可在“我的办件”中查看和下载结果文书。`, applicationId: a.id, reminderId: null, createdAt: at(d2, '10:18'), read: true })
  }

  // 3. overdue: 个人医疗保险退费 in review past its due date (5 working days, 003)
  {
    const item = await itemOf('employee-refund', SAMPLE_REGION)
    const days = item.guide.timeLimit.workingDays ?? 5
    const d0 = wd(-(days + 3))
    const a = base(item, 'sample-overdue', 3, at(d0, '08:47'), 'inReview')
    a.events = [
      ev(at(d0, '08:47'), CITIZEN(), 'submit', null, 'submitted'),
      ev(at(d0, '08:47'), STAFF_B, 'assign', 'submitted', 'assigned', `由 ${STAFF_B.name} 经办`),
      ev(at(d0, '09:30'), STAFF_B, 'accept', 'assigned', 'accepted', null),
      ev(at(wd(1, d0), '10:12'), STAFF_B, 'startReview', 'accepted', 'inReview', '正在与参保单位核对缴费记录')
    ]
    a.uploads = [upload('bank-account', '银行卡.jpg', at(d0, '08:40'))]
    a.updatedAt = at(wd(1, d0), '10:12')
    mockApplications.set(a.id, a)
    addMockNotification({ title: '办件已受理', body: `您申请的“${item.name}”已受理，承诺 ${days} 个工作日内办结。`, applicationId: a.id, reminderId: null, createdAt: at(d0, '09:30'), read: true })
  }

  // 4. 预受理: waiting for the mailed paper originals (001 §5.1.4, §5.2.3.2)
  {
    const item = await itemOf('maternity-nutrition-subsidy', SAMPLE_REGION)
    const d0 = wd(-1)
    const a = base(item, 'sample-paper', 4, at(d0, '19:02'), 'preAccepted')
    a.events = [
      ev(at(d0, '19:02'), CITIZEN(), 'submit', null, 'submitted'),
      ev(at(d0, '19:02'), STAFF_A, 'assign', 'submitted', 'assigned', `由 ${STAFF_A.name} 经办`),
      ev(at(today, '09:15'), STAFF_A, 'preAccept', 'assigned', 'preAccepted', '收到纸质材料后即时受理')
    ]
    a.paper = paperOf(item, false) ?? paperOf(await itemOf('maternity-allowance', SAMPLE_REGION), false)
    a.updatedAt = at(today, '09:15')
    mockApplications.set(a.id, a)
  }

  // 5. smart item decided at once (001 §5.2.2, §5.3.1)
  {
    const item = await itemOf('family-sharing-filing', SAMPLE_REGION)
    const d0 = wd(-20)
    const a = base(item, 'sample-smart', 5, at(d0, '12:30'), 'completed')
    const text = `经智能核验，您的“${item.name}”申请符合办理条件，已办结。`
    a.events = [
      ev(at(d0, '12:30'), CITIZEN(), 'submit', null, 'submitted'),
      ev(at(d0, '12:30'), { kind: 'system', name: '系统（智能办理）' }, 'autoComplete', 'submitted', 'completed', text)
    ]
    a.result = { decision: 'approved', text, issuedAt: at(d0, '12:30'), verifyCode: 'SAMPLE3H7T9P2LZ5', documentName: `${item.name}办理结果通知书`, payment: null }
    a.delivery = { method: 'online', at: at(d0, '12:30'), trackingNo: null, note: null }
    a.updatedAt = at(d0, '12:30')
    mockApplications.set(a.id, a)
  }

  // reminders (提醒办, 000 §6.1.2.1.2; SAMPLE persons)
  const sampleReminder = async (
    r: Pick<Reminder, 'id' | 'itemId' | 'reason' | 'createdAt'> & Partial<Reminder>,
    /** the form values the source department supplied (000 图4 免提交) */
    source?: Record<string, string>
  ): Promise<Reminder> =>
    addMockReminder(
      {
        itemName: (await itemOf(r.itemId, SAMPLE_REGION)).name,
        region: { code: SAMPLE_REGION, name: '莲都区' },
        personName: maskName(MOCK_APPLICANT.name),
        status: 'pending',
        decidedAt: null,
        draftId: null,
        ...r
      },
      source
    )
  const r1 = await sampleReminder({
    id: 'sample-reminder-newborn',
    itemId: 'resident-enrollment',
    reason: '您的孩子已在公安部门完成出生登记，可为其办理城乡居民基本医疗保险参保登记',
    personName: maskName('张小宝'),
    createdAt: at(wd(-2), '08:00')
  })
  addMockNotification({ title: '提醒办', body: `${r1.reason}，点此确认办理。`, applicationId: null, reminderId: r1.id, createdAt: r1.createdAt })
  await sampleReminder({
    id: 'sample-reminder-evoucher',
    itemId: 'evoucher-activation',
    reason: '您已完成参保登记，可申领医保码（医保电子凭证），就医购药时出示即可',
    createdAt: at(wd(-8), '08:00')
  })
  // 000 §6.7.1: the hospital's upload of a 慢特病 diagnosis, proposed with the agency's objection deadline (视同同意)
  const deemed = await sampleReminder(
    {
      id: 'sample-reminder-deemed',
      itemId: 'chronic-disease-filing',
      reason: '您在定点医疗机构就诊，诊断为高血压，属于门诊慢特病病种，可办理门诊慢特病病种备案',
      createdAt: at(wd(-2), '08:00'),
      objectionDeadline: wd(8, wd(-2))
    },
    { insuranceType: '职工基本医疗保险', diseaseCategory: '门诊慢性病', diseaseName: '高血压', hospital: '丽水市中心医院' }
  )
  addMockNotification({ ...reminderMessage(deemed.reason, deemed.objectionDeadline), applicationId: null, reminderId: deemed.id, createdAt: deemed.createdAt })
  await sampleReminder({
    id: 'sample-reminder-declined',
    itemId: 'employee-info-change',
    reason: '您在公安部门登记的住址已变更，可同步变更职工参保信息',
    status: 'declined',
    createdAt: at(wd(-30), '08:00'),
    decidedAt: at(wd(-29), '19:40')
  })
  // stored with the due dates and next steps the BFF's rules give them today
  for (const id of SAMPLE_IDS) {
    const a = mockApplications.get(id)
    if (a) mockApplications.set(id, caseView(a))
  }
}

async function ensureSeeded(): Promise<void> {
  // seeded again when another mock (resetMockApplyStore) emptied the shared map
  if (seeding && !mockApplications.has(SAMPLE_IDS[0])) resetMockProgress()
  seeding ??= seed().catch((e) => {
    seeding = null
    throw e
  })
  await seeding
}

// ---------- views ----------

function summary(a: ApplicationDetail): ApplicationSummary {
  const v = caseView(a)
  return {
    id: v.id,
    caseNo: v.caseNo,
    itemId: v.itemId,
    itemName: v.itemName,
    handlingMode: v.handlingMode,
    status: v.status,
    statusLabel: v.statusLabel,
    region: v.region,
    applicantName: v.applicantName,
    submittedAt: v.submittedAt,
    dueDate: v.dueDate,
    overdue: v.overdue,
    nextStep: v.nextStep,
    updatedAt: v.updatedAt
  }
}

// ---------- 补正 ----------

async function addSupplementUpload(a: ApplicationDetail, materialId: string, request: Request): Promise<ApplicationDetail> {
  const s = a.supplement
  if (a.status !== 'supplementRequested' || !s) throw errors.supplementNotRequested()
  const item = await itemOf(a.itemId, a.region.code)
  const since = a.uploads.filter((u) => u.materialId === materialId && u.uploadedAt >= s.requestedAt).length
  const material = checkSupplementUpload(item, s, materialId, since)
  const file = await mockUploadedFile(request, material.accept)
  const at = now().toISOString()
  const upload: Upload = { id: mockId('up'), materialId, fileName: file.name, mime: file.mime, size: file.bytes.length, width: null, height: null, sha256: 'b'.repeat(64), uploadedAt: at }
  const next: ApplicationDetail = { ...a, uploads: [...a.uploads, upload], updatedAt: at }
  mockApplications.set(a.id, next)
  return caseView(next)
}

async function resubmit(a: ApplicationDetail, key: string | null, corrections: Record<string, string> | undefined): Promise<{ status: number; body: ApplicationDetail }> {
  if (!key || !IDEMPOTENCY_KEY_PATTERN.test(key)) throw errors.idempotencyKeyRequired()
  const seen = resubmitKeys.get(key)
  if (seen) {
    if (seen !== a.id) throw errors.idempotencyKeyReused()
    return { status: 200, body: caseView(mockCase(a.id)) }
  }
  const s = a.supplement
  if (a.status !== 'supplementRequested' || !s) throw errors.supplementNotRequested()
  const missing = supplementMissing(s, a.uploads)
  if (missing.length) throw errors.materialsMissing(missing.map((m) => s.materials[s.materialIds.indexOf(m)] ?? m))
  const item = await itemOf(a.itemId, a.region.code).catch(() => null)
  if (item && corrections) {
    const stored = Object.fromEntries(a.fields.map((f) => [f.key, f.value]))
    const values = resubmitValues(item, stored, corrections, now())
    const fields = a.fields.map((f) => ({ ...f, value: values[f.key] ?? f.value }))
    mockApplications.set(a.id, { ...a, fields })
  }
  const next = mockCaseStep(a.id, 'resubmit', maskedCitizen(MOCK_APPLICANT.name), { note: `已补正：${s.materials.join('、')}` })
  resubmitKeys.set(key, a.id)
  return { status: 200, body: caseView(next) }
}

// ---------- the result document ----------

/** A small valid PDF (one page, ASCII text: the base-14 fonts have no Chinese glyphs) with correct xref offsets. */
export function tinyPdf(lines: string[]): Uint8Array {
  const esc = (s: string) => s.replace(/[^\x20-\x7e]/g, '?').replace(/([()\\])/g, '\\$1')
  const content = ['BT', '/F1 14 Tf', '72 760 Td', '18 TL', ...lines.map((l) => `(${esc(l)}) '`), 'ET'].join('\n')
  const objects = [
    '<< /Type /Catalog /Pages 2 0 R >>',
    '<< /Type /Pages /Kids [3 0 R] /Count 1 >>',
    '<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Resources << /Font << /F1 4 0 R >> >> /Contents 5 0 R >>',
    '<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>',
    `<< /Length ${content.length} >>\nstream\n${content}\nendstream`
  ]
  let out = '%PDF-1.4\n'
  const offsets: number[] = []
  objects.forEach((o, i) => {
    offsets.push(out.length)
    out += `${i + 1} 0 obj\n${o}\nendobj\n`
  })
  const xref = out.length
  out += `xref\n0 ${objects.length + 1}\n0000000000 65535 f \n`
  for (const off of offsets) out += `${String(off).padStart(10, '0')} 00000 n \n`
  out += `trailer\n<< /Size ${objects.length + 1} /Root 1 0 R >>\nstartxref\n${xref}\n%%EOF\n`
  return new TextEncoder().encode(out)
}

// ---------- handlers ----------

const P = '*/api/v1'
/** every progress route answers from the seeded sample cases */
const progressRoute = (fn: Parameters<typeof route>[1]): ReturnType<typeof route> => route('progress', fn, ensureSeeded)

export const progressHandlers = [
  http.get(
    `${P}/applications`,
    progressRoute(async (request) => {
      const q = parse(ApplicationsQuerySchema, Object.fromEntries(new URL(request.url).searchParams.entries()))
      // one's own list also holds what one did for the family (as the BFF's); a member's, only theirs
      const whose = q.insuredId && q.insuredId !== 'self' ? q.insuredId : null
      const list = [...mockApplications.values()]
        .filter((a) => whose === null || mockCasePeople.get(a.id) === whose)
        .filter((a) => !q.status || a.status === q.status)
        .sort((a, b) => b.submittedAt.localeCompare(a.submittedAt))
        .map(summary)
      return { body: { applications: list } }
    })
  ),
  http.get(
    `${P}/applications/:id/result.pdf`,
    progressRoute(async (_req, params) => {
      const a = mockCase(params.id)
      if (!a.result) throw errors.resultUnknown()
      const bytes = tinyPdf(['SAMPLE result document', `Case ${a.caseNo}`, `Decision: ${a.result.decision}`, `Verify code: ${a.result.verifyCode}`])
      return new HttpResponse(bytes, {
        status: 200,
        headers: { 'Content-Type': 'application/pdf', 'Content-Disposition': `inline; filename="result-${a.caseNo}.pdf"` }
      })
    })
  ),
  http.get(
    `${P}/applications/:id`,
    progressRoute(async (_req, params) => ({ body: caseView(mockCase(params.id)) }))
  ),
  http.get(
    `${P}/applications/:id/guide`,
    progressRoute(async (_req, params) => ({ body: await mockCaseGuide(mockCase(params.id)) }))
  ),
  http.post(
    `${P}/applications/:id/materials/:materialId`,
    progressRoute(async (request, params) => ({ body: await addSupplementUpload(mockCase(params.id), params.materialId, request) }))
  ),
  http.post(
    `${P}/applications/:id/resubmit`,
    progressRoute(async (request, params) => {
      const a = mockCase(params.id)
      const body = parse(ResubmitRequestSchema, await jsonBody(request))
      return resubmit(a, request.headers.get('Idempotency-Key'), body.values)
    })
  ),
  ...notificationHandlers(() => ensureSeeded()),
  ...reminderHandlers(() => ensureSeeded())
]
