import { ItemDetailSchema } from '../../../contract/catalog'
import { Catalog, type ServedRegion } from '../../../domain/catalog'
import type { CatalogSource } from '../adapters/catalog'
import { representation, type Representation } from '../http/representation'

export { toSummary, departmentId, composeGuide, composeDetail, type ServedRegion } from '../../../domain/catalog'

/** item details kept as JSON bytes with their ETag and compressed copies (about 12 + 2 × 3 KB each) */
export const DETAIL_CACHE_MAX = 2000

/**
 * The catalog's rules (domain/catalog.ts) over a snapshot read from the catalog adapter once at start, plus the
 * item details kept as the bytes that go out.
 */
export class CatalogService extends Catalog {
  /**
   * `<region>:<id>` → the detail as validated JSON bytes (with ETag and compressed copies): derived from the snapshot,
   * filled on first request, at most DETAIL_CACHE_MAX kept (a per-process cache, never a source of truth). Two
   * generations: details are added to the young one; when it is full it becomes the old one and the old one is
   * dropped; a detail asked for from the old generation moves to the young one. So what is asked for stays, and a hit
   * in the young generation — nearly every request — is one Map lookup, with no reordering per request.
   */
  private young = new Map<string, Representation>()
  private old = new Map<string, Representation>()

  /** the served city or county, or null where `region` refuses the code (a province, an unknown code) */
  servedRegion(code: string): ServedRegion | null {
    try {
      return this.region(code)
    } catch {
      return null
    }
  }

  static async load(source: CatalogSource): Promise<CatalogService> {
    const [regions, configs, items] = await Promise.all([source.regions(), source.regionConfigs(), source.items()])
    return new CatalogService(regions, configs, items)
  }

  /**
   * The same detail as JSON, validated against the contract's ItemDetailSchema once per item and region and then
   * served from a cache as bytes with a strong ETag (and brotli/gzip copies made once): the snapshot never changes
   * while the process runs, so neither does the answer. Saves the per-request composition, zod validation,
   * serialisation and compression of a ~12 KB guide.
   */
  itemDetailJson(id: string, regionCode: string): Representation {
    const key = `${regionCode}:${id}`
    const hit = this.young.get(key)
    if (hit !== undefined) return hit
    const rep = this.old.get(key) ?? representation(JSON.stringify(ItemDetailSchema.parse(this.itemDetail(id, regionCode))), 'application/json; charset=utf-8')
    if (this.young.size >= DETAIL_CACHE_MAX / 2) {
      this.old = this.young
      this.young = new Map()
    }
    this.young.set(key, rep)
    return rep
  }
}
