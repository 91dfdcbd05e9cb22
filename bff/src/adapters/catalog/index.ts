import { loadCatalogFiles, loadSynonyms } from '../../../../catalog/index'
import type { Db } from '../../db'
import { EmbeddedCatalogSource, type SeedOutcome } from './embedded'
import type { CatalogSeed, CatalogSource } from './types'

export type { CatalogSeed, CatalogSource, CatalogSynonyms, GuideVersion } from './types'
export { EmbeddedCatalogSource, seedHash, type SeedOutcome } from './embedded'

/** The repository's catalog files, validated against the contract (catalog/index.ts). */
export function loadRepoCatalog(): CatalogSeed {
  return { files: loadCatalogFiles(), synonyms: loadSynonyms() }
}

/** Picks the catalog adapter named by CATALOG_SOURCE; the embedded one seeds its tables first. */
export async function createCatalogSource(
  kind: 'embedded',
  db: Db,
  loadSeed: () => CatalogSeed = loadRepoCatalog
): Promise<{ source: CatalogSource; seed: SeedOutcome }> {
  switch (kind) {
    case 'embedded': {
      const source = new EmbeddedCatalogSource(db)
      return { source, seed: await source.ensureSeeded(loadSeed) }
    }
  }
}
