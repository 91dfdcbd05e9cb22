import {
  APPLICATION_STATUS_LABEL,
  type ApplicationDetail,
  type ApplicationEvent,
  type ApplicationStatus,
  type ApplicationSummary,
  PhotoWarningSchema,
  type Upload
} from '../../../../contract/apply'
import type { ItemDetail } from '../../../../contract/catalog'
import { paperMaterialsView } from '../../../../domain/case-actions'
import { citizenFieldValue, resultDeliveryView } from '../../../../contract/forms'
import { maskName } from '../../../../contract/identity'
import {
  FINAL_STATUSES,
  caseDueDate as dueOfClock,
  caseNextStep,
  caseOverdue,
  paymentView,
  resultDeliveryStep,
  resultDocumentName,
  type StoredResult
} from '../../../../domain/cases'

export { FINAL_STATUSES, type StoredResult }

/**
 * Rows of the apply tables (migrations/004_apply.sql) and how they become the contract's views.
 * Views for citizens mask 身份证号, phones, bank accounts and names (001 §3.1.2); staff views do not.
 */
export interface ApplicationRow {
  id: string
  case_no: string
  user_id: string
  actor_name: string
  applicant_id_number: string
  applicant_name: string
  item_id: string
  item_name: string
  handling_mode: 'smart' | 'manual' | 'query'
  region_code: string
  region_name: string
  agency_name: string
  values_json: string
  shared_verified_json: string
  status: ApplicationStatus
  needs_paper: number
  paper_received: number
  /** material id → when its paper original arrived (001 §5.2.3.3) */
  paper_json: string | null
  supplement_return_to: ApplicationStatus | null
  supplement_json: string | null
  delivered: number
  delivery_json: string | null
  materials_returned_at: string | null
  result_json: string | null
  time_limit_days: number | null
  clock_start_date: string | null
  paused_working_days: number
  paused_since_date: string | null
  staff_name: string | null
  /** the staff account the case is assigned to */
  assignee_id: string | null
  assigned_at: string | null
  /** the case a submitted draft made (`query:<id>` for a query case, which has none) */
  draft_id: string
  /** a query case: the answer as last given (migrations/020_query_cases.sql) */
  query_answer_json: string | null
  /** the version of its item's guide the case was filed under (migrations/021_guide_versions.sql) */
  guide_version: number | null
  submitted_at: string
  updated_at: string
}

export interface EventRow {
  id: string
  application_id: string
  seq: number
  at: string
  actor_kind: 'citizen' | 'staff' | 'system'
  actor_name: string
  action: string
  label: string
  from_status: ApplicationStatus | null
  to_status: ApplicationStatus
  note: string | null
}

export interface UploadRow {
  id: string
  owner_kind: 'draft' | 'application'
  owner_id: string
  material_id: string
  file_name: string
  mime: Upload['mime']
  size: number
  width: number | null
  height: number | null
  sha256: string
  storage_key: string
  uploaded_at: string
  /** JSON PhotoWarning[] (migration 023); null for PDFs and photos stored before the check */
  photo_warnings_json: string | null
  photo_hash: string | null
}

export interface ResultDocRow {
  verify_code: string
  application_id: string
  sha256: string
  storage_key: string
  decision: 'approved' | 'rejected'
  issued_at: string
}

export function uploadView(r: UploadRow): Upload {
  return {
    id: r.id,
    materialId: r.material_id,
    fileName: r.file_name,
    mime: r.mime,
    size: r.size,
    width: r.width,
    height: r.height,
    sha256: r.sha256,
    uploadedAt: r.uploaded_at,
    ...(r.photo_warnings_json ? { photoWarnings: PhotoWarningSchema.array().catch([]).parse(JSON.parse(r.photo_warnings_json)) } : {}),
    photoHash: r.photo_hash ?? null
  }
}

export function eventView(r: EventRow): ApplicationEvent {
  return {
    id: r.id,
    at: r.at,
    actor: { kind: r.actor_kind, name: r.actor_name },
    action: r.action,
    label: r.label,
    from: r.from_status,
    to: r.to_status,
    note: r.note
  }
}

/** The due date of a case now (domain/cases.ts caseDueDate). */
export function caseDueDate(row: ApplicationRow, now: Date): string | null {
  return dueOfClock(
    {
      handlingMode: row.handling_mode,
      timeLimitDays: row.time_limit_days,
      submittedAt: row.submitted_at,
      clockStartDate: row.clock_start_date,
      pausedSinceDate: row.paused_since_date,
      pausedWorkingDays: row.paused_working_days
    },
    now
  )
}

