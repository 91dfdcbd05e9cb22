import { z } from 'zod'
import { RegionCodeSchema } from './common'

/**
 * The catalog contract: regions, departments, items and their guides.
 * Written once; imported by the app (src/), the msw handlers (mock/) and the BFF (bff/).
 */

// ---------- regions (GB/T 2260) ----------
export const RegionLevelSchema = z.enum(['province', 'city', 'county'])
export type RegionLevel = z.infer<typeof RegionLevelSchema>

export interface RegionNode {
  code: string
  name: string
  level: RegionLevel
  children?: RegionNode[]
}
export const RegionNodeSchema: z.ZodType<RegionNode> = z.lazy(() =>
  z.object({
    code: RegionCodeSchema,
    name: z.string(),
    level: RegionLevelSchema,
    children: z.array(RegionNodeSchema).optional()
  })
)
export const RegionsResponseSchema = z.object({ regions: z.array(RegionNodeSchema) })
export type RegionsResponse = z.infer<typeof RegionsResponseSchema>

/**
 * GET /api/v1/national-regions[?parent=<code>]: one level of the national GB/T 2260 list — the provinces, the
 * prefectures of a province, the counties of a prefecture (each a small cacheable answer with an ETag; the whole list
 * never goes to a mini-program at once). A parent not in the list: 400 REGION_NOT_IN_DATASET.
 */
export const NationalRegionsQuerySchema = z.object({ parent: z.string().regex(/^\d{6}$/).optional() })
export const NationalPlaceSchema = z.object({ code: z.string().regex(/^\d{6}$/), name: z.string() })
export const NationalRegionsResponseSchema = z.object({ regions: z.array(NationalPlaceSchema) })
export type NationalPlace = z.infer<typeof NationalPlaceSchema>
export const NATIONAL_REGIONS_PATH = '/api/v1/national-regions'

// ---------- departments (001 §5.1.1: region → department → item) ----------
/** bureau = 医疗保障局, agency = 医保经办机构 (医疗保险服务中心 / 基金管理中心), tax = 税务局 (contribution collection) */
export const DepartmentKindSchema = z.enum(['bureau', 'agency', 'tax'])
export type DepartmentKind = z.infer<typeof DepartmentKindSchema>

export const DepartmentSchema = z.object({
  id: z.string(),
  name: z.string(),
  kind: DepartmentKindSchema,
  regionCode: RegionCodeSchema,
  itemCount: z.number().int().nonnegative()
})
export type Department = z.infer<typeof DepartmentSchema>
export const DepartmentsQuerySchema = z.object({ region: RegionCodeSchema })
export const DepartmentsResponseSchema = z.object({ departments: z.array(DepartmentSchema) })
export type DepartmentsResponse = z.infer<typeof DepartmentsResponseSchema>

// ---------- items ----------
/** 001 §4.1.1: 智能办理 / 人工核办 / 查询服务 */
export const HandlingModeSchema = z.enum(['smart', 'manual', 'query'])
export type HandlingMode = z.infer<typeof HandlingModeSchema>
export const HANDLING_MODE_LABEL: Record<HandlingMode, string> = {
  smart: '智能办理',
  manual: '人工核办',
  query: '查询服务'
}

/** Who applies: a person (citizen), an employer (参保单位) or a medical institution / pharmacy. */
export const ServiceObjectSchema = z.enum(['person', 'employer', 'institution'])
export type ServiceObject = z.infer<typeof ServiceObjectSchema>

/** Where a rule or item comes from: a seed document and its clause, e.g. {doc: '003', clause: '§7.6.1'}. */
export const SourceRefSchema = z.object({
  doc: z.enum(['000', '001', '002', '003']),
  clause: z.string().min(1)
})
export type SourceRef = z.infer<typeof SourceRefSchema>

