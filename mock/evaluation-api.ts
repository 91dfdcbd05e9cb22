// Over 400 lines: one stateful mock of the 好差评 system, complaints and metrics, which read each other's records.
import { http, HttpResponse, type HttpResponseResolver } from 'msw'
import {
  CITIZEN_LOOP_STATE_LABEL,
  COMPLAINT_CATEGORY_LABEL,
  COMPLAINT_CHANNEL_LABEL,
  COMPLAINT_STATUS_LABEL,
  COMPLAINT_SUBJECT_LABEL,
  CommentRequestSchema,
  ComplaintSchema,
  CreateComplaintRequestSchema,
  DEFAULTED_LABEL,
  EVALUATION_LEVEL_LABEL,
  EVALUATION_REASON_LABEL,
  EvaluationSchema,
  EvaluationStatusSchema,
  FOLLOW_UP_RESULT_LABEL,
  FeedbackRequestSchema,
  LOOP_STATE_LABEL,
  MetricsQuerySchema,
  MetricsResponseSchema,
  RateComplaintRequestSchema,
  RateRequestSchema,
  isBadLevel,
  maskName,
  shanghaiToday,
  type ApplicationDetail,
  type CitizenLoopState,
  type Complaint,
  type ComplaintCategory,
  type ComplaintStatus,
  type ComplaintSubject,
  type Evaluation,
  type EvaluationEvent,
  type EvaluationLevel,
  type EvaluationReason,
  type LoopState,
  type MetricsQuery,
  type MetricsResponse,
  type StaffComplaintAction,
  type StaffEvaluation,
  type StaffEvaluationAction,
  StaffComplaintActionSchema,
  StaffEvaluationActionSchema,
  StaffEvaluationSchema
} from '../contract'
import { AppError, errors } from '../domain/errors'
import { addWorkingDays, isOverdue } from '../domain/calendar'
import { caseDueDate } from '../domain/cases'
import { FINAL_ACTIONS, LOOP_ACTION_LABEL, STAFF_TURN, allowedStaffActions, citizenState, loopStep, ratingWindow, type LoopFacts } from '../domain/evaluation'
import { caseFact, complaintFact, metricsReport, ratingFact, submissionFact, type Fact } from '../domain/metrics'
import { MOCK_APPLICANT, mockApplications, mockId } from './apply-store'
import { caseClockOf, mockStaffName, mockUploadedFile } from './cases'
import { mockApi, mockRegionName } from './catalog-api'
import { addMockNotification } from './notifications'
import { jsonBody, parse } from './http'

/**
 * msw handlers for 好差评, complaints and the public metrics (contract/evaluation.ts lists every route), answered in
 * memory with the BFF's rules and error codes (bff/src/services/evaluation.ts, metrics.ts):
 *  - 一事一评: a case in `mockApplications` (mock/apply-store.ts; submitted through the apply mocks or seeded by the
 *    progress mocks) can be rated once it is completed or rejected: 409 EVALUATION_NOT_OPEN before, 409
 *    EVALUATION_EXISTS for a second rating; 不满意 / 非常不满意 need a reason (400 VALIDATION_FAILED fields.reasons).
 *  - the rating window: a case still unrated at the end of the 7th calendar day after its decision day (Shanghai) is
 *    recorded as 基本满意 with `defaulted: true` (系统默认好评) — so a just-decided case is ratable, an old one not.
 *  - 追评 once (409 EVALUATION_COMMENT_EXISTS), one photo (409 EVALUATION_PHOTO_EXISTS), feedback accepted or
 *    disputed once (409 EVALUATION_DISPUTE_USED) when the loop is feedbackReady (else 409 EVALUATION_STEP_NOT_ALLOWED).
 *  - the staff's side of the loop (回访 → 核实 → 整改 / 解释说明) and of complaints (处理中 → 答复) has no msw route: tests
 *    and the dev console move them with `mockEvaluationStaffAction` / `mockComplaintStaffAction`.
 *  - metrics are computed from these records on every call (001 §6.2), as the BFF computes them.
 * Citizen routes need a bearer token (401 UNAUTHORIZED without one), like the BFF's; GET /metrics is public.
 */
