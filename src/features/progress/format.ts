import {
  APPLICATION_GROUPS,
  guideCitationText,
  MATERIAL_FORM_LABEL,
  maskName,
  shanghaiToday,
  type ApplicationDetail,
  type ApplicationEvent,
  type ApplicationStatus,
  type ApplicationSummary,
  type MaterialForm
} from '@contract'
import type { TagTone } from '@/shared/ui'

/** 我的办件 tabs (contract APPLICATION_GROUPS), in the order shown. */
export type GroupKey = keyof typeof APPLICATION_GROUPS
export const GROUP_TABS: ReadonlyArray<{ key: GroupKey; label: string }> = [
  { key: 'inProgress', label: '办理中' },
  { key: 'actionNeeded', label: '待补正' },
  { key: 'done', label: '已办结' }
]

export function groupOf(status: ApplicationStatus): GroupKey {
  for (const { key } of GROUP_TABS) if ((APPLICATION_GROUPS[key] as readonly ApplicationStatus[]).includes(status)) return key
  return 'inProgress'
}

export function groupApplications(list: ApplicationSummary[]): Record<GroupKey, ApplicationSummary[]> {
  const out: Record<GroupKey, ApplicationSummary[]> = { inProgress: [], actionNeeded: [], done: [] }
  for (const a of list) out[groupOf(a.status)].push(a)
  return out
}

export function statusTone(status: ApplicationStatus): TagTone {
  if (status === 'supplementRequested') return 'warning'
  if (status === 'completed') return 'success'
  if (status === 'rejected') return 'neutral'
  return 'info'
}

export function isOpen(status: ApplicationStatus): boolean {
  return groupOf(status) !== 'done'
}

/**
 * Who did it, for a progress node (000 §6.1.4): 窗口工作人员 王敏 / 本人 / 代办人 张* / 系统. A citizen acting for
 * another person (a proxy) is named as such.
 */
export function actorText(actor: ApplicationEvent['actor'], applicantName: string): string {
  if (actor.kind === 'staff') return `窗口工作人员 ${actor.name}`
  if (actor.kind === 'system') return actor.name || '系统'
  // applicantName is masked; the actor's name may come whole (it is the signed-in user's own or their proxy's)
  const self = !actor.name || actor.name === applicantName || maskName(actor.name) === applicantName
  return self ? '本人' : `代办人 ${actor.name}`
}

/** 承诺时限 (001 §4.1.2 element 9). */
export function timeLimitText(days: number | null): string {
  if (days === null) return '以办事指南为准'
  if (days === 0) return '即时办结'
  return `${days} 个工作日`
}

export function materialFormText(form: string): string {
  return (MATERIAL_FORM_LABEL as Record<string, string>)[form as MaterialForm] ?? form
}

/** YYYY-MM-DD plus n calendar days (the mailing deadline counts 日, 001 §5.1.4). */
export function addDays(day: string, n: number): string {
  const d = new Date(`${day}T00:00:00Z`)
  d.setUTCDate(d.getUTCDate() + n)
  return d.toISOString().slice(0, 10)
}

export const DELIVERY_METHOD_LABEL = { pickup: '窗口领取', mail: '邮寄送达', online: '在线送达' } as const
export const DECISION_LABEL = { approved: '准予办理', rejected: '不予办理' } as const

/*
 * The guide is a contract (001 §4.1.2; 003 §5.1.1 一次性告知): what the case page says of a 补正, a rejection and an
 * extended time limit, in one place — the page's blocks show these lines and 朗读 reads the same words, so a person
 * who listens hears what is asked, the guide entry it rests on (依据办事指南第 N 项…) and by when.
 */
type Supplement = NonNullable<ApplicationDetail['supplement']>

/** Each material a 补正 asks for: its name as staff named it (null if the case has none) and the guide entry cited. */
export function supplementRequests(s: Supplement): Array<{ materialId: string; name: string | null; citation: string | null }> {
  return s.materialIds.map((materialId, i) => {
    const basis = s.basis?.find((b) => b.materialId === materialId)
    return { materialId, name: s.materials[i] ?? null, citation: basis ? guideCitationText(basis) : null }
  })
}

/** The 补正's deadline as the page's notice heads it: 请在 … 前补正, or that it has passed. */
export function supplementDeadlineText(s: Supplement, today: string = shanghaiToday()): { late: boolean; text: string } {
  const late = today > s.deadline
  return { late, text: late ? `补正期限 ${s.deadline} 已过，请尽快补正` : `请在 ${s.deadline} 前补正` }
}

/** 工作人员说明: the staff's note on the 补正. */
export function supplementNoteText(s: Supplement): string {
  return `工作人员说明：${s.note}`
}

/** The guide entries a rejection rests on (absent for an approval and a decision by rule). */
export function resultBasisTexts(r: NonNullable<ApplicationDetail['result']>): string[] {
  return r.basis?.map(guideCitationText) ?? []
}

/** 时限延长 (003 §7.4.1.7 特殊情况): the newest extension's note — the new limit and the reason the citizen is given. */
export function extensionNote(app: Pick<ApplicationDetail, 'events'>): string | null {
  return [...app.events].reverse().find((e) => e.action === 'extendTimeLimit')?.note ?? null
}
