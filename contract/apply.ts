// Over 400 lines: the apply contract is one table of contents (every route, schema and code of drafts, cases and staff steps), read as a whole.
import { z } from 'zod'
import { HandlingModeSchema, ItemDetailSchema, MailingSchema } from './catalog'
import { RegionCodeSchema } from './common'

/**
 * Applying and following a case (001 §5, 000 §6.1). Every route below takes `Authorization: Bearer <accessToken>`
 * unless it says otherwise.
 *
 * Drafts (草稿 — nothing is lost):
 *   GET    /api/v1/drafts                                   → DraftsResponse
 *   POST   /api/v1/drafts  {itemId, region?}                → Draft (201; an open draft of the same item is returned as it is)
 *   GET    /api/v1/drafts/:id                               → Draft
 *   PUT    /api/v1/drafts/:id  {values?, step?, baseVersion} → Draft  (409 DRAFT_CONFLICT with the stored draft)
 *   DELETE /api/v1/drafts/:id                               → 204
 *   POST   /api/v1/drafts/:id/materials/:materialId  multipart `file`  [Idempotency-Key] → Draft (the upload appended)
 *   DELETE /api/v1/drafts/:id/uploads/:uploadId             → Draft
 *   POST   /api/v1/drafts/:id/submit  Idempotency-Key: <key>  {paperPledge?} → ApplicationDetail (201; a repeat of the key gets
 *          the first answer again — see IDEMPOTENCY_KEY_PATTERN — or 200 with the case once that answer is no longer kept)
 *
 * Cases (办件):
 *   GET  /api/v1/applications?status=                       → ApplicationsResponse
 *   GET  /api/v1/applications/:id                           → ApplicationDetail (with `events`)
 *   POST /api/v1/applications/:id/materials/:materialId     multipart `file`  [Idempotency-Key] → ApplicationDetail (补正 uploads)
 *   POST /api/v1/applications/:id/resubmit  Idempotency-Key  {values?}  → ApplicationDetail (补正 back into the same case)
 *   GET  /api/v1/applications/:id/guide                     → CaseGuide: the item's guide as it was when the case was filed
 *        (its version and date): what the case's 补正 and rejections cite (依据办事指南第 N 项)
 *   GET  /api/v1/applications/:id/result.pdf                → application/pdf (the result document)
 *   GET  /api/v1/results/verify/:code            (public)   → ResultVerification
 *   POST /api/v1/results/verify/:code            (public)   body: the PDF bytes → ResultVerification with `unaltered`
 *
 * Query items (查询服务, 001 §5.2.1):
 *   POST /api/v1/items/:id/query  {region?, insuredId?}     → QueryAnswer (answered at once and kept in 我的办件 as a case of
 *        its own, 查询 · 已办结, whose answer is seen again on the case page and which is rated like any case — 000 §6.1.4.2;
 *        a family member's query needs the `record` grant and is kept under that member; the same query again within
 *        QUERY_REPEAT_MINUTES refreshes the answer of the case it made instead of making another)
 *
 * Messages and reminders (000 §6.1.2.1.2, §6.1.4):
 *   GET  /api/v1/notifications                              → NotificationsResponse
 *   POST /api/v1/notifications/:id/read                     → 204
 *   POST /api/v1/notifications/read-all                     → 204
 *   GET  /api/v1/reminders                                  → RemindersResponse
 *   POST /api/v1/reminders/:id/confirm                      → ReminderConfirmResponse (a prefilled draft, or the case made from the source's data)
 *   POST /api/v1/reminders/:id/decline  {reason?}           → Reminder
 *
 * Staff (Authorization: Bearer <STAFF_TOKEN>):
 *   GET  /api/v1/staff/applications?status=                 → StaffApplicationsResponse
 *   GET  /api/v1/staff/applications/:id                     → ApplicationDetail (personal data unmasked for review)
 *   POST /api/v1/staff/applications/:id/actions  StaffAction → ApplicationDetail (409 TRANSITION_NOT_ALLOWED;
 *        `complete` of an item that pays money without `amountFen`: 400 PAYMENT_AMOUNT_REQUIRED)
 *        `deliver` by mail without `trackingNo`: 400 TRACKING_NO_REQUIRED; `receivePaper` naming a material that is not
 *        a paper original of the case: 400 PAPER_MATERIAL_UNKNOWN; `reassign` to the current assignee: 409 REASSIGN_SAME_STAFF;
 *        `extendTimeLimit` beyond the item's 特殊情况 limit, or for an item without one: 409 TIME_LIMIT_NOT_EXTENDABLE)
 *   POST /api/v1/staff/applications/:id/actions/preview  StaffAction → StaffActionPreview
 *        a dry run: the same checks and refusals as the action, nothing written; answers the timeline node and the exact
 *        message (title and body, in-app and SMS) the applicant will receive
 *   GET  /api/v1/staff/applications/:id/uploads/:uploadId → the material's bytes (image/jpeg, image/png, application/pdf),
 *        404 UPLOAD_UNKNOWN; every view is in the staff audit trail
 *   POST /api/v1/staff/reminders  {idNumber, itemId, region, reason} → Reminder
 */

