import { APPLICATION_GROUPS, MATERIAL_FORM_LABEL, maskName, type ApplicationEvent, type ApplicationStatus, type ApplicationSummary, type MaterialForm } from '@contract'
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
