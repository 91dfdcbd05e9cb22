import { http } from 'msw'
import { NotificationSchema, type Notification } from '../contract'
import { errors } from '../domain/errors'
import { mockId } from './apply-store'
import { route } from './http'

/** The message centre of the mocks (000 §6.1.4 结果通知): what the cases' and reminders' steps record. */
const notifications = new Map<string, Notification>()
let clock: () => Date = () => new Date()
export function setMockNotificationClock(now: () => Date): void {
  clock = now
}

export function addMockNotification(n: Omit<Notification, 'id' | 'read' | 'createdAt'> & Partial<Pick<Notification, 'id' | 'read' | 'createdAt'>>): Notification {
  const full = NotificationSchema.parse({ id: mockId('msg'), read: false, createdAt: clock().toISOString(), ...n })
  notifications.set(full.id, full)
  return full
}

export function resetMockNotifications(): void {
  notifications.clear()
}

function notificationList(): { notifications: Notification[]; unread: number } {
  const list = [...notifications.values()].sort((a, b) => b.createdAt.localeCompare(a.createdAt))
  return { notifications: list, unread: list.filter((n) => !n.read).length }
}

const P = '*/api/v1'

/** `before`: the progress mocks seed their samples (and their messages) on first use. */
export function notificationHandlers(before: () => Promise<void>) {
  return [
    http.get(`${P}/notifications`, route('notifications', async () => ({ body: notificationList() }), before)),
    http.post(
      `${P}/notifications/read-all`,
      route(
        'notifications',
        async () => {
          for (const [id, n] of notifications) notifications.set(id, { ...n, read: true })
          return { status: 204 }
        },
        before
      )
    ),
    http.post(
      `${P}/notifications/:id/read`,
      route(
        'notifications',
        async (_req, params) => {
          const n = notifications.get(params.id)
          if (!n) throw errors.notificationUnknown()
          notifications.set(n.id, { ...n, read: true })
          return { status: 204 }
        },
        before
      )
    )
  ]
}