// ---------- uploads ----------
export const UPLOAD_MAX_BYTES = 10 * 1024 * 1024
/** after on-device compression a photo should be under 1 MB (001 §5.1.2: clear, legible) */
export const UPLOAD_TARGET_BYTES = 1024 * 1024
export const UPLOAD_MAX_PIXELS = 40_000_000
export const UPLOAD_MAX_SIDE = 10_000
export const UPLOAD_MIN_SIDE = 200

/**
 * What the photo pre-check (domain/photo-check) found in a stored photo: the BFF runs it on the re-encoded image, so
 * staff see a warning beside the material even when the citizen chose 「仍然上传」.
 */
export const PhotoWarningSchema = z.object({
  issue: z.enum(['dark', 'overExposed', 'blurred', 'cutOff', 'tooSmall', 'screen', 'duplicate']),
  /** for 'duplicate': the other material the same photo is attached to */
  materialId: z.string().optional()
})
export type PhotoWarningView = z.infer<typeof PhotoWarningSchema>

export const UploadSchema = z.object({
  id: z.string(),
  materialId: z.string(),
  /** the name the citizen's file had (shown in the list) */
  fileName: z.string(),
  /** what the BFF stored after checking the bytes: image/jpeg, image/png or application/pdf */
  mime: z.enum(['image/jpeg', 'image/png', 'application/pdf']),
  size: z.number().int(),
  width: z.number().int().nullable(),
  height: z.number().int().nullable(),
  sha256: z.string(),
  uploadedAt: z.string(),
  /** photos: what the pre-check found (empty: nothing); absent for PDFs and for uploads stored before the check */
  photoWarnings: z.array(PhotoWarningSchema).optional(),
  /** photos: the 64-bit difference hash (16 hex digits) the app compares a new photo with, to spot the same photo */
  photoHash: z.string().nullable().optional()
})
export type Upload = z.infer<typeof UploadSchema>

// ---------- drafts ----------
export const DraftStepSchema = z.enum(['notice', 'form', 'materials', 'confirm'])
export type DraftStep = z.infer<typeof DraftStepSchema>

export const DraftSchema = z.object({
  id: z.string(),
  itemId: z.string(),
  itemName: z.string(),
  handlingMode: HandlingModeSchema,
  region: z.object({ code: RegionCodeSchema, name: z.string() }),
  /** the insured person the case is for (self unless acting as a proxy) — masked */
  applicant: z.object({ name: z.string(), idNumber: z.string() }),
  /** for whom, as the app's person switch names it: 'self' or the family member id */
  insuredId: z.string(),
  values: z.record(z.string()),
  uploads: z.array(UploadSchema),
  /** ids of the materials the data-sharing platform already holds for the applicant: 免提交·已核验 (001 §3.2.2) */
  sharedVerified: z.array(z.string()),
  step: DraftStepSchema,
  /** increases on every change; PUT sends the version it started from */
  version: z.number().int(),
  /** the due date if it were submitted today (working days, 001 §4.1.2 element 9) */
  projectedDueDate: z.string().nullable(),
  createdAt: z.string(),
  updatedAt: z.string(),
  /** the application made from it, once submitted */
  applicationId: z.string().nullable()
})
export type Draft = z.infer<typeof DraftSchema>
export const DraftsResponseSchema = z.object({ drafts: z.array(DraftSchema) })

