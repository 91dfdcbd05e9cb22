/**
 * How an agency tells its own staff (001 §5.2.3.1 "发起提醒"): a case assigned to a clerk, a case waiting unassigned
 * for the 科长. The embedded adapter keeps the notices in the database (the outbox the workbench reads); an agency with
 * its own messaging (政务钉钉, an intranet IM, SMS to staff phones) implements the same interface.
 */
export type StaffNoticeKind = 'assigned' | 'unassignedAlert'

export interface StaffNotice {
  id: string
  staffId: string
  kind: StaffNoticeKind
  title: string
  body: string
  applicationId: string | null
  /** ISO instant */
  createdAt: string
  readAt: string | null
}

export interface StaffNotifier {
  readonly kind: string
  /**
   * Tells one staff member; the same kind about the same case reaches a person once (answers false when it had
   * already). Throws when the channel refuses; callers never let that undo the work it announces.
   */
  notify(n: { staffId: string; kind: StaffNoticeKind; title: string; body: string; applicationId: string | null }, at: Date): Promise<boolean>
  /** The latest notices of one staff member, newest first (only channels that keep what they send have it). */
  inbox?(staffId: string, limit: number): Promise<StaffNotice[]>
}