export const ItemSummarySchema = z.object({
  id: z.string(),
  name: z.string(),
  popularName: z.string(),
  handlingMode: HandlingModeSchema,
  parentName: z.string(),
  serviceObject: ServiceObjectSchema,
  departmentKind: DepartmentKindSchema,
  /** time limit in working days (null: 即时办结 or not fixed); text is the guide's own words */
  timeLimitDays: z.number().int().nonnegative().nullable()
})
export type ItemSummary = z.infer<typeof ItemSummarySchema>

export const ItemsQuerySchema = z.object({
  region: RegionCodeSchema,
  department: z.string().min(1).optional()
})
export const ItemsResponseSchema = z.object({ items: z.array(ItemSummarySchema) })
export type ItemsResponse = z.infer<typeof ItemsResponseSchema>

// ---------- the guide: 16 elements of 001 §4.1.2 ----------
/** How a material is given: original, copy, original and copy, or an electronic file/photo. */
export const MaterialFormSchema = z.enum(['original', 'copy', 'originalAndCopy', 'electronic'])
export type MaterialForm = z.infer<typeof MaterialFormSchema>
export const MATERIAL_FORM_LABEL: Record<MaterialForm, string> = {
  original: '原件',
  copy: '复印件',
  originalAndCopy: '原件及复印件',
  electronic: '电子件（拍照上传）'
}

/**
 * A form answer: the field `key` holds one of `in`, or anything but `notIn` (blank included: 票据 apply unless the
 * citizen says they are lost). Select answers (001 §5.1.2 菜单式选择).
 */
export const AnswerConditionSchema = z
  .object({ key: z.string().min(1), in: z.array(z.string().min(1)).min(1).optional(), notIn: z.array(z.string().min(1)).min(1).optional() })
  .refine((c) => (c.in === undefined) !== (c.notIn === undefined), { message: 'an answer condition has either in or notIn' })
export type AnswerCondition = z.infer<typeof AnswerConditionSchema>

/**
 * A smart sub-path of a manual item: filed online with this answer, the case is decided by rule at submit and the
 * result shown at once (003 §7.6.3.5 b: 其他临时外出就医人员备案 “秒申秒办，无需审核”); other answers keep staff review.
 * `basis` is the clause that promises it.
 */
export const SmartPathSchema = z.object({ when: AnswerConditionSchema, basis: z.string().min(1) })
export type SmartPath = z.infer<typeof SmartPathSchema>

/** A tier of a time limit chosen by the form's answers (003 §7.4.1.7: 单次门诊小额 5, 一般 10 working days). */
export const TimeLimitTierSchema = z.object({ when: AnswerConditionSchema, workingDays: z.number().int().nonnegative(), label: z.string().min(1) })
export type TimeLimitTier = z.infer<typeof TimeLimitTierSchema>

/**
 * 001 §4.1.2 #9 办结时限. `workingDays` is the stated limit (null: none stated, or 即时办结); `sameDay` marks a
 * manual item whose limit is 即时办结 (due the same working day); `tiers` pick the limit by the form's answers, the
 * first that matches, `workingDays` otherwise. `text` is the guide's own words.
 */
export const TimeLimitSchema = z.object({
  workingDays: z.number().int().nonnegative().nullable(),
  text: z.string().min(1),
  sameDay: z.boolean().optional(),
  tiers: z.array(TimeLimitTierSchema).optional(),
  /**
   * 特殊情况 (003 §7.4.1.7, §7.5.1.7: 特殊情况不超过20个工作日): not an answer the citizen picks but the agency's call —
   * staff may extend an open case to this limit once, with a reason the citizen sees (StaffAction extendTimeLimit)
   */
  special: z.object({ workingDays: z.number().int().positive(), label: z.string().min(1) }).optional(),
  /** in a served guide: `workingDays` is the agency's configured default, the seeds state no limit */
  agencyDefault: z.boolean().optional()
})
export type TimeLimit = z.infer<typeof TimeLimitSchema>

/**
 * Where a guide fact comes from: a seed clause ("003 §7.3.5.4", "001 §3.2.2", "000 §6.8.1.2") or "practice" — common
 * agency practice that no seed states. A citizen is told that practice is 以当地经办机构公布为准 (PRACTICE_NOTE); a
 * material from practice is never required (the seeds do not demand it). Without `source` a fact comes from the
 * item's own `sources`.
 */
