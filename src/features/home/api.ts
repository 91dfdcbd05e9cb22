import { ItemsResponseSchema, type ItemSummary } from '@contract'
import { apiGet } from '@/shared/api/client'
import { API } from '@/shared/api/routes'

/** The items a region offers (home picks the frequently used ones from them). */
export async function fetchRegionItems(region: string): Promise<ItemSummary[]> {
  return (await apiGet(API.items, ItemsResponseSchema, { region })).items
}
