import type { AccountMovement, Contribution, Enrollment, Visit } from '../../../../contract/record'

/**
 * Upstream adapter: the personal medical-insurance record (医保云档案, 000 §3.3: 融合参保、就诊、购药、异地就医等信息的
 * 个人医保档案; 000 §6.1.6 b: 参保证明、权益记录、结算清单、就诊明细、账户信息). A real one reads the provincial
 * healthcare-security platform; the embedded default generates deterministic, realistic data per person.
 * Amounts in fen; dates YYYY-MM-DD (Asia/Shanghai). Names and 身份证号 come back whole: the service masks them.
 */
export interface RecordAdapter {
  /** data from this adapter is generated (the app says 演示数据) */
  readonly demo: boolean
  /** 参保信息 as of `now` */
  enrollment(idNumber: string, now: Date): Promise<RecordEnrollment>
  /** 缴费记录, newest first: 职工 the last 24 credited months, 居民 the last 5 years */
  contributions(idNumber: string, now: Date): Promise<Contribution[]>
  /** 个人账户 (职工医保 only) with the movements of the last 24 months, newest first */
  account(idNumber: string, now: Date): Promise<RecordAccount>
  /** 就诊明细 with 结算清单, the last 24 months, newest first */
  visits(idNumber: string, now: Date): Promise<Visit[]>
  /** 家庭共济 */
  familySharing(idNumber: string, now: Date): Promise<RecordFamilySharing>
}

export type RecordEnrollment = Omit<Enrollment, 'demo' | 'name' | 'idNumber'>

export interface RecordAccount {
  hasAccount: boolean
  balance: number
  yearIn: number
  yearOut: number
  movements: AccountMovement[]
}

export interface RecordFamilySharing {
  available: boolean
  /** whole names: the service masks them */
  sharedWith: Array<{ name: string; relationshipLabel: string; since: string }>
  usedThisYear: number
  note: string
}

/**
 * A city or county from the catalog: short name (莲都区), full name (浙江省丽水市莲都区) and its 医保经办机构 when the
 * region is configured; null when the catalog does not serve the code (unknown, or a province).
 */
export type RegionLookup = (code: string) => { name: string; fullName: string; agencyName: string | null } | null