export const FactSourceSchema = z.union([z.literal('practice'), z.string().regex(/^(000|001|002|003) \S/)])
export type FactSource = z.infer<typeof FactSourceSchema>
export const PRACTICE_NOTE = '以当地经办机构公布为准'
/** shown with a material from practice (in the guide and where it is uploaded) */
export const PRACTICE_MATERIAL_NOTE = `本材料为通行做法，标准未作要求，${PRACTICE_NOTE}`
/** shown with a guide element from practice */
export const PRACTICE_ELEMENT_NOTE = `本项内容为通行做法，标准未作规定，${PRACTICE_NOTE}。`

/** The guide elements whose content comes from the item's definition, and so may come from practice. */
export const PracticeElementSchema = z.enum(['scope', 'authority', 'conditions', 'process', 'timeLimit', 'result', 'rightsAndObligations', 'help'])
export type PracticeElement = z.infer<typeof PracticeElementSchema>

export const MaterialSchema = z.object({
  id: z.string(),
  name: z.string(),
  form: MaterialFormSchema,
  count: z.number().int().positive(),
  required: z.boolean(),
  /** when it is needed, e.g. "委托办理时提供" */
  condition: z.string().optional(),
  /** the answer that makes it apply (门诊 / 住院…); without it the material applies to every application */
  when: AnswerConditionSchema.optional(),
  /** 001 §5.1.2: the upload rule shown next to it (format, clarity…) */
  uploadRule: z.string(),
  /** 001 §4.1.2: 示范文本 — a description of a correct sample */
  sample: z.string().optional(),
  /** 001 §4.1.2: 常见错误示例 */
  commonErrors: z.array(z.string()),
  /** 001 §3.2.2: held by the government data-sharing platform, verified without upload */
  sharedVerifiable: z.boolean(),
  /** 001 §5.1.4: paper original to be mailed for verification */
  paper: z.boolean(),
  /** how many files may be uploaded for it (several pages, both sides…); default 1 */
  maxFiles: z.number().int().positive().max(20).optional(),
  /** what may be uploaded: photos, and PDF where the material is a document; default ['image'] */
  accept: z.array(z.enum(['image', 'pdf'])).min(1).optional(),
  /** where the seeds ask for it; "practice": no seed does (FactSourceSchema) */
  source: FactSourceSchema.optional()
})
export type Material = z.infer<typeof MaterialSchema>

export const FaqSchema = z.object({ q: z.string(), a: z.string() })

/** 001 §5.1.2–5.1.3: the per-item form schema lives in the catalog; contract/forms.ts turns it into a zod schema. */
export const FormFieldKindSchema = z.enum([
  'text',
  'idNumber',
  'phone',
  'date',
  'region',
  'select',
  'bankAccount',
  'address',
  'longText'
])
export const FormFieldSchema = z.object({
  key: z.string(),
  label: z.string(),
  kind: FormFieldKindSchema,
  required: z.boolean(),
  /** 001 §5.1.2: the filling rule shown with the field */
  rule: z.string(),
  /** select: the choices (a slide picker, 001 §5.1.3) */
  options: z.array(z.string()).optional(),
  placeholder: z.string().optional(),
  /** text / longText / address: the longest value */
  maxLength: z.number().int().positive().optional(),
  /** date: whether the date must be today or earlier (past), today or later (future) */
  dateRange: z.enum(['past', 'future', 'any']).optional(),
  /** filled from the applicant's real-name identity or account, still editable unless readonly */
  prefill: z.enum(['applicantName', 'applicantIdNumber', 'applicantPhone']).optional(),
  /** shown, not editable (e.g. the applicant's verified 身份证号) */
  readonly: z.boolean().optional(),
  /**
   * region: must lie outside the 设区市 where one applies (异地就医: the 就医地 is not the 参保地, 003 §7.6.1–7.6.3;
   * domain/answers.ts regionProblems)
   */
  outsideItemCity: z.boolean().optional(),
  /**
   * region: 'national' for a place anywhere in China (就医地, 转往地: 003 §7.6.1–7.6.3), picked province → prefecture →
   * county from the GB/T 2260 list the BFF serves (GET /api/v1/national-regions); without it the catalog's own regions
   */
  regionScope: z.enum(['catalog', 'national']).optional(),
  /** required only when another field has this answer (收件地址 when 领取方式 is 邮寄) */
  requiredWhen: z.object({ key: z.string(), equals: z.string() }).optional()
})
export type FormField = z.infer<typeof FormFieldSchema>
export const FormSchemaSchema = z.object({ fields: z.array(FormFieldSchema) })
export type FormSchema = z.infer<typeof FormSchemaSchema>

