// Over 400 lines: the 好差评 contract is one table of contents (ratings, the loop, complaints, metrics), read as a whole.
import { z } from 'zod'
import { RegionCodeSchema } from './common'

/**
 * 好差评 (ratings of a case), the bad-rating loop, complaints (投诉) and the public service metrics.
 * 000 §8.1–8.2 (好差评, 差评回访 → 整改 → 反馈 closed loop, 8.2.1), 001 §6.2 (the three rates), 002 (一事一评,
 * satisfaction ≥ 90 %), 003 §11.3 (complaint channels), 国办发〔2019〕51号 (the five levels).
 *
 * Citizen routes take `Authorization: Bearer <accessToken>` of a real-named account (001 §3.1.2) unless marked public.
 * A case that is not the caller's (and not granted to the caller) is 404 APPLICATION_UNKNOWN, as in contract/apply.ts.
 * Every POST below may carry an Idempotency-Key (the app always sends one): a repeat gets the first answer again
 * (IDEMPOTENCY_KEY_PATTERN in contract/apply.ts).
 *
 * Ratings (一事一评, only after the case is completed or rejected):
 *   GET  /api/v1/evaluations/pending                          → PendingEvaluationsResponse (my final cases awaiting a rating)
 *   GET  /api/v1/evaluations                                  → EvaluationsResponse (ratings of my cases, newest first)
 *   GET  /api/v1/applications/:id/evaluation                  → EvaluationStatus (whether the case can be rated, and the rating)
 *   POST /api/v1/applications/:id/evaluation  RateRequest     → Evaluation (201)
 *        409 EVALUATION_NOT_OPEN (case not completed/rejected), 409 EVALUATION_EXISTS (rated already, or defaulted),
 *        400 VALIDATION_FAILED fields.reasons (不满意/非常不满意 without a reason)
 *   POST /api/v1/applications/:id/evaluation/photo  multipart `file` (one image) → Evaluation
 *        404 EVALUATION_UNKNOWN (not rated yet), 409 EVALUATION_PHOTO_EXISTS, 415/422 as material uploads
 *   GET  /api/v1/applications/:id/evaluation/photo            → image/jpeg | image/png (the photo of my rating)
 *   POST /api/v1/applications/:id/evaluation/comment  CommentRequest → Evaluation (追评, once: 409 EVALUATION_COMMENT_EXISTS)
 *   POST /api/v1/applications/:id/evaluation/feedback FeedbackRequest → Evaluation
 *        accept or dispute the agency's feedback on a 差评 (loop.state 'feedbackReady');
 *        409 EVALUATION_STEP_NOT_ALLOWED when there is no feedback to answer, 409 EVALUATION_DISPUTE_USED on a second dispute
 *
 * Complaints (投诉, 003 §11.3):
 *   POST /api/v1/complaints  CreateComplaintRequest           → Complaint (201)
 *   GET  /api/v1/complaints                                   → ComplaintsResponse (mine, newest first)
 *   GET  /api/v1/complaints/:id                               → Complaint (404 COMPLAINT_UNKNOWN when not mine)
 *   POST /api/v1/complaints/:id/rate  RateComplaintRequest    → Complaint (answered → closed; 409 COMPLAINT_STEP_NOT_ALLOWED otherwise)
 *
 * Metrics (001 §6.2, public, no sign-in, aggregates only — never a name, number, text or id of a person or case):
 *   GET  /api/v1/metrics?region=&item=&month=                 → MetricsResponse
 *        region: any region code of the tree (a city or province aggregates its counties); item: an item id;
 *        month: YYYY-MM in Asia/Shanghai. Without `item` the answer has `byItem`; without `month` it has `byMonth`.
 *
 * Staff (Authorization: Bearer <STAFF_TOKEN>; personal data unmasked for follow-up — inside the agency only):
 *   GET  /api/v1/staff/evaluations?state=&level=&overdue=     → StaffEvaluationsResponse (newest first)
 *   GET  /api/v1/staff/evaluations/:id                        → StaffEvaluation (with the loop's events)
 *   GET  /api/v1/staff/evaluations/:id/photo                  → image
 *   POST /api/v1/staff/evaluations/:id/actions  StaffEvaluationAction → StaffEvaluation (409 EVALUATION_STEP_NOT_ALLOWED)
 *   GET  /api/v1/staff/complaints?status=&overdue=            → StaffComplaintsResponse
 *   POST /api/v1/staff/complaints  StaffComplaintIntake        → StaffComplaint (201): a complaint received 现场 / 电话 /
 *        网上 / 信函 (003 §11.3.2), entered by staff for a person who has no account here; the region must be in the
 *        account's scope (404 REGION_UNKNOWN otherwise)
 *   GET  /api/v1/staff/complaints/:id                         → StaffComplaint
 *   POST /api/v1/staff/complaints/:id/actions  StaffComplaintAction → StaffComplaint (409 COMPLAINT_STEP_NOT_ALLOWED)
 *
 * The bad-rating loop (000 §8.2.1), state by state (LoopState):
 *   差评 (dissatisfied | veryDissatisfied) ─▶ awaitingFollowUp
 *   awaitingFollowUp | disputed ─followUp─▶ followedUp          回访: staff record the contact (note, reached or not)
 *   followedUp ─verify─▶ verified                              核实: finding, substantiated yes/no
 *   verified ─rectify─▶ feedbackReady    (only when substantiated) 整改, within EVALUATION_RECTIFY_DAYS working days
 *   verified ─explain─▶ feedbackReady                          解释说明
 *   feedbackReady ─citizen accepts─▶ accepted (closed)
 *   feedbackReady ─citizen disputes (once, with a text)─▶ disputed (a second round with a new due date; after the
 *                 second feedback the citizen can only accept)
 *   awaitingFollowUp | followedUp | verified | disputed ─appeal─▶ appealing      申诉 against a malicious rating, once
 *   appealing ─decideAppeal upheld─▶ appealUpheld (closed; the rating no longer counts in the satisfaction rate)
 *   appealing ─decideAppeal rejected─▶ back to the state before the appeal (the due date is not moved)
 * The citizen is notified (in-app + SMS) when the feedback is ready. Appeals are internal to the agency: the
 * citizen's view shows an appealing loop as the state before it and an upheld appeal as 'closed'.
 *
 * Reminder and default rating (Guangdong's rule): a final case still unrated 24 hours after its decision is
 * reminded once (in-app + SMS); at the end of the 7th calendar day (Asia/Shanghai) after the decision day it is
 * recorded as 基本满意 with `defaulted: true` (shown as 系统默认好评) and can no longer be rated.
 */

