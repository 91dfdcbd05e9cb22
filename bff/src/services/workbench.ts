import { REVIEW_STATUSES } from '../../../contract/staff'
import type { StaffCaseSummary, StaffChanges, Todo } from '../../../contract/workbench'
import { shanghaiDate } from '../../../domain/calendar'
import { URGENCY_LABEL, compareTodo, urgencyOf } from '../../../domain/todo'
import type { CaseSystem } from '../adapters/casesystem'
import type { StaffActor } from '../staff/accounts'

/** how often the workbench asks for changes (the assignee sees a new case within this, ≤ 10 s) */
export const POLL_SECONDS = 5
/**
 * The feed looks this far behind the cursor: an event is stamped when its transaction starts and becomes visible when
 * it commits, so one stamped just before a cursor may appear just after it was handed out.
 */
const CHANGE_OVERLAP_MS = 10_000

/**
 * The staff workbench's lists (contract/workbench.ts): a staff member's 待办 and the 科室 queue in the order of
 * domain/todo.ts, and the change feed the workbench polls. The cases come from the case system (its seam), within
 * the staff member's region.
 */
export class WorkbenchService {
  constructor(private readonly d: { cases: CaseSystem; now: () => Date }) {}

  private todoOf(cases: StaffCaseSummary[], now: Date): Todo {
    const today = shanghaiDate(now)
    const items = cases
      .map((c) => {
        const u = urgencyOf(c, today)
        return { ...c, ...u, urgencyLabel: URGENCY_LABEL[u.urgency] }
      })
      .sort(compareTodo)
    return {
      items,
      counts: {
        total: items.length,
        overdue: items.filter((i) => i.urgency === 'overdue').length,
        dueSoon: items.filter((i) => i.urgency === 'dueSoon').length,
        unassigned: items.filter((i) => !i.assignee).length
      },
      cursor: now.toISOString()
    }
  }

  /**
   * A staff member's 待办: the open cases assigned to them; for a reviewer (审核), the region's cases waiting for review
   * (受理 done, 001 §5.2.3.4) — cases go to the review post, not to a person.
   */
  async todo(staff: StaffActor): Promise<Todo> {
    const now = this.d.now()
    if (staff.role === 'reviewer') {
      const region = await this.d.cases.staffWork({ scope: staff.regionCode })
      return this.todoOf(region.filter((c) => REVIEW_STATUSES.includes(c.status)), now)
    }
    return this.todoOf(await this.d.cases.staffWork({ scope: staff.regionCode, assigneeId: staff.id }), now)
  }

  /** Every open case of the region, unassigned ones included (the 科长's view of the 科室). */
  async queue(staff: StaffActor): Promise<Todo> {
    const now = this.d.now()
    return this.todoOf(await this.d.cases.staffWork({ scope: staff.regionCode }), now)
  }

  /**
   * What moved since `since`: for a 科长 and a reviewer every case of the region, for a clerk the cases assigned to
   * them (a new assignment is an event of the case, so it shows at once).
   */
  async changes(staff: StaffActor, since: string | undefined): Promise<StaffChanges> {
    const now = this.d.now()
    const from = new Date((since ? Date.parse(since) : now.getTime()) - CHANGE_OVERLAP_MS).toISOString()
    const applicationIds = await this.d.cases.staffChanges({ scope: staff.regionCode, since: from, ...(staff.role === 'clerk' ? { assigneeId: staff.id } : {}) })
    return { applicationIds, cursor: now.toISOString(), pollSeconds: POLL_SECONDS }
  }
}
