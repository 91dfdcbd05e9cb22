import { findWorkday, getWorkdaysInRange } from 'chinese-days'
import { http, HttpResponse } from 'msw'
import {
  APPLICATION_STATUS_LABEL,
  ApplicationDetailSchema,
  ApplicationsQuerySchema,
  DeclineReminderRequestSchema,
  IDEMPOTENCY_KEY_PATTERN,
  NotificationSchema,
  ReminderSchema,
  ResubmitRequestSchema,
  UPLOAD_MAX_BYTES,
  maskName,
  shanghaiToday,
  type ApplicationDetail,
  type ApplicationEvent,
  type ApplicationStatus,
  type ApplicationSummary,
  type ItemDetail,
  type Notification,
  type Reminder,
  type Upload
} from '../contract'
import { errors } from '../bff/src/errors'
import { MOCK_APPLICANT, mockApplications, mockDrafts, mockId, type MockDraftRecord } from './apply-store'
import { jsonBody, parse, route } from './http'

/**
 * msw handlers for following a case (001 §3.1.4, §5.2.3.8, §5.3) and for the message centre (000 §6.1.4 结果通知,
 * §6.1.2.1.2 提醒办), answered in memory with the BFF's rules and error codes:
 *   GET  /applications[?status=]             the cases of MOCK_APPLICANT, newest first; `overdue` worked out today
 *   GET  /applications/:id                   404 APPLICATION_UNKNOWN
 *   POST /applications/:id/materials/:mid    补正 upload: 409 SUPPLEMENT_NOT_REQUESTED, 404 MATERIAL_UNKNOWN, type/size checks
 *   POST /applications/:id/resubmit          Idempotency-Key (400 IDEMPOTENCY_KEY_REQUIRED; a repeat answers the same
 *                                            case), 400 MATERIALS_MISSING until every asked material has a new upload,
 *                                            back to the step that asked (001 §5.2.3.5)
 *   GET  /applications/:id/result.pdf        a tiny valid PDF; 404 RESULT_UNKNOWN before a decision
 *   GET  /notifications, POST /notifications/:id/read, POST /notifications/read-all
 *   GET  /reminders, POST /reminders/:id/confirm (a draft in mock/apply-store.ts), POST /reminders/:id/decline
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
}

const now = (): Date => (options.now ? options.now() : new Date())
const SAMPLE_REGION = '331102'

async function itemOf(id: string, region: string): Promise<ItemDetail> {
  if (options.item) return options.item(id, region)
  // imported when needed: handlers.ts imports this module (no import cycle at load time)
  const { mockApi } = await import('./handlers')
  return (await mockApi()).item(id, region)
}

// ---------- state ----------

const notifications = new Map<string, Notification>()
const reminders = new Map<string, Reminder>()
/** Idempotency-Key → the case it resubmitted */
const resubmitKeys = new Map<string, string>()
let seeding: Promise<void> | null = null

/** Lets the apply mocks (or a test) add a case; it then shows in 我的办件. */
export function addMockApplication(detail: ApplicationDetail): ApplicationDetail {
  const parsed = ApplicationDetailSchema.parse(detail)
  mockApplications.set(parsed.id, parsed)
  return parsed
}

export function addMockNotification(n: Omit<Notification, 'id' | 'read' | 'createdAt'> & Partial<Pick<Notification, 'id' | 'read' | 'createdAt'>>): Notification {
  const full = NotificationSchema.parse({ id: mockId('msg'), read: false, createdAt: now().toISOString(), ...n })
  notifications.set(full.id, full)
  return full
}

export function addMockReminder(r: Reminder): Reminder {
  const parsed = ReminderSchema.parse(r)
  reminders.set(parsed.id, parsed)
  return parsed
}

/** Forgets the progress mocks' state (the samples are seeded again on the next request). Tests call it. */
export function resetMockProgress(): void {
  for (const id of SAMPLE_IDS) mockApplications.delete(id)
  notifications.clear()
  reminders.clear()
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

function ev(atIso: string, actor: ApplicationEvent['actor'], action: string, label: string, from: ApplicationStatus | null, to: ApplicationStatus, note: string | null = null): ApplicationEvent {
  return { id: mockId('ev'), at: atIso, actor, action, label, from, to, note }
}

function upload(materialId: string, fileName: string, atIso: string): Upload {
  return { id: mockId('up'), materialId, fileName, mime: 'image/jpeg', size: 412_345, width: 1920, height: 2560, sha256: 'a'.repeat(64), uploadedAt: atIso }
}

const CITIZEN = (): ApplicationEvent['actor'] => ({ kind: 'citizen', name: maskName(MOCK_APPLICANT.name) })
const SYSTEM: ApplicationEvent['actor'] = { kind: 'system', name: '系统' }
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
    supplement: null,
    paper: null,
    result: null,
    resultDelivery: null,
    delivery: null,
    materialsReturnedAt: null,
    timeLimitDays: item.guide.timeLimit.workingDays,
    actorName: maskName(MOCK_APPLICANT.name)
  }
}