export interface MockEvaluationOptions {
  now?: () => Date
  /** EVALUATION_RECTIFY_DAYS (working days) */
  rectifyDays?: number
  /** COMPLAINT_ANSWER_DAYS (working days) */
  answerDays?: number
}

let options: MockEvaluationOptions = {}
export function configureMockEvaluation(o: MockEvaluationOptions): void {
  options = o
}
const now = (): Date => (options.now ? options.now() : new Date())

// ---------- state ----------

interface LoopRecord {
  state: LoopState
  dueDate: string
  firstDueDate: string
  substantiated: boolean | null
  feedback: { kind: 'rectified' | 'explained'; note: string; at: string; by: string } | null
  firstFeedbackAt: string | null
  dispute: { text: string; at: string } | null
  acceptedAt: string | null
  /** the state an appeal interrupted */
  stateBeforeAppeal: LoopState | null
  appeal: NonNullable<StaffEvaluation['loop']>['appeal']
  /** every event; appeals are internal to the agency (not in the citizen's view) */
  events: EvaluationEvent[]
}

interface EvaluationRecord {
  id: string
  applicationId: string
  level: EvaluationLevel
  reasons: EvaluationReason[]
  text: string | null
  photo: { mime: 'image/jpeg' | 'image/png'; size: number; bytes: Uint8Array; uploadedAt: string } | null
  defaulted: boolean
  ratedAt: string
  actorName: string
  comment: { text: string; at: string } | null
  /** an upheld appeal leaves the rating out of the satisfaction figures */
  excluded: boolean
  loop: LoopRecord | null
}

interface ComplaintRecord {
  id: string
  complaintNo: string
  subject: ComplaintSubject
  applicationId: string | null
  staffName: string | null
  region: { code: string; name: string }
  itemId: string | null
  category: ComplaintCategory
  text: string
  status: ComplaintStatus
  createdAt: string
  dueDate: string
  answer: { text: string; at: string; by: string } | null
  rating: { satisfied: boolean; text: string | null; at: string } | null
  events: Complaint['events']
}

/** ratings by case id */
const evaluations = new Map<string, EvaluationRecord>()
const complaints = new Map<string, ComplaintRecord>()
const complaintCounters = new Map<string, number>()

/** Forgets every rating and complaint (tests). */
export function resetMockEvaluation(): void {
  evaluations.clear()
  complaints.clear()
  complaintCounters.clear()
}

// ---------- helpers ----------

const isBffError = (e: unknown): e is AppError => e instanceof AppError



/** Citizen routes need `Authorization: Bearer <token>` (the mocks do not tell tokens apart). */
function requireToken(request: Request): void {
  if (!/^Bearer \S+$/.test(request.headers.get('authorization') ?? '')) throw errors.unauthorized()
}

function route(fn: (request: Request, params: Record<string, string>) => Promise<{ status?: number; body: unknown }>, opts: { public?: boolean } = {}): HttpResponseResolver {
  return async ({ request, params }) => {
    try {
      if (!opts.public) requireToken(request)
      const r = await fn(request, params as Record<string, string>)
      if (r.body instanceof Uint8Array) return new HttpResponse(r.body as unknown as BodyInit, { status: 200, headers: { 'Content-Type': 'image/jpeg' } })
      return HttpResponse.json(r.body as Record<string, unknown>, { status: r.status ?? 200 })
    } catch (e) {
      const err = isBffError(e) ? e : errors.internal()
      if (!isBffError(e)) console.error('[mock evaluation]', e) // eslint-disable-line no-console
      return HttpResponse.json(err.toBody() as Record<string, unknown>, { status: err.status })
    }
  }
}

const shanghaiDate = (iso: string): string => shanghaiToday(new Date(iso))
const isFinal = (a: ApplicationDetail): boolean => a.status === 'completed' || a.status === 'rejected'

