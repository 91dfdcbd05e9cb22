import {
  DepartmentKindSchema,
  HANDLING_MODE_LABEL,
  type Department,
  type DepartmentKind,
  type Guide,
  type ItemDetail,
  type ItemSummary,
  type RegionLevel,
  type RegionNode
} from '../contract/catalog'
import type { ItemDefinition, RegionConfig } from '../contract/catalog-data'
import { servedTimeLimit } from './answers'
import { deemedConsentRule, guidePromisesDeemedConsent } from './reminders'
import { errors } from './errors'

/** A city or county that offers items, with everything needed to answer for it. */
export interface ServedRegion {
  node: RegionNode
  level: Exclude<RegionLevel, 'province'>
  /** names from the province down, e.g. 浙江省丽水市青田县 */
  fullName: string
  /** null: no place-dependent configuration, so the region offers no items yet */
  config: RegionConfig | null
  /** the items offered here, in catalog order */
  items: ItemDefinition[]
  departments: Department[]
}

interface RegionEntry {
  node: RegionNode
  fullName: string
}

/** Department ids are `<region code>-<kind>`, e.g. 331100-agency. */
export function departmentId(regionCode: string, kind: DepartmentKind): string {
  return `${regionCode}-${kind}`
}

export function toSummary(item: ItemDefinition): ItemSummary {
  return {
    id: item.id,
    name: item.name,
    popularName: item.popularName,
    handlingMode: item.handlingMode,
    parentName: item.parentName,
    serviceObject: item.serviceObject,
    departmentKind: item.departmentKind,
    timeLimitDays: item.guide.timeLimit.workingDays
  }
}

/** 事项类型 (001 §4.1.1) explained to the citizen by what happens after submitting (001 §5.2.1–5.2.3). */
function itemTypeDescription(item: ItemDefinition): string {
  switch (item.handlingMode) {
    case 'query': // 001 §5.2.1
      return '查询服务：提交查询申请后，即时显示查询结果。'
    case 'smart': // 001 §5.2.2
      return '智能办理：提交有效的申请信息后，系统智能核验信息，即时出具办理结果。'
    case 'manual': // 001 §5.2.3.1–5.2.3.8
      return [
        '人工核办：提交后申请信息即时推送至医保经办机构，由窗口工作人员依法依规受理审核',
        item.needsMailing
          ? '（需寄送纸质核验材料的先预受理，收到寄送材料核对无误后即时受理）'
          : '（无须纸质核验材料的即时受理）',
        '；在办结时限内作出办理或不予办理的决定，并通过短信等方式通知办理结果。需要补充材料的，工作人员会告知需补齐的材料及补齐时限。',
        // a smart sub-path (e.g. 003 §7.6.3.5 b) is told with the mode: the citizen knows before applying
        ...(item.smartPaths ?? []).map((p) => `选择“${(p.when.in ?? []).join('、')}”在线提交的，系统即时核验办结，无需人工审核。`)
      ].join('')
  }
}