export const CreateDraftRequestSchema = z.object({
  itemId: z.string({ required_error: '缺少事项编号' }).min(1).max(64),
  region: RegionCodeSchema.optional(),
  /** a reminder (提醒办) this draft answers */
  reminderId: z.string().max(64).optional(),
  /** for whom: self (default) or a family member id (grant scope `apply`, contract/family.ts) */
  insuredId: z.string().min(1).max(64).optional()
})
export const UpdateDraftRequestSchema = z.object({
  values: z.record(z.string().max(2000)).optional(),
  step: DraftStepSchema.optional(),
  baseVersion: z.number({ required_error: '缺少草稿版本号' }).int().nonnegative()
})
export type UpdateDraftRequest = z.infer<typeof UpdateDraftRequestSchema>
export const IdParamsSchema = z.object({ id: z.string().min(1).max(64) })
export const DraftMaterialParamsSchema = z.object({ id: z.string().min(1).max(64), materialId: z.string().min(1).max(64) })
export const DraftUploadParamsSchema = z.object({ id: z.string().min(1).max(64), uploadId: z.string().min(1).max(64) })
export const SubmitRequestSchema = z
  .object({
    /** 001 §5.1.4: the citizen confirms they will mail the paper originals */
    paperPledge: z.boolean().optional()
  })
  .default({})
/**
 * Idempotency-Key: every write the app may retry after a lost answer carries one — submit and 补正 resubmit (required),
 * material and 补正 uploads, ratings, their photo, 追评 and feedback, complaints and their rating. The BFF keeps the
 * first answer per account, route and key (24 h): a repeat — even one sent while the first is still running on another
 * instance — gets that answer again, status and body, with `Idempotent-Replayed: true`; a repeat with another body →
 * 422 IDEMPOTENCY_KEY_REUSED; a first request still running after a wait → 409 IDEMPOTENCY_KEY_IN_PROGRESS (send it
 * again with the same key). The app keeps a key until it got an answer, and makes a new one for the next write.
 */
export const IDEMPOTENCY_KEY_PATTERN = /^[A-Za-z0-9_-]{8,128}$/
export const IDEMPOTENCY_KEY_HEADER = 'Idempotency-Key'
export const IDEMPOTENT_REPLAYED_HEADER = 'Idempotent-Replayed'
/** how long the BFF keeps an answer for its key */
export const IDEMPOTENCY_KEEP_HOURS = 24

// ---------- applications ----------
export const ApplicationStatusSchema = z.enum([
  'submitted',
  'assigned',
  'preAccepted',
  'accepted',
  'inReview',
  'supplementRequested',
  'completed',
  'rejected'
])
export type ApplicationStatus = z.infer<typeof ApplicationStatusSchema>
export const APPLICATION_STATUS_LABEL: Record<ApplicationStatus, string> = {
  submitted: '已提交',
  assigned: '待受理',
  preAccepted: '预受理（待收纸质材料）',
  accepted: '已受理',
  inReview: '审核中',
  supplementRequested: '待补正',
  completed: '已办结',
  rejected: '不予办理'
}
/** 我的办件 tabs */
export const APPLICATION_GROUPS = {
  inProgress: ['submitted', 'assigned', 'preAccepted', 'accepted', 'inReview'],
  actionNeeded: ['supplementRequested'],
  done: ['completed', 'rejected']
} as const satisfies Record<string, readonly ApplicationStatus[]>

export const ActorKindSchema = z.enum(['citizen', 'staff', 'system'])
export const EventSchema = z.object({
  id: z.string(),
  at: z.string(),
  actor: z.object({ kind: ActorKindSchema, name: z.string() }),
  /** the action, e.g. submit / assign / requestSupplement / resubmit / complete / deliver */
  action: z.string(),
  /** Chinese label of the node, e.g. 已受理 */
  label: z.string(),
  from: ApplicationStatusSchema.nullable(),
  to: ApplicationStatusSchema,
  note: z.string().nullable()
})
export type ApplicationEvent = z.infer<typeof EventSchema>

/**
 * The guide is a contract (001 §4.1.2 申请条件 / 申请材料目录; 003 §5.1.1 一次性告知制): every 补正 and every 不予办理
 * names the entry of the case's guide — the version it was filed under — that it rests on, by the entry's number as the
 * citizen's guide shows it (申请材料目录 1., 2. …; 申请条件 and 禁止性要求 numbered the same way).
 */
