import type { FastifyInstance } from 'fastify'
import { loadCatalogFiles } from '../../catalog/index'
import {
  DepartmentsResponseSchema,
  GUIDE_ELEMENTS,
  ItemDetailSchema,
  ItemsResponseSchema,
  RegionsResponseSchema,
  type ItemDetail,
  type RegionNode
} from '../../contract/catalog'
import { ApiErrorSchema, ErrorCode } from '../../contract/common'
import { loadRepoCatalog } from '../src/adapters/catalog'
import { get, testApp } from './helpers'

const catalog = loadCatalogFiles()
const LISHUI = '331100'
const QINGTIAN = '331121'

let app: FastifyInstance
let cleanup: () => Promise<void>
beforeAll(async () => {
  ({ app, cleanup } = await testApp())
})
afterAll(async () => cleanup())

function expectError(res: { statusCode: number; json: () => unknown }, status: number, code: string): void {
  expect(res.statusCode).toBe(status)
  const body = ApiErrorSchema.parse(res.json())
  expect(body.code).toBe(code)
  // a Chinese message a citizen can read
  expect(body.message).toMatch(/\p{Script=Han}/u)
}

function flatten(nodes: RegionNode[]): RegionNode[] {
  return nodes.flatMap((n) => [n, ...flatten(n.children ?? [])])
}

describe('GET /api/v1/regions', () => {
  it('returns the tree province → city → county, including 丽水市 331100 and 青田县 331121', async () => {
    const res = await get(app, '/api/v1/regions')
    expect(res.statusCode).toBe(200)
    const { regions } = RegionsResponseSchema.parse(res.json())
    expect(regions.every((r) => r.level === 'province')).toBe(true)
    const zhejiang = regions.find((r) => r.code === '330000')!
    const lishui = zhejiang.children!.find((c) => c.code === LISHUI)!
    expect(lishui).toMatchObject({ name: '丽水市', level: 'city' })
    expect(lishui.children!.find((c) => c.code === QINGTIAN)).toMatchObject({ name: '青田县', level: 'county' })
    // depth 3 everywhere: cities under provinces, counties under cities, nothing under counties
    for (const p of regions)
      for (const c of p.children ?? []) {
        expect(c.level).toBe('city')
        for (const k of c.children ?? []) {
          expect(k.level).toBe('county')
          expect(k.children ?? []).toEqual([])
        }
      }
    // the same regions as the catalog file, in the same order
    expect(flatten(regions).map((r) => r.code)).toEqual(flatten(catalog.regions).map((r) => r.code))
  })
})

describe('GET /api/v1/departments', () => {
  it('lists the departments of a city with names from its configuration and item counts', async () => {
    const res = await get(app, `/api/v1/departments?region=${LISHUI}`)
    expect(res.statusCode).toBe(200)
    const { departments } = DepartmentsResponseSchema.parse(res.json())
    const config = catalog.regionConfigs.find((c) => c.code === LISHUI)!
    const agency = departments.find((d) => d.kind === 'agency')!
    expect(agency).toEqual({
      id: `${LISHUI}-agency`,
      name: config.offices.agency.name,
      kind: 'agency',
      regionCode: LISHUI,
      itemCount: catalog.items.filter((i) => i.departmentKind === 'agency' && i.levels.includes('city')).length
    })
    // every department offers something, and together they offer every city item
    expect(departments.every((d) => d.itemCount > 0)).toBe(true)
    expect(departments.reduce((n, d) => n + d.itemCount, 0)).toBe(catalog.items.filter((i) => i.levels.includes('city')).length)
  })

  it('lists the departments of a county (青田县) under the county code', async () => {
    const res = await get(app, `/api/v1/departments?region=${QINGTIAN}`)
    const { departments } = DepartmentsResponseSchema.parse(res.json())
    expect(departments.length).toBeGreaterThan(0)
    for (const d of departments) {
      expect(d.regionCode).toBe(QINGTIAN)
      expect(d.id).toBe(`${QINGTIAN}-${d.kind}`)
      expect(d.name).toContain('青田')
    }
  })

  it('answers bad regions with 4xx codes', async () => {
    expectError(await get(app, '/api/v1/departments?region=999999'), 404, ErrorCode.REGION_UNKNOWN)
    expectError(await get(app, '/api/v1/departments?region=330000'), 400, ErrorCode.REGION_LEVEL_UNSUPPORTED)
    expectError(await get(app, '/api/v1/departments?region=3311'), 400, ErrorCode.VALIDATION)
    expectError(await get(app, '/api/v1/departments'), 400, ErrorCode.VALIDATION)
  })

  it('says REGION_UNKNOWN with the message the app shows', async () => {
    const res = await get(app, '/api/v1/departments?region=999999')
    expect(res.json()).toEqual({ code: 'REGION_UNKNOWN', message: '未找到该地区，请重新选择地区' })
  })
})

