import { findWorkday } from 'chinese-days'
import { http, HttpResponse, type HttpResponseResolver } from 'msw'
import {
  CITIZEN_LOOP_STATE_LABEL,
  COMPLAINT_CATEGORY_LABEL,
  COMPLAINT_STATUS_LABEL,
  COMPLAINT_SUBJECT_LABEL,
  CommentRequestSchema,
  ComplaintSchema,
  CreateComplaintRequestSchema,
  DEFAULTED_LABEL,
  EVALUATION_DEFAULT_AFTER_DAYS,
  EVALUATION_LEVEL_LABEL,
  EVALUATION_LEVELS,
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
  SATISFACTION_TARGET,
  SATISFIED_LEVELS,
  isBadLevel,
  maskName,
  rateOf,
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
  type MetricSet,
  type MetricsQuery,
  type MetricsResponse,
  type RegionNode,
  type StaffComplaintAction,
  type StaffEvaluationAction
} from '../contract'
import { AppError, errors } from '../bff/src/errors'
import { MOCK_APPLICANT, mockApplications, mockId } from './apply-store'
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

const DAY_MS = 86_400_000
function addCalendarDays(date: string, days: number): string {
  return new Date(Date.parse(`${date}T00:00:00Z`) + days * DAY_MS).toISOString().slice(0, 10)
}
const shanghaiDate = (iso: string): string => shanghaiToday(new Date(iso))
const FINAL_ACTIONS = ['complete', 'reject', 'autoComplete', 'autoReject']
const isFinal = (a: ApplicationDetail): boolean => a.status === 'completed' || a.status === 'rejected'

/** When the case was decided: its first complete/reject event (else its last update). */
function decidedAt(a: ApplicationDetail): string | null {
  if (!isFinal(a)) return null
  const ev = a.events.filter((e) => FINAL_ACTIONS.includes(e.action)).sort((x, y) => x.at.localeCompare(y.at))[0]
  return ev?.at ?? a.updatedAt
}

/** The rating window (Guangdong's rule, issue 5): up to the end of the 7th calendar day after the decision day. */
export function mockRatingWindow(decided: string): { deadline: string; defaultAt: Date } {
  const deadline = addCalendarDays(shanghaiDate(decided), EVALUATION_DEFAULT_AFTER_DAYS)
  return { deadline, defaultAt: new Date(`${addCalendarDays(deadline, 1)}T00:00:00+08:00`) }
}

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
      loop: null
    })
  }
}

function rectifyDue(fromIso: string): string {
  return findWorkday(options.rectifyDays ?? 15, shanghaiDate(fromIso))
}

function loopEvent(kind: EvaluationEvent['actor']['kind'], name: string, action: EvaluationEvent['action'], label: string, note: string | null, at: string): EvaluationEvent {
  return { id: mockId('lev'), at, actor: { kind, name }, action, label, note }
}

// ---------- views ----------

function citizenLoop(rec: EvaluationRecord): Evaluation['loop'] {
  const l = rec.loop
  if (!l) return null
  const state: CitizenLoopState = l.state === 'appealUpheld' ? 'closed' : l.state === 'appealing' ? 'awaitingFollowUp' : l.state
  return {
    state,
    stateLabel: CITIZEN_LOOP_STATE_LABEL[state],
    dueDate: l.dueDate,
    feedback: l.feedback,
    canAccept: state === 'feedbackReady',
    canDispute: state === 'feedbackReady' && l.dispute === null,
    dispute: l.dispute,
    acceptedAt: l.acceptedAt,
    events: l.events
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
    createdAt: c.createdAt,
    dueDate: c.dueDate,
    overdue: open && c.dueDate < shanghaiToday(now()),
    answer: c.answer,
    rating: c.rating,
    canRate: c.status === 'answered',
    events: c.events
  })
}

const STAFF_ACTION_LABEL = { followUp: '回访', verify: '核实', rectify: '整改', explain: '解释说明' } as const

// ---------- the staff's side (no msw route: tests and the dev console) ----------

