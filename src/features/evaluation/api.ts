import type { ZodType, ZodTypeDef } from 'zod'
import {
  ApplicationsResponseSchema,
  ComplaintSchema,
  ComplaintsResponseSchema,
  EvaluationSchema,
  EvaluationStatusSchema,
  MetricsResponseSchema,
  PendingEvaluationsResponseSchema,
  type ApplicationSummary,
  type Complaint,
  type CreateComplaintRequest,
  type Evaluation,
  type EvaluationStatus,
  type FeedbackRequest,
  type MetricsQuery,
  type MetricsResponse,
  type PendingEvaluation,
  type RateComplaintRequest,
  type RateRequest
} from '@contract'
import { apiGet, apiPost } from '@/shared/api/client'
import { idempotencyHeaders, withRetryKey } from '@/shared/api/idempotency'
import { uploadFile, type UploadOptions, type UploadSource } from '@/shared/api/upload'

/** The citizen's routes of contract/evaluation.ts (好差评, 投诉, public metrics; issue 5). */
export const EVALUATION_API = {
  pending: '/api/v1/evaluations/pending',
  status: (id: string) => `/api/v1/applications/${encodeURIComponent(id)}/evaluation`,
  photo: (id: string) => `/api/v1/applications/${encodeURIComponent(id)}/evaluation/photo`,
  comment: (id: string) => `/api/v1/applications/${encodeURIComponent(id)}/evaluation/comment`,
  feedback: (id: string) => `/api/v1/applications/${encodeURIComponent(id)}/evaluation/feedback`,
  complaints: '/api/v1/complaints',
  complaint: (id: string) => `/api/v1/complaints/${encodeURIComponent(id)}`,
  rateComplaint: (id: string) => `/api/v1/complaints/${encodeURIComponent(id)}/rate`,
  metrics: '/api/v1/metrics',
  /** my cases (contract/apply.ts), to choose the case a complaint is about */
  applications: '/api/v1/applications'
} as const

/** Whether the case can be rated now, and its rating when it has one. */
export function fetchEvaluationStatus(applicationId: string): Promise<EvaluationStatus> {
  return apiGet(EVALUATION_API.status(applicationId), EvaluationStatusSchema)
}

/**
 * A write the citizen may send again after a lost answer (重试, or a double tap): the same path and body keep their
 * Idempotency-Key until answered, so the BFF makes it once and answers the retry as the first try.
 */
function retriedPost<T>(path: string, schema: ZodType<T, ZodTypeDef, unknown>, body: object): Promise<T> {
  return withRetryKey(`${path}\n${JSON.stringify(body)}`, (key) => apiPost(path, schema, body, { headers: idempotencyHeaders(key) }))
}

/** 一事一评 (002; 000 §8.1): 409 EVALUATION_EXISTS when rated already. */
export function rateApplication(applicationId: string, req: RateRequest): Promise<Evaluation> {
  return retriedPost(EVALUATION_API.status(applicationId), EvaluationSchema, req)
}

/** The one photo of a rating (multipart `file`), after the rating itself; a retry of the same photo is kept once. */
export function uploadEvaluationPhoto(applicationId: string, file: UploadSource, opts: UploadOptions = {}): Promise<Evaluation> {
  const path = EVALUATION_API.photo(applicationId)
  return withRetryKey(`${path}\n${file.path}`, (idempotencyKey) => uploadFile(path, file, EvaluationSchema, { ...opts, idempotencyKey }))
}

/** 追评, once. */
export function commentEvaluation(applicationId: string, text: string): Promise<Evaluation> {
  return retriedPost(EVALUATION_API.comment(applicationId), EvaluationSchema, { text })
}

/** Accept the agency's feedback on a 差评, or dispute it once (000 §8.2.1). */
export function answerFeedback(applicationId: string, req: FeedbackRequest): Promise<Evaluation> {
  return retriedPost(EVALUATION_API.feedback(applicationId), EvaluationSchema, req)
}

export async function fetchPendingEvaluations(): Promise<PendingEvaluation[]> {
  return (await apiGet(EVALUATION_API.pending, PendingEvaluationsResponseSchema)).pending
}

export async function fetchComplaints(): Promise<Complaint[]> {
  return (await apiGet(EVALUATION_API.complaints, ComplaintsResponseSchema)).complaints
}

export function fetchComplaint(id: string): Promise<Complaint> {
  return apiGet(EVALUATION_API.complaint(id), ComplaintSchema)
}

export function createComplaint(req: CreateComplaintRequest): Promise<Complaint> {
  return retriedPost(EVALUATION_API.complaints, ComplaintSchema, req)
}

export function rateComplaint(id: string, req: RateComplaintRequest): Promise<Complaint> {
  return retriedPost(EVALUATION_API.rateComplaint(id), ComplaintSchema, req)
}

/** My own cases, newest first (a complaint may be about one of them). */
export async function fetchMyCases(): Promise<ApplicationSummary[]> {
  return (await apiGet(EVALUATION_API.applications, ApplicationsResponseSchema)).applications
}

/** Public: no sign-in needed (001 §6.2). */
export function fetchMetrics(q: MetricsQuery): Promise<MetricsResponse> {
  const params: Record<string, string> = {}
  if (q.region) params.region = q.region
  if (q.item) params.item = q.item
  if (q.month) params.month = q.month
  return apiGet(EVALUATION_API.metrics, MetricsResponseSchema, params)
}

