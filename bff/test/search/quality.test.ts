import { loadCatalogFiles, loadSynonyms } from '../../../catalog/index'
import { SearchEngine, itemToSearchDoc } from '../../../domain/search/engine'
import queryFile from './queries.json'

/**
 * Search quality on the real catalog (001 §3.1.3 事项搜索; §4.1.1 事项名称含通俗名称): every query of queries.json
 * is a citizen's way of asking for an item; a query counts as found when one of its expected items is in the top 3.
 * Prints top-1 / top-3 accuracy and the misses; asserts top-3 ≥ 90 %.
 */
interface Query {
  q: string
  expect: string[]
  kind: string
}
const queries = queryFile.queries as Query[]
const catalog = loadCatalogFiles()
const { rules } = loadSynonyms()
const engine = SearchEngine.build(
  catalog.items.map((item) => itemToSearchDoc(item)),
  rules
)

describe('search quality on the real catalog', () => {
  it('has a realistic query set that names existing items', () => {
    expect(queries.length).toBeGreaterThanOrEqual(45)
    const ids = new Set(catalog.items.map((i) => i.id))
    const unknown = queries.flatMap((q) => q.expect.filter((id) => !ids.has(id)).map((id) => `${q.q} → ${id}`))
    expect(unknown).toEqual([])
    // not copied from the item names: at most a few queries may equal a name or a popular name verbatim
    const names = new Set(catalog.items.flatMap((i) => [i.name, i.popularName]))
    expect(queries.filter((q) => names.has(q.q)).length).toBeLessThanOrEqual(3)
  })

  it('finds ≥ 90 % of the queries in the top 3', () => {
    let top1 = 0
    let top3 = 0
    const misses: Array<Record<string, string>> = []
    const byKind = new Map<string, { n: number; top3: number }>()
    for (const query of queries) {
      const { results, normalized } = engine.search(query.q, { limit: 3 })
      const ids = results.map((r) => r.itemId)
      const hit1 = ids.length > 0 && query.expect.includes(ids[0])
      const hit3 = ids.some((id) => query.expect.includes(id))
      if (hit1) top1 += 1
      if (hit3) top3 += 1
      const k = byKind.get(query.kind) ?? { n: 0, top3: 0 }
      byKind.set(query.kind, { n: k.n + 1, top3: k.top3 + (hit3 ? 1 : 0) })
      if (!hit1) {
        misses.push({
          query: query.q,
          expected: query.expect.join(' / '),
          got: results.map((r) => `${r.itemId} (${r.score}, ${r.matchedBy})`).join('; ') || '(nothing)',
          understood: normalized,
          top3: hit3 ? 'yes' : 'NO'
        })
      }
    }
    const pct = (x: number): string => `${((100 * x) / queries.length).toFixed(1)} %`
    console.log(
      `search quality: ${queries.length} queries, ${catalog.items.length} items — top-1 ${pct(top1)}, top-3 ${pct(top3)}\n` +
        [...byKind].map(([kind, k]) => `  ${kind}: ${k.top3}/${k.n} in top 3`).join('\n')
    )
    if (misses.length) console.table(misses)
    expect(top3 / queries.length).toBeGreaterThanOrEqual(0.9)
  })
})
