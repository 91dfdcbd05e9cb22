import type { Complaint, ComplaintStatus, CreateComplaintRequest, RateComplaintRequest, StaffComplaint, StaffComplaintAction } from '../../../../contract/evaluation'
import type { AuthUser } from '../../services/auth-user'

/**
 * An agency's complaint system (投诉, 003 §11.3): filed by a citizen about a case, a member of staff or the service,
 * handled and answered by staff within COMPLAINT_ANSWER_DAYS working days, rated by the citizen. The embedded
 * implementation keeps it in the BFF's database (COMPLAINT_SYSTEM=embedded).
 */
export interface ComplaintSystem {
  file(user: AuthUser, req: CreateComplaintRequest): Promise<Complaint>
  list(user: AuthUser): Promise<Complaint[]>
  get(user: AuthUser, id: string): Promise<Complaint>
  rate(user: AuthUser, id: string, req: RateComplaintRequest): Promise<Complaint>
  staffList(q?: { status?: ComplaintStatus; overdue?: boolean }, scope?: string): Promise<StaffComplaint[]>
  staffGet(id: string, scope?: string): Promise<StaffComplaint>
  staffAct(id: string, a: StaffComplaintAction, actor: { name: string; regionCode: string }): Promise<StaffComplaint>
}
