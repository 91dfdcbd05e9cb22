import {
  DepartmentsResponseSchema,
  HotSearchesResponseSchema,
  ItemDetailSchema,
  ItemsResponseSchema,
  RegionsResponseSchema,
  SearchResponseSchema,
  type DepartmentsResponse,
  type ItemDetail,
  type ItemsResponse,
  type RegionsResponse,
  type SearchResponse
} from '../contract'
import { loadCatalogFiles, loadSynonyms } from '../catalog'
import { SearchEngine, regionSearchDocs } from '../bff/src/search/engine'
import { CatalogService } from '../bff/src/services/catalog'
import { searchInRegion } from '../bff/src/services/search'

/**
 * The catalog routes answered in-process for the msw mocks (browser and jest), from the repository's catalog
 * files. Guide composition and region rules are the BFF's own pure service (bff/src/services/catalog.ts), so the
 * mocks answer as the BFF does; search uses the same engine (bff/src/search/engine.ts) without the query log
 * (hot searches are the maintained list of synonyms.json). Every answer is parsed with the contract schema.
 */
export interface MockCatalogApi {
  regions(): RegionsResponse
  departments(region: string): DepartmentsResponse
  items(region: string, department?: string): ItemsResponse
  item(id: string, region: string): ItemDetail
  /** 浙江省丽水市莲都区 for 331102 (the BFF's region names, for case pages) */
  regionFullName(code: string): string | null
  search(q: string, region: string): SearchResponse
  hot(): { hot: string[] }
}

export const MOCK_SEARCH_LIMIT = 20

export async function createMockCatalogApi(): Promise<MockCatalogApi> {
  const files = loadCatalogFiles()
  const synonyms = loadSynonyms()
  const catalog = await CatalogService.load({
    kind: 'mock',
    regions: async () => files.regions,
    regionConfigs: async () => files.regionConfigs,
    items: async () => files.items,
    synonyms: async () => synonyms
  })
  const engine = SearchEngine.build(regionSearchDocs(catalog.servedRegions()), synonyms.rules)

  return {
    regions: () => RegionsResponseSchema.parse({ regions: catalog.regions() }),
    departments: (region) => DepartmentsResponseSchema.parse({ departments: catalog.departments(region) }),
    items: (region, department) => ItemsResponseSchema.parse({ items: catalog.items(region, department) }),
    item: (id, region) => ItemDetailSchema.parse(catalog.itemDetail(id, region)),
    regionFullName: (code) => catalog.regionFullName(code),
    search: (rawQuery, regionCode) =>
      SearchResponseSchema.parse(searchInRegion(engine, catalog, rawQuery, regionCode, MOCK_SEARCH_LIMIT).response),
    hot: () => HotSearchesResponseSchema.parse({ hot: synonyms.hot.slice(0, 10) })
  }
}
