import type { StaffComplaint, StaffComplaintAction, StaffComplaintIntake } from '../../contract/evaluation'
import type { StaffRequester } from '../api'

/** The 投诉 screen's calls (contract/evaluation.ts, "Staff"). */
export function complaintsApi(api: StaffRequester) {
  const base = '/api/v1/staff/complaints'
  return {
    list: () => api.request<{ complaints: StaffComplaint[] }>('GET', base),
    file: (body: StaffComplaintIntake) => api.request<StaffComplaint>('POST', base, body),
    act: (id: string, body: StaffComplaintAction) => api.request<StaffComplaint>('POST', `${base}/${encodeURIComponent(id)}/actions`, body)
  }
}
