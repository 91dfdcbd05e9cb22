import { z } from 'zod'

/**
 * 医保电子凭证 (eVoucher, 000 §3.2). A real e-voucher only comes from the national platform; the BFF fetches it
 * through an e-voucher adapter. The embedded adapter (the default) issues codes in the national format that carry no
 * personal data, live EVOUCHER_TTL_SECONDS (configurable), and are decoded server-side; the app marks them 演示.
 *
 *   GET  /api/v1/evoucher?insuredId=self|<familyMemberId>   Bearer (grant scope `evoucher` for a member) → EVoucher
 *   POST /api/v1/evoucher/decode  {code}   X-Terminal-Key: <TERMINAL_KEY>   (a counter's scanner) → EVoucherDecoded
 *        a code decodes once: 410 EVOUCHER_EXPIRED, 410 EVOUCHER_REVOKED (fetched by a proxy whose grant has ended), 409 EVOUCHER_USED, 404 EVOUCHER_UNKNOWN (also for an altered
 *        code), 401 TERMINAL_UNAUTHORIZED; every decode is logged for the person (time, the terminal's institution and kind, masked
 *        terminal id, the proxy who fetched the code)
 *   GET  /api/v1/evoucher  while frozen → 423 EVOUCHER_FROZEN (the message says until when)
 *   GET  /api/v1/evoucher/usage?insuredId=self|<familyMemberId>   Bearer (grant scope `evoucher` for a member) → EVoucherUsage
 *        使用记录: the person's decodes, newest first (the last EVOUCHER_USAGE_DAYS days), and the freeze if any
 *   POST /api/v1/evoucher/usage/:id/not-me   Bearer → NotMeResult   「不是我」: freezes new codes for the person for
 *        EVOUCHER_FREEZE_HOURS, files a complaint marked 冒用 with the decode's details, answers the next steps;
 *        idempotent (a second tap answers the same report); 404 EVOUCHER_USAGE_UNKNOWN for an entry not the account's
 * Terminals: each X-Terminal-Key belongs to one registered terminal of a 定点医药机构 (name, kind 挂号 / 结算 / 购药).
 */

/** 28 characters: `424` + 17 random digits + 2 random digits + 2-digit province code + `0000` */
export const EVOUCHER_CODE_PATTERN = /^424\d{17}\d{2}\d{2}0000$/
export const EVOUCHER_CODE_LENGTH = 28
export const EVOUCHER_DEFAULT_TTL_SECONDS = 60
/** the app fetches a new code this many seconds before the current one expires */
export const EVOUCHER_REFRESH_BEFORE_SECONDS = 10

/** 参保地: the region code (GB/T 2260) and its full name from the catalog, e.g. 浙江省丽水市莲都区 */
export const InsuredPlaceSchema = z.object({ code: z.string(), name: z.string() })

/** 险种 by the data-sharing platform's enrollment kind */
export const INSURANCE_TYPE_LABELS = {
  employee: '职工基本医疗保险',
  resident: '城乡居民基本医疗保险'
} as const
/** 参保状态 */
export const ENROLLMENT_STATUS_LABELS = { insured: '正常参保', none: '未参保' } as const

/**
 * What the e-voucher page shows. A person who is not insured (`insured: false`) gets no code: `code` is '',
 * `ttlSeconds` 0, `insuredPlace` and `insuranceType` null, and the app explains how to enrol.
 */
export const EVoucherSchema = z.object({
  code: z.string(),
  issuedAt: z.string(),
  expiresAt: z.string(),
  ttlSeconds: z.number().int(),
  /** embedded adapter: a demonstration code, not valid at real counters */
  demo: z.boolean(),
  /** masked */
  name: z.string(),
  /** masked */
  idNumber: z.string(),
  /** 参保地; null when not insured */
  insuredPlace: InsuredPlaceSchema.nullable(),
  /** 险种: 职工基本医疗保险 / 城乡居民基本医疗保险; null when not insured */
  insuranceType: z.string().nullable(),
  /** 参保状态: 正常参保 / 未参保 */
  enrollmentStatus: z.string(),
  /** whether the person is insured at all (not insured: no code, `code` is '') */
  insured: z.boolean()
})
export type EVoucher = z.infer<typeof EVoucherSchema>

