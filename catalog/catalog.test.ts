import { loadCatalogFiles, loadSynonyms } from './index'
import type { RegionNode } from '../contract/catalog'
import { RESULT_DELIVERY } from '../contract/forms'
import items3Raw from './items/items-3.json'

/**
 * Catalog completeness: the catalog is real data from the seeds (issue: "at least 40 items, each with its
 * 办理方式 (001 §4.1.1) and a 通俗名称"; every guide element of 001 §4.1.2 present).
 * Guide composition per region (all 16 elements non-empty) is checked in the BFF route tests.
 */
const catalog = loadCatalogFiles()

/** 001 Appendix A, as reconstructed in shared/seeds/README.md: 子项名称 → 办理方式 (自助查询 = query). */
const APPENDIX_A: Array<[string, 'smart' | 'manual' | 'query']> = [
  ['基本医疗保险职工参保登记', 'smart'],
  ['基本医疗保险单位参保登记', 'manual'],
  ['城乡居民基本医疗保险参保登记', 'smart'],
  ['领取基本医疗保险就医凭证', 'manual'],
  ['基本医疗保险参保职工信息变更登记', 'smart'],
  ['基本医疗保险参保单位信息变更登记', 'smart'],
  ['城乡居民基本医疗保险参保信息变更登记', 'smart'],
  ['参保单位和个人应缴基本医疗保险费核定', 'smart'],
  ['参保单位查询打印社会保险信息', 'query'],
  ['参保人员查询打印社会保险信息', 'query'],
  ['基本医疗保险关系转移', 'manual'],
  ['基本医疗保险关系接续', 'manual'],
  ['基本医疗保险参保人员异地就医备案', 'manual'],
  ['基本医疗保险参保人员特治特药备案', 'manual'],
  ['基本医疗保险参保人员享受规定(特殊慢性)病种待遇备案', 'manual'],
  ['基本医疗保险参保人员转外就医备案', 'smart'],
  ['基本医疗保险参保人员出国(境)带药备案', 'smart'],
  ['基本医疗保险参保人员长住外地备案', 'manual'],
  ['基本医疗保险参保人员家庭病床备案', 'manual'],
  ['参保人员历年账户家庭共济备案', 'smart'],
  ['医疗保险定点医疗机构协议管理申请登记', 'manual'],
  ['医疗保险定点零售药店协议管理申请登记', 'manual']
]

/** 003 §7 items a citizen or an employer applies for, that must be in the catalog (by clause). */
const SECTION_7_CLAUSES = [
  '§7.1.1', '§7.1.2', '§7.1.3', '§7.1.4', '§7.1.5', '§7.1.6', '§7.1.7', '§7.1.8', '§7.1.9', '§7.1.10',
  '§7.1.11', '§7.1.12', '§7.1.13', '§7.1.14', '§7.1.16', '§7.2.1', '§7.2.3', '§7.2.4', '§7.2.5', '§7.2.6',
  '§7.2.7', '§7.3.4', '§7.3.5', '§7.3.6', '§7.3.7', '§7.4.1', '§7.5.1', '§7.5.2', '§7.5.3', '§7.6.1',
  '§7.6.2', '§7.6.3'
]

function walk(nodes: RegionNode[], out: RegionNode[] = []): RegionNode[] {
  for (const n of nodes) {
    out.push(n)
    if (n.children) walk(n.children, out)
  }
  return out
}

