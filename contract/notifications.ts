import { z } from 'zod'

/** The message centre (000 §6.1.4): GET /api/v1/notifications → NotificationsResponse (routes listed in apply.ts). */
export const NotificationSchema = z.object({
  id: z.string(),
  title: z.string(),
  body: z.string(),
  applicationId: z.string().nullable(),
  reminderId: z.string().nullable(),
  createdAt: z.string(),
  read: z.boolean()
})
export type Notification = z.infer<typeof NotificationSchema>
export const NotificationsResponseSchema = z.object({ notifications: z.array(NotificationSchema), unread: z.number().int() })
export type NotificationsResponse = z.infer<typeof NotificationsResponseSchema>
