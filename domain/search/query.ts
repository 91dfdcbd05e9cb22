import { MEDICAL_SECURITY_HOTLINE, SEARCH_QUERY_MAX, type SearchHit, type SearchResponse } from '../../contract/catalog'
import { toSummary, type Catalog } from '../catalog'
import { errors } from '../errors'
import type { SearchEngine } from './engine'

/** How a query is kept in the log and shown in hot searches: NFKC, lower-case, single spaces. */
export function logForm(q: string): string {
  return q.normalize('NFKC').toLowerCase().replace(/\s+/g, ' ').trim()
}

/**
 * The search rules shared by the BFF and the msw mocks (pure: no log): best match first; empty or whitespace-only →
 * 400 QUERY_EMPTY; over SEARCH_QUERY_MAX characters → 400 QUERY_TOO_LONG; the region must be a city or county
 * (see Catalog.region). Every answer carries 12393 and the region's agency (its name, phone and hours), which the app
 * offers when no item fits. Returns the answer and the resolved region code.
 */
export function searchInRegion(
  engine: SearchEngine,
  catalog: Pick<Catalog, 'region' | 'itemDefinition'>,
  rawQuery: string,
  regionCode: string,
  limit: number
): { response: SearchResponse; region: string } {
  const q = rawQuery.trim()
  if (!q) throw errors.queryEmpty()
  if (Array.from(q).length > SEARCH_QUERY_MAX) throw errors.queryTooLong()
  const served = catalog.region(regionCode)
  const region = served.node.code
  const agency = served.config?.offices.agency
  const { results, normalized } = engine.search(q, { partition: region, limit })
  // punctuation or symbols only: nothing to look for
  if (!normalized) throw errors.queryEmpty()
  const items: SearchHit[] = []
  const seen = new Set<string>()
  for (const r of results) {
    const item = catalog.itemDefinition(r.itemId)
    if (!item || seen.has(item.id)) continue
    seen.add(item.id)
    items.push({ ...toSummary(item), matchedBy: r.matchedBy, reason: r.reason, score: r.score })
  }
  const help = {
    hotline: MEDICAL_SECURITY_HOTLINE,
    agency: agency ? { name: agency.name, phone: agency.phone, hours: agency.hours } : null
  }
  return { response: { items, normalized, help }, region }
}