/** When the case was decided: its first complete/reject event (else its last update). */
function decidedAt(a: ApplicationDetail): string | null {
  if (!isFinal(a)) return null
  const ev = a.events.filter((e) => (FINAL_ACTIONS as readonly string[]).includes(e.action)).sort((x, y) => x.at.localeCompare(y.at))[0]
  return ev?.at ?? a.updatedAt
}

/** The rating window (domain/evaluation.ts ratingWindow): up to the end of the 7th calendar day after the decision day. */
export const mockRatingWindow = ratingWindow

function appOf(id: string): ApplicationDetail {
  const a = mockApplications.get(id)
  if (!a) throw errors.applicationUnknown()
  return a
}

/** Records 基本满意 by default for decided cases unrated after their window. */
function sweep(): void {
  const t = now().getTime()
  for (const a of mockApplications.values()) {
    const decided = decidedAt(a)
    if (!decided || evaluations.has(a.id)) continue
    const w = mockRatingWindow(decided)
    if (t < w.defaultAt.getTime()) continue
    evaluations.set(a.id, {
      id: mockId('eval'),
      applicationId: a.id,
      level: 'basic',
      reasons: [],
      text: null,
      photo: null,
      defaulted: true,
      ratedAt: w.defaultAt.toISOString(),
      actorName: '系统',
      comment: null,
      excluded: false,
      loop: null
    })
  }
}

function rectifyDue(fromIso: string): string {
  return addWorkingDays(shanghaiDate(fromIso), options.rectifyDays ?? 15)
}

function loopEvent(kind: EvaluationEvent['actor']['kind'], name: string, action: EvaluationEvent['action'], label: string, note: string | null, at: string): EvaluationEvent {
  return { id: mockId('lev'), at, actor: { kind, name }, action, label, note }
}

// ---------- views ----------

function citizenLoop(rec: EvaluationRecord): Evaluation['loop'] {
  const l = rec.loop
  if (!l) return null
  const state: CitizenLoopState = citizenState(l.state, l.stateBeforeAppeal)
  return {
    state,
    stateLabel: CITIZEN_LOOP_STATE_LABEL[state],
    dueDate: l.dueDate,
    feedback: l.feedback,
    canAccept: state === 'feedbackReady',
    canDispute: state === 'feedbackReady' && l.dispute === null,
    dispute: l.dispute,
    acceptedAt: l.acceptedAt,
    events: l.events.filter((e) => e.action !== 'appeal' && e.action !== 'decideAppeal')
  }
}

function evaluationView(rec: EvaluationRecord): Evaluation {
  const a = appOf(rec.applicationId)
  return EvaluationSchema.parse({
    id: rec.id,
    applicationId: rec.applicationId,
    caseNo: a.caseNo,
    itemName: a.itemName,
    level: rec.level,
    levelLabel: EVALUATION_LEVEL_LABEL[rec.level],
    reasons: rec.reasons,
    reasonLabels: rec.reasons.map((r) => EVALUATION_REASON_LABEL[r]),
    text: rec.text,
    photo: rec.photo ? { mime: rec.photo.mime, size: rec.photo.size, width: null, height: null, uploadedAt: rec.photo.uploadedAt } : null,
    defaulted: rec.defaulted,
    defaultedLabel: rec.defaulted ? DEFAULTED_LABEL : null,
    ratedAt: rec.ratedAt,
    actorName: rec.actorName,
    applicantName: a.applicantName,
    comment: rec.comment,
    canComment: rec.comment === null,
    canAddPhoto: !rec.defaulted && rec.photo === null,
    loop: citizenLoop(rec)
  })
}

function statusView(a: ApplicationDetail) {
  sweep()
  const rec = evaluations.get(a.id) ?? null
  const decided = decidedAt(a)
  const w = decided ? mockRatingWindow(decided) : null
  const open = !!w && !rec && now().getTime() < w.defaultAt.getTime()
  return EvaluationStatusSchema.parse({
    applicationId: a.id,
    rateable: open,
    notRateableReason: rec || open ? null : w ? '评价期已过' : `办件当前为“${a.statusLabel}”，办结后才能评价`,
    deadline: w?.deadline ?? null,
    evaluation: rec ? evaluationView(rec) : null
  })
}