describe('GET /api/v1/items', () => {
  it('lists the items of a region in catalog order', async () => {
    const res = await get(app, `/api/v1/items?region=${LISHUI}`)
    expect(res.statusCode).toBe(200)
    const { items } = ItemsResponseSchema.parse(res.json())
    expect(items.map((i) => i.id)).toEqual(catalog.items.filter((i) => i.levels.includes('city')).map((i) => i.id))
    const offsite = items.find((i) => i.id === 'offsite-care-filing')!
    const def = catalog.items.find((i) => i.id === 'offsite-care-filing')!
    expect(offsite).toEqual({
      id: def.id,
      name: def.name,
      popularName: def.popularName,
      handlingMode: def.handlingMode,
      parentName: def.parentName,
      serviceObject: def.serviceObject,
      departmentKind: def.departmentKind,
      timeLimitDays: def.guide.timeLimit.workingDays
    })
  })

  it('lists the county items of 青田县: exactly those whose levels include county', async () => {
    const { items } = ItemsResponseSchema.parse((await get(app, `/api/v1/items?region=${QINGTIAN}`)).json())
    expect(items.map((i) => i.id)).toEqual(catalog.items.filter((i) => i.levels.includes('county')).map((i) => i.id))
  })

  it('filters by department; the department lists add up to the region list', async () => {
    const { departments } = DepartmentsResponseSchema.parse((await get(app, `/api/v1/departments?region=${QINGTIAN}`)).json())
    const all = ItemsResponseSchema.parse((await get(app, `/api/v1/items?region=${QINGTIAN}`)).json()).items
    const union: string[] = []
    for (const d of departments) {
      const res = await get(app, `/api/v1/items?region=${QINGTIAN}&department=${d.id}`)
      expect(res.statusCode).toBe(200)
      const { items } = ItemsResponseSchema.parse(res.json())
      expect(items).toHaveLength(d.itemCount)
      expect(items.every((i) => i.departmentKind === d.kind)).toBe(true)
      union.push(...items.map((i) => i.id))
    }
    expect(union.sort()).toEqual(all.map((i) => i.id).sort())
  })

  it('answers unknown departments, and departments of another region, with DEPARTMENT_UNKNOWN', async () => {
    expectError(await get(app, `/api/v1/items?region=${QINGTIAN}&department=nope`), 404, ErrorCode.DEPARTMENT_UNKNOWN)
    expectError(await get(app, `/api/v1/items?region=${QINGTIAN}&department=${LISHUI}-agency`), 404, ErrorCode.DEPARTMENT_UNKNOWN)
    expectError(await get(app, `/api/v1/items?region=${QINGTIAN}&department=${QINGTIAN}-nothing`), 404, ErrorCode.DEPARTMENT_UNKNOWN)
    expectError(await get(app, `/api/v1/items?region=${QINGTIAN}&department=`), 400, ErrorCode.VALIDATION)
  })

  it('answers bad regions with 4xx codes', async () => {
    expectError(await get(app, '/api/v1/items?region=123456'), 404, ErrorCode.REGION_UNKNOWN)
    expectError(await get(app, '/api/v1/items?region=320000'), 400, ErrorCode.REGION_LEVEL_UNSUPPORTED)
    expectError(await get(app, '/api/v1/items?region=abcdef'), 400, ErrorCode.VALIDATION)
  })
})

