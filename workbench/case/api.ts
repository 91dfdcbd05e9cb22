import type { ApplicationDetail, StaffAction, StaffActionPreview } from '../../contract/apply'
import type { ItemDetail } from '../../contract/catalog'
import type { StaffAuditEntry } from '../../contract/staff'
import { ApiError, staffCaller } from '../api'

/** The case view's calls: one case whole, an action's dry run and the action, a material's bytes, the audit trail. */
export interface CaseApi {
  get(id: string): Promise<ApplicationDetail>
  preview(id: string, a: StaffAction): Promise<StaffActionPreview>
  act(id: string, a: StaffAction): Promise<ApplicationDetail>
  material(id: string, uploadId: string): Promise<Blob>
  audit(): Promise<{ entries: StaffAuditEntry[] }>
  /** the item's materials (names of what was uploaded, what a 补正 may ask for): the public catalog */
  item(itemId: string, region: string): Promise<ItemDetail>
}

export function httpCaseApi(base = ''): CaseApi {
  const call = staffCaller(base)
  const at = (id: string) => `/api/v1/staff/applications/${encodeURIComponent(id)}`
  return {
    get: (id) => call('GET', at(id)),
    preview: (id, a) => call('POST', `${at(id)}/actions/preview`, a),
    act: (id, a) => call('POST', `${at(id)}/actions`, a),
    material: (id, uploadId) => call('GET', `${at(id)}/uploads/${encodeURIComponent(uploadId)}`, undefined, 'blob'),
    audit: () => call('GET', '/api/v1/staff/audit?limit=200'),
    // the public catalog, asked without the staff token (a citizen route reads a bearer as a citizen's)
    item: async (itemId, region) => {
      const res = await fetch(`${base}/api/v1/items/${encodeURIComponent(itemId)}?region=${encodeURIComponent(region)}`)
      if (!res.ok) throw new ApiError(res.status, 'ITEM_UNKNOWN', '事项信息暂时无法读取')
      return (await res.json()) as ItemDetail
    }
  }
}