// ---------- levels and reasons ----------
export const EvaluationLevelSchema = z.enum(['verySatisfied', 'satisfied', 'basic', 'dissatisfied', 'veryDissatisfied'], {
  errorMap: () => ({ message: '请选择评价等级' })
})
export type EvaluationLevel = z.infer<typeof EvaluationLevelSchema>
export const EVALUATION_LEVELS = EvaluationLevelSchema.options
export const EVALUATION_LEVEL_LABEL: Record<EvaluationLevel, string> = {
  verySatisfied: '非常满意',
  satisfied: '满意',
  basic: '基本满意',
  dissatisfied: '不满意',
  veryDissatisfied: '非常不满意'
}
/** 差评: these need at least one reason and open the loop */
export const BAD_LEVELS: readonly EvaluationLevel[] = ['dissatisfied', 'veryDissatisfied']
/** counted as satisfied in 用户满意率 (001 §6.2) */
export const SATISFIED_LEVELS: readonly EvaluationLevel[] = ['verySatisfied', 'satisfied', 'basic']
/** 好评 for 好评率: the two upper levels (基本满意, the level of a default rating, is the middle one) */
export const GOOD_LEVELS: readonly EvaluationLevel[] = ['verySatisfied', 'satisfied']
export function isBadLevel(level: EvaluationLevel): boolean {
  return BAD_LEVELS.includes(level)
}

export const EvaluationReasonSchema = z.enum(['attitude', 'timeLimit', 'repeatedMaterials', 'cumbersome', 'resultUnsatisfied', 'other'], {
  errorMap: () => ({ message: '请选择列出的原因' })
})
export type EvaluationReason = z.infer<typeof EvaluationReasonSchema>
export const EVALUATION_REASONS = EvaluationReasonSchema.options
export const EVALUATION_REASON_LABEL: Record<EvaluationReason, string> = {
  attitude: '态度',
  timeLimit: '时限',
  repeatedMaterials: '材料反复',
  cumbersome: '流程繁琐',
  resultUnsatisfied: '结果不满意',
  other: '其他'
}

export const EVALUATION_TEXT_MAX = 500
/** a rating not given within these calendar days after the decision day is recorded as 基本满意 */
export const EVALUATION_DEFAULT_AFTER_DAYS = 7
/** an unrated final case is reminded once this long after its decision */
export const EVALUATION_REMIND_AFTER_HOURS = 24
export const DEFAULTED_LABEL = '系统默认好评'

