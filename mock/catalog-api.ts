import {
  DepartmentsResponseSchema,
  HotSearchesResponseSchema,
  ItemDetailSchema,
  ItemsResponseSchema,
  NationalRegionsResponseSchema,
  RegionsResponseSchema,
  SearchResponseSchema,
  type NationalPlace,
  type DepartmentsResponse,
  type ItemDetail,
  type ItemsResponse,
  type RegionsResponse,
  type SearchResponse,
  type RegionNode
} from '../contract'
import { areaList } from '@vant/area-data'
import { errors } from '../domain/errors'
import { isNationalPlace, nationalFullName, nationalLevel } from '../domain/national-regions'
import { loadCatalogFiles, loadSynonyms } from '../catalog'
import { Catalog } from '../domain/catalog'
import { SearchEngine, regionSearchDocs, type SearchDoc } from '../domain/search/engine'
import type { SynonymRule } from '../contract/catalog-data'
import { searchInRegion } from '../domain/search/query'

/**
 * The catalog routes answered in-process for the msw mocks (browser and jest), from the repository's catalog
 * files. Guide composition and region rules are the same pure rules as the BFF's (domain/catalog.ts), so the
 * mocks answer as the BFF does; search uses the same engine (domain/search/engine.ts) without the query log
 * (hot searches are the maintained list of synonyms.json). Every answer is parsed with the contract schema.
 */
export interface MockCatalogApi {
  regions(): RegionsResponse
  departments(region: string): DepartmentsResponse
  items(region: string, department?: string): ItemsResponse
  item(id: string, region: string): ItemDetail
  /** 浙江省丽水市莲都区 for 331102 (the BFF's region names, for case pages) */
  regionFullName(code: string): string | null
  /** one level of the national list (as GET /api/v1/national-regions; 400 REGION_NOT_IN_DATASET) */
  nationalRegions(parent?: string): { regions: NationalPlace[] }
  /** whether a code is a place of the national list (the BFF's submit check) */
  isNationalPlace(code: string): boolean
  search(q: string, region: string): SearchResponse
  hot(): { hot: string[] }
  /** an item's name whatever the region (null: no such item) */
  itemName(id: string): string | null
}

export const MOCK_SEARCH_LIMIT = 20

/** How the mocks get their search engine over the catalog's docs and rules. */
export type SearchEngineSource = (docs: SearchDoc[], rules: SynonymRule[]) => SearchEngine
let engineSource: SearchEngineSource = (docs, rules) => SearchEngine.build(docs, rules)
/**
 * Built here by default (the browser); jest's app project passes the BFF's stored index (test/setup-app.ts), so its
 * test files read the index instead of each building it.
 */
export function setSearchEngineSource(source: SearchEngineSource): void {
  engineSource = source
}

export async function createMockCatalogApi(): Promise<MockCatalogApi> {
  const files = loadCatalogFiles()
  const synonyms = loadSynonyms()
  const catalog = Catalog.of(files)
  const engine = engineSource(regionSearchDocs(catalog.servedRegions()), synonyms.rules)

  return {
    regions: () => RegionsResponseSchema.parse({ regions: catalog.regions() }),
    departments: (region) => DepartmentsResponseSchema.parse({ departments: catalog.departments(region) }),
    items: (region, department) => ItemsResponseSchema.parse({ items: catalog.items(region, department) }),
    item: (id, region) => ItemDetailSchema.parse(catalog.itemDetail(id, region)),
    regionFullName: (code) => catalog.regionFullName(code) ?? nationalFullName(areaList, code),
    nationalRegions: (parent) => {
      const level = nationalLevel(areaList, parent)
      if (!level) throw errors.regionNotInDataset('地区')
      return NationalRegionsResponseSchema.parse({ regions: level })
    },
    isNationalPlace: (code) => isNationalPlace(areaList, code),
    search: (rawQuery, regionCode) =>
      SearchResponseSchema.parse(searchInRegion(engine, catalog, rawQuery, regionCode, MOCK_SEARCH_LIMIT).response),
    hot: () => HotSearchesResponseSchema.parse({ hot: synonyms.hot.slice(0, 10) }),
    itemName: (id) => catalog.itemDefinition(id)?.name ?? null
  }
}

let api: Promise<MockCatalogApi> | null = null
let built: MockCatalogApi | null = null
/** The one mock catalog of the process (built on first use: the catalog files and the search index). */
export function mockApi(): Promise<MockCatalogApi> {
  api ??= createMockCatalogApi().then((a) => (built = a))
  return api
}

/**
 * The mocks serve one version of every guide — the repository's catalog as loaded — published when the mocks started:
 * every mock case is filed under it (the BFF records a new version whenever a catalog release changes a guide).
 */
const MOCK_GUIDE_PUBLISHED_AT = new Date().toISOString()
export function mockGuideVersion(): { version: number; publishedAt: string } {
  return { version: 1, publishedAt: MOCK_GUIDE_PUBLISHED_AT }
}

/** An item once the mock catalog is built (null before, or for an item the region does not offer). */
export function mockItemNow(id: string, region: string): ItemDetail | null {
  try {
    return built ? built.item(id, region) : null
  } catch {
    return null
  }
}

/** An item as the mocks serve it in a region (404 ITEM_UNKNOWN, ITEM_NOT_IN_REGION as the BFF's). */
export async function mockItem(id: string, region: string): Promise<ItemDetail> {
  return (await mockApi()).item(id, region)
}

/** The name of a region of the catalog's tree (404 REGION_UNKNOWN). */
export async function mockRegionName(code: string): Promise<string> {
  const walk = (nodes: RegionNode[]): string | null => {
    for (const n of nodes) {
      if (n.code === code) return n.name
      const found = walk(n.children ?? [])
      if (found) return found
    }
    return null
  }
  const name = walk((await mockApi()).regions().regions)
  if (!name) throw errors.regionUnknown()
  return name
}
