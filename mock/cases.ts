import { ARCHIVE_ACTOR, ARCHIVE_LABEL, caseEnded } from '../domain/archive'
import { http } from 'msw'
import {
  APPLICATION_STATUS_LABEL,
  StaffActionSchema,
  maskName,
  shanghaiToday,
  type ApplicationDetail,
  type ApplicationEvent,
  type ApplicationStatus,
  type CaseGuide,
  type StaffAction,
  type Upload
} from '../contract'
import { shanghaiDate, workingDaysBetween } from '../domain/calendar'
import {
  caseDueDate,
  caseNextStep,
  caseOverdue,
  paymentView,
  progressMessage,
  resultDeliveryStep,
  resultDocumentName,
  type CaseClock,
  type StaffStep
} from '../domain/cases'
import { errors } from '../domain/errors'
import { checkUploadKind } from '../domain/uploads'
import { applyAction, type WorkflowAction } from '../domain/workflow'
import { caseStateOf, planStaffAction } from '../domain/case-actions'
import { mockItem, mockItemNow } from './catalog-api'
import { mockApplications, mockId } from './apply-store'
import { addMockNotification } from './notifications'
import { jsonBody, parse, route } from './http'

/**
 * The mocks' cases decide with the BFF's rules (domain/workflow.ts, domain/cases.ts): a case is kept as the
 * contract's ApplicationDetail, its machine state and time-limit clock are read back from its timeline, and every
 * step — the window staff's through the same route as the BFF's, the citizen's resubmit — goes through applyAction.
 */

let clock: () => Date = () => new Date()
export function setMockCaseClock(now: () => Date): void {
  clock = now
}

/** The time-limit clock of a case, from its timeline: accepted on the day of the first step into 已受理, paused while 待补正. */
export function caseClockOf(a: ApplicationDetail): CaseClock {
  const day = (iso: string): string => shanghaiDate(new Date(iso))
  const accepted = a.events.find((e) => e.to === 'accepted')
  let paused = 0
  let since: string | null = null
  for (const e of a.events) {
    if (e.to === 'supplementRequested' && e.from !== 'supplementRequested') since = day(e.at)
    else if (e.action === 'resubmit' && since) {
      paused += workingDaysBetween(since, day(e.at))
      since = null
    }
  }
  return {
    handlingMode: a.handlingMode,
    timeLimitDays: a.timeLimitDays,
    submittedAt: a.submittedAt,
    clockStartDate: accepted ? day(accepted.at) : null,
    pausedSinceDate: since,
    pausedWorkingDays: paused
  }
}

/** A case as the citizen sees it now: due date, overdue and next step worked out by the BFF's rules. */
export function caseView(a: ApplicationDetail): ApplicationDetail {
  const now = clock()
  const dueDate = caseDueDate(caseClockOf(a), now)
  return {
    ...a,
    dueDate,
    overdue: caseOverdue(dueDate, a.status, now),
    nextStep: caseNextStep({
      status: a.status,
      handlingMode: a.handlingMode,
      supplement: a.supplement,
      needsPaper: a.paper !== null,
      paperReceived: a.paper?.received ?? false,
      delivered: a.delivery !== null,
      mailing: a.paper?.mailing ?? null,
      resultDelivery: resultDeliveryStep(mockItemNow(a.itemId, a.region.code), valuesOf(a))
    })
  }
}

/** The values a case was submitted with, as the mocks keep them (on the case's fields). */
const valuesOf = (a: ApplicationDetail): Record<string, string> => Object.fromEntries(a.fields.map((f) => [f.key, f.value]))

export function mockCase(id: string): ApplicationDetail {
  const a = mockApplications.get(id)
  if (!a) throw errors.applicationUnknown()
  return a
}

const verifyCode = (): string => mockId('v').replace(/[^A-Za-z0-9]/g, '').toUpperCase().padEnd(16, '0').slice(-16)

