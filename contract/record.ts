import { z } from 'zod'
import { InsuredPlaceSchema } from './evoucher'

/**
 * 医保云档案 (cloudRecord, 000 §3.3, §6.1.6 b): the citizen's own record without going to a window. From a record
 * adapter; the embedded default generates deterministic, realistic data per person. Bearer; `insuredId` = self or a
 * family member id (grant scope `record`).
 *
 *   GET /api/v1/record/enrollment?insuredId=        → Enrollment      参保信息
 *   GET /api/v1/record/contributions?insuredId=     → Contributions   缴费记录 (newest first)
 *   GET /api/v1/record/account?insuredId=           → PersonalAccount 个人账户余额与收支
 *   GET /api/v1/record/visits?insuredId=            → Visits          就诊明细 with 结算清单 lines
 *   GET /api/v1/record/family-sharing?insuredId=    → FamilySharing   家庭共济
 *   GET /api/v1/record/certificate.pdf?insuredId=   → application/pdf 参保证明, signed and verifiable by its QR
 *                                                     (GET /api/v1/results/verify/:code, as result documents;
 *                                                     409 NOT_INSURED for a person who is not insured)
 * Amounts are in fen (integer, 1 元 = 100) so sums are exact; the app formats them. Dates are YYYY-MM-DD (Asia/Shanghai).
 * Every response carries `demo`: true when it comes from the embedded adapter (generated data; the app says 演示数据).
 */

export const EnrollmentPeriodSchema = z.object({
  /** 职工基本医疗保险 / 城乡居民基本医疗保险 */
  insuranceType: z.string(),
  /** 参保缴费 / 暂停参保 / 终止参保 */
  status: z.string(),
  insuredPlace: InsuredPlaceSchema,
  /** YYYY-MM-DD */
  from: z.string(),
  to: z.string().nullable(),
  /** employer for 职工医保 (单位名称), else null */
  employer: z.string().nullable()
})
export const EnrollmentSchema = z.object({
  demo: z.boolean(),
  /** masked */
  name: z.string(),
  /** masked */
  idNumber: z.string(),
  insured: z.boolean(),
  /** current status label: 正常参保 / 未参保 */
  status: z.string(),
  insuranceType: z.string().nullable(),
  insuredPlace: InsuredPlaceSchema.nullable(),
  /** 累计缴费月数 */
  paidMonths: z.number().int(),
  /** newest first */
  periods: z.array(EnrollmentPeriodSchema)
})
export type Enrollment = z.infer<typeof EnrollmentSchema>

export const ContributionSchema = z.object({
  /** YYYY-MM (职工, monthly) or YYYY (居民, yearly) */
  period: z.string(),
  insuranceType: z.string(),
  /** 缴费基数 in fen, null for 居民 */
  base: z.number().int().nullable(),
  /** 个人缴费 */
  personal: z.number().int(),
  /** 单位缴费 (0 for 居民) */
  employer: z.number().int(),
  /** 财政补助 for 居民 */
  subsidy: z.number().int(),
  /** 已到账 / 欠缴 */
  status: z.string()
})
/** 职工: the last 24 credited months; 居民: the last 5 years */
export const ContributionsSchema = z.object({ demo: z.boolean(), contributions: z.array(ContributionSchema) })
export type Contributions = z.infer<typeof ContributionsSchema>

export const AccountMovementSchema = z.object({
  date: z.string(),
  /** 上期结余 (the balance when the list starts) / 划入 / 年度结息 / 门诊支付 / 住院支付 / 药店购药 / 家庭共济支出 */
  kind: z.string(),
  /** + in, − out, fen */
  amount: z.number().int(),
  balanceAfter: z.number().int(),
  note: z.string()
})
export const PersonalAccountSchema = z.object({
  demo: z.boolean(),
  /** 职工医保 only; 居民 has no personal account */
  hasAccount: z.boolean(),
  /** = the sum of `movements` (the first, 上期结余, carries the balance before the list) */
  balance: z.number().int(),
  /** this calendar year's money in and out (positive numbers) */
  yearIn: z.number().int(),
  yearOut: z.number().int(),
  /** newest first, the last 24 months */
  movements: z.array(AccountMovementSchema)
})
export type PersonalAccount = z.infer<typeof PersonalAccountSchema>

export const SettlementLineSchema = z.object({ name: z.string(), category: z.string(), amount: z.number().int() })
export const VisitSchema = z.object({
  settlementNo: z.string(),
  date: z.string(),
  institution: z.string(),
  /** 门诊 / 住院 / 药店购药 */
  kind: z.string(),
  total: z.number().int(),
  /** 统筹基金支付 */
  fundPaid: z.number().int(),
  /** 个人账户支付 */
  accountPaid: z.number().int(),
  /** 个人现金支付 */
  cashPaid: z.number().int(),
  /** 结算清单; the lines add up to `total`, and total = fundPaid + accountPaid + cashPaid */
  lines: z.array(SettlementLineSchema)
})
/** newest first, the last 24 months */
export const VisitsSchema = z.object({ demo: z.boolean(), visits: z.array(VisitSchema) })
export type Visits = z.infer<typeof VisitsSchema>

export const FamilySharingSchema = z.object({
  demo: z.boolean(),
  /** 家庭共济 needs a personal account (职工医保) */
  available: z.boolean(),
  /** the people this account pays for (masked) */
  sharedWith: z.array(z.object({ name: z.string(), relationshipLabel: z.string(), since: z.string() })),
  /** paid from this account for them this calendar year (fen) */
  usedThisYear: z.number().int(),
  note: z.string()
})
export type FamilySharing = z.infer<typeof FamilySharingSchema>
export type EnrollmentPeriod = z.infer<typeof EnrollmentPeriodSchema>
export type Contribution = z.infer<typeof ContributionSchema>
export type AccountMovement = z.infer<typeof AccountMovementSchema>
export type SettlementLine = z.infer<typeof SettlementLineSchema>
export type Visit = z.infer<typeof VisitSchema>
