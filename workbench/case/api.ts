import type { ApplicationDetail, CaseGuide, StaffAction, StaffActionPreview } from '../../contract/apply'
import type { StaffAuditEntry } from '../../contract/staff'
import type { StaffAssignees } from '../../contract/workbench'
import type { StaffRequester } from '../api'

/** The case view's calls: one case whole, an action's dry run and the action, a material, the audit trail. */
export interface CaseApi {
  get(id: string): Promise<ApplicationDetail>
  preview(id: string, a: StaffAction): Promise<StaffActionPreview>
  act(id: string, a: StaffAction): Promise<ApplicationDetail>
  /** an uploaded material as an object URL (the staff file route needs the bearer token an <img src> cannot carry) */
  material(id: string, uploadId: string): Promise<string>
  audit(): Promise<{ entries: StaffAuditEntry[] }>
  /** whom the case may be given to (the 改派 picker) */
  assignees(id: string): Promise<StaffAssignees>
  /**
   * the guide the case was filed under (names of what was uploaded; the only materials a 补正 may ask for and the only
   * conditions a rejection may cite — domain/guide-contract.ts)
   */
  guide(id: string): Promise<CaseGuide>
}

export function caseApi(r: StaffRequester): CaseApi {
  const at = (id: string) => `/api/v1/staff/applications/${encodeURIComponent(id)}`
  return {
    get: (id) => r.request('GET', at(id)),
    preview: (id, a) => r.request('POST', `${at(id)}/actions/preview`, a),
    act: (id, a) => r.request('POST', `${at(id)}/actions`, a),
    material: (id, uploadId) => r.objectUrl(`${at(id)}/uploads/${encodeURIComponent(uploadId)}`),
    audit: () => r.request('GET', '/api/v1/staff/audit?limit=200'),
    assignees: (id) => r.request('GET', `${at(id)}/assignees`),
    guide: (id) => r.request('GET', `${at(id)}/guide`)
  }
}