describe('catalog data', () => {
  it('has at least 40 items with unique ids, names and popular names', () => {
    expect(catalog.items.length).toBeGreaterThanOrEqual(40)
    const ids = catalog.items.map((i) => i.id)
    expect(new Set(ids).size).toBe(ids.length)
    const names = catalog.items.map((i) => i.name)
    expect(new Set(names).size).toBe(names.length)
    for (const item of catalog.items) {
      expect(item.popularName).not.toBe(item.name)
    }
  })

  it.each(APPENDIX_A)('has 001 Appendix A item %s with handling mode %s', (name, mode) => {
    const item = catalog.items.find((i) => i.name === name)
    expect(item).toBeDefined()
    expect(item!.handlingMode).toBe(mode)
    expect(item!.sources.some((s) => s.doc === '001' && s.clause.includes('附录A'))).toBe(true)
  })

  it.each(SECTION_7_CLAUSES)('has the 003 %s item', (clause) => {
    const hit = catalog.items.filter((i) => i.sources.some((s) => s.doc === '003' && s.clause === clause))
    expect(hit.length).toBeGreaterThanOrEqual(1)
  })

  it('gives every item a source clause, materials with rules, a time limit text and FAQ', () => {
    for (const item of catalog.items) {
      expect(item.sources.length).toBeGreaterThan(0)
      expect(item.guide.timeLimit.text.length).toBeGreaterThan(1)
      expect(item.guide.faq.length).toBeGreaterThan(0)
      for (const m of item.guide.materials) {
        expect(m.uploadRule.length).toBeGreaterThan(1)
        expect(m.count).toBeGreaterThan(0)
      }
    }
    // a query service needs no materials; all other items list at least one (001 §4.1.2 申请材料目录)
    for (const item of catalog.items.filter((i) => i.handlingMode !== 'query')) {
      expect(item.guide.materials.length).toBeGreaterThan(0)
    }
  })

  it('takes working-day limits from the seeds where they give one (003 §7.4.1.7: 10 个工作日)', () => {
    const reimbursement = catalog.items.find((i) => i.id === 'medical-reimbursement')
    expect(reimbursement?.guide.timeLimit.workingDays).toBe(10)
    expect(reimbursement?.guide.timeLimit.text).toContain('工作日')
  })

  it('covers the seed regions province → city → county with 6-digit codes', () => {
    const all = walk(catalog.regions)
    const byCode = new Map(all.map((r) => [r.code, r]))
    for (const [code, name] of [
      ['330000', '浙江省'], ['331100', '丽水市'], ['330800', '衢州市'], ['320000', '江苏省'],
      ['320900', '盐城市'], ['430000', '湖南省'], ['430600', '岳阳市']
    ]) {
      expect(byCode.get(code)?.name).toBe(name)
    }
    for (const p of catalog.regions) {
      expect(p.level).toBe('province')
      for (const c of p.children ?? []) {
        expect(c.level).toBe('city')
        expect(c.code.slice(0, 2)).toBe(p.code.slice(0, 2))
        expect((c.children ?? []).length).toBeGreaterThan(0)
        for (const k of c.children ?? []) {
          expect(k.level).toBe('county')
          expect(k.code.slice(0, 4)).toBe(c.code.slice(0, 4))
        }
      }
    }
  })

  it('has a region configuration, marked as sample data, for every city and county', () => {
    const configs = new Map(catalog.regionConfigs.map((c) => [c.code, c]))
    for (const r of walk(catalog.regions).filter((n) => n.level !== 'province')) {
      const cfg = configs.get(r.code)
      expect(cfg).toBeDefined()
      expect(cfg!.sample).toBe(true)
    }
  })

  it('ships a synonym list and hot searches', () => {
    const s = loadSynonyms()
    expect(s.rules.length).toBeGreaterThanOrEqual(20)
    expect(s.hot.length).toBeGreaterThan(0)
  })
})

