import { randomUUID } from 'node:crypto'
import type { ApplicationDetail } from '../../../contract/apply'
import { regionCovers, type StaffAccount } from '../../../contract/staff'
import type { AssignmentRuleView } from '../../../contract/workbench'
import { isAbsent, nextAssignee, ruleFor, unassignedTooLong, type Absence, type AssignmentRule } from '../../../domain/assignment'
import { shanghaiDate } from '../../../domain/calendar'
import { AppError, errors, fieldsError } from '../../../domain/errors'
import type { CaseSystem } from '../adapters/casesystem'
import type { StaffNotifier } from '../adapters/staffnotices'
import type { Db } from '../db'
import type { StaffAccounts, StaffActor } from '../staff/accounts'

interface RuleRow {
  id: string
  region_code: string
  item_id: string
  clerk_ids_json: string
  last_staff_id: string | null
  updated_at: string
}

interface AbsenceRow {
  staff_id: string
  from_date: string
  until_date: string
}

export interface AssignmentDeps {
  db: Db
  cases: CaseSystem
  accounts: StaffAccounts
  notifier: StaffNotifier
  now: () => Date
  /** minutes a manual case may wait unassigned before the 科长 of its region is alerted */
  alertMinutes: number
  regionName: (code: string) => string
  warn: (msg: string, err: unknown) => void
}

/** who records the automatic assignment in a case's timeline */
const RULE_ACTOR = { name: '系统（自动分配）', regionCode: '000000' }

function ruleOf(r: RuleRow): AssignmentRule {
  return { id: r.id, regionCode: r.region_code, itemId: r.item_id, clerkIds: JSON.parse(r.clerk_ids_json) as string[], lastStaffId: r.last_staff_id }
}

/**
 * Assigning new manual cases at once by the agency's rules (domain/assignment.ts, 001 §5.2.3.1), through the case
 * system's own `assign` step, and telling the assignee through the staff notification channel; the sweep assigns
 * what could not be assigned when it arrived (nobody present, no rule yet) and alerts the 科长 about cases that have
 * waited too long. The rules, absences and the round robin's place live in the BFF's database, so every instance
 * assigns from the same turn: the turn is taken under the rule's lock.
 */
export class AssignmentService {
  constructor(private readonly d: AssignmentDeps) {}

  // ---------- rules and absences (管理员, 科长) ----------

  private async ruleRows(): Promise<RuleRow[]> {
    return this.d.db.prepare<[], RuleRow>('SELECT * FROM assignment_rules ORDER BY region_code, item_id').all()
  }

  private async absences(): Promise<Absence[]> {
    const rows = await this.d.db.prepare<[], AbsenceRow>('SELECT staff_id, from_date, until_date FROM staff_absences').all()
    return rows.map((r) => ({ staffId: r.staff_id, from: r.from_date, until: r.until_date }))
  }

  private view(r: RuleRow, accounts: Map<string, StaffAccount>): AssignmentRuleView {
    const rule = ruleOf(r)
    return {
      id: r.id,
      region: { code: r.region_code, name: this.d.regionName(r.region_code) },
      itemId: r.item_id,
      clerks: rule.clerkIds.map((id) => ({ id, name: accounts.get(id)?.name ?? '（已删除的账号）' })),
      lastStaffId: r.last_staff_id,
      updatedAt: r.updated_at
    }
  }

  private async accountsById(): Promise<Map<string, StaffAccount>> {
    return new Map((await this.d.accounts.list()).map((a) => [a.id, a]))
  }

  /** The rules a staff member's region covers (the 管理员 of the province sees them all). */
  async rules(scope: string): Promise<AssignmentRuleView[]> {
    const accounts = await this.accountsById()
    return (await this.ruleRows()).filter((r) => regionCovers(scope, r.region_code)).map((r) => this.view(r, accounts))
  }