function complaintView(c: ComplaintRecord): Complaint {
  const a = c.applicationId ? mockApplications.get(c.applicationId) : undefined
  const open = c.status === 'received' || c.status === 'handling'
  return ComplaintSchema.parse({
    id: c.id,
    complaintNo: c.complaintNo,
    subject: c.subject,
    subjectLabel: COMPLAINT_SUBJECT_LABEL[c.subject],
    applicationId: c.applicationId,
    caseNo: a?.caseNo ?? null,
    itemName: a?.itemName ?? null,
    staffName: c.staffName,
    region: c.region,
    category: c.category,
    categoryLabel: COMPLAINT_CATEGORY_LABEL[c.category],
    text: c.text,
    status: c.status,
    statusLabel: COMPLAINT_STATUS_LABEL[c.status],
    // the app files 网上投诉 (003 §11.3.2); the other channels are entered by staff in the BFF
    channel: 'online',
    channelLabel: COMPLAINT_CHANNEL_LABEL.online,
    createdAt: c.createdAt,
    dueDate: c.dueDate,
    overdue: open && isOverdue(c.dueDate, now()),
    answer: c.answer,
    rating: c.rating,
    canRate: c.status === 'answered',
    events: c.events
  })
}

// ---------- the staff's side (the BFF's /staff/evaluations and /staff/complaints routes) ----------

function loopFacts(rec: EvaluationRecord): LoopFacts {
  const l = rec.loop!
  return { state: l.state, substantiated: l.substantiated, appealed: l.appeal !== null, disputed: l.dispute !== null, stateBeforeAppeal: l.stateBeforeAppeal }
}

function staffEvaluationView(rec: EvaluationRecord): StaffEvaluation {
  const c = evaluationView(rec)
  const a = appOf(rec.applicationId)
  const l = rec.loop
  return StaffEvaluationSchema.parse({
    ...c,
    itemId: a.itemId,
    region: a.region,
    caseStatus: a.status === 'rejected' ? 'rejected' : 'completed',
    contactPhone: MOCK_APPLICANT.phone,
    excluded: rec.excluded,
    loop: l
      ? {
          state: l.state,
          stateLabel: LOOP_STATE_LABEL[l.state],
          dueDate: l.dueDate,
          overdue: STAFF_TURN.includes(l.state) && isOverdue(l.dueDate, now()),
          allowedActions: allowedStaffActions(loopFacts(rec)),
          substantiated: l.substantiated,
          feedback: l.feedback,
          dispute: l.dispute,
          acceptedAt: l.acceptedAt,
          appeal: l.appeal,
          events: l.events
        }
      : null
  })
}

function evaluationById(id: string): EvaluationRecord {
  const rec = [...evaluations.values()].find((e) => e.id === id)
  if (!rec) throw errors.evaluationUnknown()
  return rec
}

/**
 * A step of the bad-rating loop as window staff take it (000 §8.2.1), decided by domain/evaluation.ts loopStep as in
 * the BFF: followUp → verify → rectify (substantiated) | explain, appeal (once) → decideAppeal by another reviewer.
 * Throws the BFF's 409 EVALUATION_STEP_NOT_ALLOWED with its hints for a step out of order.
 */