/**
 * One step of a case through the state machine (409 TRANSITION_NOT_ALLOWED as the BFF's), with the event, the data
 * the step sets and, for the staff's and the system's steps, the citizen's message.
 */
export function mockCaseStep(
  id: string,
  action: WorkflowAction,
  actor: ApplicationEvent['actor'],
  step: StaffStep = { note: null },
  patch: Partial<ApplicationDetail> = {},
  /** a step that leaves the status as it is (a 收到原件 with originals still awaited): this node's label */
  stay?: string
): ApplicationDetail {
  const a = mockCase(id)
  const { state, label } = stay ? { state: caseStateOf(a), label: stay } : applyAction(caseStateOf(a), action)
  const at = clock().toISOString()
  const next: ApplicationDetail = {
    ...a,
    ...patch,
    status: state.status,
    statusLabel: APPLICATION_STATUS_LABEL[state.status],
    updatedAt: at,
    events: [...a.events, { id: mockId('ev'), at, actor, action, label, from: a.status, to: state.status, note: step.note }],
    supplement: step.supplement ?? (action === 'resubmit' ? null : a.supplement),
    paper: a.paper && state.paperReceived ? { ...a.paper, received: true } : a.paper,
    delivery: step.delivery ?? a.delivery,
    materialsReturnedAt: step.materialsReturnedAt ?? a.materialsReturnedAt,
    timeLimitDays: step.timeLimitDays ?? a.timeLimitDays,
    result: step.result
      ? {
          decision: step.result.decision,
          text: step.result.text,
          issuedAt: step.result.decidedAt,
          verifyCode: verifyCode(),
          documentName: resultDocumentName(a.itemName, step.result.decision),
          payment: paymentView(step.result, mockItemNow(a.itemId, a.region.code), valuesOf(a), false),
          ...(step.result.basis ? { basis: step.result.basis } : {})
        }
      : a.result
  }
  // 000 §6.1.5: the step that ends the case archives it, as the BFF's case system does (domain/archive.ts)
  if (!caseEnded(caseStateOf(a)) && caseEnded(caseStateOf(next))) {
    next.events = [...next.events, { id: mockId('ev'), at, actor: { kind: 'system', name: ARCHIVE_ACTOR }, action: 'archive', label: ARCHIVE_LABEL, from: next.status, to: next.status, note: null }]
  }
  // kept with its due date and next step as of this step (tests read the store directly)
  mockApplications.set(id, caseView(next))
  if (actor.kind !== 'citizen') {
    addMockNotification({ ...progressMessage({ proxy: false, applicantName: a.applicantName, itemName: a.itemName, caseNo: a.caseNo, label, note: step.note }), applicationId: id, reminderId: null })
  }
  return mockApplications.get(id)!
}

/** A staff action (001 §5.2.3), as POST /staff/applications/:id/actions takes it. */
export async function mockStaffAction(id: string, a: StaffAction, staffName: string): Promise<ApplicationDetail> {
  // due date and overdue as of now: a step past the due date is planned as such (domain/guide-contract.ts)
  const app = caseView(mockCase(id))
  const item = await mockItem(app.itemId, app.region.code).catch(() => null)
  const now = clock()
  // the BFF's plan: out of turn refused (409) before anything else is asked for (domain/case-actions.ts)
  const plan = planStaffAction(app, a, { item, today: shanghaiToday(now), at: now.toISOString() })
  const arrived = plan.paperArrived
  const patch: Partial<ApplicationDetail> = arrived && app.paper ? { paper: { ...app.paper, materials: app.paper.materials.map((m) => ({ ...m, receivedAt: arrived[m.id] ?? null })) } } : {}
  return caseView(mockCaseStep(id, plan.action ?? a.action, { kind: 'staff', name: staffName }, plan.step, patch, plan.action ? undefined : plan.label))
}

/** The guide a case was filed under (GET …/applications/:id/guide, citizen and staff): the mocks keep one version. */
export async function mockCaseGuide(a: ApplicationDetail): Promise<CaseGuide> {
  return { guideVersion: a.guideVersion ?? null, item: await mockItem(a.itemId, a.region.code) }
}

