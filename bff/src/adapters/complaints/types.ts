import type {
  Complaint,
  ComplaintStatus,
  CreateComplaintRequest,
  RateComplaintRequest,
  StaffComplaint,
  StaffComplaintAction,
  StaffComplaintIntake
} from '../../../../contract/evaluation'
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
  /** a complaint received 现场 / 电话 / 网上 / 信函 (003 §11.3.2), entered by staff of the region */
  staffFile(req: StaffComplaintIntake, actor: { name: string; regionCode: string }): Promise<StaffComplaint>
}
