import {
  ApplicationDetailSchema,
  ApplicationsResponseSchema,
  ItemDetailSchema,
  PendingEvaluationsResponseSchema,
  type ApplicationDetail,
  type ApplicationSummary,
  type ItemDetail
} from '@contract'
import { apiGet, apiPost } from '@/shared/api/client'
import { API } from '@/shared/api/routes'
import { uploadFile, type UploadOptions, type UploadSource } from '@/shared/api/upload'
import { idempotencyHeaders } from '@/shared/api/idempotency'

/** The case routes of contract/apply.ts (001 §3.1.4 进度查询, §5.2.3.5 补正, §5.3 办理结果). */
export const PROGRESS_API = {
  applications: '/api/v1/applications',
  application: (id: string) => `/api/v1/applications/${encodeURIComponent(id)}`,
  material: (id: string, materialId: string) => `/api/v1/applications/${encodeURIComponent(id)}/materials/${encodeURIComponent(materialId)}`,
  resubmit: (id: string) => `/api/v1/applications/${encodeURIComponent(id)}/resubmit`,
  result: (id: string) => `/api/v1/applications/${encodeURIComponent(id)}/result.pdf`
} as const

/** My cases, or a family member's (`insuredId`, with the grant to follow their cases; issue 4). */
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

/** The item's guide: what each material accepts (photo / PDF) and how many files, for 补正 uploads. */
export function fetchItem(id: string, region: string): Promise<ItemDetail> {
  return apiGet(API.item(id), ItemDetailSchema, { region })
}

/** One 补正 file for a material of the case (with its Idempotency-Key); the answer is the case with the upload added. */
export function uploadSupplement(id: string, materialId: string, file: UploadSource, opts: UploadOptions = {}): Promise<ApplicationDetail> {
  return uploadFile(PROGRESS_API.material(id, materialId), file, ApplicationDetailSchema, opts)
}

/** 补正 back into the same case (001 §5.2.3.5). The key makes a repeat after a lost answer harmless. */
export function resubmit(id: string, idempotencyKey: string): Promise<ApplicationDetail> {
  return apiPost(PROGRESS_API.resubmit(id), ApplicationDetailSchema, {}, { headers: idempotencyHeaders(idempotencyKey) })
}
