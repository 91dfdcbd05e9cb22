import {
  DepartmentsResponseSchema,
  HotSearchesResponseSchema,
  ItemDetailSchema,
  ItemsResponseSchema,
  RegionsResponseSchema,
  SEARCH_QUERY_MAX,
  SearchResponseSchema,
  type DepartmentsResponse,
  type ItemDetail,
  type ItemsResponse,
  type RegionsResponse,
  type SearchHit,
  type SearchResponse
} from '../contract'
import { loadCatalogFiles, loadSynonyms } from '../catalog'
import { errors } from '../bff/src/errors'
import { SearchEngine, regionSearchDocs } from '../bff/src/search/engine'
import { CatalogService, toSummary } from '../bff/src/services/catalog'

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
    search(rawQuery, regionCode) {
      const q = rawQuery.trim()
      if (!q) throw errors.queryEmpty()
      if (Array.from(q).length > SEARCH_QUERY_MAX) throw errors.queryTooLong()
      const region = catalog.region(regionCode)
      const { results, normalized } = engine.search(q, { partition: region.node.code, limit: MOCK_SEARCH_LIMIT })
      if (!normalized) throw errors.queryEmpty()
      const items: SearchHit[] = []
      for (const r of results) {
        const def = catalog.itemDefinition(r.itemId)
        if (def && !items.some((i) => i.id === def.id)) items.push({ ...toSummary(def), matchedBy: r.matchedBy, score: r.score })
      }
      return SearchResponseSchema.parse({ items, normalized })
    },
    hot: () => HotSearchesResponseSchema.parse({ hot: synonyms.hot.slice(0, 10) })
  }
}
