import type { LoopState, StaffEvaluation, StaffEvaluationAction, StaffEvaluationsResponse } from '../../contract/evaluation'
import type { StaffRequester } from '../api'

/** The 好差评 screen's calls (contract/evaluation.ts, "Staff"). */
export function evaluationApi(api: StaffRequester) {
  const base = '/api/v1/staff/evaluations'
  return {
    list: (q: { state?: LoopState } = {}) => api.request<StaffEvaluationsResponse>('GET', q.state ? `${base}?state=${q.state}` : base),
    get: (id: string) => api.request<StaffEvaluation>('GET', `${base}/${encodeURIComponent(id)}`),
    act: (id: string, body: StaffEvaluationAction) => api.request<StaffEvaluation>('POST', `${base}/${encodeURIComponent(id)}/actions`, body),
    photo: (id: string) => api.objectUrl(`${base}/${encodeURIComponent(id)}/photo`)
  }
}