export function mockEvaluationStaffAction(applicationId: string, a: StaffEvaluationAction, staff?: string): StaffEvaluation {
  const rec = evaluations.get(applicationId)
  if (!rec) throw errors.evaluationUnknown()
  const l = rec.loop
  if (!l) throw errors.evaluationStepNotAllowed(EVALUATION_LEVEL_LABEL[rec.level], LOOP_ACTION_LABEL[a.action], '只有“不满意”“非常不满意”的评价需要回访整改或申诉')
  const f = loopFacts(rec)
  const out = loopStep(f, a.action, a.action === 'decideAppeal' ? { upheld: a.upheld } : {})
  if (!out.ok) throw errors.evaluationStepNotAllowed(LOOP_STATE_LABEL[f.state], LOOP_ACTION_LABEL[a.action], out.hint)
  const at = now().toISOString()
  // the BFF records the signed-in staff account; the mocks take the name the request gives
  const by = staff ?? (a.action === 'decideAppeal' ? a.reviewerName : a.staffName) ?? '工作人员'
  const event = (action: EvaluationEvent['action'], label: string, note: string | null) => l.events.push(loopEvent('staff', by, action, label, note, at))
  switch (a.action) {
    case 'followUp':
      event('followUp', `已回访（${FOLLOW_UP_RESULT_LABEL[a.result]}）`, a.note)
      break
    case 'verify':
      l.substantiated = a.substantiated
      event('verify', a.substantiated ? '已核实：反映的问题属实' : '已核实：反映的问题不属实', a.finding)
      break
    case 'rectify':
    case 'explain':
      l.feedback = { kind: a.action === 'rectify' ? 'rectified' : 'explained', note: a.note, at, by }
      l.firstFeedbackAt ??= at
      event(a.action, a.action === 'rectify' ? '已整改并反馈' : '已解释说明并反馈', a.note)
      addMockNotification({
        title: '评价处理结果已反馈',
        body: `您对“${appOf(applicationId).itemName}”（${appOf(applicationId).caseNo}）的评价，工作人员已${a.action === 'rectify' ? '整改' : '作出解释说明'}：${a.note}。请在办件的评价中确认是否认可。`,
        applicationId,
        reminderId: null
      })
      break
    case 'appeal':
      l.stateBeforeAppeal = l.state
      l.appeal = { reason: a.reason, by, at, decision: 'pending', decidedBy: null, decidedAt: null, note: null }
      event('appeal', '已提出申诉（恶意差评）', a.reason)
      break
    case 'decideAppeal':
      if (l.appeal && l.appeal.by.trim() === by.trim()) {
        throw errors.evaluationStepNotAllowed(LOOP_STATE_LABEL[f.state], LOOP_ACTION_LABEL.decideAppeal, '复核人不能是申诉人本人')
      }
      l.stateBeforeAppeal = null
      l.appeal = l.appeal ? { ...l.appeal, decision: a.upheld ? 'upheld' : 'rejected', decidedBy: by, decidedAt: at, note: a.note } : null
      rec.excluded = a.upheld
      event('decideAppeal', a.upheld ? '申诉成立：不计入满意度统计' : '申诉不成立：继续办理', a.note)
      break
  }
  l.state = out.state
  return staffEvaluationView(rec)
}

/** 处理中 / 答复 of a complaint, as staff do through the staff API. */
export function mockComplaintStaffAction(id: string, a: StaffComplaintAction, staff?: string): Complaint {
  const c = complaints.get(id)
  if (!c) throw errors.complaintUnknown()
  const at = now().toISOString()
  const by = staff ?? a.staffName ?? '工作人员'
  if (a.action === 'startHandling') {
    if (c.status !== 'received') throw errors.complaintStepNotAllowed(COMPLAINT_STATUS_LABEL[c.status], '开始处理')
    c.status = 'handling'
    c.events.push({ id: mockId('cev'), at, actor: { kind: 'staff', name: by }, action: 'startHandling', label: '处理中', note: a.note ?? null })
  } else {
    if (c.status !== 'received' && c.status !== 'handling') throw errors.complaintStepNotAllowed(COMPLAINT_STATUS_LABEL[c.status], '答复')
    c.status = 'answered'
    c.answer = { text: a.text, at, by }
    c.events.push({ id: mockId('cev'), at, actor: { kind: 'staff', name: by }, action: 'answer', label: '已答复', note: a.text })
  }
  return complaintView(c)
}

// ---------- citizen actions ----------

