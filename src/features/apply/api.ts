import {
  ApplicationDetailSchema,
  DraftSchema,
  DraftsResponseSchema,
  ItemDetailSchema,
  type ApplicationDetail,
  type Draft,
  type DraftStep,
  type ItemDetail
} from '@contract'
import { apiDelete, apiGet, apiPost, apiPut } from '@/shared/api/client'
import { API } from '@/shared/api/routes'
import { uploadFile, type UploadOptions, type UploadSource } from '@/shared/api/upload'
import { idempotencyHeaders } from '@/shared/api/idempotency'

/** The drafts / uploads / submit routes of contract/apply.ts (001 §5.1). */
export const APPLY_API = {
  drafts: '/api/v1/drafts',
  draft: (id: string) => `/api/v1/drafts/${encodeURIComponent(id)}`,
  material: (id: string, materialId: string) => `/api/v1/drafts/${encodeURIComponent(id)}/materials/${encodeURIComponent(materialId)}`,
  upload: (id: string, uploadId: string) => `/api/v1/drafts/${encodeURIComponent(id)}/uploads/${encodeURIComponent(uploadId)}`,
  submit: (id: string) => `/api/v1/drafts/${encodeURIComponent(id)}/submit`,
  application: (id: string) => `/api/v1/applications/${encodeURIComponent(id)}`
} as const

/** What the draft store needs from the BFF; tests may pass another implementation. */
export interface DraftApi {
  listDrafts(): Promise<Draft[]>
  createDraft(req: { itemId: string; region?: string; insuredId?: string }): Promise<Draft>
  getDraft(id: string): Promise<Draft>
  updateDraft(id: string, req: { values?: Record<string, string>; step?: DraftStep; baseVersion: number }): Promise<Draft>
  deleteUpload(id: string, uploadId: string): Promise<Draft>
  submit(id: string, idempotencyKey: string, body: { paperPledge?: boolean }): Promise<ApplicationDetail>
}

export const draftApi: DraftApi = {
  listDrafts: async () => (await apiGet(APPLY_API.drafts, DraftsResponseSchema)).drafts,
  createDraft: (req) => apiPost(APPLY_API.drafts, DraftSchema, req),
  getDraft: (id) => apiGet(APPLY_API.draft(id), DraftSchema),
  updateDraft: (id, req) => apiPut(APPLY_API.draft(id), DraftSchema, req),
  deleteUpload: (id, uploadId) => apiDelete(APPLY_API.upload(id, uploadId), DraftSchema),
  // 001 §5.1.3 提交; the Idempotency-Key makes a repeat return the same case
  submit: (id, key, body) => apiPost(APPLY_API.submit(id), ApplicationDetailSchema, body, { headers: idempotencyHeaders(key) })
}

/** Uploads one file for a material (with its Idempotency-Key: a retry stores it once); the answer is the draft with the upload appended. */
export function uploadMaterial(draftId: string, materialId: string, file: UploadSource, opts: UploadOptions = {}): Promise<Draft> {
  return uploadFile(APPLY_API.material(draftId, materialId), file, DraftSchema, opts)
}

export function fetchItem(id: string, region: string): Promise<ItemDetail> {
  return apiGet(API.item(id), ItemDetailSchema, { region })
}

export function fetchApplication(id: string): Promise<ApplicationDetail> {
  return apiGet(APPLY_API.application(id), ApplicationDetailSchema)
}
