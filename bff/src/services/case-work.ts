import type { ApplicationDetail, CaseGuide, StaffAction, StaffActionPreview } from '../../../contract/apply'
import type { ItemDetail } from '../../../contract/catalog'
import type { StaffAssignees } from '../../../contract/workbench'
import { CASE_ACTIONS_BY_ROLE, STAFF_ROLE_LABELS, staffSeesApplicantWhole } from '../../../contract/staff'
import { shanghaiDate } from '../../../domain/calendar'
import { planStaffAction } from '../../../domain/case-actions'
import { maskApplicantView } from '../../../domain/cases'
import { errors } from '../../../domain/errors'
import type { CaseSystem } from '../adapters/casesystem'
import type { StaffActor } from '../staff/accounts'
import type { AssignmentService } from './assignment'
import type { CatalogService } from './catalog'

/**
 * A staff member's steps on a case (001 §5.2.3), through the case system's seam: the role's actions only (403
 * STAFF_FORBIDDEN, contract/staff.ts), the case in the account's region (else 404), an assignee named by account (one
 * of the case's region, active), and the dry run that shows the citizen's message before the step is sent. The rules
 * are domain/workflow.ts and domain/case-actions.ts; the case system stores what they decide.
 */
export class CaseWorkService {
  constructor(private readonly d: { cases: CaseSystem; assignment: AssignmentService; catalog: CatalogService; now: () => Date }) {}

  /** the item as the case was filed: its 补正 and rejections are held to that version of the guide */
  private item(c: ApplicationDetail): ItemDetail | null {
    try {
      return this.d.catalog.itemAsFiled(c.itemId, c.region.code, c.guideVersion?.version ?? null)
    } catch {
      return null
    }
  }

  /** A case as this staff member may see it: whole for the one handling it, else the applicant masked (contract/staff.ts). */
  async view(staff: StaffActor, id: string): Promise<ApplicationDetail> {
    return this.shown(staff, await this.d.cases.staffGet(id, staff.regionCode))
  }

  private async shown(staff: StaffActor, c: ApplicationDetail): Promise<ApplicationDetail> {
    const assignedToMe =
      (staff.role === 'clerk' || staff.role === 'chief') &&
      (await this.d.cases.staffWork({ scope: c.region.code, assigneeId: staff.id })).some((x) => x.id === c.id)
    return staffSeesApplicantWhole(staff.role, { status: c.status, assignedToMe }) ? c : maskApplicantView(c, this.item(c))
  }

  /** The guide the case was filed under: the materials a 补正 may ask for, the conditions a rejection may cite. */
  async guide(staff: StaffActor, id: string): Promise<CaseGuide> {
    const c = await this.d.cases.staffGet(id, staff.regionCode)
    const item = this.item(c)
    if (!item) throw errors.itemUnknown()
    return { guideVersion: c.guideVersion ?? null, item }
  }

  /**
   * Whom the case may be given to (the 改派 / 分派 picker): for the roles that assign or reassign, the case in their
   * region; the current assignee marked, those away today marked.
   */
  async assignees(staff: StaffActor, id: string): Promise<StaffAssignees> {
    const may = CASE_ACTIONS_BY_ROLE[staff.role]
    if (!may.includes('assign') && !may.includes('reassign')) throw errors.staffForbidden(STAFF_ROLE_LABELS[staff.role])
    const c = await this.d.cases.staffGet(id, staff.regionCode)
    const candidates = await this.d.assignment.candidates(c.region.code)
    const holder = (await this.d.cases.staffWork({ scope: c.region.code })).find((x) => x.id === c.id)?.assignee?.id ?? null
    return {
      assignees: candidates
        .map((a) => ({ id: a.id, name: a.name, roleLabel: a.roleLabel, region: a.region, away: a.away, current: a.id === holder }))
        .sort((x, y) => Number(x.away) - Number(y.away) || x.name.localeCompare(y.name, 'zh-CN'))
    }
  }

  /** The action as it will be sent: the role may take it, and an assignee is a staff account of the case's region. */
  private async resolve(staff: StaffActor, id: string, a: StaffAction): Promise<{ c: ApplicationDetail; a: StaffAction; to: string | null }> {
    if (!CASE_ACTIONS_BY_ROLE[staff.role].includes(a.action)) throw errors.staffForbidden(STAFF_ROLE_LABELS[staff.role])
    const c = await this.d.cases.staffGet(id, staff.regionCode)
    if ((a.action !== 'assign' && a.action !== 'reassign') || !a.staffId) return { c, a, to: null }
    const to = await this.d.assignment.manualAssignee(a.staffId, c.region.code)
    if (a.action === 'reassign') {
      const theirs = await this.d.cases.staffWork({ scope: c.region.code, assigneeId: to.id })
      if (theirs.some((x) => x.id === c.id)) throw errors.reassignSameStaff(to.name)
    }
    return { c, a: { ...a, staffName: to.name }, to: to.id }
  }

  /** The dry run: every check of the step, nothing written; the timeline node and the applicant's message. */
  async preview(staff: StaffActor, id: string, body: StaffAction): Promise<StaffActionPreview> {
    const { c, a } = await this.resolve(staff, id, body)
    const now = this.d.now()
    return planStaffAction(c, a, { item: this.item(c), today: shanghaiDate(now), at: now.toISOString() }).preview
  }

  async act(staff: StaffActor, id: string, body: StaffAction): Promise<ApplicationDetail> {
    const { c, a, to } = await this.resolve(staff, id, body)
    // the guide's contract is checked here for every case system (an agency's own one too), then again by the embedded
    // one under the case's lock
    const now = this.d.now()
    planStaffAction(c, a, { item: this.item(c), today: shanghaiDate(now), at: now.toISOString() })
    const done = await this.d.cases.staffAct(id, a, staff)
    // the new assignee is told (the staff notification adapter), as an automatic assignment tells them
    if (to) await this.d.assignment.announce(to, done)
    return this.shown(staff, done)
  }
}
