import {
  ContributionsSchema,
  EnrollmentSchema,
  FamilySharingSchema,
  PersonalAccountSchema,
  VisitsSchema,
  type Contributions,
  type Enrollment,
  type FamilySharing,
  type PersonalAccount,
  type Visits
} from '@contract'
import { apiGet, type Params } from '@/shared/api/client'
import { isSessionEnded, toAppError, type AppError } from '@/shared/api/errors'

/** The routes of contract/record.ts (医保云档案, 000 §3.3, §6.1.6 b). */
export const RECORD_API = {
  enrollment: '/api/v1/record/enrollment',
  contributions: '/api/v1/record/contributions',
  account: '/api/v1/record/account',
  visits: '/api/v1/record/visits',
  familySharing: '/api/v1/record/family-sharing',
  certificate: '/api/v1/record/certificate.pdf'
} as const

/** `insuredId` only when acting for someone else: own by default (as the BFF). */
export function insuredParams(insuredId: string): Params | undefined {
  return insuredId === 'self' ? undefined : { insuredId }
}

export const fetchEnrollment = (insuredId: string): Promise<Enrollment> => apiGet(RECORD_API.enrollment, EnrollmentSchema, insuredParams(insuredId))
export const fetchContributions = (insuredId: string): Promise<Contributions> =>
  apiGet(RECORD_API.contributions, ContributionsSchema, insuredParams(insuredId))
export const fetchAccount = (insuredId: string): Promise<PersonalAccount> => apiGet(RECORD_API.account, PersonalAccountSchema, insuredParams(insuredId))
export const fetchVisits = (insuredId: string): Promise<Visits> => apiGet(RECORD_API.visits, VisitsSchema, insuredParams(insuredId))
export const fetchFamilySharing = (insuredId: string): Promise<FamilySharing> =>
  apiGet(RECORD_API.familySharing, FamilySharingSchema, insuredParams(insuredId))

export type Outcome<T> = { ok: true; data: T } | { ok: false; error: AppError }

export interface RecordOverview {
  enrollment: Outcome<Enrollment>
  contributions: Outcome<Contributions>
  account: Outcome<PersonalAccount>
  visits: Outcome<Visits>
  familySharing: Outcome<FamilySharing>
}

function settle<T>(p: Promise<T>): Promise<Outcome<T>> {
  return p.then(
    (data) => ({ ok: true as const, data }),
    (e: unknown) => ({ ok: false as const, error: toAppError(e) })
  )
}

/**
 * The five sections at once for the overview: one that fails does not hide the others (its cell says so); when
 * all fail, the first error is thrown (the screen shows it with 重试), and an expired sign-in at once (重新登录).
 */
export async function fetchOverview(insuredId: string): Promise<RecordOverview> {
  const [enrollment, contributions, account, visits, familySharing] = await Promise.all([
    settle(fetchEnrollment(insuredId)),
    settle(fetchContributions(insuredId)),
    settle(fetchAccount(insuredId)),
    settle(fetchVisits(insuredId)),
    settle(fetchFamilySharing(insuredId))
  ])
  const all = [enrollment, contributions, account, visits, familySharing]
  const failed = all.filter((o): o is { ok: false; error: AppError } => !o.ok)
  // an expired sign-in is the page's problem, not one section's: the screen offers 重新登录
  const ended = failed.find((o) => isSessionEnded(o.error))
  if (ended) throw ended.error
  if (failed.length && failed.length === all.length) throw failed[0].error
  return { enrollment, contributions, account, visits, familySharing }
}
