import {
  ApplicationDetailSchema,
  ApplicationsResponseSchema,
  CaseGuideSchema,
  PendingEvaluationsResponseSchema,
  type ApplicationDetail,
  type ApplicationSummary,
  type CaseGuide
} from '@contract'
import { apiGet, apiPost } from '@/shared/api/client'
import { uploadFile, type UploadOptions, type UploadSource } from '@/shared/api/upload'
import { idempotencyHeaders } from '@/shared/api/idempotency'

/** The case routes of contract/apply.ts (001 §3.1.4 进度查询, §5.2.3.5 补正, §5.3 办理结果). */
export const PROGRESS_API = {
  applications: '/api/v1/applications',
  application: (id: string) => `/api/v1/applications/${encodeURIComponent(id)}`,
  material: (id: string, materialId: string) => `/api/v1/applications/${encodeURIComponent(id)}/materials/${encodeURIComponent(materialId)}`,
  resubmit: (id: string) => `/api/v1/applications/${encodeURIComponent(id)}/resubmit`,
  guide: (id: string) => `/api/v1/applications/${encodeURIComponent(id)}/guide`,
  result: (id: string) => `/api/v1/applications/${encodeURIComponent(id)}/result.pdf`
} as const

/** My cases, or a family member's (`insuredId`, with the grant to follow their cases). */
export async function fetchApplications(insuredId = 'self'): Promise<ApplicationSummary[]> {
  const params = insuredId === 'self' ? undefined : { insuredId }
  return (await apiGet(PROGRESS_API.applications, ApplicationsResponseSchema, params)).applications
}

/** Ids of my decided cases still awaiting a rating (好差评, contract/evaluation.ts), for a 待评价 tag; none on failure. */
export async function fetchCasesToRate(): Promise<Set<string>> {
  try {
    return new Set((await apiGet('/api/v1/evaluations/pending', PendingEvaluationsResponseSchema)).pending.map((p) => p.applicationId))
  } catch {
    return new Set()
  }
}

export function fetchApplication(id: string): Promise<ApplicationDetail> {
  return apiGet(PROGRESS_API.application(id), ApplicationDetailSchema)
}

/** The guide the case was filed under (its version and date): what its 补正 and rejections cite. */
export function fetchCaseGuide(id: string): Promise<CaseGuide> {
  return apiGet(PROGRESS_API.guide(id), CaseGuideSchema)
}

/** One 补正 file for a material of the case (with its Idempotency-Key); the answer is the case with the upload added. */
export function uploadSupplement(id: string, materialId: string, file: UploadSource, opts: UploadOptions = {}): Promise<ApplicationDetail> {
  return uploadFile(PROGRESS_API.material(id, materialId), file, ApplicationDetailSchema, opts)
}

/** 补正 back into the same case (001 §5.2.3.5). The key makes a repeat after a lost answer harmless. */
export function resubmit(id: string, idempotencyKey: string): Promise<ApplicationDetail> {
  return apiPost(PROGRESS_API.resubmit(id), ApplicationDetailSchema, {}, { headers: idempotencyHeaders(idempotencyKey) })
}
