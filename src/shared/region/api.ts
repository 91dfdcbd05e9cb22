import { NationalRegionsResponseSchema, RegionsResponseSchema, type NationalPlace, type RegionNode } from '@contract'
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

const levels = new Map<string, Promise<NationalPlace[]>>()

/**
 * One level of the national list (GB/T 2260): the provinces, or the prefectures / counties under `parent`. Asked a
 * level at a time — the whole list is 340 KB, too much for a mini-program package or one setData — and kept in
 * memory; a failed load is forgotten so the next pick asks again.
 */
export function fetchNationalRegions(parent?: string): Promise<NationalPlace[]> {
  const key = parent ?? ''
  let p = levels.get(key)
  if (!p) {
    p = apiGet(API.nationalRegions, NationalRegionsResponseSchema, parent ? { parent } : undefined).then((r) => r.regions)
    p.catch(() => levels.delete(key))
    levels.set(key, p)
  }
  return p
}
