import type { ApplicationDetail, DraftStep, Upload } from '../contract'

/**
 * In-memory state of the apply mocks (msw, H5 mock mode and jest): drafts, submitted cases and idempotency keys.
 * `mockApplications` is shared with the progress mocks (mock/progress-api.ts), which read — and move along — the
 * cases submitted here. Nothing here survives a page reload, as with any msw mock.
 */

/** The signed-in citizen of the mocks: a SAMPLE person (invented; the 身份证号 passes the GB 11643 check). */
export const MOCK_APPLICANT = {
  name: '张丽华',
  idNumber: '331102198803120025',
  phone: '13800000001',
  /** what the data-sharing platform holds for her (001 §3.2.2): material ids verified without upload */
  documents: ['id-card', 'household-register', 'household-or-id', 'marriage-certificate', 'birth-certificate', 'birth-registration']
} as const

export interface MockDraftRecord {
  id: string
  itemId: string
  regionCode: string
  /** whole values as saved (read-only identity values are added when viewed) */
  values: Record<string, string>
  step: DraftStep
  version: number
  uploads: Upload[]
  createdAt: string
  updatedAt: string
  applicationId: string | null
}

/** Submitted cases by id (ApplicationDetailSchema), read by the progress mocks. */
export const mockApplications = new Map<string, ApplicationDetail>()
export const mockDrafts = new Map<string, MockDraftRecord>()
/** Idempotency-Key → the application it made (001 §5.1.3 submit: one case however often it is sent) */
export const mockIdempotencyKeys = new Map<string, { draftId: string; applicationId: string }>()

/**
 * Whom a case is about, as `insuredId` (GET /applications?insuredId=): absent for the mock applicant's own cases; a
 * family member's query cases (001 §5.2.1) are kept under the member.
 */
export const mockCasePeople = new Map<string, string>()

let seq = 0
/** A short unique id for mock records. */
export function mockId(prefix: string): string {
  seq += 1
  return `${prefix}-${Date.now().toString(36)}-${seq.toString(36)}`
}

/** Case numbers per region and day: YB + region + YYYYMMDD + 5 digits (as the BFF). */
const caseCounters = new Map<string, number>()
export function nextMockCaseNo(region: string, day: string): string {
  const k = `${region}${day}`
  const n = (caseCounters.get(k) ?? 0) + 1
  caseCounters.set(k, n)
  return `YB${k}${String(n).padStart(5, '0')}`
}

/** Empties every map (tests). */
export function resetMockApplyStore(): void {
  mockApplications.clear()
  mockDrafts.clear()
  mockIdempotencyKeys.clear()
  mockCasePeople.clear()
  caseCounters.clear()
}
