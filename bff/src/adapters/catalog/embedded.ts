import { createHash } from 'node:crypto'
import type { RegionNode } from '../../../../contract/catalog'
import type { ItemDefinition, RegionConfig } from '../../../../contract/catalog-data'
import type { Db } from '../../db'
import type { CatalogSeed, CatalogSource, CatalogSynonyms, GuideVersion } from './types'

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

/**
 * sha256 of an item's guide content: its definition without what only search reads (keywords, 通俗名称). A change of
 * anything the citizen is held to — materials, conditions, time limits, the form — makes a new guide version.
 */
export function guideContentHash(item: ItemDefinition): string {
  const { keywords: _k, popularName: _p, ...content } = item
  return createHash('sha256').update(JSON.stringify(content)).digest('hex')
}

/** sha256 of the seed content: a changed catalog in the repository refreshes the tables on the next start. */
export function seedHash(seed: CatalogSeed): string {
  return createHash('sha256').update(JSON.stringify(seed)).digest('hex')
}

/**
 * The default catalog adapter: the repository's catalog, stored in the database (`001_catalog.sql`).
 *
 * Seeding (`ensureSeeded`): on first run the tables are empty and are filled from the catalog files; on later runs
 * nothing is written while the files are unchanged (their hash is kept in `catalog_seed`). When the files changed
 * (a new release of the catalog), the catalog tables are replaced in one transaction — never appended to — so a
 * data folder never holds duplicates or a half-written catalog.
 */
export class EmbeddedCatalogSource implements CatalogSource {
  readonly kind = 'embedded'

  constructor(private readonly db: Db) {}

  async ensureSeeded(loadSeed: () => CatalogSeed): Promise<SeedOutcome> {
    const seed = loadSeed()
    const hash = seedHash(seed)
    // one transaction under one lock: two instances starting on one database seed it once (the second waits, then
    // finds the hash)
    return this.db.tx(async (): Promise<SeedOutcome> => {
      await this.db.lock('catalog-seed')
      const current = await this.db
        .prepare<[], { source_hash: string; item_count: number }>('SELECT source_hash, item_count FROM catalog_seed WHERE id = 1')
        .get()
      // versions are checked on every start, so a database that predates them gets its first ones without a reseed
      await this.recordGuideVersions(seed.files.items, new Date().toISOString())
      if (current && current.source_hash === hash) return { action: 'kept', sourceHash: hash, itemCount: current.item_count }
      const empty = !current && (await this.count('catalog_items')) === 0 && (await this.count('catalog_regions')) === 0
      if (!empty) await this.clear()
      await this.insert(seed)
      await this.db
        .prepare<[string, string, number]>(
          `INSERT INTO catalog_seed (id, source_hash, seeded_at, item_count) VALUES (1, ?, ?, ?)
           ON CONFLICT (id) DO UPDATE SET source_hash = excluded.source_hash, seeded_at = excluded.seeded_at, item_count = excluded.item_count`
        )
        .run(hash, new Date().toISOString(), seed.files.items.length)
      return { action: empty ? 'created' : 'refreshed', sourceHash: hash, itemCount: seed.files.items.length }
    })
  }

  /**
   * A new dated version of each item whose guide content differs from its latest recorded one (the first for an item
   * never recorded). Never rewrites a version: cases point at them.
   */
  private async recordGuideVersions(items: ItemDefinition[], at: string): Promise<void> {
    const latest = new Map<string, { version: number; sha256: string }>()
    const rows = await this.db
      .prepare<[], { item_id: string; version: number; sha256: string }>('SELECT item_id, version, sha256 FROM catalog_guide_versions ORDER BY item_id, version')
      .all()
    for (const r of rows) latest.set(r.item_id, { version: r.version, sha256: r.sha256 })
    const ins = this.db.prepare<[string, number, string, string, string]>(
      'INSERT INTO catalog_guide_versions (item_id, version, sha256, published_at, definition) VALUES (?, ?, ?, ?, ?)'
    )
    for (const item of items) {
      const sha = guideContentHash(item)
      const last = latest.get(item.id)
      if (last?.sha256 === sha) continue
      await ins.run(item.id, (last?.version ?? 0) + 1, sha, at, JSON.stringify(item))
    }
  }