  /**
   * Sets the rule of a region and item (replacing the one there was). Its clerks must be active 窗口受理 accounts whose
   * region covers the rule's region, and the rule's region must be within the administrator's.
   */
  async putRule(by: StaffActor, req: { region: string; itemId: string; clerkIds: string[] }): Promise<AssignmentRuleView> {
    if (!regionCovers(by.regionCode, req.region)) throw fieldsError({ region: '只能为本辖区设置分配规则' }, '')
    const accounts = await this.accountsById()
    const clerkIds = [...new Set(req.clerkIds)]
    for (const id of clerkIds) {
      const a = accounts.get(id)
      if (!a || a.role !== 'clerk' || a.status === 'disabled' || !regionCovers(a.region.code, req.region)) {
        throw fieldsError({ clerkIds: `${a?.name ?? id} 不是本辖区在岗的窗口受理人员` }, '')
      }
    }
    const at = this.d.now().toISOString()
    const existing = (await this.ruleRows()).find((r) => r.region_code === req.region && r.item_id === req.itemId)
    const id = existing?.id ?? randomUUID()
    await this.d.db
      .prepare(
        `INSERT INTO assignment_rules (id, region_code, item_id, clerk_ids_json, last_staff_id, updated_at, updated_by) VALUES (?, ?, ?, ?, NULL, ?, ?)
         ON CONFLICT (region_code, item_id) DO UPDATE SET clerk_ids_json = excluded.clerk_ids_json, updated_at = excluded.updated_at, updated_by = excluded.updated_by`
      )
      .run(id, req.region, req.itemId, JSON.stringify(clerkIds), at, by.id)
    const row = (await this.ruleRows()).find((r) => r.id === id)!
    // cases that waited for want of a rule are assigned now, not at the next sweep
    await this.assignWaiting()
    return this.view(row, accounts)
  }

  async deleteRule(by: StaffActor, id: string): Promise<void> {
    const row = (await this.ruleRows()).find((r) => r.id === id)
    if (!row || !regionCovers(by.regionCode, row.region_code)) throw errors.assignmentRuleUnknown()
    await this.d.db.prepare('DELETE FROM assignment_rules WHERE id = ?').run(id)
  }

  /** Sets (from/until) or ends ({}) a staff member's absence; a 科长 only for accounts of their region. */
  async setAbsence(by: StaffActor, staffId: string, req: { from?: string; until?: string }): Promise<{ staffId: string; from: string | null; until: string | null }> {
    const account = (await this.accountsById()).get(staffId)
    if (!account || !regionCovers(by.regionCode, account.region.code)) throw errors.staffAccountUnknown()
    if (!req.from || !req.until) {
      await this.d.db.prepare('DELETE FROM staff_absences WHERE staff_id = ?').run(staffId)
      return { staffId, from: null, until: null }
    }
    await this.d.db
      .prepare(
        `INSERT INTO staff_absences (staff_id, from_date, until_date, set_by, set_at) VALUES (?, ?, ?, ?, ?)
         ON CONFLICT (staff_id) DO UPDATE SET from_date = excluded.from_date, until_date = excluded.until_date, set_by = excluded.set_by, set_at = excluded.set_at`
      )
      .run(staffId, req.from, req.until, by.id, this.d.now().toISOString())
    return { staffId, from: req.from, until: req.until }
  }

  // ---------- assigning ----------

  /**
   * A person assigning (or reassigning) a case to a staff account: it must be an active 窗口受理 or 科长 account whose
   * region covers the case's. The assignee is told once the step is done (`announce`).
   */
  async manualAssignee(staffId: string, regionCode: string): Promise<StaffAccount> {
    const a = (await this.accountsById()).get(staffId)
    if (!a || a.status !== 'active' || (a.role !== 'clerk' && a.role !== 'chief') || !regionCovers(a.region.code, regionCode)) {
      throw fieldsError({ staffId: '只能分配给本辖区在岗的窗口受理人员或科长' }, '')
    }
    return a
  }

  /** Everyone `manualAssignee` accepts for a case of the region, each with whether they are away today. */
  async candidates(regionCode: string): Promise<Array<StaffAccount & { away: boolean }>> {
    const absences = await this.absences()
    const today = shanghaiDate(this.d.now())
    return [...(await this.accountsById()).values()]
      .filter((a) => a.status === 'active' && (a.role === 'clerk' || a.role === 'chief') && regionCovers(a.region.code, regionCode))
      .map((a) => ({ ...a, away: isAbsent(absences, a.id, today) }))
  }

  async announce(staffId: string, c: Pick<ApplicationDetail, 'id' | 'caseNo' | 'itemName' | 'region'>): Promise<void> {
    await this.notify({
      staffId,
      kind: 'assigned',
      title: '新办件待受理',
      body: `${c.region.name}“${c.itemName}”（${c.caseNo}）已分配给您，请及时受理`,
      applicationId: c.id
    })
  }