// ---------- requests ----------
/**
 * The rating. `reasons` are kept for 差评 only (ignored for the other levels); `text` (≤ 500) goes with any level;
 * one photo may follow through POST …/evaluation/photo (not on a default rating).
 */
export const RateRequestSchema = z
  .object({
    level: EvaluationLevelSchema,
    reasons: z.array(EvaluationReasonSchema).max(6).optional(),
    text: z.string().trim().max(EVALUATION_TEXT_MAX, `评价内容不能超过 ${EVALUATION_TEXT_MAX} 个字`).optional()
  })
  .superRefine((v, ctx) => {
    if (isBadLevel(v.level) && !(v.reasons && v.reasons.length > 0)) {
      ctx.addIssue({ code: z.ZodIssueCode.custom, path: ['reasons'], message: '请至少选择一项不满意的原因' })
    }
  })
export type RateRequest = z.infer<typeof RateRequestSchema>

export const CommentRequestSchema = z.object({
  text: z.string().trim().min(1, '请填写追评内容').max(EVALUATION_TEXT_MAX, `追评不能超过 ${EVALUATION_TEXT_MAX} 个字`)
})
export type CommentRequest = z.infer<typeof CommentRequestSchema>

export const FeedbackRequestSchema = z
  .object({
    /** true: 认可整改/解释; false: 有异议 (once), with the reason in `text` */
    accept: z.boolean({ required_error: '请选择是否认可处理结果' }),
    text: z.string().trim().max(EVALUATION_TEXT_MAX, `内容不能超过 ${EVALUATION_TEXT_MAX} 个字`).optional()
  })
  .superRefine((v, ctx) => {
    if (!v.accept && !v.text) ctx.addIssue({ code: z.ZodIssueCode.custom, path: ['text'], message: '请说明对处理结果的异议' })
  })
export type FeedbackRequest = z.infer<typeof FeedbackRequestSchema>

// ---------- the loop ----------
export const LoopStateSchema = z.enum([
  'awaitingFollowUp',
  'followedUp',
  'verified',
  'feedbackReady',
  'disputed',
  'appealing',
  'accepted',
  'appealUpheld'
])
export type LoopState = z.infer<typeof LoopStateSchema>
export const LOOP_STATE_LABEL: Record<LoopState, string> = {
  awaitingFollowUp: '差评待回访',
  followedUp: '已回访，待核实',
  verified: '已核实，待整改或说明',
  feedbackReady: '已反馈，待评价人确认',
  disputed: '评价人有异议，待再次处理',
  appealing: '申诉复核中',
  accepted: '评价人已认可，已办结',
  appealUpheld: '申诉成立，不计入满意度'
}
/** what the citizen sees: appeals are internal (appealing shows as the state before it, appealUpheld as closed) */
export const CitizenLoopStateSchema = z.enum(['awaitingFollowUp', 'followedUp', 'verified', 'feedbackReady', 'disputed', 'accepted', 'closed'])
export type CitizenLoopState = z.infer<typeof CitizenLoopStateSchema>
export const CITIZEN_LOOP_STATE_LABEL: Record<CitizenLoopState, string> = {
  awaitingFollowUp: '已收到您的评价，工作人员将与您联系',
  followedUp: '工作人员已回访，正在核实',
  verified: '已核实，正在整改',
  feedbackReady: '处理结果已反馈，请确认',
  disputed: '已收到您的异议，正在再次处理',
  accepted: '您已认可处理结果',
  closed: '已办结'
}

export const FollowUpResultSchema = z.enum(['reached', 'unreachable'])
export const FOLLOW_UP_RESULT_LABEL: Record<z.infer<typeof FollowUpResultSchema>, string> = { reached: '已联系上评价人', unreachable: '未能联系上评价人' }

/** loop event actions (the event's `action`) */
export const LoopActionSchema = z.enum(['rate', 'followUp', 'verify', 'rectify', 'explain', 'accept', 'dispute', 'appeal', 'decideAppeal', 'comment', 'default'])
export type LoopAction = z.infer<typeof LoopActionSchema>

export const EvaluationEventSchema = z.object({
  id: z.string(),
  at: z.string(),
  actor: z.object({ kind: z.enum(['citizen', 'staff', 'system']), name: z.string() }),
  action: LoopActionSchema,
  /** Chinese label of the node, e.g. 已回访 */
  label: z.string(),
  note: z.string().nullable()
})
export type EvaluationEvent = z.infer<typeof EvaluationEventSchema>