describe('GET /api/v1/items/:id', () => {
  function isFilled(v: unknown): boolean {
    if (typeof v === 'string') return v.trim().length > 0
    if (typeof v === 'number' || typeof v === 'boolean') return true
    if (v === null || v === undefined) return false
    if (Array.isArray(v)) return v.length > 0
    return Object.values(v as object).some(isFilled)
  }

  it('composes all 16 guide elements of 001 §4.1.2 for every item in 丽水市 and 青田县', async () => {
    for (const region of [LISHUI, QINGTIAN]) {
      for (const def of catalog.items) {
        const res = await get(app, `/api/v1/items/${def.id}?region=${region}`)
        expect(res.statusCode).toBe(200)
        const detail = ItemDetailSchema.parse(res.json())
        expect(Object.keys(detail.guide)).toEqual(GUIDE_ELEMENTS.map(([key]) => key))
        for (const [key, heading] of GUIDE_ELEMENTS) {
          // the materials list is empty only where the seeds name no material (e.g. a pure lookup)
          if (key === 'materials' && def.guide.materials.length === 0) {
            expect(detail.guide.materials).toEqual([])
            continue
          }
          if (!isFilled(detail.guide[key])) throw new Error(`${def.id} in ${region}: ${heading} (${key}) is empty`)
        }
        expect(detail.sampleData).toBe(true)
        // 001 §5.1.2–5.1.3: the item's form from the catalog; online application is open exactly where there is one
        expect(detail.form).toEqual(def.form)
        expect(detail.onlineApply).toBe(def.form !== null)
        // person items have a form; employer and institution items wait for a 法人 (unit) sign-in
        expect(detail.onlineApply).toBe(def.serviceObject === 'person')
        expect(detail.sources).toEqual(def.sources)
      }
    }
  })

  it('fills place-dependent elements from the region configuration (青田县)', async () => {
    const detail: ItemDetail = ItemDetailSchema.parse((await get(app, `/api/v1/items/offsite-care-filing?region=${QINGTIAN}`)).json())
    const config = catalog.regionConfigs.find((c) => c.code === QINGTIAN)!
    const def = catalog.items.find((i) => i.id === 'offsite-care-filing')!
    const office = config.offices[def.departmentKind]
    expect(detail.region).toEqual({ code: QINGTIAN, name: '青田县', fullName: '浙江省丽水市青田县' })
    expect(detail.department).toEqual({ id: `${QINGTIAN}-${def.departmentKind}`, name: office.name })
    expect(detail.guide.authority.accepting).toBe(office.name)
    expect(detail.guide.authority.deciding).toBe(config.offices[def.decidingKind].name)
    expect(detail.guide.intake).toMatchObject({ phone: office.phone, address: office.address, fax: config.fax, website: config.website })
    expect(detail.guide.office).toEqual({ address: office.address, hours: office.hours })
    expect(detail.guide.consultation.complaintChannels).toEqual(config.complaintChannels)
    expect(detail.guide.consultation.channels.some((c) => c.includes(office.phone))).toBe(true)
    expect(detail.guide.progressQuery.some((p) => p.includes('我的办件'))).toBe(true)
    expect(detail.guide.fees).toEqual(def.guide.fees ?? config.fees)
    // 001 §4.1.2 help: every material's sample and common errors
    expect(detail.guide.help.samples).toHaveLength(def.guide.materials.filter((m) => m.sample).length)
    expect(detail.guide.help.commonErrors).toHaveLength(def.guide.materials.reduce((n, m) => n + m.commonErrors.length, 0))
    expect(detail.guide.help.faq).toEqual(def.guide.faq)
  })

  it('describes the item type by its handling mode (001 §5.2.1–5.2.3)', async () => {
    const byMode = (mode: string) => catalog.items.find((i) => i.handlingMode === mode)!
    const texts: Record<string, string> = {}
    for (const mode of ['smart', 'manual', 'query']) {
      const d = ItemDetailSchema.parse((await get(app, `/api/v1/items/${byMode(mode).id}?region=${LISHUI}`)).json())
      expect(d.guide.itemType.handlingMode).toBe(mode)
      texts[mode] = d.guide.itemType.description
    }
    expect(texts.smart).toContain('即时出具办理结果')
    expect(texts.query).toContain('即时显示查询结果')
    expect(texts.manual).toContain('受理')
    expect(new Set(Object.values(texts)).size).toBe(3)
  })

  it('gives the mailing address only for items that need paper originals (001 §5.1.4)', async () => {
    const mailed = catalog.items.filter((i) => i.needsMailing)
    const notMailed = catalog.items.filter((i) => !i.needsMailing)
    expect(mailed.length).toBeGreaterThan(0)
    const config = catalog.regionConfigs.find((c) => c.code === LISHUI)!
    const d1 = ItemDetailSchema.parse((await get(app, `/api/v1/items/${mailed[0].id}?region=${LISHUI}`)).json())
    expect(d1.mailing).toEqual(config.mailing)
    const d2 = ItemDetailSchema.parse((await get(app, `/api/v1/items/${notMailed[0].id}?region=${LISHUI}`)).json())
    expect(d2.mailing).toBeNull()
  })

  it('answers bad input with 4xx codes', async () => {
    expectError(await get(app, `/api/v1/items/no-such-item?region=${LISHUI}`), 404, ErrorCode.ITEM_UNKNOWN)
    expectError(await get(app, '/api/v1/items/offsite-care-filing?region=999999'), 404, ErrorCode.REGION_UNKNOWN)
    expectError(await get(app, '/api/v1/items/offsite-care-filing?region=330000'), 400, ErrorCode.REGION_LEVEL_UNSUPPORTED)
    expectError(await get(app, '/api/v1/items/offsite-care-filing?region=33110'), 400, ErrorCode.VALIDATION)
    expectError(await get(app, '/api/v1/items/offsite-care-filing'), 400, ErrorCode.VALIDATION)
    expectError(await get(app, `/api/v1/items/${'x'.repeat(65)}?region=${LISHUI}`), 400, ErrorCode.VALIDATION)
  })
})