function rate(a: ApplicationDetail, body: unknown): Evaluation {
  // the body is checked first, as the BFF's route schema does
  const req = parse(RateRequestSchema, body)
  if (!isFinal(a)) throw errors.evaluationNotOpen(a.statusLabel)
  sweep()
  if (evaluations.has(a.id)) throw errors.evaluationExists()
  const at = now().toISOString()
  const bad = isBadLevel(req.level)
  const reasons = bad ? [...new Set(req.reasons ?? [])] : []
  const due = bad ? rectifyDue(at) : null
  const rec: EvaluationRecord = {
    id: mockId('eval'),
    applicationId: a.id,
    level: req.level,
    reasons,
    text: req.text ? req.text : null,
    photo: null,
    defaulted: false,
    ratedAt: at,
    actorName: maskName(MOCK_APPLICANT.name),
    comment: null,
    excluded: false,
    loop:
      bad && due
        ? { state: 'awaitingFollowUp', dueDate: due, firstDueDate: due, substantiated: null, feedback: null, firstFeedbackAt: null, dispute: null, acceptedAt: null, stateBeforeAppeal: null, appeal: null, events: [] }
        : null
  }
  evaluations.set(a.id, rec)
  return evaluationView(rec)
}


async function addPhoto(a: ApplicationDetail, request: Request): Promise<Evaluation> {
  const rec = evaluations.get(a.id)
  if (!rec) throw errors.evaluationUnknown()
  if (rec.defaulted) throw errors.evaluationStepNotAllowed(DEFAULTED_LABEL, '上传照片', '系统默认评价不能补充照片，如有意见可追评或投诉')
  if (rec.photo) throw errors.evaluationPhotoExists()
  // checked as the BFF checks every upload (domain/uploads.ts): photos only
  const { bytes, mime: kind } = await mockUploadedFile(request, ['image'])
  const mime = kind === 'image/png' ? 'image/png' : 'image/jpeg'
  rec.photo = { mime, size: bytes.length, bytes, uploadedAt: now().toISOString() }
  return evaluationView(rec)
}

function feedback(a: ApplicationDetail, body: unknown): Evaluation {
  const rec = evaluations.get(a.id)
  if (!rec) throw errors.evaluationUnknown()
  const req = parse(FeedbackRequestSchema, body)
  const l = rec.loop
  if (!l) throw errors.evaluationStepNotAllowed(EVALUATION_LEVEL_LABEL[rec.level], req.accept ? '确认处理结果' : '提出异议', '该评价不是差评，没有需要确认的处理结果')
  const out = loopStep(loopFacts(rec), req.accept ? 'accept' : 'dispute')
  if (!out.ok && out.disputeUsed) throw errors.evaluationDisputeUsed()
  if (!out.ok) throw errors.evaluationStepNotAllowed(CITIZEN_LOOP_STATE_LABEL[citizenLoop(rec)!.state], LOOP_ACTION_LABEL[req.accept ? 'accept' : 'dispute'], out.hint)
  const at = now().toISOString()
  if (req.accept) {
    l.state = 'accepted'
    l.acceptedAt = at
    l.events.push(loopEvent('citizen', rec.actorName, 'accept', '评价人认可处理结果', req.text ?? null, at))
  } else {
    l.state = 'disputed'
    l.dispute = { text: req.text ?? '', at }
    l.dueDate = rectifyDue(at)
    l.events.push(loopEvent('citizen', rec.actorName, 'dispute', '评价人对处理结果有异议', req.text ?? null, at))
  }
  return evaluationView(rec)
}

/** Files a complaint as the citizen does (POST /complaints); also the 冒用 report of the e-voucher usage log. */
export async function mockFileComplaint(body: unknown): Promise<Complaint> {
  const req = parse(CreateComplaintRequestSchema, body)
  const a = req.subject === 'application' ? appOf(req.applicationId ?? '') : null
  const code = a?.region.code ?? req.region ?? '331100'
  const region = { code, name: a?.region.name ?? (await mockRegionName(code)) }
  const at = now().toISOString()
  const today = shanghaiToday(now())
  const key = `${code}${today.replace(/-/g, '')}`
  const n = (complaintCounters.get(key) ?? 0) + 1
  complaintCounters.set(key, n)
  const c: ComplaintRecord = {
    id: mockId('cmp'),
    complaintNo: `TS${key}${String(n).padStart(5, '0')}`,
    subject: req.subject,
    applicationId: a?.id ?? null,
    staffName: req.subject === 'staff' ? (req.staffName ?? null) : null,
    region,
    itemId: a?.itemId ?? null,
    category: req.category,
    text: req.text,
    status: 'received',
    createdAt: at,
    dueDate: addWorkingDays(today, options.answerDays ?? 5),
    answer: null,
    rating: null,
    events: [{ id: mockId('cev'), at, actor: { kind: 'citizen', name: maskName(MOCK_APPLICANT.name) }, action: 'file', label: '已提交投诉，已受理', note: null }]
  }
  complaints.set(c.id, c)
  return complaintView(c)
}

