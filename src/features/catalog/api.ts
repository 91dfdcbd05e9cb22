import {
  DepartmentsResponseSchema,
  ItemDetailSchema,
  ItemsResponseSchema,
  type Department,
  type ItemDetail,
  type ItemSummary
} from '@contract'
import { apiGet } from '@/shared/api/client'
import { API } from '@/shared/api/routes'

/** 部门导航 (001 §5.1.1): region → department → item. */
export async function fetchDepartments(region: string): Promise<Department[]> {
  return (await apiGet(API.departments, DepartmentsResponseSchema, { region })).departments
}

export async function fetchItems(region: string, department?: string): Promise<ItemSummary[]> {
  return (await apiGet(API.items, ItemsResponseSchema, { region, department })).items
}

/** The item with its full guide (001 §4.1.2) for a region. */
export function fetchItemDetail(id: string, region: string): Promise<ItemDetail> {
  return apiGet(API.item(id), ItemDetailSchema, { region })
}
