import { z } from 'zod'
import {
  NotificationsResponseSchema,
  ReminderConfirmResponseSchema,
  ReminderSchema,
  RemindersResponseSchema,
  type NotificationsResponse,
  type Reminder
} from '@contract'
import { apiGet, apiPost } from '@/shared/api/client'

/** The message-centre routes of contract/apply.ts (000 §6.1.4 结果通知, §6.1.2.1.2 提醒办). */
export const MESSAGES_API = {
  notifications: '/api/v1/notifications',
  read: (id: string) => `/api/v1/notifications/${encodeURIComponent(id)}/read`,
  readAll: '/api/v1/notifications/read-all',
  reminders: '/api/v1/reminders',
  confirm: (id: string) => `/api/v1/reminders/${encodeURIComponent(id)}/confirm`,
  decline: (id: string) => `/api/v1/reminders/${encodeURIComponent(id)}/decline`
} as const

const NoContent = z.unknown()

export function fetchNotifications(): Promise<NotificationsResponse> {
  return apiGet(MESSAGES_API.notifications, NotificationsResponseSchema)
}

export async function markRead(id: string): Promise<void> {
  await apiPost(MESSAGES_API.read(id), NoContent)
}

export async function markAllRead(): Promise<void> {
  await apiPost(MESSAGES_API.readAll, NoContent)
}

export async function fetchReminders(): Promise<Reminder[]> {
  return (await apiGet(MESSAGES_API.reminders, RemindersResponseSchema)).reminders
}

/** 确认办理: a prefilled draft for the person the reminder is for, or (000 图4) the case made from the source's data. */
export function confirmReminder(id: string): Promise<{ reminder: Reminder; draftId: string | null; applicationId: string | null }> {
  return apiPost(MESSAGES_API.confirm(id), ReminderConfirmResponseSchema)
}

/** 暂不办理, with an optional reason (recorded by the agency). */
export function declineReminder(id: string, reason?: string): Promise<Reminder> {
  const r = reason?.trim()
  return apiPost(MESSAGES_API.decline(id), ReminderSchema, r ? { reason: r } : {})
}