/**
 * A guide as served for one region: every one of the 16 elements of 001 §4.1.2, in order.
 * Place-dependent values (phones, addresses, hours, fees) come from the region configuration,
 * and `sampleData` says when that configuration is sample data.
 */
export const GuideSchema = z.object({
  /** 1 适用范围：涉及的内容和适用对象 */
  scope: z.object({ content: z.string().min(1), targets: z.array(z.string()).min(1), area: z.string().min(1) }),
  /** 2 事项类型 */
  itemType: z.object({ handlingMode: HandlingModeSchema, label: z.string(), description: z.string() }),
  /** 3 办事依据 */
  basis: z.array(z.string()).min(1),
  /** 4 受理机构、决定机构、数量限制 */
  authority: z.object({ accepting: z.string(), deciding: z.string(), quantityLimit: z.string() }),
  /** 5 申请条件、禁止性要求 */
  conditions: z.object({ requirements: z.array(z.string()).min(1), prohibitions: z.array(z.string()).min(1) }),
  /** 6 申请材料目录 */
  materials: z.array(MaterialSchema),
  /** 7 申请接收：申请方式、联系电话、办公地址、传真、网址 */
  intake: z.object({
    methods: z.array(z.string()).min(1),
    phone: z.string(),
    address: z.string(),
    fax: z.string(),
    website: z.string()
  }),
  /** 8 办理基本流程、办理方式 */
  process: z.object({
    steps: z.array(z.string()).min(1),
    mode: z.string(),
    /**
     * 000 §6.1.2.1.2 超时未反对默认办理: where the guide promises 规定时间内未确认的视同同意办理, the period the agency set
     * (the seeds give no number: the region's `deemedConsentDays`, said so in `text`)
     */
    deemedConsent: z.object({ workingDays: z.number().int().positive(), text: z.string() }).optional()
  }),
  /** 9 办结时限 (working days; null = 即时办结 or as stated in text) */
  timeLimit: TimeLimitSchema,
  /** 10 收费依据及标准 */
  fees: z.object({ charged: z.boolean(), standard: z.string(), basis: z.string() }),
  /** 11 办理结果、结果送达 */
  result: z.object({ documents: z.array(z.string()).min(1), delivery: z.array(z.string()).min(1) }),
  /** 12 相对人权利和义务 */
  rightsAndObligations: z.object({ rights: z.array(z.string()).min(1), obligations: z.array(z.string()).min(1) }),
  /** 13 咨询途径、监督投诉渠道 */
  consultation: z.object({ channels: z.array(z.string()).min(1), complaintChannels: z.array(z.string()).min(1) }),
  /** 14 办公地址和时间 */
  office: z.object({ address: z.string(), hours: z.string() }),
  /** 15 办理进程和结果公开查询 */
  progressQuery: z.array(z.string()).min(1),
  /** 16 相关申请材料示范文本、常见错误示例、常见问题解答 */
  help: z.object({
    samples: z.array(z.object({ material: z.string(), text: z.string() })),
    commonErrors: z.array(z.string()),
    faq: z.array(FaqSchema).min(1)
  })
})
export type Guide = z.infer<typeof GuideSchema>

