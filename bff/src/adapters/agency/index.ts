import type { DataSharingAdapter } from '../datasharing/types'
import { EmbeddedAgency } from './embedded'
import type { AgencyAdapter } from './types'

export type { AgencyAdapter, Applicant, QueryInput, QueryResult, ReminderProposal, SmartCheckInput, SmartDecision } from './types'
export { EmbeddedAgency, NEWBORN_REMINDER_DAYS, RESIDENT_ENROLLMENT_ITEM, SMART_RULE_ITEMS, type EmbeddedAgencyDeps } from './embedded'

/** Picks the agency adapter; only the embedded one (rules over the data-sharing record) exists so far. */
export function createAgencyAdapter(
  kind: 'embedded',
  deps: { dataSharing: DataSharingAdapter; regionName?: (code: string) => string | null }
): AgencyAdapter {
  switch (kind) {
    case 'embedded':
      return new EmbeddedAgency(deps)
  }
}