export const LoopFeedbackSchema = z.object({
  kind: z.enum(['rectified', 'explained']),
  /** 整改情况 or 解释说明, as the staff wrote it for the citizen */
  note: z.string(),
  at: z.string(),
  by: z.string()
})

/** The citizen's view of a 差评's loop. */
export const CitizenLoopSchema = z.object({
  state: CitizenLoopStateSchema,
  stateLabel: z.string(),
  /** YYYY-MM-DD: the last working day for 整改/解释 of the current round */
  dueDate: z.string(),
  /** the latest feedback (整改 or 解释说明), when given */
  feedback: LoopFeedbackSchema.nullable(),
  canAccept: z.boolean(),
  canDispute: z.boolean(),
  dispute: z.object({ text: z.string(), at: z.string() }).nullable(),
  acceptedAt: z.string().nullable(),
  /** the loop's steps (no appeal steps; staff findings not shown) */
  events: z.array(EvaluationEventSchema)
})

export const EvaluationPhotoSchema = z.object({
  mime: z.enum(['image/jpeg', 'image/png']),
  size: z.number().int(),
  width: z.number().int().nullable(),
  height: z.number().int().nullable(),
  uploadedAt: z.string()
})

/** A rating as its rater (the case's owner or a granted proxy) sees it. Names masked. */
export const EvaluationSchema = z.object({
  id: z.string(),
  applicationId: z.string(),
  caseNo: z.string(),
  itemName: z.string(),
  level: EvaluationLevelSchema,
  levelLabel: z.string(),
  reasons: z.array(EvaluationReasonSchema),
  reasonLabels: z.array(z.string()),
  text: z.string().nullable(),
  photo: EvaluationPhotoSchema.nullable(),
  /** recorded as 基本满意 by the system after 7 days without a rating */
  defaulted: z.boolean(),
  /** 系统默认好评 when defaulted, else null */
  defaultedLabel: z.string().nullable(),
  ratedAt: z.string(),
  /** who rated (masked); 系统 for a default rating */
  actorName: z.string(),
  /** the insured person the case is for (masked) */
  applicantName: z.string(),
  /** 追评 */
  comment: z.object({ text: z.string(), at: z.string() }).nullable(),
  canComment: z.boolean(),
  canAddPhoto: z.boolean(),
  /** present for a 差评 */
  loop: CitizenLoopSchema.nullable()
})
export type Evaluation = z.infer<typeof EvaluationSchema>
export const EvaluationsResponseSchema = z.object({ evaluations: z.array(EvaluationSchema) })
export type EvaluationsResponse = z.infer<typeof EvaluationsResponseSchema>

/** GET /api/v1/applications/:id/evaluation */
export const EvaluationStatusSchema = z.object({
  applicationId: z.string(),
  /** the case can be rated now (final, not yet rated, window open) */
  rateable: z.boolean(),
  /** why not, in Chinese, when not rateable and not rated (e.g. 办件办结后才能评价) */
  notRateableReason: z.string().nullable(),
  /** YYYY-MM-DD (Shanghai): the last day to rate before 系统默认好评; null before the decision */
  deadline: z.string().nullable(),
  evaluation: EvaluationSchema.nullable()
})
export type EvaluationStatus = z.infer<typeof EvaluationStatusSchema>

export const PendingEvaluationSchema = z.object({
  applicationId: z.string(),
  caseNo: z.string(),
  itemName: z.string(),
  status: z.enum(['completed', 'rejected']),
  /** masked */
  applicantName: z.string(),
  decidedAt: z.string(),
  /** YYYY-MM-DD: the last day to rate */
  deadline: z.string()
})
export type PendingEvaluation = z.infer<typeof PendingEvaluationSchema>
export const PendingEvaluationsResponseSchema = z.object({ pending: z.array(PendingEvaluationSchema) })
export type PendingEvaluationsResponse = z.infer<typeof PendingEvaluationsResponseSchema>

