import { http } from 'msw'
import { DeclineReminderRequestSchema, ReminderSchema, StaffReminderRequestSchema, maskName, type Reminder } from '../contract'
import { errors } from '../domain/errors'
import { checkDecline, confirmedDraft, deemedConsentDue, reminderMessage } from '../domain/reminders'
import { objectionDeadline } from '../domain/reminder-deadline'
import { shanghaiDate } from '../domain/calendar'
import { mockSourceCase } from './apply-api'
import { MOCK_APPLICANT, mockDrafts, mockId, type MockDraftRecord } from './apply-store'
import { mockItem, mockRegionName } from './catalog-api'
import { mockStaffName } from './cases'
import { jsonBody, parse, route } from './http'
import { addMockNotification } from './notifications'

/** 提醒办 of the mocks (000 §6.1.2.1.2), deciding with domain/reminders.ts as the BFF does. */
const reminders = new Map<string, Reminder>()
/** the form values a department supplied with a proposal (000 图4 免提交), by reminder id */
const sources = new Map<string, Record<string, string>>()
let clock: () => Date = () => new Date()
export function setMockReminderClock(now: () => Date): void {
  clock = now
}

/** A proposal as the BFF keeps it; without an objection deadline or a case unless given. */
export function addMockReminder(
  r: Omit<Reminder, 'objectionDeadline' | 'applicationId'> & Partial<Pick<Reminder, 'objectionDeadline' | 'applicationId'>>,
  /** the form values the source department supplied (000 图4 免提交) */
  source?: Record<string, string>
): Reminder {
  const parsed = ReminderSchema.parse({ objectionDeadline: null, applicationId: null, ...r })
  reminders.set(parsed.id, parsed)
  if (source) sources.set(parsed.id, source)
  return parsed
}

export function resetMockReminders(): void {
  reminders.clear()
  sources.clear()
}

/** The case from a proposal's source data (confirmed, or no objection by the deadline). */
function sourceCase(r: Reminder, by: 'confirm' | 'deemedConsent'): Promise<string> {
  return mockSourceCase({ reminderId: r.id, remindedAt: r.createdAt, by, itemId: r.itemId, region: r.region.code, values: sources.get(r.id) ?? {} })
}

/**
 * 000 §6.1.2.1.2 超时未反对默认办理, as the BFF's scheduled deemed-consent sweep: every pending proposal past its
 * objection deadline becomes a case made and decided from the source's data.
 */
export async function mockDeemedConsentSweep(): Promise<{ deemed: number }> {
  const today = shanghaiDate(clock())
  let deemed = 0
  for (const r of [...reminders.values()]) {
    if (!deemedConsentDue(r, today) || !sources.has(r.id)) continue
    const applicationId = await sourceCase(r, 'deemedConsent')
    reminders.set(r.id, { ...r, status: 'deemedConsented', decidedAt: clock().toISOString(), applicationId })
    deemed++
  }
  return { deemed }
}

function reminderOf(id: string): Reminder {
  const r = reminders.get(id)
  if (!r) throw errors.reminderUnknown()
  return r
}

const P = '*/api/v1'

export function reminderHandlers(before: () => Promise<void>) {
  return [
    http.get(`${P}/reminders`, route('reminders', async () => ({ body: { reminders: [...reminders.values()].sort((a, b) => b.createdAt.localeCompare(a.createdAt)) } }), before)),
    http.post(
      `${P}/reminders/:id/confirm`,
      route(
        'reminders',
        async (_req, params) => {
          const r = reminderOf(params.id)
          if (r.applicationId) {
            if (r.status !== 'confirmed') throw errors.reminderDecided()
            return { body: { reminder: r, draftId: null, applicationId: r.applicationId } }
          }
          const already = confirmedDraft(r)
          if (already) return { body: { reminder: r, draftId: already, applicationId: null } }
          const at = clock().toISOString()
          if (sources.has(r.id) && r.status === 'pending') {
            // 000 图4: the source supplied the application; confirming makes the case
            const applicationId = await sourceCase(r, 'confirm')
            const next: Reminder = { ...r, status: 'confirmed', decidedAt: at, applicationId }
            reminders.set(r.id, next)
            return { body: { reminder: next, draftId: null, applicationId } }
          }
          // a draft of the proposed item (the apply mocks serve it from here on)
          const draft: MockDraftRecord = { id: mockId('draft'), itemId: r.itemId, regionCode: r.region.code, values: {}, step: 'notice', version: 1, uploads: [], createdAt: at, updatedAt: at, applicationId: null }
          mockDrafts.set(draft.id, draft)
          const next: Reminder = { ...r, status: 'confirmed', decidedAt: at, draftId: draft.id }
          reminders.set(r.id, next)
          return { body: { reminder: next, draftId: draft.id, applicationId: null } }
        },
        before
      )
    ),
    http.post(
      `${P}/reminders/:id/decline`,
      route(
        'reminders',
        async (request, params) => {
          const r = reminderOf(params.id)
          parse(DeclineReminderRequestSchema, await jsonBody(request))
          checkDecline(r)
          const next: Reminder = { ...r, status: 'declined', decidedAt: clock().toISOString() }
          reminders.set(r.id, next)
          return { body: next }
        },
        before
      )
    ),
    // the agency proposes (the BFF's POST /staff/reminders); the mocks' citizen is MOCK_APPLICANT
    http.post(
      `${P}/staff/reminders`,
      route('reminders', async (request) => {
        mockStaffName(request)
        const b = parse(StaffReminderRequestSchema, await jsonBody(request))
        const item = await mockItem(b.itemId, b.region)
        // one proposal per person and item, as the BFF keeps them
        const existing = [...reminders.values()].find((r) => r.itemId === b.itemId)
        if (existing) return { body: existing }
        const deadline = objectionDeadline(item, b.values !== undefined, clock())
        const r = addMockReminder({
          objectionDeadline: deadline,
          id: mockId('reminder'),
          itemId: item.id,
          itemName: item.name,
          region: { code: b.region, name: await mockRegionName(b.region) },
          reason: b.reason,
          // the agency's proposal names no one (the BFF records 参保人 for it)
          personName: maskName('参保人'),
          status: 'pending',
          createdAt: clock().toISOString(),
          decidedAt: null,
          draftId: null
        })
        if (b.values) sources.set(r.id, b.values)
        if (b.idNumber === MOCK_APPLICANT.idNumber) addMockNotification({ ...reminderMessage(b.reason, deadline), applicationId: null, reminderId: r.id })
        return { body: r }
      })
    )
  ]
}
