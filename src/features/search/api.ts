import { HotSearchesResponseSchema, SearchResponseSchema, type SearchResponse } from '@contract'
import { apiGet } from '@/shared/api/client'
import { API } from '@/shared/api/routes'

/** 事项搜索 (001 §3.1.3) within the chosen region (001 §5.1.1). */
export function searchItems(q: string, region: string): Promise<SearchResponse> {
  return apiGet(API.search, SearchResponseSchema, { q, region })
}

export async function fetchHotSearches(): Promise<string[]> {
  return (await apiGet(API.hotSearches, HotSearchesResponseSchema)).hot
}