/**
 * A step of the bad-rating loop as window staff take it through the staff API (000 §8.2.1): followUp → verify →
 * rectify (substantiated) | explain. Throws the BFF's 409 EVALUATION_STEP_NOT_ALLOWED for a step out of order.
 * Appeals are internal to the agency and not played by the mocks.
 */
export function mockEvaluationStaffAction(applicationId: string, a: Exclude<StaffEvaluationAction, { action: 'appeal' | 'decideAppeal' }>): Evaluation {
  const rec = evaluations.get(applicationId)
  if (!rec) throw errors.evaluationUnknown()
  const l = rec.loop
  const refuse = () => errors.evaluationStepNotAllowed(l ? LOOP_STATE_LABEL[l.state] : EVALUATION_LEVEL_LABEL[rec.level], STAFF_ACTION_LABEL[a.action])
  if (!l) throw refuse()
  const at = now().toISOString()
  // the BFF records the signed-in staff account; the mocks have none, so a name given here (or 工作人员) stands in
  const by = a.staffName ?? '工作人员'
  switch (a.action) {
    case 'followUp':
      if (l.state !== 'awaitingFollowUp' && l.state !== 'disputed') throw refuse()
      l.state = 'followedUp'
      l.events.push(loopEvent('staff', by, 'followUp', `已回访（${FOLLOW_UP_RESULT_LABEL[a.result]}）`, a.note, at))
      break
    case 'verify':
      if (l.state !== 'followedUp') throw refuse()
      l.state = 'verified'
      l.substantiated = a.substantiated
      l.events.push(loopEvent('staff', by, 'verify', a.substantiated ? '已核实：反映的问题属实' : '已核实：反映的问题不属实', a.finding, at))
      break
    case 'rectify':
    case 'explain':
      if (l.state !== 'verified' || (a.action === 'rectify' && !l.substantiated)) throw refuse()
      l.state = 'feedbackReady'
      l.feedback = { kind: a.action === 'rectify' ? 'rectified' : 'explained', note: a.note, at, by }
      l.firstFeedbackAt ??= at
      l.events.push(loopEvent('staff', by, a.action, a.action === 'rectify' ? '已整改并反馈' : '已解释说明并反馈', a.note, at))
      break
  }
  return evaluationView(rec)
}

/** 处理中 / 答复 of a complaint, as staff do through the staff API. */
export function mockComplaintStaffAction(id: string, a: StaffComplaintAction): Complaint {
  const c = complaints.get(id)
  if (!c) throw errors.complaintUnknown()
  const at = now().toISOString()
  const by = a.staffName ?? '工作人员'
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
  if (!isFinal(a)) throw errors.evaluationNotOpen(a.statusLabel)
  sweep()
  if (evaluations.has(a.id)) throw errors.evaluationExists()
  const req = parse(RateRequestSchema, body)
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
    loop:
      bad && due
        ? { state: 'awaitingFollowUp', dueDate: due, firstDueDate: due, substantiated: null, feedback: null, firstFeedbackAt: null, dispute: null, acceptedAt: null, events: [] }
        : null
  }
  evaluations.set(a.id, rec)
  return evaluationView(rec)
}

function sniff(bytes: Uint8Array): 'image/jpeg' | 'image/png' | null {
  if (bytes[0] === 0xff && bytes[1] === 0xd8 && bytes[2] === 0xff) return 'image/jpeg'
  if (bytes[0] === 0x89 && bytes[1] === 0x50 && bytes[2] === 0x4e && bytes[3] === 0x47) return 'image/png'
  return null
}