export const GUIDE_PARTS = ['materials', 'requirements', 'prohibitions'] as const
export const GuidePartSchema = z.enum(GUIDE_PARTS)
export type GuidePart = z.infer<typeof GuidePartSchema>
export const GUIDE_PART_LABEL: Record<GuidePart, string> = { materials: '申请材料', requirements: '申请条件', prohibitions: '禁止性要求' }
export const GuideCitationSchema = z.object({
  part: GuidePartSchema,
  /** the entry's number in its list, as the citizen's guide numbers it (from 1) */
  no: z.number().int().positive(),
  /** the material's id in the guide (part 'materials'), else null */
  materialId: z.string().nullable(),
  /** the material's name, or the condition's words */
  text: z.string(),
  /** a 补正 of a material already given: a clearer or complete copy of it, not a new material */
  betterCopy: z.boolean().default(false)
})
export type GuideCitation = z.infer<typeof GuideCitationSchema>
/** 「依据办事指南第 N 项申请材料：…」: what the case page shows beside a 补正 or a rejection */
export function guideCitationText(c: Pick<GuideCitation, 'part' | 'no' | 'text' | 'betterCopy'>): string {
  return `依据办事指南第 ${c.no} 项${GUIDE_PART_LABEL[c.part]}：${c.text}${c.betterCopy ? '（已提交，需更清晰完整的版本）' : ''}`
}

export const SupplementSchema = z.object({
  materialIds: z.array(z.string()),
  /** the names of those materials, for the citizen */
  materials: z.array(z.string()),
  note: z.string(),
  /** YYYY-MM-DD, Asia/Shanghai */
  deadline: z.string(),
  requestedAt: z.string(),
  /** each material asked for, as the guide numbers it (一次性告知: all of them at once); absent on older cases */
  basis: z.array(GuideCitationSchema).optional()
})
export type Supplement = z.infer<typeof SupplementSchema>
export const DeliverySchema = z.object({
  method: z.enum(['pickup', 'mail', 'online']),
  at: z.string(),
  trackingNo: z.string().nullable(),
  note: z.string().nullable()
})
export type Delivery = z.infer<typeof DeliverySchema>
/**
 * Money an approved case pays the citizen (报销款, 退费, 个人账户余额): how much, into which account (masked, as the
 * citizen gave it on the form), and by when it is expected — recorded by the agency at 办结.
 */
export const PaymentSchema = z.object({
  /** in fen (分) */
  amountFen: z.number().int().positive(),
  /** 开户银行 as given on the form, when the form asks for it */
  bank: z.string().nullable(),
  /** the account, masked: ***************0123 */
  account: z.string(),
  /** 账户名, masked, when the form asks for it */
  accountName: z.string().nullable(),
  /** YYYY-MM-DD, Asia/Shanghai: the day the money is expected in the account at the latest */
  expectedDate: z.string()
})
export type Payment = z.infer<typeof PaymentSchema>
/** working days from 办结 to the payment, when staff do not give a date (003 §7.1.12.7: 5 个工作日内完成支付) */
export const PAYMENT_WORKING_DAYS = 5

export const ResultSchema = z.object({
  decision: z.enum(['approved', 'rejected']),
  /** the decision in words: what was approved, or why not */
  text: z.string(),
  issuedAt: z.string(),
  verifyCode: z.string(),
  documentName: z.string(),
  /** what the approved case pays, when the item pays money (payoutFields in contract/forms.ts); else null */
  payment: PaymentSchema.nullable().default(null),
  /** a staff 不予办理: the guide's conditions it rests on (absent for a decision by rule and an approval) */
  basis: z.array(GuideCitationSchema).optional()
})
export type ApplicationResult = z.infer<typeof ResultSchema>

export const ApplicationSummarySchema = z.object({
  id: z.string(),
  /** the case number shown to people, e.g. YB3311002026112200001 */
  caseNo: z.string(),
  itemId: z.string(),
  itemName: z.string(),
  handlingMode: HandlingModeSchema,
  status: ApplicationStatusSchema,
  statusLabel: z.string(),
  region: z.object({ code: RegionCodeSchema, name: z.string() }),
  /** masked */
  applicantName: z.string(),
  submittedAt: z.string(),
  /** YYYY-MM-DD: the last working day; null for instant items and before the clock starts */
  dueDate: z.string().nullable(),
  overdue: z.boolean(),
  /** what the citizen must do next, or null when nothing */
  nextStep: z.string().nullable(),
  updatedAt: z.string()
})
export type ApplicationSummary = z.infer<typeof ApplicationSummarySchema>

