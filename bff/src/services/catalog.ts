import { ItemDetailSchema, type ItemDetail } from '../../../contract/catalog'
import { Catalog, composeDetail, type ServedRegion } from '../../../domain/catalog'
import type { CatalogSource, GuideVersion } from '../adapters/catalog'
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

  /** item id → its published guide versions, oldest first (domain/guide-contract.ts: a case is held to its own) */
  private versions = new Map<string, GuideVersion[]>()

  static async load(source: CatalogSource): Promise<CatalogService> {
    const [regions, configs, items, versions] = await Promise.all([source.regions(), source.regionConfigs(), source.items(), source.guideVersions()])
    const catalog = new CatalogService(regions, configs, items)
    for (const v of versions) catalog.versions.set(v.itemId, [...(catalog.versions.get(v.itemId) ?? []), v])
    return catalog
  }

  /** The version of an item's guide served now (a new case is filed under it), or null when none is recorded. */
  currentGuideVersion(itemId: string): { version: number; publishedAt: string } | null {
    const v = this.versions.get(itemId)?.at(-1)
    return v ? { version: v.version, publishedAt: v.publishedAt } : null
  }

  /** A recorded version (null: a case filed before versions were kept reads version 1, the closest known). */
  guideVersion(itemId: string, version: number | null): GuideVersion | null {
    const all = this.versions.get(itemId) ?? []
    return all.find((v) => v.version === (version ?? 1)) ?? null
  }

  /**
   * The item as a case filed under `version` of its guide knows it: composed from that version's definition with the
   * region's configuration of today (phones and addresses are not the contract; materials and conditions are). The
   * current version, or one not recorded, is the item as served now.
   */
  itemAsFiled(itemId: string, regionCode: string, version: number | null): ItemDetail {
    const now = this.itemDetail(itemId, regionCode)
    const v = this.guideVersion(itemId, version)
    if (!v || v.version === this.currentGuideVersion(itemId)?.version) return now
    const region = this.region(regionCode)
    return composeDetail(v.definition, region, region.config!)
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