export function parseJson<T>(s: string | null): T | null {
  return s === null ? null : (JSON.parse(s) as T)
}

/** What the citizen must do next, in one sentence, or null when it is the agency's turn. */
export function nextStep(row: ApplicationRow, item: ItemDetail | null): string | null {
  return caseNextStep({
    status: row.status,
    handlingMode: row.handling_mode,
    supplement: parseJson<{ materials: string[]; deadline: string }>(row.supplement_json),
    needsPaper: row.needs_paper === 1,
    paperReceived: row.paper_received === 1,
    delivered: row.delivered === 1,
    mailing: item?.mailing ?? null,
    resultDelivery: resultDeliveryStep(item, parseJson<Record<string, string>>(row.values_json) ?? {})
  })
}


export function summaryView(row: ApplicationRow, item: ItemDetail | null, now: Date): ApplicationSummary {
  const due = caseDueDate(row, now)
  return {
    id: row.id,
    caseNo: row.case_no,
    itemId: row.item_id,
    itemName: row.item_name,
    handlingMode: row.handling_mode,
    status: row.status,
    statusLabel: APPLICATION_STATUS_LABEL[row.status],
    region: { code: row.region_code, name: row.region_name },
    applicantName: maskName(row.applicant_name),
    submittedAt: row.submitted_at,
    dueDate: due,
    overdue: caseOverdue(due, row.status, now),
    nextStep: nextStep(row, item),
    updatedAt: row.updated_at
  }
}

export interface DetailParts {
  row: ApplicationRow
  item: ItemDetail | null
  events: EventRow[]
  uploads: UploadRow[]
  resultDoc: ResultDocRow | null
  now: Date
  /** the staff view, personal data whole: CaseWorkService masks it for those not handling the case (contract/staff.ts) */
  unmasked?: boolean
  /** a region's name for a region field's code (the catalog's region tree) */
  regionName?: (code: string) => string | null
  /** the guide version the case was filed under, with its date */
  guideVersion?: ApplicationDetail['guideVersion']
}

export function detailView(p: DetailParts): ApplicationDetail {
  const { row, item, now } = p
  const values = JSON.parse(row.values_json) as Record<string, string>
  const fieldsByKey = new Map((item?.form?.fields ?? []).map((f) => [f.key, f]))
  const regionName = p.regionName ?? (() => null)
  const fields = Object.entries(values).map(([key, value]) => {
    const field = fieldsByKey.get(key)
    const shown = p.unmasked ? (field?.kind === 'region' ? (regionName(value) ?? value) : value) : citizenFieldValue(field, value, regionName)
    return { key, label: field?.label ?? key, value: shown }
  })
  const sharedIds = JSON.parse(row.shared_verified_json) as string[]
  const materialName = (id: string): string => item?.guide.materials.find((m) => m.id === id)?.name ?? id
  const stored = parseJson<StoredResult>(row.result_json)
  const summary = summaryView(row, item, now)
  return {
    ...summary,
    applicantName: p.unmasked ? row.applicant_name : summary.applicantName,
    fields,
    uploads: p.uploads.map(uploadView),
    sharedVerified: sharedIds.map(materialName),
    // a citizen's name in the timeline is masked like every other name in the citizen's view
    events: p.events.map((e) => {
      const v = eventView(e)
      return p.unmasked || v.actor.kind !== 'citizen' ? v : { ...v, actor: { ...v.actor, name: maskName(v.actor.name) } }
    }),
    supplement: parseJson(row.supplement_json),
    paper:
      row.needs_paper && item?.mailing
        ? {
            materials: paperMaterialsView(item, values, parseJson<Record<string, string>>(row.paper_json)),
            mailing: item.mailing,
            received: row.paper_received === 1
          }
        : null,
    result:
      stored && p.resultDoc
        ? {
            decision: stored.decision,
            text: stored.text,
            issuedAt: p.resultDoc.issued_at,
            verifyCode: p.resultDoc.verify_code,
            documentName: resultDocumentName(row.item_name, stored.decision),
            payment: paymentView(stored, item, values, p.unmasked === true),
            ...(stored.basis ? { basis: stored.basis } : {})
          }
        : null,
    resultDelivery: resultDeliveryView(item?.form, values, item?.guide.office.address ?? null),
    delivery: parseJson(row.delivery_json),
    materialsReturnedAt: row.materials_returned_at,
    timeLimitDays: row.time_limit_days,
    queryAnswer: parseJson<ApplicationDetail['queryAnswer']>(row.query_answer_json),
    actorName: p.unmasked ? row.actor_name : maskName(row.actor_name),
    guideVersion: p.guideVersion ?? null
  }
}