/** The staff member of a mock request: `Authorization: Bearer mock-staff:<name>` (the mocks hold no accounts). */
export function mockStaffName(request: Request): string {
  const m = /^Bearer mock-staff:(.+)$/.exec(request.headers.get('authorization') ?? '')
  if (!m) throw errors.unauthorized()
  return decodeURIComponent(m[1])
}

/** The first bytes of a file: what it is, whatever its name says (the mocks know JPEG, PNG and PDF). */
export function sniffKind(bytes: Uint8Array): Upload['mime'] | null {
  if (bytes[0] === 0xff && bytes[1] === 0xd8 && bytes[2] === 0xff) return 'image/jpeg'
  if (bytes[0] === 0x89 && bytes[1] === 0x50 && bytes[2] === 0x4e && bytes[3] === 0x47) return 'image/png'
  if (bytes[0] === 0x25 && bytes[1] === 0x50 && bytes[2] === 0x44 && bytes[3] === 0x46) return 'application/pdf'
  return null
}

/** The file of a multipart upload, checked as the BFF checks it before decoding (domain/uploads.ts). */
export async function mockUploadedFile(request: Request, accept: Parameters<typeof checkUploadKind>[2]): Promise<{ name: string; bytes: Uint8Array; mime: Upload['mime'] }> {
  let file: File | null = null
  try {
    const f = (await request.formData()).get('file')
    file = f && typeof f !== 'string' ? (f as File) : null
  } catch {
    file = null
  }
  if (!file) throw errors.uploadMissing()
  const bytes = new Uint8Array(await file.arrayBuffer())
  const mime = bytes.length ? sniffKind(bytes) : null
  checkUploadKind(bytes.length, mime === null ? null : mime === 'application/pdf' ? 'pdf' : 'image', accept)
  return { name: (file.name || 'photo.jpg').slice(0, 200), bytes, mime: mime! }
}

export const maskedCitizen = (name: string): ApplicationEvent['actor'] => ({ kind: 'citizen', name: maskName(name) })

const P = '*/api/v1/staff'

/** The window staff's case routes, as the BFF's (contract/apply.ts StaffActionSchema). */
export const staffCaseHandlers = [
  http.get(
    `${P}/applications`,
    route('staff', async (request) => {
      mockStaffName(request)
      const status = new URL(request.url).searchParams.get('status') as ApplicationStatus | null
      return { body: { applications: [...mockApplications.values()].filter((a) => !status || a.status === status).map(caseView) } }
    })
  ),
  http.get(
    `${P}/applications/:id`,
    route('staff', async (request, params) => {
      mockStaffName(request)
      return { body: caseView(mockCase(params.id)) }
    })
  ),
  http.get(
    `${P}/applications/:id/guide`,
    route('staff', async (request, params) => {
      mockStaffName(request)
      return { body: await mockCaseGuide(mockCase(params.id)) }
    })
  ),
  http.post(
    `${P}/applications/:id/actions`,
    route('staff', async (request, params) => {
      const staff = mockStaffName(request)
      const body = parse(StaffActionSchema, await jsonBody(request))
      return { body: await mockStaffAction(params.id, body, staff) }
    })
  ),
  http.post(
    `${P}/applications/:id/actions/preview`,
    route('staff', async (request, params) => {
      mockStaffName(request)
      const body = parse(StaffActionSchema, await jsonBody(request))
      const app = caseView(mockCase(params.id))
      const item = await mockItem(app.itemId, app.region.code).catch(() => null)
      const now = clock()
      // the mocks hold no accounts: a reassign is previewed with the id as the name
      const a = body.action === 'reassign' ? { ...body, staffName: body.staffName ?? body.staffId } : body
      return { body: planStaffAction(app, a, { item, today: shanghaiToday(now), at: now.toISOString() }).preview }
    })
  )
]