// ---------- staff: evaluations ----------
/** who acted is the signed-in staff account; a name sent here is ignored (kept optional for older clients) */
const staffName = z.string().trim().min(1, '请填写工作人员姓名').max(30).optional()
const note = (msg: string) => z.string().trim().min(1, msg).max(EVALUATION_TEXT_MAX)
export const StaffEvaluationActionSchema = z.discriminatedUnion('action', [
  /** 回访: the contact with the citizen, recorded */
  z.object({ action: z.literal('followUp'), staffName, result: FollowUpResultSchema, note: note('请填写回访情况') }),
  /** 核实 */
  z.object({ action: z.literal('verify'), staffName, substantiated: z.boolean({ required_error: '请选择反映的问题是否属实' }), finding: note('请填写核实情况') }),
  /** 整改 (only when substantiated): the note is what the citizen reads */
  z.object({ action: z.literal('rectify'), staffName, note: note('请填写整改情况') }),
  /** 解释说明: the note is what the citizen reads */
  z.object({ action: z.literal('explain'), staffName, note: note('请填写解释说明') }),
  /** 申诉 against a malicious rating (once per rating) */
  z.object({ action: z.literal('appeal'), staffName, reason: note('请填写申诉理由') }),
  /** the reviewer's decision on an appeal; the reviewer is not the one who appealed */
  z.object({ action: z.literal('decideAppeal'), reviewerName: staffName, upheld: z.boolean({ required_error: '请选择申诉是否成立' }), note: note('请填写复核意见') })
])
export type StaffEvaluationAction = z.infer<typeof StaffEvaluationActionSchema>
export type StaffEvaluationActionName = StaffEvaluationAction['action']

/** A rating as the agency sees it: whole names, the contact phone, the loop with every event including appeals. */
export const StaffEvaluationSchema = z.object({
  id: z.string(),
  applicationId: z.string(),
  caseNo: z.string(),
  itemId: z.string(),
  itemName: z.string(),
  region: z.object({ code: RegionCodeSchema, name: z.string() }),
  caseStatus: z.enum(['completed', 'rejected']),
  level: EvaluationLevelSchema,
  levelLabel: z.string(),
  reasons: z.array(EvaluationReasonSchema),
  reasonLabels: z.array(z.string()),
  text: z.string().nullable(),
  photo: EvaluationPhotoSchema.nullable(),
  defaulted: z.boolean(),
  defaultedLabel: z.string().nullable(),
  ratedAt: z.string(),
  actorName: z.string(),
  applicantName: z.string(),
  /** the rating account's phone, for 回访 */
  contactPhone: z.string().nullable(),
  comment: z.object({ text: z.string(), at: z.string() }).nullable(),
  /** excluded from the satisfaction rate (an upheld appeal) */
  excluded: z.boolean(),
  loop: z
    .object({
      state: LoopStateSchema,
      stateLabel: z.string(),
      dueDate: z.string(),
      /** the loop waits on staff and today is past dueDate */
      overdue: z.boolean(),
      /** the staff actions legal now */
      allowedActions: z.array(z.enum(['followUp', 'verify', 'rectify', 'explain', 'appeal', 'decideAppeal'])),
      substantiated: z.boolean().nullable(),
      feedback: LoopFeedbackSchema.nullable(),
      dispute: z.object({ text: z.string(), at: z.string() }).nullable(),
      acceptedAt: z.string().nullable(),
      appeal: z
        .object({
          reason: z.string(),
          by: z.string(),
          at: z.string(),
          decision: z.enum(['pending', 'upheld', 'rejected']),
          decidedBy: z.string().nullable(),
          decidedAt: z.string().nullable(),
          note: z.string().nullable()
        })
        .nullable(),
      events: z.array(EvaluationEventSchema)
    })
    .nullable()
})
export type StaffEvaluation = z.infer<typeof StaffEvaluationSchema>
export const StaffEvaluationsQuerySchema = z.object({
  state: LoopStateSchema.optional(),
  level: EvaluationLevelSchema.optional(),
  overdue: z.enum(['true', 'false']).optional()
})
export const StaffEvaluationsResponseSchema = z.object({ evaluations: z.array(StaffEvaluationSchema) })
export type StaffEvaluationsResponse = z.infer<typeof StaffEvaluationsResponseSchema>

// ---------- complaints (投诉, 003 §11.3) ----------
export const ComplaintSubjectSchema = z.enum(['application', 'staff', 'other'], { errorMap: () => ({ message: '请选择投诉对象' }) })
export type ComplaintSubject = z.infer<typeof ComplaintSubjectSchema>
export const COMPLAINT_SUBJECT_LABEL: Record<ComplaintSubject, string> = { application: '办件', staff: '工作人员', other: '其他' }
export const ComplaintCategorySchema = z.enum(['attitude', 'delay', 'process', 'policy', 'discipline', 'misuse', 'other'], {
  errorMap: () => ({ message: '请选择投诉类别' })
})
export type ComplaintCategory = z.infer<typeof ComplaintCategorySchema>
export const COMPLAINT_CATEGORY_LABEL: Record<ComplaintCategory, string> = {
  attitude: '服务态度',
  delay: '办理拖延',
  process: '材料与流程',
  policy: '政策执行',
  discipline: '工作纪律',
  /** someone else used the person's 医保码 (filed by 「不是我」 on the e-voucher usage log) */
  misuse: '冒用',
  other: '其他'
}
export const COMPLAINT_TEXT_MAX = 1000
export const ComplaintStatusSchema = z.enum(['received', 'handling', 'answered', 'closed'])
export type ComplaintStatus = z.infer<typeof ComplaintStatusSchema>
export const COMPLAINT_STATUS_LABEL: Record<ComplaintStatus, string> = {
  received: '已受理',
  handling: '处理中',
  answered: '已答复',
  closed: '已办结'
}

