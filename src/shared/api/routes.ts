import { NATIONAL_REGIONS_PATH } from '@contract'

/**
 * BFF routes of the catalog (the contract's schemas in contract/catalog.ts name their query and params):
 *   GET /api/v1/regions                         → RegionsResponse
 *   GET /api/v1/departments?region=             → DepartmentsResponse            (001 §5.1.1 region → department)
 *   GET /api/v1/items?region=&department=       → ItemsResponse
 *   GET /api/v1/items/:id?region=               → ItemDetail (the guide, 001 §4.1.2)
 *   GET /api/v1/search?q=&region=               → SearchResponse                 (001 §3.1.3)
 *   GET /api/v1/search/hot                      → HotSearchesResponse
 *   GET /api/v1/national-regions?parent=        → NationalRegionsResponse        (GB/T 2260, one level)
 * and the one family route two capabilities read (home shows requests awaiting an answer; 亲情账户 answers them):
 *   GET /api/v1/family/requests                 → FamilyRequestsResponse         (contract/family.ts)
 */
export const API = {
  regions: '/api/v1/regions',
  nationalRegions: NATIONAL_REGIONS_PATH,
  departments: '/api/v1/departments',
  items: '/api/v1/items',
  item: (id: string) => `/api/v1/items/${encodeURIComponent(id)}`,
  search: '/api/v1/search',
  hotSearches: '/api/v1/search/hot',
  familyRequests: '/api/v1/family/requests'
} as const
