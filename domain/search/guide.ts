/**
 * The guides' own words as search texts: a citizen's full question (出车祸受伤医保能报吗) is often answered by a
 * line of a guide — a 常见问题 (its question or answer), a 禁止 line of 受理条件 (001 §4.1.2: 受理条件 includes what
 * is not allowed) or a material (意外伤害证明材料…《道路交通事故认定书》) — rather than by an item's name.
 *
 * Each line is analysed once per guide (a guide is shared by all the regions offering its item) and scored by the
 * IDF-weighted share of the query's n-grams it holds, the IDF counted over the guides, not over the item names.
 * The line that answers names the suggestion's reason (指南常见问题：…).
 */

/** What of an item's guide the search reads (a structural subset of ItemDefinition['guide']). */
export interface GuideTexts {
  faq?: ReadonlyArray<{ q: string; a: string }>
  conditions?: { prohibitions?: readonly string[] }
  materials?: ReadonlyArray<{ name: string }>
}

export type GuideLineKind = 'faq' | 'faqAnswer' | 'prohibition' | 'material'

export interface GuideLine {
  kind: GuideLineKind
  /** what the citizen is shown: the FAQ's question, the prohibition, the material's name */
  topic: string
  /** character unigrams and bigrams of the compact text */
  grams: Set<string>
}

/** how much a line of each kind counts: a question asked as the citizen asks it counts most */
export const GUIDE_LINE_WEIGHT: Record<GuideLineKind, number> = { faq: 1, faqAnswer: 0.85, prohibition: 0.95, material: 0.85 }

const GUIDE_LINE_LABEL: Record<GuideLineKind, string> = {
  faq: '指南常见问题',
  faqAnswer: '指南常见问题',
  prohibition: '指南禁止事项',
  material: '指南所需材料'
}

/** the machine-facing name of the match (SearchResult.matchedBy) */
export const guideMatchedBy = (line: GuideLine): string => GUIDE_LINE_LABEL[line.kind]

/** how many characters of a line the reason shows */
const REASON_CHARS = 28

/**
 * The citizen-facing reason, one short line: 「指南常见问题：发票丢了还能报销吗？」. A longer line is shown from where
 * it holds the most of the query's words (…用人单位不得以“自愿放弃”为由为其终止), not cut before them.
 */
export function guideReason(line: GuideLine, query: ReadonlyArray<{ gram: string }> = []): string {
  const cs = Array.from(line.topic)
  let from = 0
  if (cs.length > REASON_CHARS) {
    const words = new Set(query.map((u) => u.gram).filter((g) => Array.from(g).length === 2))
    // the query's words (bigrams) starting at each character of the topic
    const hit = cs.map((c, i) => (i + 1 < cs.length && words.has(c + cs[i + 1]) ? 1 : 0))
    // the window holding the most of them, and of those the one with them nearest its middle
    let best = { n: 0, off: Infinity }
    for (let start = 0; start + REASON_CHARS <= cs.length; start += 1) {
      let n = 0
      let at = 0
      for (let i = start; i < start + REASON_CHARS - 1; i += 1) if (hit[i]) [n, at] = [n + 1, at + i]
      const off = n ? Math.abs(at / n + 1 - (start + REASON_CHARS / 2)) : Infinity
      if (n > best.n || (n === best.n && n > 0 && off < best.off)) [best, from] = [{ n, off }, start]
    }
  }
  const shown = cs.slice(from, from + REASON_CHARS).join('')
  return `${GUIDE_LINE_LABEL[line.kind]}：${from > 0 ? '……' : ''}${shown}${from + REASON_CHARS < cs.length ? '……' : ''}`
}

/** A text cut to `max` characters with 「……」. */
export function clip(text: string, max: number): string {
  const cs = Array.from(text)
  return cs.length <= max ? text : `${cs.slice(0, max).join('')}……`
}

/** The lines of a guide, each with the grams of its compact text (`compact` is the engine's normalisation). */
export function guideLines(guide: GuideTexts, compact: (s: string) => string, gramsOf: (s: string) => Set<string>): GuideLine[] {
  const lines: GuideLine[] = []
  const add = (kind: GuideLineKind, topic: string, text: string): void => {
    const c = compact(text)
    if (c) lines.push({ kind, topic, grams: gramsOf(c) })
  }
  for (const f of guide.faq ?? []) {
    add('faq', f.q, f.q)
    add('faqAnswer', f.q, f.a)
  }
  for (const p of guide.conditions?.prohibitions ?? []) add('prohibition', p, p)
  for (const m of guide.materials ?? []) add('material', m.name, m.name)
  return lines
}

/** gram → the indexes of the lines holding it */
export function postingsOf(lines: GuideLine[]): Map<string, number[]> {
  const postings = new Map<string, number[]>()
  lines.forEach((line, i) => {
    for (const g of line.grams) {
      const list = postings.get(g)
      if (list) list.push(i)
      else postings.set(g, [i])
    }
  })
  return postings
}