/**
 * 003 §11.3.2 “投诉方式应包括但不限于现场投诉、电话投诉、网上投诉、信函投诉等”: the channel a complaint came in by.
 * A complaint filed in the app is 网上; staff enter the others (and 网上 ones from other portals) at intake.
 */
export const ComplaintChannelSchema = z.enum(['onsite', 'phone', 'online', 'letter'], { errorMap: () => ({ message: '请选择投诉渠道' }) })
export type ComplaintChannel = z.infer<typeof ComplaintChannelSchema>
export const COMPLAINT_CHANNEL_LABEL: Record<ComplaintChannel, string> = { onsite: '现场', phone: '电话', online: '网上', letter: '信函' }

export const CreateComplaintRequestSchema = z
  .object({
    subject: ComplaintSubjectSchema,
    /** required when subject is 'application': one of my cases */
    applicationId: z.string().min(1).max(64).optional(),
    /** required when subject is 'staff': the name (or window number) of the person */
    staffName: z.string().trim().min(1).max(30).optional(),
    /** the region the complaint concerns when it is not about a case (default: DEFAULT_REGION) */
    region: RegionCodeSchema.optional(),
    category: ComplaintCategorySchema,
    text: z.string().trim().min(5, '请至少用 5 个字说明投诉内容').max(COMPLAINT_TEXT_MAX, `投诉内容不能超过 ${COMPLAINT_TEXT_MAX} 个字`)
  })
  .superRefine((v, ctx) => {
    if (v.subject === 'application' && !v.applicationId) ctx.addIssue({ code: z.ZodIssueCode.custom, path: ['applicationId'], message: '请选择要投诉的办件' })
    if (v.subject === 'staff' && !v.staffName) ctx.addIssue({ code: z.ZodIssueCode.custom, path: ['staffName'], message: '请填写被投诉工作人员的姓名或窗口号' })
  })
export type CreateComplaintRequest = z.infer<typeof CreateComplaintRequestSchema>

export const RateComplaintRequestSchema = z.object({
  satisfied: z.boolean({ required_error: '请选择对答复是否满意' }),
  text: z.string().trim().max(EVALUATION_TEXT_MAX).optional()
})
export type RateComplaintRequest = z.infer<typeof RateComplaintRequestSchema>

export const ComplaintEventSchema = z.object({
  id: z.string(),
  at: z.string(),
  actor: z.object({ kind: z.enum(['citizen', 'staff', 'system']), name: z.string() }),
  action: z.enum(['file', 'startHandling', 'answer', 'rate']),
  label: z.string(),
  note: z.string().nullable()
})

export const ComplaintSchema = z.object({
  id: z.string(),
  /** shown to people, e.g. TS3311002026030200001 */
  complaintNo: z.string(),
  subject: ComplaintSubjectSchema,
  subjectLabel: z.string(),
  applicationId: z.string().nullable(),
  caseNo: z.string().nullable(),
  itemName: z.string().nullable(),
  staffName: z.string().nullable(),
  region: z.object({ code: RegionCodeSchema, name: z.string() }),
  category: ComplaintCategorySchema,
  categoryLabel: z.string(),
  text: z.string(),
  status: ComplaintStatusSchema,
  statusLabel: z.string(),
  /** how it came in (003 §11.3.2) */
  channel: ComplaintChannelSchema,
  channelLabel: z.string(),
  createdAt: z.string(),
  /** YYYY-MM-DD: the last working day for the answer (COMPLAINT_ANSWER_DAYS) */
  dueDate: z.string(),
  /** not answered and past dueDate */
  overdue: z.boolean(),
  answer: z.object({ text: z.string(), at: z.string(), by: z.string() }).nullable(),
  /** the citizen's rating of the answer */
  rating: z.object({ satisfied: z.boolean(), text: z.string().nullable(), at: z.string() }).nullable(),
  canRate: z.boolean(),
  events: z.array(ComplaintEventSchema)
})
export type Complaint = z.infer<typeof ComplaintSchema>
export const ComplaintsResponseSchema = z.object({ complaints: z.array(ComplaintSchema) })
export type ComplaintsResponse = z.infer<typeof ComplaintsResponseSchema>