export const DecodeRequestSchema = z.object({
  code: z.string({ required_error: '缺少医保码' }).trim().min(1, '缺少医保码').max(64, '医保码格式不正确')
})
/** What a counter's scanner gets for a live code: masked identity, 参保地, 险种 and 参保状态 as of the decode. */
export const EVoucherDecodedSchema = z.object({
  /** masked */
  name: z.string(),
  /** masked */
  idNumber: z.string(),
  insuredPlace: InsuredPlaceSchema,
  /** null when the person is no longer insured at the time of the decode */
  insuranceType: z.string().nullable(),
  enrollmentStatus: z.string(),
  demo: z.boolean(),
  decodedAt: z.string()
})
export type EVoucherDecoded = z.infer<typeof EVoucherDecodedSchema>

// ---------- 使用记录 and 「不是我」 ----------

/** what a counter's terminal is for (the decode's purpose as the person reads it) */
export const TerminalKindSchema = z.enum(['registration', 'settlement', 'pharmacy'], { errorMap: () => ({ message: '请选择终端用途：挂号、结算或购药' }) })
export type TerminalKind = z.infer<typeof TerminalKindSchema>
export const TERMINAL_KIND_LABELS: Record<TerminalKind, string> = { registration: '挂号', settlement: '结算', pharmacy: '购药' }

/**
 * A terminal as it is registered — by `npm run terminal -- add` and the workbench's 扫码终端 screen alike
 * (POST /api/v1/staff/terminals, contract/workbench.ts): the id the citizen's 使用记录 shows masked to its last 4
 * characters, so letters and digits only (no spaces or Chinese an operator might paste), the 定点医药机构 as people
 * know it, and what the terminal is for.
 */
export const TerminalIdSchema = z
  .string({ required_error: '请填写终端编号', invalid_type_error: '请填写终端编号' })
  .trim()
  .min(1, '请填写终端编号')
  .regex(/^[\w-]{4,32}$/, '终端编号为 4–32 位英文字母、数字、连字符（-）或下划线（_）')
export const TerminalInstitutionSchema = z
  .string({ required_error: '请填写定点医药机构名称', invalid_type_error: '请填写定点医药机构名称' })
  .trim()
  .min(1, '请填写定点医药机构名称')
  .min(2, '定点医药机构名称至少 2 个字')
  .max(60, '定点医药机构名称最多 60 个字')
export const RegisterTerminalRequestSchema = z.object({ id: TerminalIdSchema, institutionName: TerminalInstitutionSchema, kind: TerminalKindSchema })
export type RegisterTerminalRequest = z.infer<typeof RegisterTerminalRequestSchema>

/** 「不是我」 stops new codes for the person this long */
export const EVOUCHER_FREEZE_HOURS = 24
/** the usage log shows this many days back */
export const EVOUCHER_USAGE_DAYS = 90

export const EVoucherUsageEntrySchema = z.object({
  id: z.string(),
  decodedAt: z.string(),
  /** 定点医药机构 name, e.g. 丽水市人民医院 */
  institutionName: z.string(),
  terminalKind: TerminalKindSchema,
  /** 挂号 / 结算 / 购药 */
  terminalKindLabel: z.string(),
  /** masked: only the last 4 characters, e.g. ****0017 */
  terminalId: z.string(),
  /** the proxy (family member under a grant) who fetched the code on their phone, masked; null: fetched by the person */
  fetchedBy: z.string().nullable(),
  /** 「不是我」 reported at; null: not reported */
  reportedAt: z.string().nullable(),
  /** the complaint the report filed (投诉编号); null until filed */
  complaintNo: z.string().nullable()
})
export type EVoucherUsageEntry = z.infer<typeof EVoucherUsageEntrySchema>

export const EVoucherUsageSchema = z.object({
  /** masked name of the person whose codes these are */
  name: z.string(),
  /** new codes are refused until this instant; null: not frozen */
  frozenUntil: z.string().nullable(),
  entries: z.array(EVoucherUsageEntrySchema)
})
export type EVoucherUsage = z.infer<typeof EVoucherUsageSchema>

export const NotMeResultSchema = z.object({
  entry: EVoucherUsageEntrySchema,
  frozenUntil: z.string(),
  /** 投诉编号 of the 冒用 report (null only while a simultaneous first tap is still filing it) */
  complaintNo: z.string().nullable(),
  /** what to do now, in plain steps */
  nextSteps: z.array(z.string())
})
export type NotMeResult = z.infer<typeof NotMeResultSchema>
