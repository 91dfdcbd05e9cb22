/**
 * Assigning a new manual case at once (001 §5.2.3.1 "实时分配窗口工作人员并发起提醒"; 002 附件4 二(一)2: tasks pushed
 * automatically to the right post). The agency configures rules: for a region (a county, or a city / the province
 * covering its counties) and an item (or every item), the clerks who take its cases in turn. A case goes to the most
 * specific rule — the item's own rule before the every-item one, the nearest region before a wider one — and within
 * it to the next clerk after the last one who got a case, skipping clerks who are absent that day or whose account is
 * no longer active. No rule, or nobody present: the case waits in the 科室 queue and the 科长 is alerted once it has
 * waited the configured time. Pure: no I/O.
 */

import { regionCovers } from '../contract/staff'

/** every item of the region */
export const ANY_ITEM = '*'

export interface AssignmentRule {
  id: string
  /** GB/T 2260 code: a county (331102) covers itself, a city (331100) its counties, a province (330000) all */
  regionCode: string
  /** an item id, or ANY_ITEM */
  itemId: string
  /** the clerks in the order they take turns */
  clerkIds: readonly string[]
  /** the clerk who got the last case under this rule */
  lastStaffId: string | null
}

export interface Absence {
  staffId: string
  /** YYYY-MM-DD (Shanghai), both days included */
  from: string
  until: string
}

/** How many region levels a code names: 3 county, 2 city, 1 province. */
function regionDepth(code: string): number {
  if (code.endsWith('0000')) return 1
  if (code.endsWith('00')) return 2
  return 3
}

/** The rule a case of this region and item follows, or null: the item's own rule first, then the nearest region. */
export function ruleFor<R extends AssignmentRule>(rules: readonly R[], c: { regionCode: string; itemId: string }): R | null {
  const fitting = rules.filter((r) => regionCovers(r.regionCode, c.regionCode) && (r.itemId === c.itemId || r.itemId === ANY_ITEM))
  fitting.sort((a, b) => {
    const item = Number(b.itemId === c.itemId) - Number(a.itemId === c.itemId)
    return item !== 0 ? item : regionDepth(b.regionCode) - regionDepth(a.regionCode)
  })
  return fitting[0] ?? null
}

/** Whether a staff member is away on a Shanghai day. */
export function isAbsent(absences: readonly Absence[], staffId: string, day: string): boolean {
  return absences.some((a) => a.staffId === staffId && a.from <= day && day <= a.until)
}

/**
 * Round robin: the first clerk after the last one who got a case (from the top when there was none, or when that one
 * left the rule) who is available; null when nobody is.
 */
export function nextAssignee(rule: Pick<AssignmentRule, 'clerkIds' | 'lastStaffId'>, available: (staffId: string) => boolean): string | null {
  const n = rule.clerkIds.length
  const last = rule.lastStaffId === null ? -1 : rule.clerkIds.indexOf(rule.lastStaffId)
  for (let i = 1; i <= n; i++) {
    const id = rule.clerkIds[(last + i + n) % n]
    if (available(id)) return id
  }
  return null
}

/** Whether a case still unassigned should alert the 科长: it has waited `alertMinutes` since it was submitted. */
export function unassignedTooLong(submittedAt: string, now: Date, alertMinutes: number): boolean {
  return now.getTime() - Date.parse(submittedAt) >= alertMinutes * 60_000
}