function rateComplaint(id: string, body: unknown): Complaint {
  const c = complaints.get(id)
  if (!c) throw errors.complaintUnknown()
  const req = parse(RateComplaintRequestSchema, body)
  if (c.status !== 'answered') throw errors.complaintStepNotAllowed(COMPLAINT_STATUS_LABEL[c.status], '评价答复')
  const at = now().toISOString()
  c.status = 'closed'
  c.rating = { satisfied: req.satisfied, text: req.text ?? null, at }
  c.events.push({
    id: mockId('cev'),
    at,
    actor: { kind: 'citizen', name: maskName(MOCK_APPLICANT.name) },
    action: 'rate',
    label: req.satisfied ? '对答复满意，已办结' : '对答复不满意，已办结',
    note: req.text ?? null
  })
  return complaintView(c)
}

// ---------- metrics (001 §6.2): the records reduced to the BFF's facts (domain/metrics.ts) ----------

function metricFacts(): Fact[] {
  sweep()
  const t = now()
  const out: Fact[] = []
  for (const a of mockApplications.values()) {
    const base = { itemId: a.itemId, itemName: a.itemName, region: a.region.code, submittedAt: a.submittedAt }
    // a query case counts by its rating only, as in the BFF's metrics source
    if (a.handlingMode !== 'query') {
      out.push(submissionFact(base))
      const decided = decidedAt(a)
      // the due date frozen at the decision, as the BFF's metrics source computes it
      if (decided) out.push(caseFact({ ...base, decidedAt: decided, dueDate: caseDueDate(caseClockOf(a), new Date(decided)) }))
    }
    const e = evaluations.get(a.id)
    if (!e) continue
    out.push(
      ratingFact(
        { ...base, level: e.level, defaulted: e.defaulted, excluded: e.excluded, ratedAt: e.ratedAt, firstDueDate: e.loop?.firstDueDate ?? null, firstFeedbackAt: e.loop?.firstFeedbackAt ?? null },
        t
      )
    )
  }
  for (const c of complaints.values()) {
    const a = c.applicationId ? mockApplications.get(c.applicationId) : undefined
    out.push(complaintFact({ itemId: a?.itemId ?? null, itemName: a?.itemName ?? null, region: c.region.code, createdAt: c.createdAt, dueDate: c.dueDate, answeredAt: c.answer?.at ?? null }, t))
  }
  return out
}

async function metrics(q: MetricsQuery): Promise<MetricsResponse> {
  const api = await mockApi()
  return MetricsResponseSchema.parse(metricsReport(metricFacts(), q, { now: now(), regions: api.regions().regions, itemName: (id) => api.itemName(id) }))
}

// ---------- handlers ----------

const P = '*/api/v1'