  async guideVersions(): Promise<GuideVersion[]> {
    return (
      await this.db
        .prepare<[], { item_id: string; version: number; published_at: string; definition: string }>(
          'SELECT item_id, version, published_at, definition FROM catalog_guide_versions ORDER BY item_id, version'
        )
        .all()
    ).map((r) => ({ itemId: r.item_id, version: r.version, publishedAt: r.published_at, definition: JSON.parse(r.definition) as ItemDefinition }))
  }

  private async count(table: 'catalog_items' | 'catalog_regions'): Promise<number> {
    return (await this.db.prepare<[], { n: number }>(`SELECT COUNT(*) AS n FROM ${table}`).get())?.n ?? 0
  }

  private async clear(): Promise<void> {
    await this.db.exec(`
      DELETE FROM catalog_region_configs;
      DELETE FROM catalog_regions;
      DELETE FROM catalog_items;
      DELETE FROM catalog_synonyms;
      DELETE FROM catalog_hot;
    `)
  }

  private async insert(seed: CatalogSeed): Promise<void> {
    const { files, synonyms } = seed
    const insRegion = this.db.prepare<[string, string, string, string | null, number]>(
      'INSERT INTO catalog_regions (code, name, level, parent_code, position) VALUES (?, ?, ?, ?, ?)'
    )
    let position = 0
    const walk = async (nodes: RegionNode[], parent: string | null): Promise<void> => {
      for (const n of nodes) {
        await insRegion.run(n.code, n.name, n.level, parent, position++)
        if (n.children) await walk(n.children, n.code)
      }
    }
    await walk(files.regions, null)

    const known = new Set(
      (await this.db.prepare<[], { code: string }>('SELECT code FROM catalog_regions').all()).map((r) => r.code)
    )
    const insConfig = this.db.prepare<[string, string]>('INSERT INTO catalog_region_configs (code, config) VALUES (?, ?)')
    for (const c of files.regionConfigs) {
      if (!known.has(c.code)) throw new Error(`catalog: region-configs.json has ${c.code}, which regions.json lacks`)
      await insConfig.run(c.code, JSON.stringify(c))
    }

    const insItem = this.db.prepare<[string, number, string, string]>(
      'INSERT INTO catalog_items (id, position, department_kind, definition) VALUES (?, ?, ?, ?)'
    )
    for (const [i, item] of files.items.entries()) await insItem.run(item.id, i, item.departmentKind, JSON.stringify(item))

    const insRule = this.db.prepare<[number, string, string]>('INSERT INTO catalog_synonyms (position, from_terms, to_term) VALUES (?, ?, ?)')
    for (const [i, r] of synonyms.rules.entries()) await insRule.run(i, JSON.stringify(r.from), r.to)
    const insHot = this.db.prepare<[number, string]>('INSERT INTO catalog_hot (position, query) VALUES (?, ?)')
    for (const [i, q] of synonyms.hot.entries()) await insHot.run(i, q)
  }

  async regions(): Promise<RegionNode[]> {
    const rows = await this.db
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
    return (
      await this.db
        .prepare<[], { config: string }>(
          'SELECT c.config FROM catalog_region_configs c JOIN catalog_regions r ON r.code = c.code ORDER BY r.position'
        )
        .all()
    ).map((r) => JSON.parse(r.config) as RegionConfig)
  }

  async items(): Promise<ItemDefinition[]> {
    return (await this.db.prepare<[], { definition: string }>('SELECT definition FROM catalog_items ORDER BY position').all()).map((r) => JSON.parse(r.definition) as ItemDefinition)
  }

  async synonyms(): Promise<CatalogSynonyms> {
    const rules = (
      await this.db
        .prepare<[], { from_terms: string; to_term: string }>('SELECT from_terms, to_term FROM catalog_synonyms ORDER BY position')
        .all()
    ).map((r) => ({ from: JSON.parse(r.from_terms) as string[], to: r.to_term }))
    const hot = (await this.db.prepare<[], { query: string }>('SELECT query FROM catalog_hot ORDER BY position').all()).map((r) => r.query)
    return { rules, hot }
  }
}
