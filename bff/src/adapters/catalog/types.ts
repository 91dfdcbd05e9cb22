import type { RegionNode } from '../../../../contract/catalog'
import type { CatalogFiles, ItemDefinition, RegionConfig, SynonymRule } from '../../../../contract/catalog-data'

/**
 * Upstream adapter: where the catalog (事项目录) comes from. The embedded implementation serves the repository's
 * catalog from the database; a real provincial platform implements the same interface over its own item library
 * (001 §4.1.1 事项梳理 results). Every method is async because a real one is a network call.
 */
export interface CatalogSource {
  /** a short name for logs, e.g. "embedded" */
  readonly kind: string
  /** the region tree (GB/T 2260): provinces → cities → counties, in display order */
  regions(): Promise<RegionNode[]>
  /** place-dependent values (offices, phones, fees, mailing address) of every city and county that has them */
  regionConfigs(): Promise<RegionConfig[]>
  /** every item definition, in catalog order (001 Appendix A first) */
  items(): Promise<ItemDefinition[]>
  /** the synonym list for search and the maintained hot searches */
  synonyms(): Promise<CatalogSynonyms>
  /**
   * every published version of every item's guide, oldest first: a case keeps the version it was filed under and is
   * held to it (domain/guide-contract.ts). A real item library answers its own version history here.
   */
  guideVersions(): Promise<GuideVersion[]>
}

/** An item's guide as published on a day (the whole item definition it was composed from). */
export interface GuideVersion {
  itemId: string
  version: number
  publishedAt: string
  definition: ItemDefinition
}

export interface CatalogSynonyms {
  rules: SynonymRule[]
  hot: string[]
}

/** What the embedded adapter seeds its tables from (the repository's catalog/ files). */
export interface CatalogSeed {
  files: CatalogFiles
  synonyms: CatalogSynonyms
}