export const FieldViewSchema = z.object({ key: z.string(), label: z.string(), value: z.string() })
export const ApplicationDetailSchema = ApplicationSummarySchema.extend({
  /** form values as labelled rows; 身份证号, phones and bank accounts masked */
  fields: z.array(FieldViewSchema),
  uploads: z.array(UploadSchema),
  /** materials verified through data sharing without upload (001 §3.2.2) */
  sharedVerified: z.array(z.string()),
  events: z.array(EventSchema),
  supplement: SupplementSchema.nullable(),
  /** 001 §5.1.4: paper originals to mail, when the item needs them */
  paper: z
    .object({
      materials: z.array(
        z.object({
          /** the material's id in the item's guide (收到原件 names it) */
          id: z.string().default(''),
          name: z.string(),
          count: z.number().int(),
          form: z.string(),
          /** when its original arrived (001 §5.2.3.3), or null while awaited */
          receivedAt: z.string().nullable().default(null)
        })
      ),
      mailing: MailingSchema,
      received: z.boolean()
    })
    .nullable(),
  result: ResultSchema.nullable(),
  /** how the citizen chose to receive a paper result (RESULT_DELIVERY in contract/forms.ts), or null when none */
  resultDelivery: z
    .object({
      method: z.enum(['pickup', 'mail']),
      /** mail: the address given on the form */
      address: z.string().nullable(),
      /** pickup: where to collect it (the accepting office) */
      office: z.string().nullable()
    })
    .nullable()
    .default(null),
  delivery: DeliverySchema.nullable(),
  materialsReturnedAt: z.string().nullable(),
  timeLimitDays: z.number().int().nullable(),
  /** a query case (查询服务): the answer as last given, seen again here (000 §6.1.4.2); null or absent for other cases */
  queryAnswer: z
    .object({ answeredAt: z.string(), rows: z.array(z.object({ label: z.string(), value: z.string() })), note: z.string().nullable() })
    .nullable()
    .optional(),
  /** the exact ids of the actor and applicant for the audit (who acted for whom), masked names */
  actorName: z.string(),
  /**
   * the version of the item's guide the case was filed under (its 补正 and rejections are checked against it; GET
   * …/guide shows it as it was), and the day it was published; null for a case filed before guides had versions
   */
  guideVersion: z.object({ version: z.number().int().positive(), publishedAt: z.string() }).nullable().optional()
})
export type ApplicationDetail = z.infer<typeof ApplicationDetailSchema>
/** The guide a case was filed under (GET /api/v1/applications/:id/guide): the version, its date, and the item as it was then. */
export const CaseGuideSchema = z.object({
  guideVersion: z.object({ version: z.number().int().positive(), publishedAt: z.string() }).nullable(),
  item: ItemDetailSchema
})
export type CaseGuide = z.infer<typeof CaseGuideSchema>
/** What a case holds before any step fills it: no 补正 asked, no paper originals, no result, nothing delivered or returned. */
export const CASE_STEPS_NOT_TAKEN = {
  supplement: null,
  paper: null,
  result: null,
  resultDelivery: null,
  delivery: null,
  materialsReturnedAt: null
} as const satisfies Partial<ApplicationDetail>
export const ApplicationsQuerySchema = z.object({
  status: ApplicationStatusSchema.optional(),
  /** whose cases: self (default) or a family member id (grant scope `cases`, contract/family.ts) */
  insuredId: z.string().min(1).max(64).optional()
})
export const ApplicationsResponseSchema = z.object({ applications: z.array(ApplicationSummarySchema) })
export type ApplicationsResponse = z.infer<typeof ApplicationsResponseSchema>
export const ResubmitRequestSchema = z.object({ values: z.record(z.string().max(2000)).optional() }).default({})

// ---------- results ----------
export const ResultVerificationSchema = z.object({
  genuine: z.boolean(),
  /** present when a PDF was sent: whether it is byte-for-byte the issued document */
  unaltered: z.boolean().optional(),
  /** absent or 'result': a case's result document; 'certificate': a 参保证明 (contract/record.ts) */
  kind: z.enum(['result', 'certificate']).optional(),
  /** the document's title, e.g. 参保证明 (set for certificates) */
  title: z.string().optional(),
  /** the case number, or for a certificate its 证明编号 */
  caseNo: z.string(),
  /** the item's name, or 参保证明 */
  itemName: z.string(),
  applicantName: z.string(),
  /** a certificate is always 'approved' (issued) */
  decision: z.enum(['approved', 'rejected']),
  issuedAt: z.string(),
  sha256: z.string()
})
export type ResultVerification = z.infer<typeof ResultVerificationSchema>
export const VerifyParamsSchema = z.object({ code: z.string().min(1).max(64) })

