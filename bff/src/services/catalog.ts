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
   * filled on first request, least recently used dropped beyond DETAIL_CACHE_MAX (a per-process cache, never a source
   * of truth)
   */
  private readonly detailJson = new Map<string, Representation>()

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
    let rep = this.detailJson.get(key)
    if (rep === undefined) {
      rep = representation(JSON.stringify(ItemDetailSchema.parse(this.itemDetail(id, regionCode))), 'application/json; charset=utf-8')
      if (this.detailJson.size >= DETAIL_CACHE_MAX) this.detailJson.delete(this.detailJson.keys().next().value!)
    } else {
      this.detailJson.delete(key) // re-inserted below as the most recently used
    }
    this.detailJson.set(key, rep)
    return rep
  }
}
