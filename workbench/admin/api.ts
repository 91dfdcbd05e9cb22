import type { RegionsResponse } from '../../contract/catalog'
import type { StaffAccount, StaffRole } from '../../contract/staff'
import type { AssignmentRuleView, RegisteredTerminal, StaffTerminal, StaffTerminals } from '../../contract/workbench'
import type { StaffRequester } from '../api'

/** The 人员与分配 screen's calls (contract/staff.ts accounts; contract/workbench.ts assignment and absences). */
export function adminApi(api: StaffRequester) {
  return {
    accounts: () => api.request<{ accounts: StaffAccount[] }>('GET', '/api/v1/staff/accounts'),
    create: (body: { username: string; name: string; role: StaffRole; region: string }) =>
      api.request<{ account: StaffAccount; enrollCode: string; enrollExpiresAt: string }>('POST', '/api/v1/staff/accounts', body),
    /** a new post or region, at once (PATCH, contract/staff.ts) */
    update: (id: string, body: { role?: StaffRole; region?: string }) => api.request<StaffAccount>('PATCH', `/api/v1/staff/accounts/${encodeURIComponent(id)}`, body),
    disable: (id: string) => api.request<StaffAccount>('POST', `/api/v1/staff/accounts/${encodeURIComponent(id)}/disable`),
    rules: () => api.request<{ rules: AssignmentRuleView[] }>('GET', '/api/v1/staff/assignment-rules'),
    putRule: (body: { region: string; itemId: string; clerkIds: string[] }) => api.request<AssignmentRuleView>('PUT', '/api/v1/staff/assignment-rules', body),
    deleteRule: (id: string) => api.request<void>('DELETE', `/api/v1/staff/assignment-rules/${encodeURIComponent(id)}`),
    absence: (staffId: string, body: { from: string; until: string } | Record<string, never>) =>
      api.request<{ staffId: string; from: string | null; until: string | null }>('PUT', `/api/v1/staff/accounts/${encodeURIComponent(staffId)}/absence`, body),
    /** the public catalog: the region tree and a region's items */
    regions: () => api.request<RegionsResponse>('GET', '/api/v1/regions'),
    items: (region: string) => api.request<{ items: { id: string; name: string }[] }>('GET', `/api/v1/items?region=${encodeURIComponent(region)}`)
  }
}

/** The 扫码终端 screen's calls (contract/workbench.ts: the register of the counters' e-voucher terminals). */
export function terminalApi(api: Pick<StaffRequester, 'request'>) {
  return {
    list: () => api.request<StaffTerminals>('GET', '/api/v1/staff/terminals'),
    register: (body: { id: string; institutionName: string; kind: string }) => api.request<RegisteredTerminal>('POST', '/api/v1/staff/terminals', body),
    revoke: (id: string) => api.request<StaffTerminal>('POST', `/api/v1/staff/terminals/${encodeURIComponent(id)}/revoke`)
  }
}