export const StaffComplaintSchema = ComplaintSchema.extend({
  complainantName: z.string(),
  contactPhone: z.string().nullable(),
  /** where a 信函 answer goes (entered at intake) */
  contactAddress: z.string().nullable(),
  /** the staff member who entered a complaint received 现场 / 电话 / 信函; null when filed in the app */
  intakeBy: z.string().nullable(),
  allowedActions: z.array(z.enum(['startHandling', 'answer']))
})
export type StaffComplaint = z.infer<typeof StaffComplaintSchema>
export const StaffComplaintsResponseSchema = z.object({ complaints: z.array(StaffComplaintSchema) })
export const StaffComplaintsQuerySchema = z.object({ status: ComplaintStatusSchema.optional(), overdue: z.enum(['true', 'false']).optional() })
export const StaffComplaintActionSchema = z.discriminatedUnion('action', [
  z.object({ action: z.literal('startHandling'), staffName, note: z.string().trim().max(EVALUATION_TEXT_MAX).optional() }),
  z.object({ action: z.literal('answer'), staffName, text: z.string().trim().min(1, '请填写答复内容').max(COMPLAINT_TEXT_MAX) })
])
export type StaffComplaintAction = z.infer<typeof StaffComplaintActionSchema>

/** Intake of a complaint received 现场 / 电话 / 网上 / 信函 (003 §11.3.2) by staff; the answer goes back the same way. */
export const StaffComplaintIntakeSchema = z
  .object({
    channel: ComplaintChannelSchema,
    complainantName: z.string().trim().min(1, '请填写投诉人姓名').max(30, '投诉人姓名不能超过 30 个字'),
    /** a mainland mobile or landline, for the answer; required for 电话 */
    contactPhone: z
      .string()
      .trim()
      .regex(/^(1\d{10}|0\d{2,3}-?\d{7,8})$/, '联系电话应为 11 位手机号或带区号的固定电话')
      .optional(),
    /** the postal address for a 信函 answer */
    address: z.string().trim().max(200).optional(),
    subject: ComplaintSubjectSchema,
    /** when about a case: its 办件编号 (must be a case of the region) */
    caseNo: z.string().trim().max(40).optional(),
    staffName: z.string().trim().min(1).max(30).optional(),
    /** default: the account's own region (which must then be a county) */
    region: RegionCodeSchema.optional(),
    category: ComplaintCategorySchema,
    text: z.string().trim().min(5, '请至少用 5 个字记录投诉内容').max(COMPLAINT_TEXT_MAX, `投诉内容不能超过 ${COMPLAINT_TEXT_MAX} 个字`)
  })
  .superRefine((v, ctx) => {
    if (v.subject === 'application' && !v.caseNo) ctx.addIssue({ code: z.ZodIssueCode.custom, path: ['caseNo'], message: '请填写被投诉的办件编号' })
    if (v.subject === 'staff' && !v.staffName) ctx.addIssue({ code: z.ZodIssueCode.custom, path: ['staffName'], message: '请填写被投诉工作人员的姓名或窗口号' })
    if (v.channel === 'phone' && !v.contactPhone) ctx.addIssue({ code: z.ZodIssueCode.custom, path: ['contactPhone'], message: '电话投诉请记录来电号码' })
    if (v.channel === 'letter' && !v.address && !v.contactPhone) ctx.addIssue({ code: z.ZodIssueCode.custom, path: ['address'], message: '信函投诉请填写回复地址或联系电话' })
  })
export type StaffComplaintIntake = z.infer<typeof StaffComplaintIntakeSchema>

// ---------- metrics (001 §6.2) ----------
/** YYYY-MM, Asia/Shanghai */
export const MonthSchema = z.string().regex(/^\d{4}-(0[1-9]|1[0-2])$/, '月份格式应为 YYYY-MM')
export const MetricsQuerySchema = z.object({
  region: RegionCodeSchema.optional(),
  item: z.string().min(1).max(64).optional(),
  month: MonthSchema.optional()
})
export type MetricsQuery = z.infer<typeof MetricsQuerySchema>

/** numerator / denominator; rate = numerator / denominator rounded to 4 decimals, null when the denominator is 0 */
export const RateSchema = z.object({
  numerator: z.number().int(),
  denominator: z.number().int(),
  rate: z.number().nullable()
})
export type Rate = z.infer<typeof RateSchema>