export const evaluationHandlers = [
  http.get(
    `${P}/evaluations/pending`,
    route(async () => {
      sweep()
      const pending = [...mockApplications.values()]
        .filter((a) => isFinal(a) && !evaluations.has(a.id))
        .sort((x, y) => y.updatedAt.localeCompare(x.updatedAt))
        .map((a) => {
          const decided = decidedAt(a)!
          return {
            applicationId: a.id,
            caseNo: a.caseNo,
            itemName: a.itemName,
            status: a.status as 'completed' | 'rejected',
            applicantName: a.applicantName,
            decidedAt: decided,
            deadline: mockRatingWindow(decided).deadline
          }
        })
      return { body: { pending } }
    })
  ),
  http.get(
    `${P}/evaluations`,
    route(async () => {
      sweep()
      const list = [...evaluations.values()].filter((e) => mockApplications.has(e.applicationId)).sort((x, y) => y.ratedAt.localeCompare(x.ratedAt))
      return { body: { evaluations: list.map(evaluationView) } }
    })
  ),
  http.get(
    `${P}/applications/:id/evaluation`,
    route(async (_req, params) => ({ body: statusView(appOf(params.id)) }))
  ),
  http.post(
    `${P}/applications/:id/evaluation`,
    route(async (request, params) => {
      const a = appOf(params.id)
      return { status: 201, body: rate(a, await jsonBody(request)) }
    })
  ),
  http.post(
    `${P}/applications/:id/evaluation/photo`,
    route(async (request, params) => ({ body: await addPhoto(appOf(params.id), request) }))
  ),
  http.get(
    `${P}/applications/:id/evaluation/photo`,
    route(async (_req, params) => {
      const rec = evaluations.get(appOf(params.id).id)
      if (!rec?.photo) throw errors.notFound()
      return { body: rec.photo.bytes }
    })
  ),
  http.post(
    `${P}/applications/:id/evaluation/comment`,
    route(async (request, params) => {
      const a = appOf(params.id)
      const rec = evaluations.get(a.id)
      if (!rec) throw errors.evaluationUnknown()
      const req = parse(CommentRequestSchema, await jsonBody(request))
      if (rec.comment) throw errors.evaluationCommentExists()
      rec.comment = { text: req.text, at: now().toISOString() }
      return { body: evaluationView(rec) }
    })
  ),
  http.post(
    `${P}/applications/:id/evaluation/feedback`,
    route(async (request, params) => ({ body: feedback(appOf(params.id), await jsonBody(request)) }))
  ),
  http.post(
    `${P}/complaints`,
    route(async (request) => ({ status: 201, body: await mockFileComplaint(await jsonBody(request)) }))
  ),
  http.get(
    `${P}/complaints`,
    route(async () => ({
      body: { complaints: [...complaints.values()].sort((x, y) => y.createdAt.localeCompare(x.createdAt)).map(complaintView) }
    }))
  ),
  http.get(
    `${P}/complaints/:id`,
    route(async (_req, params) => {
      const c = complaints.get(params.id)
      if (!c) throw errors.complaintUnknown()
      return { body: complaintView(c) }
    })
  ),
  http.post(
    `${P}/complaints/:id/rate`,
    route(async (request, params) => ({ body: rateComplaint(params.id, await jsonBody(request)) }))
  ),
  // the window staff's side, as the BFF's /staff routes (the staff member named by the mock token)
  http.get(
    `${P}/staff/evaluations`,
    route(async (request) => {
      mockStaffName(request)
      sweep()
      return { body: { evaluations: [...evaluations.values()].filter((e) => mockApplications.has(e.applicationId)).map(staffEvaluationView) } }
    })
  ),
  http.get(
    `${P}/staff/evaluations/:id`,
    route(async (request, params) => {
      mockStaffName(request)
      return { body: staffEvaluationView(evaluationById(params.id)) }
    })
  ),
  http.post(
    `${P}/staff/evaluations/:id/actions`,
    route(async (request, params) => {
      const staff = mockStaffName(request)
      const body = parse(StaffEvaluationActionSchema, await jsonBody(request))
      return { body: mockEvaluationStaffAction(evaluationById(params.id).applicationId, body, staff) }
    })
  ),
  http.get(
    `${P}/staff/complaints`,
    route(async (request) => {
      mockStaffName(request)
      return { body: { complaints: [...complaints.values()].map(complaintView) } }
    })
  ),
  http.post(
    `${P}/staff/complaints/:id/actions`,
    route(async (request, params) => {
      const staff = mockStaffName(request)
      return { body: mockComplaintStaffAction(params.id, parse(StaffComplaintActionSchema, await jsonBody(request)), staff) }
    })
  ),
  http.get(
    `${P}/metrics`,
    route(
      async (request) => {
        const q = parse(MetricsQuerySchema, Object.fromEntries(new URL(request.url).searchParams.entries()))
        return { body: await metrics(q) }
      },
      { public: true }
    )
  )
]
