import type { ItemDetail } from '../contract/catalog'
import { addWorkingDays, shanghaiDate } from './calendar'

/**
 * 000 §6.1.2.1.2 超时未反对默认办理: the last day (Shanghai date) a reminder may be objected to — the served guide's
 * period (`process.deemedConsent`, the agency's own rule) in working days from the day it is proposed — where the guide
 * promises 视同同意办理 and the source supplied the whole application (without it the agency could not handle the case
 * on the citizen's silence, so it promises nothing). Kept apart from domain/reminders.ts, which the app bundles: this
 * one needs the holiday calendar.
 */
export function objectionDeadline(item: Pick<ItemDetail, 'guide'>, hasSourceValues: boolean, now: Date): string | null {
  const rule = item.guide.process.deemedConsent
  if (!rule || !hasSourceValues) return null
  return addWorkingDays(shanghaiDate(now), rule.workingDays)
}