// ---------- query items ----------
export const QueryRequestSchema = z
  .object({
    region: RegionCodeSchema.optional(),
    /** about whom: self (default) or a family member id (grant scope `record`, contract/family.ts) */
    insuredId: z.string().min(1).max(64).optional()
  })
  .default({})
/**
 * The same query (account, person, item, region) asked again within this many minutes refreshes the answer of the
 * query case it made instead of making another: pressing 重新查询 does not flood 我的办件.
 */
export const QUERY_REPEAT_MINUTES = 30
export const QueryAnswerSchema = z.object({
  /** the query case it is kept in (我的办件) */
  applicationId: z.string(),
  caseNo: z.string(),
  itemId: z.string(),
  itemName: z.string(),
  answeredAt: z.string(),
  /** labelled rows (personal data masked) */
  rows: z.array(z.object({ label: z.string(), value: z.string() })),
  note: z.string().nullable()
})
export type QueryAnswer = z.infer<typeof QueryAnswerSchema>

// ---------- notifications ----------
// in a file of their own: home shows the unread count and then needs none of the apply schemas
export { NotificationSchema, NotificationsResponseSchema, type Notification, type NotificationsResponse } from './notifications'

// ---------- reminders (提醒办, 000 §6.1.2.1.2) ----------
export const ReminderSchema = z.object({
  id: z.string(),
  itemId: z.string(),
  itemName: z.string(),
  region: z.object({ code: RegionCodeSchema, name: z.string() }),
  /** why the agency proposes it, e.g. 您的孩子已出生登记，可为其办理城乡居民参保登记 */
  reason: z.string(),
  /** the person it is for (masked) */
  personName: z.string(),
  /** deemedConsented: no objection by the deadline, the case was made and handled (000 §6.1.2.1.2 超时未反对默认办理) */
  status: z.enum(['pending', 'confirmed', 'declined', 'deemedConsented']),
  createdAt: z.string(),
  decidedAt: z.string().nullable(),
  draftId: z.string().nullable(),
  /**
   * YYYY-MM-DD (Shanghai): where the guide promises 规定时间内未确认的视同同意办理, the last day to say 不同意; after it
   * the case is made and handled without the citizen. null: the reminder waits for a confirmation.
   */
  objectionDeadline: z.string().nullable(),
  /** the case made from the source's data (confirmed or deemed consented, 免提交), when there is one */
  applicationId: z.string().nullable()
})
export type Reminder = z.infer<typeof ReminderSchema>
export const RemindersResponseSchema = z.object({ reminders: z.array(ReminderSchema) })
export const DeclineReminderRequestSchema = z.object({ reason: z.string().max(200).optional() }).default({})
/** a prefilled draft to check and submit, or — where the source supplies the whole form (000 图4) — the case made at once */
export const ReminderConfirmResponseSchema = z.object({ reminder: ReminderSchema, draftId: z.string().nullable(), applicationId: z.string().nullable() })

