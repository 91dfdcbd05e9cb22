import { CatalogFilesSchema, SynonymsFileSchema, withoutClauseRefs, type CatalogFiles, type ItemDefinition } from '../contract/catalog-data'
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
 * What citizens read (rules, hints, notices, answers…) comes without clause references; the item's `sources` and the
 * guide's `basis` (办事依据) keep theirs.
 */
export function loadCatalogFiles(): CatalogFiles {
  const files = CatalogFilesSchema.parse({
    items: [...items1, ...items2, ...items3],
    regions,
    regionConfigs
  })
  return { ...files, items: files.items.map(forCitizens) }
}

/** Every text of an item without clause references, except where the references are the content. */
export function forCitizens(item: ItemDefinition): ItemDefinition {
  const clean = <T>(v: T): T => {
    if (typeof v === 'string') return withoutClauseRefs(v) as T
    if (Array.isArray(v)) return v.map(clean) as T
    if (v && typeof v === 'object') return Object.fromEntries(Object.entries(v).map(([k, x]) => [k, clean(x)])) as T
    return v
  }
  const { sources, guide, ...rest } = item
  const { basis, ...guideRest } = guide
  return { ...clean(rest), sources, guide: { ...clean(guideRest), basis } }
}

export function loadSynonyms(): { rules: SynonymRule[]; hot: string[] } {
  return SynonymsFileSchema.parse(synonyms)
}
