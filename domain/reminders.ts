import type { Reminder } from '../contract/apply'
import { errors } from './errors'

/**
 * 提醒办 (000 §6.1.2.1.2): the agency proposes, the citizen confirms (into a draft, once: a second confirm finds the
 * same draft) or declines (once, recorded). The BFF's reminder service and the msw mocks decide with these.
 */

/** null: confirm now; a draft id: already confirmed, answer it again; 409 REMINDER_DECIDED once declined. */
export function confirmedDraft(r: Pick<Reminder, 'status' | 'draftId'>): string | null {
  if (r.status === 'declined') throw errors.reminderDecided()
  return r.status === 'confirmed' && r.draftId ? r.draftId : null
}

/** Only a pending reminder can be declined (409 REMINDER_DECIDED). */
export function checkDecline(r: Pick<Reminder, 'status'>): void {
  if (r.status !== 'pending') throw errors.reminderDecided()
}

/** The message a proposal sends (in-app and SMS). */
export function reminderMessage(reason: string): { title: string; body: string } {
  return { title: '提醒办', body: `${reason}，点此确认办理。` }
}
