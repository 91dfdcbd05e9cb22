import type { Material } from '../../../../contract/catalog'

/**
 * Upstream adapter: the government data-sharing platform (政务大数据共享平台, 001 §3.2.1) as the agency's business
 * system sees it — who a person is, how they are insured, their children, and which certificates (证照) the
 * platform holds for them. 001 §3.2.2: a material the platform holds and that is valid is verified without upload
 * (免提交·已核验). The embedded implementation reads the repository's sample persons; a real provincial platform
 * implements the same interface over its 证照 and population services. Async because a real one is a network call.
 */
export interface DataSharingAdapter {
  /** the platform's record of a person, or null when it has none */
  person(idNumber: string): Promise<PersonRecord | null>
  /** the document kinds (DocumentKind) the platform holds for the person; empty when none */
  heldDocuments(idNumber: string): Promise<Set<string>>
}

/** How a person is insured (基本医疗保险): 职工医保, 城乡居民医保, or not at all. */
export type Enrollment = 'employee' | 'resident' | 'none'

export interface ChildRecord {
  idNumber: string
  name: string
  /** YYYY-MM-DD */
  birthDate: string
  /** already enrolled in basic medical insurance (参保) */
  enrolled: boolean
}

export interface PersonRecord {
  /** 身份证号 (GB 11643), upper-case X */
  idNumber: string
  name: string
  /** mobile phone on record, null when the platform has none */
  phone: string | null
  /** GB/T 2260 code of the region where the person is insured / registered */
  regionCode: string
  /** DocumentKind values the platform holds for the person */
  documents: string[]
  enrollment: Enrollment
  children: ChildRecord[]
  /** 跨部门新生数据 the platform perceived about the person (000 §6.1.2.1.2); none when absent */
  events?: PersonEvent[]
}

/**
 * A fact another department reported (000 §6.1.2.1.2 感知新生数据): 公安 identity changes (000 §6.2.5.1, §6.2.6.1), a
 * first settlement with a 慢特病 diagnosis uploaded by a hospital (§6.7.1), a birth at a hospital (§6.10.3.1).
 */
export interface PersonEvent {
  kind: 'identity-change' | 'chronic-diagnosis' | 'childbirth'
  /** YYYY-MM-DD */
  date: string
  /** what changed / the diagnosis, in plain words (no whole personal data: it reaches an SMS) */
  detail: string
  /**
   * the department's data in the terms of the item's form (e.g. 变更事项 and 变更后的内容, 病种 and 定点医疗机构): with
   * it the agency fills the application itself (000 图4 免提交); never sent in a message
   */
  values?: Record<string, string>
}

/**
 * The certificate kinds (证照类型) a data-sharing platform reports. `household-or-id` is what a platform reports
 * when it verified “户口簿或身份证” as one record (the sample persons carry it).
 */
export const DOCUMENT_KINDS = [
  'id-card', // 居民身份证
  'household-register', // 居民户口簿
  'household-or-id', // 居民户口簿或居民身份证（其一）
  'marriage-certificate', // 结婚证
  'birth-certificate', // 出生医学证明
  'birth-registration', // 生育登记证明
  'residence-permit', // 居住证
  'hmt-residence-permit', // 港澳台居民居住证
  'unemployment-registration', // 就业失业登记证
  'retirement-approval' // 养老保险退休审批表 / 职工退休养老证
] as const
export type DocumentKind = (typeof DOCUMENT_KINDS)[number]

/**
 * Catalog material id → the document kinds that prove it; holding any one of them is enough (001 §3.2.2).
 * Every catalog material marked `sharedVerifiable` is either here or in NOT_PERSONAL_MATERIALS (a test keeps the
 * two lists complete).
 */
export const MATERIAL_DOCUMENT_KINDS: Readonly<Record<string, readonly DocumentKind[]>> = {
  'id-card': ['id-card'],
  'household-register': ['household-register'],
  // 居民户口簿或居民身份证，其一即可 (003 §7.2.1)
  'household-or-id': ['household-or-id', 'household-register', 'id-card'],
  'marriage-certificate': ['marriage-certificate'],
  'birth-certificate': ['birth-certificate'],
  'birth-registration': ['birth-registration'],
  'residence-permit': ['residence-permit'],
  'hmt-residence-permit': ['hmt-residence-permit'],
  'unemployment-registration': ['unemployment-registration'],
  'retirement-approval': ['retirement-approval'],
  // 亲属关系证明（结婚证、居民户口簿或出生医学证明）(003 §7.1.16)
  'relationship-proof': ['marriage-certificate', 'household-register', 'birth-certificate']
}

/**
 * Shared-verifiable materials that are not the applicant's own certificates — an organisation's (营业执照, 信用代码证,
 * 法定代表人身份证), another person's (代办人, 继承人, 配偶, 家庭成员身份证件; 死亡证明) or the agency's own forms and
 * records (工资申报表, 户籍变更证明, 参保证明). What the platform holds for the applicant cannot verify them, so
 * `sharedVerifiedMaterialIds` never marks them; they are uploaded or checked by staff.
 */
export const NOT_PERSONAL_MATERIALS: readonly string[] = [
  'credit-code-certificate',
  'legal-representative-id',
  'business-license',
  'legal-person-id',
  'employer-credential',
  'wage-declaration',
  'key-change-proof',
  'agent-id-card',
  'agent-id',
  'heir-id-card',
  'proxy-ids',
  'spouse-id',
  'family-id-card',
  'death-certificate',
  'parent-proof',
  'supporting-proof',
  'police-proof'
]

/**
 * 001 §3.2.2: the ids of the materials that need no upload because the platform holds a document proving them
 * for this person — a material marked `sharedVerifiable` in the catalog whose document kind is among `held`.
 */
export function sharedVerifiedMaterialIds(materials: Material[], held: Set<string>): string[] {
  return materials
    .filter((m) => m.sharedVerifiable && (MATERIAL_DOCUMENT_KINDS[m.id] ?? []).some((k) => held.has(k)))
    .map((m) => m.id)
}