async function addPhoto(a: ApplicationDetail, request: Request): Promise<Evaluation> {
  const rec = evaluations.get(a.id)
  if (!rec) throw errors.evaluationUnknown()
  if (rec.defaulted) throw errors.evaluationStepNotAllowed(DEFAULTED_LABEL, '上传照片', '系统默认评价不能补充照片，如有意见可追评或投诉')
  if (rec.photo) throw errors.evaluationPhotoExists()
  let file: File | null = null
  try {
    const f = (await request.formData()).get('file')
    file = f && typeof f !== 'string' ? (f as File) : null
  } catch {
    file = null
  }
  if (!file) throw errors.uploadMissing()
  const bytes = new Uint8Array(await file.arrayBuffer())
  if (bytes.length === 0) throw errors.uploadEmpty()
  const mime = sniff(bytes)
  if (!mime) throw errors.uploadTypeUnsupported('照片（JPG、PNG 格式）')
  rec.photo = { mime, size: bytes.length, bytes, uploadedAt: now().toISOString() }
  return evaluationView(rec)
}

function feedback(a: ApplicationDetail, body: unknown): Evaluation {
  const rec = evaluations.get(a.id)
  if (!rec) throw errors.evaluationUnknown()
  const req = parse(FeedbackRequestSchema, body)
  const l = rec.loop
  if (!l) throw errors.evaluationStepNotAllowed(EVALUATION_LEVEL_LABEL[rec.level], req.accept ? '确认处理结果' : '提出异议', '该评价不是差评，没有需要确认的处理结果')
  if (l.state !== 'feedbackReady') throw errors.evaluationStepNotAllowed(CITIZEN_LOOP_STATE_LABEL[citizenLoop(rec)!.state], req.accept ? '确认处理结果' : '提出异议', '工作人员尚未反馈处理结果')
  const at = now().toISOString()
  if (req.accept) {
    l.state = 'accepted'
    l.acceptedAt = at
    l.events.push(loopEvent('citizen', rec.actorName, 'accept', '评价人认可处理结果', req.text ?? null, at))
  } else {
    if (l.dispute) throw errors.evaluationDisputeUsed()
    l.state = 'disputed'
    l.dispute = { text: req.text ?? '', at }
    l.dueDate = rectifyDue(at)
    l.events.push(loopEvent('citizen', rec.actorName, 'dispute', '评价人对处理结果有异议', req.text ?? null, at))
  }
  return evaluationView(rec)
}

let regionTree: RegionNode[] | null = null
async function regionName(code: string): Promise<string> {
  if (!regionTree) {
    const { mockApi } = await import('./handlers')
    regionTree = (await mockApi()).regions().regions
  }
  const walk = (nodes: RegionNode[]): string | null => {
    for (const n of nodes) {
      if (n.code === code) return n.name
      const found = walk(n.children ?? [])
      if (found) return found
    }
    return null
  }
  const name = walk(regionTree)
  if (!name) throw errors.regionUnknown()
  return name
}