// ---------- staff (window staff of the agency) ----------
export const StaffActionSchema = z.discriminatedUnion('action', [
  /** to a person by name, or to a staff account (`staffId`: an active clerk or 科长 of the case's region) */
  z.object({ action: z.literal('assign'), staffName: z.string().min(1).max(30), staffId: z.string().min(1).max(64).optional() }),
  /** 001 §5.2.3.2: paper originals are awaited */
  z.object({ action: z.literal('preAccept'), note: z.string().max(500).optional() }),
  z.object({ action: z.literal('accept'), note: z.string().max(500).optional() }),
  /**
   * 001 §5.2.3.3: the mailed originals that arrived (`materialIds`, paper materials of the case; none: all of them).
   * preAccepted → accepted once every original has arrived; before that each arrival is recorded on the timeline.
   */
  z.object({ action: z.literal('receivePaper'), materialIds: z.array(z.string().min(1).max(64)).max(50).optional(), note: z.string().max(500).optional() }),
  z.object({ action: z.literal('startReview'), note: z.string().max(500).optional() }),
  /**
   * 001 §5.2.3.5: 补正 with the materials and a deadline. Only materials of the case's guide (400
   * SUPPLEMENT_NOT_IN_GUIDE); `betterCopy`: those of `materialIds` already given that need a clearer or complete copy
   * (400 SUPPLEMENT_COPY_NOT_GIVEN for one not given)
   */
  z.object({
    action: z.literal('requestSupplement'),
    materialIds: z.array(z.string().min(1).max(64)).min(1, '请选择需要补正的材料').max(50),
    betterCopy: z.array(z.string().min(1).max(64)).max(50).optional(),
    note: z.string().min(1, '请填写补正说明').max(500),
    /** working days the citizen has (default 5) */
    deadlineDays: z.number().int().min(1).max(30).optional()
  }),
  /**
   * An item that pays money (报销, 退费) is completed with the amount paid, in fen (400 PAYMENT_AMOUNT_REQUIRED
   * without it), and optionally the payment date (default: PAYMENT_WORKING_DAYS working days after 办结)
   */
  z.object({
    action: z.literal('complete'),
    note: z.string().max(500).optional(),
    amountFen: z.number().int().positive('支付金额应大于 0').max(100_000_000_00).optional(),
    paymentDate: z
      .string()
      .regex(/^\d{4}-\d{2}-\d{2}$/, '支付日期格式应为 YYYY-MM-DD')
      .optional()
  }),
  /**
   * 不予办理 cites the conditions of the case's guide it rests on: a 申请条件 not met or a 禁止性要求 breached, by number
   * (400 REJECTION_WITHOUT_GUIDE_CONDITION without one, or naming one the guide does not have)
   */
  z.object({
    action: z.literal('reject'),
    reason: z.string().min(1, '请填写不予办理的理由').max(500),
    conditions: z
      .array(z.object({ part: z.enum(['requirements', 'prohibitions']), no: z.number().int().positive().max(100) }))
      .max(20)
      .optional()
  }),
  z.object({
    action: z.literal('deliver'),
    method: z.enum(['pickup', 'mail', 'online']),
    trackingNo: z.string().max(64).optional(),
    note: z.string().max(500).optional()
  }),
  z.object({ action: z.literal('returnMaterials'), note: z.string().max(500).optional() }),
  /**
   * 特殊情况 (003 §7.4.1.7, §7.5.1.7): an open case's time limit extended to the item's `timeLimit.special` (20 working
   * days), once, with the reason the citizen sees on the timeline and in the message (409 TIME_LIMIT_NOT_EXTENDABLE
   * when the item has no such limit or the case has it already)
   */
  z.object({ action: z.literal('extendTimeLimit'), reason: z.string().trim().min(1, '请填写延长办理时限的理由').max(200) }),
  /** an open case already assigned goes to another active clerk (or 科长) of its region; `staffName` is filled in by the BFF */
  z.object({ action: z.literal('reassign'), staffId: z.string().min(1, '请选择改派给谁').max(64), staffName: z.string().min(1).max(30).optional(), note: z.string().max(500).optional() })
])
export type StaffAction = z.infer<typeof StaffActionSchema>
export const StaffUploadParamsSchema = z.object({ id: z.string().min(1).max(64), uploadId: z.string().min(1).max(64) })
/** What an action will do, before it is sent (POST …/actions/preview). */
export const StaffActionPreviewSchema = z.object({
  action: z.string(),
  actionLabel: z.string(),
  /** the timeline node the step makes */
  timelineLabel: z.string(),
  statusAfter: ApplicationStatusSchema,
  statusAfterLabel: z.string(),
  /** the message the applicant receives in the app and by SMS (a proxy's account gets the same with the name masked) */
  notice: z.object({ title: z.string(), body: z.string() })
})
export type StaffActionPreview = z.infer<typeof StaffActionPreviewSchema>
export type StaffActionName = StaffAction['action']
export const StaffApplicationsQuerySchema = z.object({ status: ApplicationStatusSchema.optional() })
export const StaffApplicationsResponseSchema = ApplicationsResponseSchema
export const StaffReminderRequestSchema = z.object({
  idNumber: z.string().min(18).max(18),
  itemId: z.string().min(1).max(64),
  region: RegionCodeSchema,
  reason: z.string().min(1).max(200),
  /**
   * another department's data in the terms of the item's form (e.g. 变更事项, 变更后的内容): the agency fills the
   * application itself (000 图4 免提交), and where the guide promises 视同同意办理 the reminder gets its deadline
   */
  values: z
    .record(z.string().max(64), z.string().max(200))
    .refine((v) => Object.keys(v).length <= 30, '表单项过多')
    .optional()
})