  /**
   * Takes the next clerk in turn for a case, under the rule's lock (two cases at once, in one instance or two, get
   * two turns), or null when no rule fits or nobody of it is present today.
   */
  private async takeTurn(c: { regionCode: string; itemId: string }): Promise<StaffAccount | null> {
    const rule = ruleFor((await this.ruleRows()).map(ruleOf), c)
    if (!rule) return null
    const accounts = await this.accountsById()
    const absences = await this.absences()
    const today = shanghaiDate(this.d.now())
    const available = (id: string): boolean => {
      const a = accounts.get(id)
      return !!a && a.status === 'active' && a.role === 'clerk' && regionCovers(a.region.code, c.regionCode) && !isAbsent(absences, id, today)
    }
    const chosen = await this.d.db.tx(async () => {
      await this.d.db.lock(`assignment-rule:${rule.id}`)
      const now = await this.d.db.prepare<[string], RuleRow>('SELECT * FROM assignment_rules WHERE id = ?').get(rule.id)
      if (!now) return null
      const next = nextAssignee(ruleOf(now), available)
      if (next) await this.d.db.prepare('UPDATE assignment_rules SET last_staff_id = ? WHERE id = ?').run(next, rule.id)
      return next
    })
    return chosen ? (accounts.get(chosen) ?? null) : null
  }

  /**
   * Assigns a case that has just arrived (or is still waiting) and tells the assignee. Answers the case as it is after;
   * a case someone assigned meanwhile, or that no rule covers, is left as it is. Never fails the submit that caused it:
   * a failure is logged and the sweep tries again.
   */
  async assignNew(c: Pick<ApplicationDetail, 'id' | 'caseNo' | 'itemId' | 'itemName' | 'region' | 'status' | 'handlingMode'>): Promise<StaffAccount | null> {
    if (c.status !== 'submitted' || c.handlingMode !== 'manual') return null
    try {
      const clerk = await this.takeTurn({ regionCode: c.region.code, itemId: c.itemId })
      if (!clerk) return null
      await this.d.cases.staffAct(c.id, { action: 'assign', staffName: clerk.name, staffId: clerk.id }, RULE_ACTOR)
      await this.announce(clerk.id, c)
      return clerk
    } catch (err) {
      // assigned by a person meanwhile (409): nothing to do
      if (err instanceof AppError && err.status === 409) return null
      this.d.warn('a new case was not assigned', err)
      return null
    }
  }

  private async notify(n: Parameters<StaffNotifier['notify']>[0]): Promise<void> {
    try {
      await this.d.notifier.notify(n, this.d.now())
    } catch (err) {
      this.d.warn('a staff notice was not sent', err)
    }
  }

  /** Cases still waiting in `submitted` (manual ones: smart and query items never wait), oldest first. */
  private async waiting(): Promise<ApplicationDetail[]> {
    const { applications } = await this.d.cases.staffList('submitted')
    const out: ApplicationDetail[] = []
    for (const a of applications) if (a.handlingMode === 'manual') out.push(await this.d.cases.staffGet(a.id))
    return out
  }

  private async assignWaiting(): Promise<ApplicationDetail[]> {
    const still: ApplicationDetail[] = []
    for (const c of await this.waiting()) if (!(await this.assignNew(c))) still.push(c)
    return still
  }

  /**
   * The scheduled sweep: assigns waiting cases (a clerk came back, a rule was added) and alerts the 科长 of each case's
   * region about a case that has waited `alertMinutes` unassigned — once per 科长 and case.
   */
  async sweep(): Promise<{ assigned: number; alerted: number }> {
    const before = await this.waiting()
    const still = await this.assignWaiting()
    const now = this.d.now()
    const chiefs = (await this.d.accounts.list()).filter((a) => a.role === 'chief' && a.status === 'active')
    let alerted = 0
    for (const c of still) {
      if (!unassignedTooLong(c.submittedAt, now, this.d.alertMinutes)) continue
      for (const chief of chiefs.filter((x) => regionCovers(x.region.code, c.region.code))) {
        const sent = await this.d.notifier.notify(
          {
            staffId: chief.id,
            kind: 'unassignedAlert',
            title: '办件超时未分配',
            body: `${c.region.name}“${c.itemName}”（${c.caseNo}）提交已超过 ${this.d.alertMinutes} 分钟仍未分配，请指派经办人员`,
            applicationId: c.id
          },
          now
        )
        if (sent) alerted++
      }
    }
    return { assigned: before.length - still.length, alerted }
  }

  async notices(staffId: string, limit = 100): ReturnType<NonNullable<StaffNotifier['inbox']>> {
    return (await this.d.notifier.inbox?.(staffId, limit)) ?? []
  }
}

/** The case system with assignment at once: a new manual case is given to a clerk before the submit answers. */
export function withAssignment(cases: CaseSystem, assignment: () => AssignmentService): CaseSystem {
  return Object.assign(Object.create(cases) as CaseSystem, {
    async submit(...args: Parameters<CaseSystem['submit']>) {
      const done = await cases.submit(...args)
      if (!done.created) return done
      if (!(await assignment().assignNew(done.application))) return done
      return { ...done, application: await cases.get(args[0], done.application.id) }
    }
  })
}