function materialName(item: ItemDetail, id: string): string {
  return item.guide.materials.find((m) => m.id === id)?.name ?? id
}

function paperOf(item: ItemDetail, received: boolean): ApplicationDetail['paper'] {
  if (!item.mailing) return null
  const materials = item.guide.materials.filter((m) => m.paper).map((m) => ({ name: m.name, count: m.count, form: m.form }))
  return materials.length ? { materials, mailing: item.mailing, received } : null
}

function mailingStep(item: ItemDetail): string | null {
  const m = item.mailing
  return m ? `请在 ${m.deadlineDays} 日内将纸质材料原件邮寄至：${m.address}（${m.recipient} 收，${m.phone}）` : null
}

async function seed(): Promise<void> {
  const today = shanghaiToday(now())
  const wd = (delta: number, from = today): string => findWorkday(delta, from)

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
      ev(at(d0, '09:12'), CITIZEN(), 'submit', '已提交申请', null, 'submitted'),
      ev(at(d0, '09:12'), SYSTEM, 'assign', '已分配窗口工作人员', 'submitted', 'assigned', `已分配给窗口工作人员${STAFF_A.name}`),
      ev(at(d0, '10:40'), STAFF_A, 'preAccept', '预受理（待收纸质材料）', 'assigned', 'preAccepted', '请按要求邮寄票据等纸质原件'),
      ev(at(d1, '15:20'), STAFF_A, 'receivePaper', '已收到纸质材料，已受理', 'preAccepted', 'accepted', '纸质材料已收到，核对无误'),
      ev(at(d1, '16:02'), STAFF_B, 'startReview', '审核中', 'accepted', 'inReview', null),
      ev(at(d2, '14:05'), STAFF_B, 'requestSupplement', '待补正', 'inReview', 'supplementRequested', note)
    ]
    a.uploads = [upload('emergency-proof', '急诊病历.jpg', at(d0, '09:05')), upload('purchased-drug-order', '外购药处方.jpg', at(d0, '09:08'))]
    a.supplement = { materialIds: asked, materials: asked.map((m) => materialName(item, m)), note, deadline, requestedAt: at(d2, '14:05') }
    a.paper = paperOf(item, true)
    a.dueDate = wd(item.guide.timeLimit.workingDays ?? 10, d1)
    a.nextStep = `请在 ${deadline} 前补正材料：${a.supplement.materials.join('、')}`
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
      ev(at(d0, '20:31'), CITIZEN(), 'submit', '已提交申请', null, 'submitted'),
      ev(at(d0, '20:31'), SYSTEM, 'assign', '已分配窗口工作人员', 'submitted', 'assigned', `已分配给窗口工作人员${STAFF_A.name}`),
      ev(at(wd(1, d0), '09:03'), STAFF_A, 'preAccept', '预受理（待收纸质材料）', 'assigned', 'preAccepted', null),
      ev(at(d1, '11:26'), STAFF_A, 'receivePaper', '已收到纸质材料，已受理', 'preAccepted', 'accepted', null),
      ev(at(d1, '14:00'), STAFF_B, 'startReview', '审核中', 'accepted', 'inReview', null),
      ev(at(d2, '10:18'), STAFF_B, 'complete', '已办结', 'inReview', 'completed', text),
      ev(at(d2, '16:45'), STAFF_A, 'deliver', '结果文书已邮寄', 'completed', 'completed', '中国邮政 EMS 1190000000012（示例）'),
      ev(at(d3, '10:00'), STAFF_A, 'returnMaterials', '纸质材料已退还', 'completed', 'completed', '原件随结果文书一并寄回')
    ]
    a.uploads = [upload('medical-records', '出院小结.jpg', at(d0, '20:25'))]
    a.paper = paperOf(item, true)
    a.dueDate = wd(item.guide.timeLimit.workingDays ?? 10, d1)
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
      ev(at(d0, '08:47'), CITIZEN(), 'submit', '已提交申请', null, 'submitted'),
      ev(at(d0, '08:47'), SYSTEM, 'assign', '已分配窗口工作人员', 'submitted', 'assigned', `已分配给窗口工作人员${STAFF_B.name}`),
      ev(at(d0, '09:30'), STAFF_B, 'accept', '已受理', 'assigned', 'accepted', null),
      ev(at(wd(1, d0), '10:12'), STAFF_B, 'startReview', '审核中', 'accepted', 'inReview', '正在与参保单位核对缴费记录')
    ]
    a.uploads = [upload('bank-account', '银行卡.jpg', at(d0, '08:40'))]
    a.dueDate = wd(days, d0)
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
      ev(at(d0, '19:02'), CITIZEN(), 'submit', '已提交申请', null, 'submitted'),
      ev(at(d0, '19:02'), SYSTEM, 'assign', '已分配窗口工作人员', 'submitted', 'assigned', `已分配给窗口工作人员${STAFF_A.name}`),
      ev(at(today, '09:15'), STAFF_A, 'preAccept', '预受理（待收纸质材料）', 'assigned', 'preAccepted', '收到纸质材料后即时受理')
    ]
    a.paper = paperOf(item, false) ?? paperOf(await itemOf('maternity-allowance', SAMPLE_REGION), false)
    a.nextStep = mailingStep(item) ?? '请按要求邮寄纸质材料原件'
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
      ev(at(d0, '12:30'), CITIZEN(), 'submit', '已提交申请', null, 'submitted'),
      ev(at(d0, '12:30'), { kind: 'system', name: '系统（智能办理）' }, 'autoComplete', '已办结', 'submitted', 'completed', text)
    ]
    a.result = { decision: 'approved', text, issuedAt: at(d0, '12:30'), verifyCode: 'SAMPLE3H7T9P2LZ5', documentName: `${item.name}办理结果通知书`, payment: null }
    a.delivery = { method: 'online', at: at(d0, '12:30'), trackingNo: null, note: null }
    a.updatedAt = at(d0, '12:30')
    mockApplications.set(a.id, a)
  }

  // reminders (提醒办, 000 §6.1.2.1.2; SAMPLE persons)
  const r1 = addMockReminder({
    id: 'sample-reminder-newborn',
    itemId: 'resident-enrollment',
    itemName: (await itemOf('resident-enrollment', SAMPLE_REGION)).name,
    region: { code: SAMPLE_REGION, name: '莲都区' },
    reason: '您的孩子已在公安部门完成出生登记，可为其办理城乡居民基本医疗保险参保登记',
    personName: maskName('张小宝'),
    status: 'pending',
    createdAt: at(wd(-2), '08:00'),
    decidedAt: null,
    draftId: null
  })
  addMockNotification({ title: '提醒办', body: `${r1.reason}，点此确认办理。`, applicationId: null, reminderId: r1.id, createdAt: r1.createdAt })
  addMockReminder({
    id: 'sample-reminder-evoucher',
    itemId: 'evoucher-activation',
    itemName: (await itemOf('evoucher-activation', SAMPLE_REGION)).name,
    region: { code: SAMPLE_REGION, name: '莲都区' },
    reason: '您已完成参保登记，可申领医保码（医保电子凭证），就医购药时出示即可',
    personName: maskName(MOCK_APPLICANT.name),
    status: 'pending',
    createdAt: at(wd(-8), '08:00'),
    decidedAt: null,
    draftId: null
  })
  addMockReminder({
    id: 'sample-reminder-declined',
    itemId: 'employee-info-change',
    itemName: (await itemOf('employee-info-change', SAMPLE_REGION)).name,
    region: { code: SAMPLE_REGION, name: '莲都区' },
    reason: '您在公安部门登记的住址已变更，可同步变更职工参保信息',
    personName: maskName(MOCK_APPLICANT.name),
    status: 'declined',
    createdAt: at(wd(-30), '08:00'),
    decidedAt: at(wd(-29), '19:40'),
    draftId: null
  })
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

