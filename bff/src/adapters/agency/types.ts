import type { PersonRecord } from '../datasharing/types'

/**
 * Upstream adapter: the agency's business system (医保经办业务平台) for what it decides by itself — the instant
 * decision of smart items (智能办理, 001 §5.2.2, 000 §6.1.3), the instant answer of query items (查询服务,
 * 001 §5.2.1, 000 §6.1.6) and the cases it proposes to citizens (提醒办, 000 §6.1.2.1.2). The embedded
 * implementation decides from the data-sharing platform's record; a real provincial platform implements the same
 * interface over its rule engine. Texts are Chinese, for the citizen, with personal data masked.
 */
export interface AgencyAdapter {
  smartCheck(input: SmartCheckInput): Promise<SmartDecision>
  answerQuery(input: QueryInput): Promise<QueryResult>
  proposeReminders(person: PersonRecord, now: Date): Promise<ReminderProposal[]>
}

export interface Applicant {
  name: string
  /** the whole 身份证号 (server side only) */
  idNumber: string
}

export interface SmartCheckInput {
  itemId: string
  itemName: string
  /** the insured person the case is for */
  applicant: Applicant
  /** the validated form values (contract/forms.ts checkForm) */
  values: Record<string, string>
  /** the data-sharing platform's record of the applicant, null when it has none */
  person: PersonRecord | null
  now: Date
}

export interface SmartDecision {
  approved: boolean
  /** approved: the item, the person (masked) and what was done, with the time (001 §5.3.1); rejected: why and what to do */
  text: string
}

export interface QueryInput {
  itemId: string
  itemName: string
  applicant: Applicant
  person: PersonRecord | null
  now: Date
}

export interface QueryResult {
  /** labelled rows, personal data masked */
  rows: Array<{ label: string; value: string }>
  note: string | null
}

export interface ReminderProposal {
  itemId: string
  /** why, for the citizen (no whole personal data: it is also sent by SMS) */
  reason: string
  /** the person the case would be for */
  forIdNumber: string
  forName: string
  /** GB/T 2260 code of the region that would handle it */
  region: string
  /** the item's form values the source supplied (000 图4 免提交); absent: the citizen fills a prefilled draft */
  values?: Record<string, string>
}