/** Material name without its parenthesised explanation, for short labels. */
function shortName(name: string): string {
  const cut = name.search(/[（(]/)
  return cut > 0 ? name.slice(0, cut) : name
}

/**
 * The catalog's product rules: which regions serve items, which departments and items a region offers, and the
 * full guide of an item in a region (the 16 elements of 001 §4.1.2).
 *
 * The BFF reads the catalog from its adapter once (`CatalogService.load`) and keeps it as a read-only snapshot: it is
 * derived from the adapter and rebuilt on every start, so two instances answer alike and nothing is lost on restart.
 */
export class Catalog {
  private readonly regionIndex = new Map<string, RegionEntry>()
  private readonly served = new Map<string, ServedRegion>()
  private readonly itemsById = new Map<string, ItemDefinition>()
  protected constructor(
    private readonly regionTree: RegionNode[],
    configs: RegionConfig[],
    readonly allItems: ItemDefinition[]
  ) {
    for (const item of allItems) this.itemsById.set(item.id, item)
    const configByCode = new Map(configs.map((c) => [c.code, c]))
    const walk = (nodes: RegionNode[], prefix: string): void => {
      for (const node of nodes) {
        const fullName = prefix + node.name
        this.regionIndex.set(node.code, { node, fullName })
        if (node.level !== 'province') this.served.set(node.code, this.serve(node, node.level, fullName, configByCode.get(node.code) ?? null))
        if (node.children) walk(node.children, fullName)
      }
    }
    walk(regionTree, '')
  }

  /** The catalog of plain data (the repository's files, or what an adapter read). */
  static of(data: { regions: RegionNode[]; regionConfigs: RegionConfig[]; items: ItemDefinition[] }): Catalog {
    return new Catalog(data.regions, data.regionConfigs, data.items)
  }

  private serve(node: RegionNode, level: 'city' | 'county', fullName: string, config: RegionConfig | null): ServedRegion {
    // a city offers the items whose levels include 'city', a county those with 'county'; a region without its
    // place-dependent configuration (offices, phones…) cannot give a complete guide, so it offers none yet
    const items = config ? this.allItems.filter((i) => i.levels.includes(level)) : []
    const departments: Department[] = config
      ? DepartmentKindSchema.options
          .map((kind) => ({
            id: departmentId(node.code, kind),
            name: config.offices[kind].name,
            kind,
            regionCode: node.code,
            itemCount: items.filter((i) => i.departmentKind === kind).length
          }))
          .filter((d) => d.itemCount > 0)
      : []
    return { node, level, fullName, config, items, departments }
  }

  /** the full name of any region of the tree (浙江省丽水市莲都区), or null for a code it does not have */
  regionFullName(code: string): string | null {
    return this.regionIndex.get(code)?.fullName ?? null
  }

  /** the region tree (province → city → county) */
  regions(): RegionNode[] {
    return this.regionTree
  }

  /**
   * A city or county that can offer items. Unknown code → 404 REGION_UNKNOWN; a province → 400
   * REGION_LEVEL_UNSUPPORTED (items are offered by cities and counties, 001 §5.1.1: 选择地区 → 部门 → 事项).
   */
  region(code: string): ServedRegion {
    const served = this.served.get(code)
    if (served) return served
    if (this.regionIndex.has(code)) throw errors.regionLevel()
    throw errors.regionUnknown()
  }

  /** every city and county with the items it offers (for the search index) */
  servedRegions(): ServedRegion[] {
    return [...this.served.values()]
  }

  departments(regionCode: string): Department[] {
    return this.region(regionCode).departments
  }

  /** items offered in a region, optionally of one department (001 §5.1.1 部门导航) */
  items(regionCode: string, departmentIdFilter?: string): ItemSummary[] {
    const region = this.region(regionCode)
    let items = region.items
    if (departmentIdFilter !== undefined) {
      const dept = region.departments.find((d) => d.id === departmentIdFilter)
      if (!dept) throw errors.departmentUnknown()
      items = items.filter((i) => i.departmentKind === dept.kind)
    }
    return items.map(toSummary)
  }

  itemDefinition(id: string): ItemDefinition | undefined {
    return this.itemsById.get(id)
  }

  /** the item as offered in a region, with its full guide */
  itemDetail(id: string, regionCode: string): ItemDetail {
    const item = this.itemsById.get(id)
    const region = this.region(regionCode)
    if (!item) throw errors.itemUnknown()
    if (!region.config || !region.items.includes(item)) throw errors.itemNotInRegion(region.node.name)
    return composeDetail(item, region, region.config)
  }

}

/**
 * Composes the guide of 001 §4.1.2 — all 16 elements, in order — from the item's definition (what the seeds say
 * of the item) and the region's configuration (who, where, which phone, which fee).
 */
export function composeGuide(item: ItemDefinition, config: RegionConfig): Guide {
  const g = item.guide
  const accepting = config.offices[item.departmentKind]
  const deciding = config.offices[item.decidingKind]
  const label = HANDLING_MODE_LABEL[item.handlingMode]
  const website = config.website ? [`网站：${config.website}`] : []
  return {
    // 1 适用范围
    scope: g.scope,
    // 2 事项类型 (001 §4.1.1, §5.2)
    itemType: { handlingMode: item.handlingMode, label, description: itemTypeDescription(item) },
    // 3 办事依据
    basis: g.basis,
    // 4 受理机构、决定机构、数量限制
    authority: { accepting: accepting.name, deciding: deciding.name, quantityLimit: g.quantityLimit },
    // 5 申请条件、禁止性要求
    conditions: g.conditions,
    // 6 申请材料目录
    materials: g.materials,
    // 7 申请接收：申请方式、联系电话、办公地址、传真、网址
    intake: {
      methods: g.intakeMethods,
      phone: accepting.phone,
      address: accepting.address,
      fax: config.fax,
      website: config.website
    },
    // 8 办理基本流程、办理方式
    process: {
      steps: g.processSteps,
      mode: `${label}：${g.intakeMethods.join('；')}`,
      // 000 §6.1.2.1.2 超时未反对默认办理, where the guide promises it: the agency's period (domain/reminders.ts)
      ...(guidePromisesDeemedConsent(g, item.tips) ? { deemedConsent: deemedConsentRule(config.deemedConsentDays) } : {})
    },
    // 9 办结时限: a manual item without a stated limit gets the agency's default, said so (domain/answers.ts)
    timeLimit: servedTimeLimit(g.timeLimit, item.handlingMode, config.defaultTimeLimitDays),
    // 10 收费依据及标准: the item's own when the seeds fix one, else the region's
    fees: g.fees ?? config.fees,
    // 11 办理结果、结果送达
    result: g.result,
    // 12 相对人权利和义务
    rightsAndObligations: g.rightsAndObligations,
    // 13 咨询途径、监督投诉渠道
    consultation: {
      channels: [
        `电话咨询：${accepting.name} ${accepting.phone}`,
        `窗口咨询：${accepting.address}（${accepting.hours}）`,
        ...website
      ],
      complaintChannels: config.complaintChannels
    },
    // 14 办公地址和时间
    office: { address: accepting.address, hours: accepting.hours },
    // 15 办理进程和结果公开查询 (001 §5.2.3.8, §5.3.3)
    progressQuery: [
      item.handlingMode === 'query'
        ? '医保掌上办：提交后即时显示查询结果，可在「我的办件」中再次查看'
        : '医保掌上办「我的办件」：随时查看办理进度和办理结果',
      `电话查询：${accepting.name} ${accepting.phone}`,
      `窗口查询：${accepting.address}`
    ],
    // 16 示范文本、常见错误示例、常见问题解答
    help: {
      samples: g.materials.flatMap((m) => (m.sample ? [{ material: m.name, text: m.sample }] : [])),
      commonErrors: g.materials.flatMap((m) => m.commonErrors.map((e) => `${shortName(m.name)}：${e}`)),
      faq: g.faq
    }
  }
}

export function composeDetail(item: ItemDefinition, region: ServedRegion, config: RegionConfig): ItemDetail {
  const dept = region.departments.find((d) => d.kind === item.departmentKind)
  const guide = composeGuide(item, config)
  return {
    ...toSummary(item),
    timeLimitDays: guide.timeLimit.workingDays,
    region: { code: region.node.code, name: region.node.name, fullName: region.fullName },
    department: {
      id: dept?.id ?? departmentId(region.node.code, item.departmentKind),
      name: dept?.name ?? config.offices[item.departmentKind].name
    },
    guide,
    notice: item.notice,
    tips: item.tips,
    // 001 §5.1.4: where paper originals go, only for items that need them
    mailing: item.needsMailing ? { ...config.mailing } : null,
    sources: item.sources,
    sampleData: config.sample,
    // 001 §5.1.2–5.1.3: an item is applied for online when it has a form; employer and institution items have none
    // until a 法人 (unit) sign-in exists (catalog/README.md)
    onlineApply: item.form !== null,
    form: item.form,
    ...(item.smartPaths?.length ? { smartPaths: item.smartPaths } : {}),
    // facts no seed states are told as 以当地经办机构公布为准 (catalog/README.md)
    ...(item.guide.practice?.length ? { practice: item.guide.practice } : {})
  }
}
