import { RegionsResponseSchema, type RegionNode } from '@contract'
import { apiGet } from '../api/client'
import { API } from '../api/routes'

let cached: RegionNode[] | null = null

/** The region tree (province → city → county); kept in memory once loaded (it changes only with a release). */
export async function fetchRegions(): Promise<RegionNode[]> {
  if (cached) return cached
  const { regions } = await apiGet(API.regions, RegionsResponseSchema)
  cached = regions
  return regions
}

/** "浙江省丽水市莲都区" for a code, or null when the tree does not have it. */
export function regionFullName(tree: RegionNode[], code: string): string | null {
  for (const p of tree) {
    if (p.code === code) return p.name
    for (const c of p.children ?? []) {
      if (c.code === code) return p.name + c.name
      for (const k of c.children ?? []) if (k.code === code) return p.name + c.name + k.name
    }
  }
  return null
}
