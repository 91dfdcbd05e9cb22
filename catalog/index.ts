import { CatalogFilesSchema, SynonymsFileSchema, type CatalogFiles } from '../contract/catalog-data'
import type { SynonymRule } from '../contract/catalog-data'
import items1 from './items/items-1.json'
import items2 from './items/items-2.json'
import items3 from './items/items-3.json'
import regions from './regions.json'
import regionConfigs from './region-configs.json'
import synonyms from './synonyms.json'

/**
 * The catalog as shipped in this repository, validated against the contract.
 * Throws with the zod issues when a data file does not conform, so bad data never reaches a citizen.
 */
export function loadCatalogFiles(): CatalogFiles {
  return CatalogFilesSchema.parse({
    items: [...items1, ...items2, ...items3],
    regions,
    regionConfigs
  })
}

export function loadSynonyms(): { rules: SynonymRule[]; hot: string[] } {
  return SynonymsFileSchema.parse(synonyms)
}
