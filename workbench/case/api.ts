import type { ApplicationDetail, StaffAction, StaffActionPreview } from '../../contract/apply'
import type { ItemDetail } from '../../contract/catalog'
import type { StaffAuditEntry } from '../../contract/staff'
import type { StaffAssignees } from '../../contract/workbench'
import { ApiError, type StaffRequester } from '../api'

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
  /** the item's materials (names of what was uploaded, what a 补正 may ask for): the public catalog */
  item(itemId: string, region: string): Promise<ItemDetail>
}

export function caseApi(r: StaffRequester, base = ''): CaseApi {
  const at = (id: string) => `/api/v1/staff/applications/${encodeURIComponent(id)}`
  return {
    get: (id) => r.request('GET', at(id)),
    preview: (id, a) => r.request('POST', `${at(id)}/actions/preview`, a),
    act: (id, a) => r.request('POST', `${at(id)}/actions`, a),
    material: (id, uploadId) => r.objectUrl(`${at(id)}/uploads/${encodeURIComponent(uploadId)}`),
    audit: () => r.request('GET', '/api/v1/staff/audit?limit=200'),
    assignees: (id) => r.request('GET', `${at(id)}/assignees`),
    // the public catalog, asked without the staff token (a citizen route reads a bearer as a citizen's)
    item: async (itemId, region) => {
      const res = await fetch(`${base}/api/v1/items/${encodeURIComponent(itemId)}?region=${encodeURIComponent(region)}`)
      if (!res.ok) throw new ApiError(res.status, 'ITEM_UNKNOWN', '事项信息暂时无法读取')
      return (await res.json()) as ItemDetail
    }
  }
}
