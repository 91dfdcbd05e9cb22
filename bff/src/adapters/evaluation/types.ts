import type {
  Evaluation,
  EvaluationLevel,
  EvaluationStatus,
  FeedbackRequest,
  LoopAction,
  LoopState,
  PendingEvaluation,
  RateRequest,
  StaffEvaluation,
  StaffEvaluationAction
} from '../../../../contract/evaluation'
import type { AuthUser } from '../../services/auth-user'

/**
 * An agency's 好差评 system (002; 000 §8.2.1): it takes the citizen's rating of a decided case once, runs the
 * bad-rating loop 回访 → 核实 → 整改 | 解释说明 → 反馈 with the agency's staff (appeals included), and exchanges its
 * ratings with the 政务服务 好差评 platform (000 §8.1.3). The BFF has checked who is signed in; the system decides
 * whether the person may rate the case (grants) and whether a step is allowed (domain/evaluation.ts).
 * The embedded implementation keeps it all in the BFF's database (EVALUATION_SYSTEM=embedded).
 */
export interface EvaluationSystem {
  /** the rating window's reminder and default ratings, as often as the scheduler asks (idempotent) */
  sweep(now?: Date): Promise<{ reminded: number; defaulted: number }>
  status(user: AuthUser, applicationId: string): Promise<EvaluationStatus>
  rate(user: AuthUser, applicationId: string, req: RateRequest): Promise<Evaluation>
  addPhoto(user: AuthUser, applicationId: string, file: { fileName: string; bytes: Buffer }): Promise<Evaluation>
  photo(user: AuthUser | null, ref: { applicationId?: string; evaluationId?: string; staffScope?: string }): Promise<{ bytes: Buffer; mime: string }>
  comment(user: AuthUser, applicationId: string, text: string): Promise<Evaluation>
  /** the citizen accepts or disputes (once) the staff's feedback */
  answerFeedback(user: AuthUser, applicationId: string, req: FeedbackRequest): Promise<Evaluation>
  get(user: AuthUser, applicationId: string): Promise<Evaluation>
  list(user: AuthUser): Promise<Evaluation[]>
  pending(user: AuthUser): Promise<PendingEvaluation[]>
  /** the staff's side of the loop, within their region (`scope`) */
  staffList(q?: { state?: LoopState; level?: EvaluationLevel; overdue?: boolean }, scope?: string): Promise<StaffEvaluation[]>
  staffGet(id: string, scope?: string): Promise<StaffEvaluation>
  staffAct(id: string, a: StaffEvaluationAction, actor: { name: string; regionCode: string }): Promise<StaffEvaluation>
  /**
   * 000 §8.1.3: what to share with the 政务服务 好差评 platform (and the agency's other channels) since `since`: every
   * rating, default rating and step of its follow-up (回访, 核实, 整改, 解释说明, the citizen's answer, 申诉 and its
   * decision) recorded at or after `since`, oldest first, each with its kind — no names, numbers or texts of people,
   * only what the platform counts. A platform that read the ratings only would count a default as a person's 好评 and
   * never learn that a 差评 was rectified or left out after an upheld appeal.
   */
  platformRecords(since: Date): Promise<PlatformRecord[]>
}

/** The kinds of exchange record: the rating itself and every step after it (contract/evaluation.ts LoopAction). */
export const PLATFORM_RECORD_KINDS = {
  rate: 'rating',
  default: 'defaultRating',
  comment: 'comment',
  followUp: 'followUp',
  verify: 'verification',
  rectify: 'rectification',
  explain: 'explanation',
  accept: 'citizenAccepted',
  dispute: 'citizenDisputed',
  appeal: 'appeal',
  decideAppeal: 'appealDecision'
} as const satisfies Record<LoopAction, string>
export type PlatformRecordKind = (typeof PLATFORM_RECORD_KINDS)[LoopAction]

/** One exchange record as the 政务服务 platform receives it (000 §8.1.3). */
export interface PlatformRecord {
  /** unique per record: a repeat delivery can be recognised */
  recordId: string
  ratingId: string
  kind: PlatformRecordKind
  at: string
  caseNo: string
  itemId: string
  regionCode: string
  /** the rating's level (a default rating: 基本满意) */
  level: EvaluationLevel
  /** the rating is a default of the 7-day rule (系统默认评价), not a person's */
  defaulted: boolean
  /** appealDecision: whether the appeal was upheld (the rating then leaves the figures); null for other kinds */
  upheld: boolean | null
  /** the channel the rating came through: this app */
  channel: 'app'
}
