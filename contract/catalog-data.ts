import { z } from 'zod'
import { RegionCodeSchema } from './common'
import {
  DepartmentKindSchema,
  FaqSchema,
  FormSchemaSchema,
  HandlingModeSchema,
  MaterialSchema,
  PracticeElementSchema,
  RegionNodeSchema,
  ServiceObjectSchema,
  SmartPathSchema,
  SourceRefSchema,
  TimeLimitSchema
} from './catalog'

/**
 * The shape of the catalog source data in `catalog/*.json` (read by the BFF's embedded
 * catalog adapter and by the msw handlers). A real provincial platform would implement the
 * catalog adapter interface instead of shipping these files.
 */

const nonEmpty = z.array(z.string().min(1)).min(1)

/** An item as written once, independent of place. */
export const ItemDefinitionSchema = z.object({
  id: z.string().regex(/^[a-z0-9]+(-[a-z0-9]+)*$/),
  name: z.string().min(2),
  parentName: z.string().min(2),
  popularName: z.string().min(2),
  /** item-specific words a citizen might type (not generic synonyms: those live in synonyms.json) */
  keywords: z.array(z.string().min(1)),
  handlingMode: HandlingModeSchema,
  serviceObject: ServiceObjectSchema,
  /** department that accepts the application (受理机构) */
  departmentKind: DepartmentKindSchema,
  /** department that decides (决定机构) */
  decidingKind: DepartmentKindSchema,
  /** the levels of region where it is offered */
  levels: z.array(z.enum(['city', 'county'])).min(1),
  sources: z.array(SourceRefSchema).min(1),
  guide: z.object({
    scope: z.object({ content: z.string().min(1), targets: nonEmpty, area: z.string().min(1) }),
    basis: nonEmpty,
    quantityLimit: z.string().min(1),
    conditions: z.object({ requirements: nonEmpty, prohibitions: nonEmpty }),
    materials: z.array(MaterialSchema),
    intakeMethods: nonEmpty,
    processSteps: nonEmpty,
    timeLimit: TimeLimitSchema,
    /** only where the seeds fix a fee for the item; otherwise the region's fee text applies */
    fees: z.object({ charged: z.boolean(), standard: z.string(), basis: z.string() }).optional(),
    result: z.object({ documents: nonEmpty, delivery: nonEmpty }),
    rightsAndObligations: z.object({ rights: nonEmpty, obligations: nonEmpty }),
    /** 留存材料 (003 §7.x.6) */
    retained: z.array(z.string()),
    faq: z.array(FaqSchema).min(1),
    /** the guide elements no seed supports (FactSourceSchema "practice"); the citizen sees PRACTICE_NOTE there */
    practice: z.array(PracticeElementSchema).optional()
  }),
  /** 办事须知 */
  notice: nonEmpty,
  /** 温馨提示 */
  tips: nonEmpty,
  /** 001 §5.1.4: paper originals must be mailed */
  needsMailing: z.boolean(),
  form: FormSchemaSchema.nullable(),
  /** answers that make this manual item smart (SmartPathSchema) */
  smartPaths: z.array(SmartPathSchema).optional()
})
export type ItemDefinition = z.infer<typeof ItemDefinitionSchema>

const OfficeSchema = z.object({
  name: z.string().min(2),
  address: z.string().min(2),
  phone: z.string().min(5),
  hours: z.string().min(2)
})

/** Place-dependent values for one region (city or county). Shipped as sample data. */
export const RegionConfigSchema = z.object({
  code: RegionCodeSchema,
  /** true: not an agency's real contacts */
  sample: z.boolean(),
  offices: z.object({ bureau: OfficeSchema, agency: OfficeSchema, tax: OfficeSchema }),
  fax: z.string(),
  website: z.string(),
  /** 监督投诉: e.g. 12345 政务服务便民热线, 12393 医保服务热线 */
  complaintChannels: nonEmpty,
  mailing: z.object({
    address: z.string().min(2),
    recipient: z.string().min(1),
    phone: z.string().min(5),
    deadlineDays: z.number().int().positive()
  }),
  fees: z.object({ charged: z.boolean(), standard: z.string(), basis: z.string() }),
  /** the agency's time limit (working days) for manual items whose guide states none (domain/answers.ts) */
  defaultTimeLimitDays: z.number().int().positive().max(60).optional(),
  /** 000 §6.1.2.1.2: working days a 提醒办 of a guide promising 视同同意办理 waits for an objection (domain/reminders.ts) */
  deemedConsentDays: z.number().int().positive().max(60).optional()
})
export type RegionConfig = z.infer<typeof RegionConfigSchema>

export const CatalogFilesSchema = z.object({
  items: z.array(ItemDefinitionSchema),
  regions: z.array(RegionNodeSchema),
  regionConfigs: z.array(RegionConfigSchema)
})
export type CatalogFiles = z.infer<typeof CatalogFilesSchema>

/** A synonym rule: any of `from` (what citizens say) also means `to` (what the catalog says). */
export const SynonymRuleSchema = z.object({ from: nonEmpty, to: z.string().min(1) })
export const SynonymsFileSchema = z.object({ rules: z.array(SynonymRuleSchema), hot: nonEmpty })
export type SynonymRule = z.infer<typeof SynonymRuleSchema>

/**
 * A sentence of the catalog as a citizen reads it: without the clause references that say which standard it comes
 * from — 「（003 §7.4.1.4）」, 「（003 §7.5.1.1，000 §6.10.2）」. The catalog files keep them (they are how a maintainer
 * checks a rule against the seeds); a citizen sees plain words, and the sources stay in the guide's 办事依据 and
 * 来源 lines.
 */
export function withoutClauseRefs(text: string): string {
  return text.replace(/[（(][^（）()]*§[^（）()]*[）)]/g, '')
}
