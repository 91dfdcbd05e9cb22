import type { CaseState } from './workflow'
import { FINAL_STATUSES } from './cases'

/**
 * 000 §6.1.5 归档: 办件结束，医保经办平台自动完成归档. When a case has ended, read from the state machine
 * (domain/workflow.ts):
 *  - it was decided — 办结 (completed) or 不予办理 (rejected; the state machine has no separate 不予受理 and no
 *    withdrawal: a citizen cannot withdraw a submitted case, so neither is an end of its own);
 *  - a smart case ends with its decision: the result is given at once and electronically (001 §5.2.2, §5.3.1), there
 *    is no 送达 step;
 *  - a manual case ends when its result was delivered (送达, 001 §5.2.3.7) and, where the agency kept paper
 *    originals, when they were sent back (001 §5.2.3.6): until then someone still has work on it.
 */
export function caseEnded(s: CaseState): boolean {
  if (!FINAL_STATUSES.includes(s.status)) return false
  if (s.handlingMode !== 'manual') return true
  if (!s.delivered) return false
  return !(s.needsPaper && s.paperReceived) || s.materialsReturned
}

/** the timeline node of the archiving (000 §6.1.4.1: every node is tracked) */
export const ARCHIVE_LABEL = '已归档'
export const ARCHIVE_ACTOR = '医保经办平台（自动归档）'

/** One material as archived: an uploaded file with its SHA-256, or one verified through data sharing (no file). */
export interface ArchivedMaterial {
  materialId: string
  name: string
  source: 'upload' | 'dataSharing'
  sha256: string | null
}

/** The archive's material list (uploads first by material, then the shared-verified ones), from what the case holds. */
export function archivedMaterials(
  materials: ReadonlyArray<{ id: string; name: string }>,
  uploads: ReadonlyArray<{ materialId: string; sha256: string }>,
  sharedVerified: readonly string[]
): ArchivedMaterial[] {
  const name = (id: string): string => materials.find((m) => m.id === id)?.name ?? id
  return [
    ...uploads.map((u) => ({ materialId: u.materialId, name: name(u.materialId), source: 'upload' as const, sha256: u.sha256 })),
    ...sharedVerified.map((id) => ({ materialId: id, name: name(id), source: 'dataSharing' as const, sha256: null }))
  ]
}

/** A case made from a department's data (000 图4, 免提交): that data stands for the application form, by its digest. */
export function sourceDataMaterial(sha256: string): ArchivedMaterial {
  return { materialId: 'source-data', name: '部门共享数据（免提交，自动生成的申请信息）', source: 'dataSharing', sha256 }
}
