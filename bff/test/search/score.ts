import type { SearchEngine } from '../../../domain/search/engine'

/** A citizen's query with the item ids a correct answer lists in its top 3 (bff/test/search/*.json). */
export interface Query {
  q: string
  expect: string[]
  kind: string
  /** words the reason line of the expected item should hold, where a line of its guide answers the question */
  topic?: string
}

export interface SetScore {
  n: number
  top1: number
  top3: number
  empty: number
  /** queries with a topic whose expected item's reason holds it, of those with a topic */
  topicHits: number
  topics: number
}

/**
 * Top-1 / top-3 / empty answers of each query set, catalog-wide (no region), as the quality test and the search
 * bench print them; the misses (not first) with what was found and why.
 */
export function scoreQuerySets(
  engine: SearchEngine,
  sets: Record<string, Query[]>
): { sets: Record<string, SetScore>; misses: Array<Record<string, string>>; text: string } {
  const out: Record<string, SetScore> = {}
  const misses: Array<Record<string, string>> = []
  for (const [name, queries] of Object.entries(sets)) {
    const s: SetScore = { n: queries.length, top1: 0, top3: 0, empty: 0, topicHits: 0, topics: 0 }
    for (const query of queries) {
      const { results, normalized } = engine.search(query.q, { limit: 3 })
      const ids = results.map((r) => r.itemId)
      const hit1 = ids.length > 0 && query.expect.includes(ids[0])
      const hit3 = ids.some((id) => query.expect.includes(id))
      if (ids.length === 0) s.empty += 1
      if (hit1) s.top1 += 1
      if (hit3) s.top3 += 1
      if (query.topic) {
        s.topics += 1
        if (results.find((r) => query.expect.includes(r.itemId))?.reason.includes(query.topic)) s.topicHits += 1
      }
      if (!hit1) {
        misses.push({
          set: name,
          query: query.q,
          expected: query.expect.join(' / '),
          got: results.map((r) => `${r.itemId} (${r.score}, ${r.reason})`).join('; ') || '(nothing)',
          understood: normalized,
          top3: hit3 ? 'yes' : 'NO'
        })
      }
    }
    out[name] = s
  }
  const pct = (x: number, n: number): string => `${((100 * x) / Math.max(n, 1)).toFixed(1)} %`
  const text = Object.entries(out)
    .map(
      ([name, s]) =>
        `search quality, ${name}: ${s.n} queries — top-1 ${pct(s.top1, s.n)}, top-3 ${pct(s.top3, s.n)}, ` +
        `${s.empty} empty answers` +
        (s.topics ? `; the guide line expected named in ${s.topicHits}/${s.topics} reasons` : '')
    )
    .join('\n')
  return { sets: out, misses, text }
}