async function fileComplaint(body: unknown): Promise<Complaint> {
  const req = parse(CreateComplaintRequestSchema, body)
  const a = req.subject === 'application' ? appOf(req.applicationId ?? '') : null
  const code = a?.region.code ?? req.region ?? '331100'
  const region = { code, name: a?.region.name ?? (await regionName(code)) }
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
    dueDate: findWorkday(options.answerDays ?? 5, today),
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

// ---------- metrics (001 §6.2), computed from the records ----------

/** A province (xx0000) or city (xxxx00) aggregates its counties. */
function inRegion(code: string, scope: string | undefined): boolean {
  if (!scope) return true
  if (scope.endsWith('0000')) return code.startsWith(scope.slice(0, 2))
  if (scope.endsWith('00')) return code.startsWith(scope.slice(0, 4))
  return code === scope
}

interface Counted {
  itemId: string | null
  itemName: string | null
  month: string
}

function emptySet(): MetricSet {
  return {
    onTimeCompletion: rateOf(0, 0),
    complaintTimeliness: rateOf(0, 0),
    satisfaction: rateOf(0, 0),
    rectificationInTime: rateOf(0, 0),
    ratings: { byLevel: Object.fromEntries(EVALUATION_LEVELS.map((l) => [l, 0])), defaulted: 0, excluded: 0 }
  }
}

/** Each record's contribution: [numerator, denominator] per rate, or a rating. */
type Fact =
  | (Counted & { kind: 'onTime' | 'complaint' | 'satisfaction' | 'rectification'; hit: boolean })
  | (Counted & { kind: 'rating'; level: EvaluationLevel; defaulted: boolean })

function facts(q: MetricsQuery): Fact[] {
  sweep()
  const today = shanghaiToday(now())
  const out: Fact[] = []
  const month = (iso: string) => shanghaiDate(iso).slice(0, 7)
  for (const a of mockApplications.values()) {
    if (!inRegion(a.region.code, q.region)) continue
    const decided = decidedAt(a)
    const base = { itemId: a.itemId, itemName: a.itemName }
    if (decided) out.push({ ...base, month: month(decided), kind: 'onTime', hit: a.dueDate === null || shanghaiDate(decided) <= a.dueDate })
    const e = evaluations.get(a.id)
    if (!e) continue
    out.push({ ...base, month: month(e.ratedAt), kind: 'rating', level: e.level, defaulted: e.defaulted })
    out.push({ ...base, month: month(e.ratedAt), kind: 'satisfaction', hit: SATISFIED_LEVELS.includes(e.level) })
    if (e.loop) {
      const first = e.loop.firstFeedbackAt
      if (first || e.loop.firstDueDate < today) {
        out.push({ ...base, month: month(e.ratedAt), kind: 'rectification', hit: !!first && shanghaiDate(first) <= e.loop.firstDueDate })
      }
    }
  }
  for (const c of complaints.values()) {
    if (!inRegion(c.region.code, q.region)) continue
    if (!c.answer && c.dueDate >= today) continue
    const a = c.applicationId ? mockApplications.get(c.applicationId) : undefined
    out.push({ itemId: a?.itemId ?? null, itemName: a?.itemName ?? null, month: month(c.createdAt), kind: 'complaint', hit: !!c.answer && shanghaiDate(c.answer.at) <= c.dueDate })
  }
  return out.filter((f) => (!q.item || f.itemId === q.item) && (!q.month || f.month === q.month))
}

function aggregate(list: Fact[]): MetricSet {
  const s = emptySet()
  const count = { onTime: [0, 0], complaint: [0, 0], satisfaction: [0, 0], rectification: [0, 0] }
  for (const f of list) {
    if (f.kind === 'rating') {
      s.ratings.byLevel[f.level] = (s.ratings.byLevel[f.level] ?? 0) + 1
      if (f.defaulted) s.ratings.defaulted += 1
    } else {
      count[f.kind][1] += 1
      if (f.hit) count[f.kind][0] += 1
    }
  }
  s.onTimeCompletion = rateOf(count.onTime[0], count.onTime[1])
  s.complaintTimeliness = rateOf(count.complaint[0], count.complaint[1])
  s.satisfaction = rateOf(count.satisfaction[0], count.satisfaction[1])
  s.rectificationInTime = rateOf(count.rectification[0], count.rectification[1])
  return s
}

async function metrics(q: MetricsQuery): Promise<MetricsResponse> {
  const list = facts(q)
  const items = new Map<string, string>()
  for (const f of list) if (f.itemId && f.itemName) items.set(f.itemId, f.itemName)
  const months = [...new Set(list.map((f) => f.month))].sort()
  const item = q.item ? { id: q.item, name: items.get(q.item) ?? q.item } : null
  return MetricsResponseSchema.parse({
    region: q.region ? { code: q.region, name: await regionName(q.region) } : null,
    item,
    month: q.month ?? null,
    generatedAt: now().toISOString(),
    overall: aggregate(list),
    byItem: q.item
      ? null
      : [...items.entries()]
          .sort((x, y) => x[1].localeCompare(y[1], 'zh-Hans-CN'))
          .map(([itemId, itemName]) => ({ ...aggregate(list.filter((f) => f.itemId === itemId)), itemId, itemName })),
    byMonth: q.month ? null : months.map((m) => ({ ...aggregate(list.filter((f) => f.month === m)), month: m })),
    satisfactionTarget: SATISFACTION_TARGET
  })
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
    route(async (request) => ({ status: 201, body: await fileComplaint(await jsonBody(request)) }))
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