describe('items offered only by cities', () => {
  // The shipped catalog may have no city-only item; this app seeds a copy in which one item is city-only.
  const CITY_ONLY = 'hospital-agreement'
  let cityApp: FastifyInstance
  let cityCleanup: () => Promise<void>
  beforeAll(async () => {
    const seed = loadRepoCatalog()
    const items = seed.files.items.map((i) => (i.id === CITY_ONLY ? { ...i, levels: ['city' as const] } : i))
    ;({ app: cityApp, cleanup: cityCleanup } = await testApp({ loadCatalog: () => ({ ...seed, files: { ...seed.files, items } }) }))
  })
  afterAll(async () => cityCleanup())

  it('are listed, counted and searchable in the city and absent from its counties', async () => {
    const cityItems = ItemsResponseSchema.parse((await get(cityApp, `/api/v1/items?region=${LISHUI}`)).json()).items
    const countyItems = ItemsResponseSchema.parse((await get(cityApp, `/api/v1/items?region=${QINGTIAN}`)).json()).items
    expect(cityItems.map((i) => i.id)).toContain(CITY_ONLY)
    expect(countyItems.map((i) => i.id)).not.toContain(CITY_ONLY)
    expect(countyItems).toHaveLength(cityItems.length - 1)

    const cityDept = DepartmentsResponseSchema.parse((await get(cityApp, `/api/v1/departments?region=${LISHUI}`)).json()).departments
    const countyDept = DepartmentsResponseSchema.parse((await get(cityApp, `/api/v1/departments?region=${QINGTIAN}`)).json()).departments
    const count = (ds: typeof cityDept) => ds.reduce((n, d) => n + d.itemCount, 0)
    expect(count(countyDept)).toBe(count(cityDept) - 1)

    expect((await get(cityApp, `/api/v1/items/${CITY_ONLY}?region=${LISHUI}`)).statusCode).toBe(200)
    expectError(await get(cityApp, `/api/v1/items/${CITY_ONLY}?region=${QINGTIAN}`), 404, ErrorCode.ITEM_NOT_IN_REGION)

    const name = encodeURIComponent('定点医疗机构协议管理')
    const inCity = (await get(cityApp, `/api/v1/search?region=${LISHUI}&q=${name}`)).json() as { items: Array<{ id: string }> }
    const inCounty = (await get(cityApp, `/api/v1/search?region=${QINGTIAN}&q=${name}`)).json() as { items: Array<{ id: string }> }
    expect(inCity.items.map((i) => i.id)).toContain(CITY_ONLY)
    expect(inCounty.items.map((i) => i.id)).not.toContain(CITY_ONLY)
  })

  it('in the shipped catalog, every item a county lacks is one whose levels exclude county', async () => {
    const cityIds = new Set(ItemsResponseSchema.parse((await get(app, `/api/v1/items?region=${LISHUI}`)).json()).items.map((i) => i.id))
    const countyIds = new Set(ItemsResponseSchema.parse((await get(app, `/api/v1/items?region=${QINGTIAN}`)).json()).items.map((i) => i.id))
    for (const def of catalog.items) {
      expect(cityIds.has(def.id)).toBe(def.levels.includes('city'))
      expect(countyIds.has(def.id)).toBe(def.levels.includes('county'))
    }
  })
})

describe('item detail text cache', () => {
  it('serves the same validated text as the composed detail, for every request', async () => {
    const composed = JSON.stringify(ItemDetailSchema.parse(app.catalog.itemDetail('special-drug-filing', QINGTIAN)))
    const first = await get(app, `/api/v1/items/special-drug-filing?region=${QINGTIAN}`)
    const second = await get(app, `/api/v1/items/special-drug-filing?region=${QINGTIAN}`)
    expect(first.headers['content-type']).toMatch(/^application\/json/)
    expect(first.body).toBe(composed)
    expect(second.body).toBe(composed)
    // another region, another text
    const lishui = await get(app, `/api/v1/items/special-drug-filing?region=${LISHUI}`)
    expect(lishui.body).not.toBe(composed)
    expect(ItemDetailSchema.parse(lishui.json()).region.code).toBe(LISHUI)
  })
})
