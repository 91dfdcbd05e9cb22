import type { SearchResponse } from '../../../contract/catalog'
import type { SynonymRule } from '../../../contract/catalog-data'
import type { Db, Statement } from '../db'
import { regionSearchDocs, type SearchEngine } from '../../../domain/search/engine'
import { logForm, searchInRegion } from '../../../domain/search/query'
import type { CatalogService } from './catalog'
import { loadSearchEngine, type SearchIndexOutcome } from './search-index'

export { logForm, searchInRegion }

export const SEARCH_LIMIT = 20
export const HOT_LIMIT = 10
/** a query must have found results this many times within the window to count as hot */
export const HOT_MIN_COUNT = 2
export const HOT_WINDOW_DAYS = 30
/** search_log rows older than this are deleted at start */
export const SEARCH_LOG_RETENTION_DAYS = 180

const DAY_MS = 86_400_000
/** Queries with a long digit run may be an ID card or phone number: never stored. */
const LOOKS_PERSONAL = /\d{6,}/

/**
 * Item search (001 §3.1.3; 001 §5.1.1: choose a region, then search by keyword).
 *
 * The index is made once at start from the catalog snapshot: one SearchDoc per item per city/county offering it,
 * with partition = region code, so a search reads only its region's docs. The index is derived data, kept between
 * starts under the hash of what it is built from (search-index.ts); the query log that hot searches are computed
 * from lives in the database (`search_log`).
 */
export class SearchService {
  private readonly insertLog: Statement<[string, string, string, number]>
  private readonly selectHot: Statement<[string, number, number], { query: string }>

  private constructor(
    db: Db,
    private readonly catalog: CatalogService,
    private readonly engine: SearchEngine,
    private readonly maintainedHot: string[],
    /** how the index was had at start: from memory, from its stored file, or built (the start banner says it) */
    readonly index: SearchIndexOutcome
  ) {
    this.insertLog = db.prepare<[string, string, string, number]>('INSERT INTO search_log (at, region_code, query, result_count) VALUES (?, ?, ?, ?)')
    this.selectHot = db.prepare<[string, number, number], { query: string }>(
      `SELECT query FROM search_log
        WHERE result_count > 0 AND at >= ?
        GROUP BY query
       HAVING COUNT(*) >= ?
        ORDER BY COUNT(*) DESC, MAX(at) DESC, query
        LIMIT ?`
    )
  }

  /** `indexDir`: where the built index is kept between starts (null: built at every start) */
  static async build(db: Db, catalog: CatalogService, synonyms: { rules: SynonymRule[]; hot: string[] }, indexDir: string | null): Promise<SearchService> {
    const { engine, outcome } = loadSearchEngine(regionSearchDocs(catalog.servedRegions()), synonyms.rules, indexDir)
    await db.prepare<[string]>('DELETE FROM search_log WHERE at < ?').run(new Date(Date.now() - SEARCH_LOG_RETENTION_DAYS * DAY_MS).toISOString())
    return new SearchService(db, catalog, engine, synonyms.hot, outcome)
  }

  /** number of indexed docs (item × region) */
  get size(): number {
    return this.engine.size
  }

  /**
   * Best match first. Empty or whitespace-only → 400 QUERY_EMPTY; over SEARCH_QUERY_MAX characters → 400
   * QUERY_TOO_LONG; the region must be a city or county (see CatalogService.region).
   */
  async search(rawQuery: string, regionCode: string, now: Date = new Date()): Promise<SearchResponse> {
    const { response, region } = searchInRegion(this.engine, this.catalog, rawQuery, regionCode, SEARCH_LIMIT)
    await this.record(rawQuery.trim(), region, response.items.length, now)
    return response
  }

  private async record(q: string, regionCode: string, resultCount: number, now: Date): Promise<void> {
    const query = logForm(q)
    if (!query || LOOKS_PERSONAL.test(query)) return
    await this.insertLog.run(now.toISOString(), regionCode, query, resultCount)
  }

  /**
   * Hot searches: the queries that found results most often in the last HOT_WINDOW_DAYS (at least HOT_MIN_COUNT
   * times), topped up with the maintained list of synonyms.json, HOT_LIMIT in all, without repeats.
   */
  async hot(now: Date = new Date()): Promise<string[]> {
    const since = new Date(now.getTime() - HOT_WINDOW_DAYS * DAY_MS).toISOString()
    const out: string[] = []
    const seen = new Set<string>()
    const add = (q: string): void => {
      const key = logForm(q)
      if (out.length < HOT_LIMIT && !seen.has(key)) {
        seen.add(key)
        out.push(q)
      }
    }
    for (const row of await this.selectHot.all(since, HOT_MIN_COUNT, HOT_LIMIT)) add(row.query)
    for (const q of this.maintainedHot) add(q)
    return out
  }
}
