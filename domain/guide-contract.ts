import type { ApplicationDetail, GuideCitation, StaffAction } from '../contract/apply'
import type { Guide } from '../contract/catalog'
import { errors } from './errors'

/**
 * The guide is a contract between the agency and the citizen (001 §4.1.2: the guide states 申请条件 and 申请材料目录;
 * 001 §5.2.3.4: decided within the guide's 办结时限; 003 §5.1.1 一次性告知制、限时办结制; 003 §7.2.1.5 a), §7.5.1.5:
 * 不符合受理条件的一次性告知原因). Whatever staff ask of a citizen, or refuse them for, rests on an entry of the guide the
 * case was filed under:
 *  - a 补正 asks only for materials of that guide — or for a better copy of one already given — never for anything
 *    else (SUPPLEMENT_NOT_IN_GUIDE): staff who need another material change the guide first, which makes a new
 *    version for cases filed after it;
 *  - a 不予办理 cites the 申请条件 not met or the 禁止性要求 breached (REJECTION_WITHOUT_GUIDE_CONDITION);
 *  - a case does not pass its due date without an extension recorded before it (TIME_LIMIT_PASSED, overdueStep).
 * Pure: the guide and the case in, the citations (numbered as the citizen's guide numbers them) or a refusal out.
 */

/** The 补正's materials, each cited by its number in the guide's 申请材料目录; refused when not the guide's. */
export function supplementBasis(
  guide: Pick<Guide, 'materials'>,
  a: { materialIds: readonly string[]; betterCopy?: readonly string[] },
  given: { uploadedMaterialIds: readonly string[] }
): GuideCitation[] {
  const copies = a.betterCopy ?? []
  const asked = [...new Set([...a.materialIds, ...copies])]
  return asked.map((id) => {
    const i = guide.materials.findIndex((m) => m.id === id)
    if (i < 0) throw errors.supplementNotInGuide(id)
    const m = guide.materials[i]
    const betterCopy = copies.includes(id)
    // a better copy is of something the citizen sent: a material verified through data sharing was never a file
    if (betterCopy && !given.uploadedMaterialIds.includes(id)) throw errors.supplementCopyNotGiven(m.name)
    return { part: 'materials', no: i + 1, materialId: m.id, text: m.name, betterCopy }
  })
}

/** The conditions a rejection cites, each by its number in 申请条件 or 禁止性要求; at least one, each the guide's. */
export function rejectionBasis(guide: Pick<Guide, 'conditions'>, conditions: Extract<StaffAction, { action: 'reject' }>['conditions']): GuideCitation[] {
  if (!conditions?.length) throw errors.rejectionWithoutGuideCondition()
  const seen = new Set<string>()
  return conditions.flatMap((c) => {
    const text = guide.conditions[c.part][c.no - 1]
    if (text === undefined) throw errors.rejectionWithoutGuideCondition()
    const key = `${c.part}:${c.no}`
    if (seen.has(key)) return []
    seen.add(key)
    return [{ part: c.part, no: c.no, materialId: null, text, betterCopy: false }]
  })
}

/**
 * 001 §5.2.3.4 (decided within the guide's 办结时限), 003 §7.4.1.7 特殊情况: once a case is past its due date with no
 * extension recorded before it, the agency cannot make up for it afterwards — an extension now would be back-dated
 * (TIME_LIMIT_PASSED), and a 补正 now would pause a clock that has already run out, hiding the lateness (the clock of
 * domain/cases.ts adds 补正 days to the due date). Every other step stays open — the citizen still needs the decision,
 * the delivery and their originals back — and is recorded as late (overdueNote), and 按时办结率 counts it late
 * (domain/metrics.ts).
 */
export function checkDueDate(c: Pick<ApplicationDetail, 'overdue' | 'dueDate'>, action: StaffAction['action']): void {
  if (!c.overdue || !c.dueDate) return
  if (action === 'extendTimeLimit') throw errors.timeLimitPassed(c.dueDate, '延长办理时限（延期须在期限届满前办理）')
  if (action === 'requestSupplement') throw errors.timeLimitPassed(c.dueDate, '要求补正')
}

/** The words a step on an overdue case adds to its timeline note: the citizen reads that it was late, and since when. */
export function overdueNote(c: Pick<ApplicationDetail, 'overdue' | 'dueDate'>): string | null {
  return c.overdue && c.dueDate ? `已超过办理期限（${c.dueDate}），未办理延期` : null
}