/** The 16 elements in order with their Chinese headings, for rendering and the completeness test. */
export const GUIDE_ELEMENTS = [
  ['scope', '适用范围'],
  ['itemType', '事项类型'],
  ['basis', '办事依据'],
  ['authority', '受理机构与决定机构'],
  ['conditions', '申请条件与禁止性要求'],
  ['materials', '申请材料目录'],
  ['intake', '申请接收'],
  ['process', '办理流程与办理方式'],
  ['timeLimit', '办结时限'],
  ['fees', '收费依据及标准'],
  ['result', '办理结果与结果送达'],
  ['rightsAndObligations', '相对人权利和义务'],
  ['consultation', '咨询途径与监督投诉'],
  ['office', '办公地址和时间'],
  ['progressQuery', '办理进程和结果查询'],
  ['help', '示范文本、常见错误与常见问题']
] as const satisfies ReadonlyArray<readonly [keyof Guide, string]>

/** 001 §5.1.4: where paper originals go. */
export const MailingSchema = z.object({
  address: z.string(),
  recipient: z.string(),
  phone: z.string(),
  deadlineDays: z.number().int().positive()
})

export const ItemDetailSchema = ItemSummarySchema.extend({
  region: z.object({ code: RegionCodeSchema, name: z.string(), fullName: z.string() }),
  department: z.object({ id: z.string(), name: z.string() }),
  guide: GuideSchema,
  /** 办事须知 (001 §4.2.2, §5.1.2) shown before the form */
  notice: z.array(z.string()).min(1),
  /** 温馨提示 */
  tips: z.array(z.string()).min(1),
  mailing: MailingSchema.nullable(),
  /** the seed clauses this item and its guide come from */
  sources: z.array(SourceRefSchema).min(1),
  /** true when place-dependent values are sample data, not an agency's real contacts */
  sampleData: z.boolean(),
  /** whether online application is open here (001 §5.2): true when the item has a form */
  onlineApply: z.boolean(),
  form: FormSchemaSchema.nullable(),
  /** answers that make this manual item smart (decided by rule at submit) */
  smartPaths: z.array(SmartPathSchema).optional(),
  /** the guide elements whose content no seed states (common practice): shown with PRACTICE_NOTE */
  practice: z.array(PracticeElementSchema).optional()
})
export type ItemDetail = z.infer<typeof ItemDetailSchema>
export const ItemParamsSchema = z.object({ id: z.string().min(1).max(64) })
export const ItemDetailQuerySchema = z.object({ region: RegionCodeSchema })

// ---------- search (001 §3.1.3) ----------
export const SEARCH_QUERY_MAX = 50
export const SearchQuerySchema = z.object({
  q: z.string({ required_error: '请输入要查找的事项' }),
  region: RegionCodeSchema
})
export const SearchHitSchema = ItemSummarySchema.extend({
  /** why it matched, for tuning the search: e.g. "通俗名称" / "拼音首字母" / "近义词：看病的钱→报销" / "指南常见问题" */
  matchedBy: z.string(),
  /** why it is suggested, one line for the citizen: "指南常见问题：发票丢了还能报销吗？" / "名称含“生育津贴”" */
  reason: z.string(),
  score: z.number()
})
export type SearchHit = z.infer<typeof SearchHitSchema>
/** The national 医疗保障服务热线 (12393), offered with every answer so that no search ends with nothing to do. */
export const MEDICAL_SECURITY_HOTLINE = '12393'
export const SearchHelpSchema = z.object({
  hotline: z.string(),
  /** the region's 医保经办机构 (its sample phone is marked 示例) */
  agency: z.object({ name: z.string(), phone: z.string(), hours: z.string() }).nullable()
})
export type SearchHelp = z.infer<typeof SearchHelpSchema>
export const SearchResponseSchema = z.object({
  items: z.array(SearchHitSchema),
  /** the query as understood after synonym expansion, for "您是不是要找" hints */
  normalized: z.string(),
  /** whom to ask when no item fits: 12393 and the region's agency */
  help: SearchHelpSchema
})
export type SearchResponse = z.infer<typeof SearchResponseSchema>
export const HotSearchesResponseSchema = z.object({ hot: z.array(z.string()) })