/**
 * Definitions (each figure is computed from the records on every call; nothing is stored):
 *  - onTimeCompletion 按时办结率: completed/rejected cases whose decision (the first complete/reject event, Shanghai
 *    date) is on or before the due date (working days, 补正 time not counted — as the case view computes it). Smart
 *    items (decided at once) count as on time; every manual case has a due date (domain/answers.ts: 即时办结 the same
 *    working day, else the stated limit, its tier, or the agency's default). Month = month of the decision.
 *  - complaintTimeliness 投诉及时处理率: complaints answered on or before their due date, over complaints answered or
 *    past their due date (an open complaint not yet due is not counted). Month = month of filing. A complaint not
 *    about a case counts for its region only, not for any item.
 *  - satisfaction 用户满意率（含默认评价）: 非常满意 + 满意 + 基本满意 over all ratings, the default ratings of the sweep
 *    included (as 基本满意), except those whose appeal was upheld. Month = month of the rating.
 *  - satisfactionActive 用户满意率（不含默认评价）: the same over the ratings a person gave (active ratings) only.
 *  - goodRate 好评率: 好评 (非常满意 + 满意; 基本满意 is the middle level, and the level a default rating records) over
 *    all counted ratings, default ratings included in the denominator; activeGoodRate 主动评价好评率: 好评 over active
 *    ratings only; unratedRate 未评价率: default ratings (a final case left unrated for 7 days, 000 §8.1.1 自主好差评)
 *    over all counted ratings. A default rating is never counted as a person's satisfaction: it is its own count
 *    (`ratings.defaulted`) and `ratings.byLevel` holds active ratings only.
 *  - processing 办理时长 (000 §8.2.3 耗时): of the decided cases, elapsed calendar hours (not working hours: what the
 *    person waits, nights and holidays included) from submit to the decision; median and p90 (nearest rank), one
 *    decimal. Month = month of the decision.
 *  - peaks 业务峰值 (000 §8.2.3): submitted cases by the Asia/Shanghai hour (0–23) and weekday (Monday first) of
 *    their submission. Month = month of the submission.
 *  - rectificationInTime 差评整改及时率: 差评 whose first feedback (整改 or 解释说明) came on or before the first due
 *    date, over 差评 that have feedback or are past that due date, except upheld appeals. Month = month of the rating.
 */
export const MetricSetSchema = z.object({
  onTimeCompletion: RateSchema,
  complaintTimeliness: RateSchema,
  satisfaction: RateSchema,
  rectificationInTime: RateSchema,
  satisfactionActive: RateSchema,
  goodRate: RateSchema,
  activeGoodRate: RateSchema,
  unratedRate: RateSchema,
  /**
   * counted ratings (upheld appeals excluded): active ones by level and in all, and the default ratings of the sweep
   * as their own count (never in byLevel)
   */
  ratings: z.object({
    byLevel: z.record(EvaluationLevelSchema, z.number().int()),
    active: z.number().int(),
    defaulted: z.number().int(),
    excluded: z.number().int()
  }),
  processing: z.object({ decided: z.number().int(), medianHours: z.number().nullable(), p90Hours: z.number().nullable() }),
  peaks: z.object({ byHour: z.array(z.number().int()).length(24), byWeekday: z.array(z.number().int()).length(7) })
})
export type MetricSet = z.infer<typeof MetricSetSchema>

export const MetricsResponseSchema = z.object({
  region: z.object({ code: RegionCodeSchema, name: z.string() }).nullable(),
  item: z.object({ id: z.string(), name: z.string() }).nullable(),
  month: MonthSchema.nullable(),
  generatedAt: z.string(),
  overall: MetricSetSchema,
  /** when no item is given: one row per item that has any record, by item name */
  byItem: z.array(MetricSetSchema.extend({ itemId: z.string(), itemName: z.string() })).nullable(),
  /** when no month is given: one row per month that has any record, oldest first */
  byMonth: z.array(MetricSetSchema.extend({ month: MonthSchema })).nullable(),
  /** 002: satisfaction should be at least 90 % */
  satisfactionTarget: z.number()
})
export type MetricsResponse = z.infer<typeof MetricsResponseSchema>
export const SATISFACTION_TARGET = 0.9

/** rate of a numerator over a denominator as the metrics route computes it */
export function rateOf(numerator: number, denominator: number): Rate {
  return { numerator, denominator, rate: denominator === 0 ? null : Math.round((numerator / denominator) * 10000) / 10000 }
}