const DONE: ApplicationStatus[] = ['completed', 'rejected']

/** Overdue: an open case past its due date (the clock stops while 待补正). */
export function isOverdue(a: Pick<ApplicationDetail, 'dueDate' | 'status'>, today: string): boolean {
  return a.dueDate !== null && !DONE.includes(a.status) && a.status !== 'supplementRequested' && a.dueDate < today
}

function view(a: ApplicationDetail): ApplicationDetail {
  return { ...a, overdue: isOverdue(a, shanghaiToday(now())) }
}

function summary(a: ApplicationDetail): ApplicationSummary {
  const v = view(a)
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

function appOf(id: string): ApplicationDetail {
  const a = mockApplications.get(id)
  if (!a) throw errors.applicationUnknown()
  return a
}

// ---------- 补正 ----------

function sniff(bytes: Uint8Array): Upload['mime'] | null {
  if (bytes[0] === 0xff && bytes[1] === 0xd8 && bytes[2] === 0xff) return 'image/jpeg'
  if (bytes[0] === 0x89 && bytes[1] === 0x50 && bytes[2] === 0x4e && bytes[3] === 0x47) return 'image/png'
  if (bytes[0] === 0x25 && bytes[1] === 0x50 && bytes[2] === 0x44 && bytes[3] === 0x46) return 'application/pdf'
  return null
}

async function addSupplementUpload(a: ApplicationDetail, materialId: string, request: Request): Promise<ApplicationDetail> {
  if (a.status !== 'supplementRequested' || !a.supplement) throw errors.supplementNotRequested()
  if (!a.supplement.materialIds.includes(materialId)) throw errors.materialUnknown()
  const item = await itemOf(a.itemId, a.region.code).catch(() => null)
  const material = item?.guide.materials.find((m) => m.id === materialId)
  const accept = material?.accept ?? ['image', 'pdf']
  const max = material?.maxFiles ?? 5
  const since = a.uploads.filter((u) => u.materialId === materialId && u.uploadedAt >= a.supplement!.requestedAt)
  if (since.length >= max) throw errors.uploadTooMany(material?.name ?? materialId, max)
  let file: File | null = null
  try {
    const f = (await request.formData()).get('file')
    file = f && typeof f !== 'string' ? (f as File) : null
  } catch {
    file = null
  }
  if (!file) throw errors.uploadMissing()
  if (file.size === 0) throw errors.uploadEmpty()
  if (file.size > UPLOAD_MAX_BYTES) throw errors.uploadTooLarge(UPLOAD_MAX_BYTES / 1024 / 1024)
  const bytes = new Uint8Array(await file.arrayBuffer())
  const mime = sniff(bytes)
  const ok = mime !== null && (mime === 'application/pdf' ? accept.includes('pdf') : accept.includes('image'))
  if (!ok) throw errors.uploadTypeUnsupported(accept.includes('pdf') ? 'JPG、PNG 照片或 PDF 文件' : 'JPG、PNG 照片')
  const at = now().toISOString()
  const next: ApplicationDetail = {
    ...a,
    uploads: [
      ...a.uploads,
      { id: mockId('up'), materialId, fileName: (file.name || 'photo.jpg').slice(0, 200), mime: mime!, size: file.size, width: null, height: null, sha256: 'b'.repeat(64), uploadedAt: at }
    ],
    updatedAt: at
  }
  mockApplications.set(a.id, next)
  return view(next)
}

async function resubmit(a: ApplicationDetail, key: string | null): Promise<{ status: number; body: ApplicationDetail }> {
  if (!key || !IDEMPOTENCY_KEY_PATTERN.test(key)) throw errors.idempotencyKeyRequired()
  const seen = resubmitKeys.get(key)
  if (seen) {
    if (seen !== a.id) throw errors.idempotencyKeyReused()
    return { status: 200, body: view(appOf(a.id)) }
  }
  const s = a.supplement
  if (a.status !== 'supplementRequested' || !s) throw errors.supplementNotRequested()
  const missing = s.materialIds.filter((m) => !a.uploads.some((u) => u.materialId === m && u.uploadedAt >= s.requestedAt))
  if (missing.length) throw errors.materialsMissing(missing.map((m) => s.materials[s.materialIds.indexOf(m)] ?? m))
  // back to the step that asked (the `from` of the request)
  const asked = [...a.events].reverse().find((e) => e.to === 'supplementRequested')
  const back: ApplicationStatus = asked?.from ?? 'inReview'
  const at = now().toISOString()
  const today = shanghaiToday(now())
  // the clock stops while the citizen supplements (001 §5.2.3.5): the due date moves by the working days paused
  let dueDate = a.dueDate
  if (dueDate) {
    const paused = getWorkdaysInRange(shanghaiToday(new Date(s.requestedAt)), today).length - 1
    if (paused > 0) dueDate = findWorkday(paused, dueDate)
  }
  const next: ApplicationDetail = {
    ...a,
    status: back,
    statusLabel: APPLICATION_STATUS_LABEL[back],
    supplement: null,
    nextStep: null,
    dueDate,
    updatedAt: at,
    events: [
      ...a.events,
      ev(at, { kind: 'citizen', name: maskName(MOCK_APPLICANT.name) }, 'resubmit', '已补正，重新提交', 'supplementRequested', back, `已补正：${s.materials.join('、')}`)
    ]
  }
  mockApplications.set(a.id, next)
  resubmitKeys.set(key, a.id)
  addMockNotification({ title: '补正材料已提交', body: `您申请的“${a.itemName}”已重新提交，工作人员将继续办理。`, applicationId: a.id, reminderId: null, read: true })
  return { status: 200, body: view(next) }
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





function notificationList(): { notifications: Notification[]; unread: number } {
  const list = [...notifications.values()].sort((a, b) => b.createdAt.localeCompare(a.createdAt))
  return { notifications: list, unread: list.filter((n) => !n.read).length }
}

function reminderOf(id: string): Reminder {
  const r = reminders.get(id)
  if (!r) throw errors.reminderUnknown()
  return r
}

const P = '*/api/v1'
/** every progress route answers from the seeded sample cases */
const progressRoute = (fn: Parameters<typeof route>[1]): ReturnType<typeof route> => route('progress', fn, ensureSeeded)

export const progressHandlers = [
  http.get(
    `${P}/applications`,
    progressRoute(async (request) => {
      const q = parse(ApplicationsQuerySchema, Object.fromEntries(new URL(request.url).searchParams.entries()))
      const list = [...mockApplications.values()]
        .filter((a) => !q.status || a.status === q.status)
        .sort((a, b) => b.submittedAt.localeCompare(a.submittedAt))
        .map(summary)
      return { body: { applications: list } }
    })
  ),
  http.get(
    `${P}/applications/:id/result.pdf`,
    progressRoute(async (_req, params) => {
      const a = appOf(params.id)
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
    progressRoute(async (_req, params) => ({ body: view(appOf(params.id)) }))
  ),
  http.post(
    `${P}/applications/:id/materials/:materialId`,
    progressRoute(async (request, params) => ({ body: await addSupplementUpload(appOf(params.id), params.materialId, request) }))
  ),
  http.post(
    `${P}/applications/:id/resubmit`,
    progressRoute(async (request, params) => {
      const a = appOf(params.id)
      parse(ResubmitRequestSchema, await jsonBody(request))
      return resubmit(a, request.headers.get('Idempotency-Key'))
    })
  ),
  http.get(
    `${P}/notifications`,
    progressRoute(async () => ({ body: notificationList() }))
  ),
  http.post(
    `${P}/notifications/read-all`,
    progressRoute(async () => {
      for (const [id, n] of notifications) notifications.set(id, { ...n, read: true })
      return { status: 204 }
    })
  ),
  http.post(
    `${P}/notifications/:id/read`,
    progressRoute(async (_req, params) => {
      const n = notifications.get(params.id)
      if (!n) throw errors.notificationUnknown()
      notifications.set(n.id, { ...n, read: true })
      return { status: 204 }
    })
  ),
  http.get(
    `${P}/reminders`,
    progressRoute(async () => ({ body: { reminders: [...reminders.values()].sort((a, b) => b.createdAt.localeCompare(a.createdAt)) } }))
  ),
  http.post(
    `${P}/reminders/:id/confirm`,
    progressRoute(async (_req, params) => {
      const r = reminderOf(params.id)
      if (r.status === 'declined') throw errors.reminderDecided()
      if (r.status === 'confirmed' && r.draftId) return { body: { reminder: r, draftId: r.draftId } }
      const at = now().toISOString()
      // a draft of the proposed item (the apply mocks serve it from here on)
      const draft: MockDraftRecord = { id: mockId('draft'), itemId: r.itemId, regionCode: r.region.code, values: {}, step: 'notice', version: 1, uploads: [], createdAt: at, updatedAt: at, applicationId: null }
      mockDrafts.set(draft.id, draft)
      const next: Reminder = { ...r, status: 'confirmed', decidedAt: at, draftId: draft.id }
      reminders.set(r.id, next)
      return { body: { reminder: next, draftId: draft.id } }
    })
  ),
  http.post(
    `${P}/reminders/:id/decline`,
    progressRoute(async (request, params) => {
      const r = reminderOf(params.id)
      parse(DeclineReminderRequestSchema, await jsonBody(request))
      if (r.status !== 'pending') throw errors.reminderDecided()
      const next: Reminder = { ...r, status: 'declined', decidedAt: now().toISOString() }
      reminders.set(r.id, next)
      return { body: next }
    })
  )
]
