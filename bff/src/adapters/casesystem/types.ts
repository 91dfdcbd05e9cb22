import type { ApplicationDetail, ApplicationStatus, ApplicationsResponse, ResultVerification, StaffAction, Upload } from '../../../../contract/apply'
import type { InsuredPerson } from '../../services/access'
import type { StaffCaseSummary } from '../../../../contract/workbench'
import type { AuthUser } from '../../services/auth-user'

/**
 * An agency's case system (医保经办系统): what a submitted draft becomes and everything that happens to it —
 *  - create: a case from a checked draft (001 §5.2: smart items decided at once, manual items to the window);
 *  - act: the window staff's steps of 001 §5.2.3 (assign, accept, review, 补正, decide, deliver, return originals);
 *  - the citizen's 补正 uploads and resubmit into the same case (001 §5.2.3.5);
 *  - read: a person's cases and one case with its timeline (000 §6.1.4: every node tracked);
 *  - queries: a query's answer kept as a completed case of its own kind (001 §5.2.1; 000 §6.1.4.2);
 *  - result documents: the PDF of a decision and the check of its verification code (001 §5.3).
 * The BFF has checked who is signed in; the system decides with the person's grants (PersonAccess) whether they may
 * see or act on a case, and answers in the contract's shapes (contract/apply.ts). CASE_SYSTEM=embedded keeps cases in
 * the BFF's database; CASE_SYSTEM=http forwards them to the agency's own system (adapters/casesystem/http.ts).
 */
/**
 * 000 §6.1.1 图4 自动办结, §6.1.2.1.2: a case the agency makes from another department's data (免提交) — when the citizen
 * confirmed a 提醒办, or did not object by its deadline (超时未反对视同同意) — and decides by rule without staff.
 */
export interface SourceCase {
  /** the reminder it comes from: a second call for the same reminder answers the same case */
  reminderId: string
  /** when the reminder was made (its date is named on the timeline) */
  remindedAt: string
  by: 'confirm' | 'deemedConsent'
  /** the account the reminder was told to: the case is theirs and they are told the result */
  userId: string
  applicant: { name: string; idNumber: string }
  itemId: string
  region: string
  /** the form values the source supplied (the identity fields are filled from the applicant and the platform) */
  values: Record<string, string>
}

export interface CaseSystem {
  /** 图4: the case made and decided from the source's data (SourceCase) */
  submitFromSource(c: SourceCase): Promise<{ applicationId: string; created: boolean }>
  /** the draft becomes a case; the Idempotency-Key makes repeats answer the same case (`created: false`) */
  submit(user: AuthUser, draftId: string, key: string | undefined, body: { paperPledge?: boolean }): Promise<{ application: ApplicationDetail; created: boolean }>
  /**
   * 查询服务 (001 §5.2.1): keeps a query's answer in 我的办件 as a case of its own (handling mode `query`, completed
   * at once, rated like any case — 000 §6.1.4.2) under the person it was about, or — the same person, item and region
   * asked again within QUERY_REPEAT_MINUTES of that case's making (domain/queries.ts) — refreshes that case's answer.
   * `user` asked (for `person`: already checked for the `record` grant).
   */
  recordQuery(user: AuthUser, q: QueryRecord): Promise<{ applicationId: string; caseNo: string; refreshed: boolean }>
  /** 我的办件: one's own and the family's one may follow (`person` already checked for the `cases` grant) */
  list(user: AuthUser, status?: ApplicationStatus, person?: { idNumber: string; memberId: string | null }): Promise<ApplicationsResponse>
  get(user: AuthUser, id: string): Promise<ApplicationDetail>
  addSupplementUpload(user: AuthUser, id: string, materialId: string, file: { fileName: string; bytes: Buffer }): Promise<ApplicationDetail>
  resubmit(user: AuthUser, id: string, key: string | undefined, body: { values?: Record<string, string> }): Promise<ApplicationDetail>
  resultPdf(user: AuthUser, id: string): Promise<{ pdf: Buffer; fileName: string }>
  /** anyone holding a result document checks it by its code (and, given the bytes, whether they were altered) */
  verify(code: string, pdf?: Buffer): Promise<ResultVerification>
  /** the window staff of a region (`scope`, contract/staff.ts) */
  staffList(status?: ApplicationStatus, scope?: string): Promise<ApplicationsResponse>
  staffGet(id: string, scope?: string): Promise<ApplicationDetail>
  staffAct(id: string, a: StaffAction, by: { name: string; regionCode: string }): Promise<ApplicationDetail>
  /** the bytes of one of the case's uploaded materials (an image or a PDF), for staff of its region (else 404) */
  staffUpload(id: string, uploadId: string, scope: string): Promise<{ bytes: Buffer; mime: Upload['mime']; fileName: string }>
  /** the open manual cases of a region (`scope`), or only those assigned to one staff account, with their assignee (待办) */
  staffWork(q: { scope: string; assigneeId?: string }): Promise<StaffCaseSummary[]>
  /** the ids of those cases with an event in their timeline at or after `since` (an ISO instant): the change feed */
  staffChanges(q: { scope: string; since: string; assigneeId?: string }): Promise<string[]>
}

/** A query answered by the agency (adapters/agency answerQuery), to be kept as a query case. */
export interface QueryRecord {
  item: { id: string; name: string; region: { code: string; name: string }; agencyName: string }
  person: InsuredPerson
  answer: NonNullable<ApplicationDetail['queryAnswer']>
}
