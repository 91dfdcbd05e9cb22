import { createHash } from 'node:crypto'
import type { RegionNode } from '../../../../contract/catalog'
import type { ItemDefinition, RegionConfig } from '../../../../contract/catalog-data'
import type { Db } from '../../db'
import type { CatalogSeed, CatalogSource, CatalogSynonyms } from './types'

export interface SeedOutcome {
  /** 'created': tables were empty; 'refreshed': the repository catalog changed since the last seed; 'kept': unchanged */
  action: 'created' | 'refreshed' | 'kept'
  sourceHash: string
  itemCount: number
}

interface RegionRow {
  code: string
  name: string
  level: RegionNode['level']
  parent_code: string | null
}

/** sha256 of the seed content: a changed catalog in the repository refreshes the tables on the next start. */
export function seedHash(seed: CatalogSeed): string {
  return createHash('sha256').update(JSON.stringify(seed)).digest('hex')
}

/**
 * The default catalog adapter: the repository's catalog, stored in SQLite (`001_catalog.sql`).
 *
 * Seeding (`ensureSeeded`): on first run the tables are empty and are filled from the catalog files; on later runs
 * nothing is written while the files are unchanged (their hash is kept in `catalog_seed`). When the files changed
 * (a new release of the catalog), the catalog tables are replaced in one transaction — never appended to — so a
 * data folder never holds duplicates or a half-written catalog.
 */
export class EmbeddedCatalogSource implements CatalogSource {
  readonly kind = 'embedded'

  constructor(private readonly db: Db) {}

  ensureSeeded(loadSeed: () => CatalogSeed): SeedOutcome {
    const seed = loadSeed()
    const hash = seedHash(seed)
    const run = this.db.transaction((): SeedOutcome => {
      const current = this.db
        .prepare<[], { source_hash: string; item_count: number }>('SELECT source_hash, item_count FROM catalog_seed WHERE id = 1')
        .get()
      if (current && current.source_hash === hash) return { action: 'kept', sourceHash: hash, itemCount: current.item_count }
      const empty = !current && this.count('catalog_items') === 0 && this.count('catalog_regions') === 0
      if (!empty) this.clear()
      this.insert(seed)
      this.db
        .prepare('INSERT OR REPLACE INTO catalog_seed (id, source_hash, seeded_at, item_count) VALUES (1, ?, ?, ?)')
        .run(hash, new Date().toISOString(), seed.files.items.length)
      return { action: empty ? 'created' : 'refreshed', sourceHash: hash, itemCount: seed.files.items.length }
    })
    // IMMEDIATE: two instances starting on one data folder seed it once
    return run.immediate()
  }

  private count(table: 'catalog_items' | 'catalog_regions'): number {
    return (this.db.prepare(`SELECT COUNT(*) AS n FROM ${table}`).get() as { n: number }).n
  }

  private clear(): void {
    this.db.exec(`
      DELETE FROM catalog_region_configs;
      DELETE FROM catalog_regions;
      DELETE FROM catalog_items;
      DELETE FROM catalog_synonyms;
      DELETE FROM catalog_hot;
    `)
  }

  private insert(seed: CatalogSeed): void {
    const { files, synonyms } = seed
    const insRegion = this.db.prepare(
      'INSERT INTO catalog_regions (code, name, level, parent_code, position) VALUES (?, ?, ?, ?, ?)'
    )
    let position = 0
    const walk = (nodes: RegionNode[], parent: string | null): void => {
      for (const n of nodes) {
        insRegion.run(n.code, n.name, n.level, parent, position++)
        if (n.children) walk(n.children, n.code)
      }
    }
    walk(files.regions, null)

    const known = new Set(
      this.db.prepare<[], { code: string }>('SELECT code FROM catalog_regions').all().map((r) => r.code)
    )
    const insConfig = this.db.prepare('INSERT INTO catalog_region_configs (code, config) VALUES (?, ?)')
    for (const c of files.regionConfigs) {
      if (!known.has(c.code)) throw new Error(`catalog: region-configs.json has ${c.code}, which regions.json lacks`)
      insConfig.run(c.code, JSON.stringify(c))
    }

    const insItem = this.db.prepare('INSERT INTO catalog_items (id, position, department_kind, definition) VALUES (?, ?, ?, ?)')
    files.items.forEach((item, i) => insItem.run(item.id, i, item.departmentKind, JSON.stringify(item)))

    const insRule = this.db.prepare('INSERT INTO catalog_synonyms (position, from_terms, to_term) VALUES (?, ?, ?)')
    synonyms.rules.forEach((r, i) => insRule.run(i, JSON.stringify(r.from), r.to))
    const insHot = this.db.prepare('INSERT INTO catalog_hot (position, query) VALUES (?, ?)')
    synonyms.hot.forEach((q, i) => insHot.run(i, q))
  }

  async regions(): Promise<RegionNode[]> {
    const rows = this.db
      .prepare<[], RegionRow>('SELECT code, name, level, parent_code FROM catalog_regions ORDER BY position')
      .all()
    const byCode = new Map<string, RegionNode>()
    const roots: RegionNode[] = []
    for (const r of rows) {
      const node: RegionNode = { code: r.code, name: r.name, level: r.level }
      byCode.set(r.code, node)
      const parent = r.parent_code ? byCode.get(r.parent_code) : undefined
      if (parent) (parent.children ??= []).push(node)
      else roots.push(node)
    }
    return roots
  }

  async regionConfigs(): Promise<RegionConfig[]> {
    return this.db
      .prepare<[], { config: string }>(
        'SELECT c.config FROM catalog_region_configs c JOIN catalog_regions r ON r.code = c.code ORDER BY r.position'
      )
      .all()
      .map((r) => JSON.parse(r.config) as RegionConfig)
  }

  async items(): Promise<ItemDefinition[]> {
    return this.db
      .prepare<[], { definition: string }>('SELECT definition FROM catalog_items ORDER BY position')
      .all()
      .map((r) => JSON.parse(r.definition) as ItemDefinition)
  }

  async synonyms(): Promise<CatalogSynonyms> {
    const rules = this.db
      .prepare<[], { from_terms: string; to_term: string }>('SELECT from_terms, to_term FROM catalog_synonyms ORDER BY position')
      .all()
      .map((r) => ({ from: JSON.parse(r.from_terms) as string[], to: r.to_term }))
    const hot = this.db
      .prepare<[], { query: string }>('SELECT query FROM catalog_hot ORDER BY position')
      .all()
      .map((r) => r.query)
    return { rules, hot }
  }
}
