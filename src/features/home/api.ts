import { FamilyRequestsResponseSchema, ItemsResponseSchema, type FamilyRequest, type ItemSummary } from '@contract'
import { apiGet } from '@/shared/api/client'
import { API } from '@/shared/api/routes'

/** The items a region offers (home picks the frequently used ones from them). */
export async function fetchRegionItems(region: string): Promise<ItemSummary[]> {
  return (await apiGet(API.items, ItemsResponseSchema, { region })).items
}

/** Requests from family members to act for me that I have not answered yet (亲情账户, contract/family.ts). */
export async function fetchFamilyRequests(): Promise<FamilyRequest[]> {
  return (await apiGet(API.familyRequests, FamilyRequestsResponseSchema)).requests
}
