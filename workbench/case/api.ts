import type { ApplicationDetail, StaffAction, StaffActionPreview } from '../../contract/apply'
import type { ItemDetail } from '../../contract/catalog'
import type { StaffAuditEntry } from '../../contract/staff'
import { staffCaller } from '../api'

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
    item: (itemId, region) => call('GET', `/api/v1/items/${encodeURIComponent(itemId)}?region=${encodeURIComponent(region)}`)
  }
}