describe('what citizens read', () => {
  /** every text of an item with where it is, except the sources, 办事依据 and a fact's source (their clause numbers are the content) */
  function texts(v: unknown, path: string, out: Array<[string, string]>): Array<[string, string]> {
    if (typeof v === 'string') out.push([path, v])
    else if (Array.isArray(v)) v.forEach((x, i) => texts(x, `${path}[${i}]`, out))
    else if (v && typeof v === 'object') for (const [k, x] of Object.entries(v)) if (k !== 'sources' && k !== 'basis' && k !== 'source') texts(x, `${path}.${k}`, out)
    return out
  }

  it('no clause numbers in form hints, material rules, notices or answers (the item keeps its sources)', () => {
    const found = catalog.items.flatMap((i) => texts(i, i.id, [])).filter(([, t]) => /§/.test(t))
    expect(found).toEqual([])
    // the sources are kept, and the files still carry the references for maintainers
    expect(catalog.items.every((i) => i.sources.some((s) => /§|附录/.test(s.clause)))).toBe(true)
    expect(JSON.stringify(items3Raw)).toMatch(/（003 §7\.4\.1\.4）/)
  })

  it('an item with a paper result asks how to receive it: 窗口自取, or 邮寄送达 with an address required then', () => {
    const paper = catalog.items.filter((i) => i.guide.result.delivery.some((d) => /窗口领取|邮寄/.test(d)))
    expect(paper.map((i) => i.id)).toContain('medical-certificate')
    for (const item of paper) {
      const fields = item.form?.fields ?? []
      const method = fields.find((f) => f.key === RESULT_DELIVERY.methodKey)
      const address = fields.find((f) => f.key === RESULT_DELIVERY.addressKey)
      expect(method?.options).toEqual([RESULT_DELIVERY.pickup, RESULT_DELIVERY.mail])
      expect(address?.requiredWhen).toEqual({ key: RESULT_DELIVERY.methodKey, equals: RESULT_DELIVERY.mail })
    }
  })
})

describe('guide facts carry their source', () => {
  const item = (id: string) => {
    const found = catalog.items.find((i) => i.id === id)
    if (!found) throw new Error(`no item ${id}`)
    return found
  }
  const material = (id: string, m: string) => item(id).guide.materials.find((x) => x.id === m)

  it('a material no seed asks for is marked practice and is never required', () => {
    const practice = catalog.items.flatMap((i) => i.guide.materials.filter((m) => m.source === 'practice').map((m) => `${i.id}/${m.id}`))
    expect(practice.length).toBeGreaterThan(0)
    for (const i of catalog.items) for (const m of i.guide.materials) if (m.source === 'practice') expect([`${i.id}/${m.id}`, m.required]).toEqual([`${i.id}/${m.id}`, false])
  })

  it('出国(境)带药备案 does not demand travel papers: 000 §6.8.1.2 decides on the hospital data the platform fetches', () => {
    expect(material('overseas-medicine-filing', 'travel-document')).toMatchObject({ required: false, source: 'practice' })
    expect(item('overseas-medicine-filing').guide.materials.filter((m) => m.required && !m.sharedVerifiable)).toEqual([])
  })

  it('materials beyond what 003 §7.x.4 lists are practice: 家庭病床 (001 附录A #19 names it only), 停保 §7.2.3.4 and 续保 §7.2.4.4 (identity only)', () => {
    for (const [id, m] of [
      ['home-sickbed-filing', 'sickbed-application'],
      ['home-sickbed-filing', 'diagnosis'],
      ['resident-suspension', 'resident-change-form'],
      ['resident-renewal', 'change-form'],
      ['family-sharing-filing', 'relationship-proof']
    ] as const) {
      expect([id, material(id, m)]).toMatchObject([id, { required: false, source: 'practice' }])
    }
  })

  it('an item whose materials no 003 §7.x guide lists says where each material comes from', () => {
    const without003 = catalog.items.filter((i) => i.guide.materials.length > 0 && !i.sources.some((s) => s.doc === '003' && /^§7\./.test(s.clause)))
    expect(without003.map((i) => i.id)).toEqual(expect.arrayContaining(['overseas-medicine-filing', 'home-sickbed-filing', 'contribution-assessment']))
    const unsourced = without003.flatMap((i) => i.guide.materials.filter((m) => !m.source).map((m) => `${i.id}/${m.id}`))
    expect(unsourced).toEqual([])
  })

  it('guide elements no seed states are listed as practice (an item the seeds only name)', () => {
    expect(item('home-sickbed-filing').guide.practice).toEqual(expect.arrayContaining(['conditions', 'timeLimit', 'process']))
    expect(item('overseas-medicine-filing').guide.practice).toContain('conditions')
    // an item with a full 003 guide states its own facts
    expect(item('chronic-disease-filing').guide.practice).toBeUndefined()
  })
})
