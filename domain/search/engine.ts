// Over 400 lines: one search algorithm (normalisation, pinyin, n-gram index, scoring) whose parts are tuned together.
/**
 * Item search (事项搜索, 001 §3.1.3): a citizen picks a region and types a keyword (001 §5.1.1); items are found
 * by their name, their popular name (通俗名称, 001 §4.1.1), their parent item, their keywords, the words citizens
 * use for them (the agency's synonyms.json and the engine's everyday words, words.ts), their pinyin and pinyin
 * initials, and despite one wrong character. A query naming the direction of a transfer (转到本地) ranks the item
 * named for the other direction lower; the reason names the guide line that answers where one says what the name
 * does not.
 *
 * Pure TypeScript (no Node APIs): the BFF and the msw mocks in the browser run the same engine.
 *
 * How it works
 *  - build(): every distinct field text (a name, a popular name, a keyword…) is analysed ONCE into a `Field`:
 *    its character uni/bigram set, its pinyin readings per character, its pinyin key set (for candidate checks)
 *    and its full pinyin. Fields are interned, and a doc's fields form a `Profile`, interned too: 150 000 region
 *    variants of 45 items cost the analysis of 45 items plus one small array entry per variant. Docs are grouped
 *    by partition (a region code): a search reads only its partition's docs and the global ones, never the others.
 *    (Postings per partition were measured and dropped: at ~45 docs per region they were no faster than checking
 *    the docs' precomputed field sets, and cost ~500 MB once regions carry texts of their own.) The IDF weights
 *    count items, not regions.
 *  - search(): the query is normalised, then
 *      hanzi query  → rewritten by the synonym rules and by homophone correction (each rewrite is a candidate
 *                     reading of the query, scored with a penalty); docs holding a query character are scored by
 *                     exact / prefix / substring match on a field, or else by IDF-weighted n-gram coverage;
 *      latin query  → docs whose pinyin keys hold the query's first two letters are matched against the pinyin of
 *                     each field (full, partial, initials, or a mix); when nothing is spelled that way, a one-typo
 *                     (two for long queries) edit-distance match.
 *  - Score bands (higher is better): exact name 1000 > exact popular name 980 > exact keyword 940 > prefix ~860–920
 *    > substring ~780–840 > n-gram coverage ≤ 660; a synonym reading ×0.9, a corrected reading ×0.8; pinyin ≤ 800,
 *    fuzzy pinyin ×0.7. Ties: itemId, then doc id (deterministic).
 */
import { pinyin } from 'pinyin-pro'
import { SEARCH_QUERY_MAX } from '../../contract/catalog'
import type { SynonymRule } from '../../contract/catalog-data'
import { GUIDE_LINE_WEIGHT, clip, guideLines, guideMatchedBy, guideReason, postingsOf, type GuideLine, type GuideTexts } from './guide'
import { isMap, isSet, PinyinLexicon, type LexiconSnapshot } from './lexicon'
import { EVERYDAY_RULES, directionOf, type Direction } from './words'

export interface SearchDoc {
  id: string
  itemId: string
  /** region code; docs without one are global and found from every partition */
  partition?: string
  name: string
  popularName: string
  parentName: string
  keywords: string[]
  /** the item's guide: its FAQ, prohibitions and materials are searched too (shared by reference between regions) */
  guide?: GuideTexts
}
/** matchedBy is Chinese, e.g. "事项名称" "通俗名称" "近义词：看病的钱→报销" "拼音" "拼音首字母" "纠错：被→备" */
export interface SearchResult {
  id: string
  itemId: string
  score: number
  matchedBy: string
  /** why it is suggested, in one line for the citizen: 「指南常见问题：发票丢了还能报销吗？」「名称含“生育津贴”」 */
  reason: string
}
export interface SearchOptions {
  /** only this partition's docs (plus the global ones); without it, only the global docs */
  partition?: string
  /** default 20, at most 100 */
  limit?: number
}

/** One SearchDoc per catalog item (ItemDefinition has these fields). */
export function itemToSearchDoc(
  item: { id: string; name: string; popularName: string; parentName: string; keywords: string[]; guide?: GuideTexts },
  partition?: string
): SearchDoc {
  return {
    ...(item.guide ? { guide: item.guide } : {}),
    id: partition ? `${partition}:${item.id}` : item.id,
    itemId: item.id,
    partition,
    name: item.name,
    popularName: item.popularName,
    parentName: item.parentName,
    keywords: item.keywords
  }
}

/** One doc per item per region it is offered in, partitioned by region code (what the BFF and the mocks index). */
export function regionSearchDocs(
  regions: Iterable<{ node: { code: string }; items: Parameters<typeof itemToSearchDoc>[0][] }>
): SearchDoc[] {
  const docs: SearchDoc[] = []
  for (const region of regions) {
    for (const item of region.items) docs.push(itemToSearchDoc(item, region.node.code))
  }
  return docs
}

// ---------------------------------------------------------------------------------------------------------------
// Normalisation
// ---------------------------------------------------------------------------------------------------------------

/** trim, full-width → half-width (NFKC), lower-case, tone marks off, punctuation → space, collapse spaces */
export function normalizeQuery(q: string): string {
  return q
    .normalize('NFKC')
    .toLowerCase()
    .normalize('NFD')
    .replace(/\p{M}/gu, '')
    .normalize('NFC')
    .replace(/[\p{P}\p{S}]/gu, ' ')
    .replace(/\s+/g, ' ')
    .trim()
}

/** Field and rule texts are compared without spaces. */
const compact = (s: string): string => normalizeQuery(s).replace(/ /g, '')
const isHan = (c: string): boolean => /\p{Script=Han}/u.test(c)
const HAS_HAN = /\p{Script=Han}/u
const HAS_LATIN = /[a-z]/

/**
 * Words that carry no meaning for finding an item ("怎么办理", "吗"…). They split the query into content chunks;
 * they are removed only from the query, never from the catalog texts. Longest first.
 */
const STOPWORDS = [
  '怎么办理', '如何办理', '怎样办理', '在哪里办', '需要什么', '能不能', '可不可以', '怎么弄', '怎么办', '怎么样',
  '在哪里', '在哪儿', '去哪里', '哪里办', '什么', '怎么', '如何', '怎样', '办理', '在哪', '哪里', '需要', '可以',
  '多少', '手续', '流程', '请问', '一下', '以后', '之后', '然后', '回来', '我的', '我们', '我要', '我想', '是否', '哪些',
  '吗', '呢', '啊', '吧', '了', '的', '得', '我', '要', '想', '能', '去', '给', '办', '把', '在', '和', '有', '是',
  '该', '咋', '先'
].sort((a, b) => b.length - a.length || (a < b ? -1 : 1))

/**
 * Split a query into content chunks at spaces and stopwords. `gapped`: a stopword stood between two chunks, so
 * the chunks joined are not a phrase the citizen wrote (去外地看病要备案吗 → 外地看病 | 备案).
 */
function contentChunks(text: string): { chunks: string[]; gapped: boolean } {
  const chunks: string[] = []
  let cur = ''
  let gapped = false
  let stopSeen = false
  for (let i = 0; i < text.length; ) {
    const stop = text[i] === ' ' ? ' ' : STOPWORDS.find((w) => text.startsWith(w, i))
    if (stop) {
      if (cur) chunks.push(cur)
      cur = ''
      if (stop !== ' ' && chunks.length) stopSeen = true
      i += stop.length
    } else {
      if (stopSeen) gapped = true
      stopSeen = false
      cur += text[i]
      i += 1
    }
  }
  if (cur) chunks.push(cur)
  return { chunks, gapped }
}

// ---------------------------------------------------------------------------------------------------------------
// Pinyin (pinyin-pro), cached per character / per text
// ---------------------------------------------------------------------------------------------------------------

const readingCache = new Map<string, string[]>()
/** All toneless readings of one character (多音字 give several); ü is written v, and u is accepted too. */
function readingsOf(c: string): string[] {
  let r = readingCache.get(c)
  if (!r) {
    const raw = isHan(c) ? (pinyin(c, { toneType: 'none', type: 'array', multiple: true, v: true }) as string[]) : [c]
    r = [...new Set(raw.flatMap((s) => (s.includes('v') ? [s, s.replace(/v/g, 'u')] : [s])))]
    readingCache.set(c, r)
  }
  return r
}

/** Context-aware primary reading of each character (pinyin-pro picks 长住 → chang zhu), then the other readings. */
function charReadings(chars: string[]): string[][] {
  const primary = pinyin(chars.join(''), { toneType: 'none', type: 'array', v: true }) as string[]
  const aligned = primary.length === chars.length
  return chars.map((c, i) => {
    const all = readingsOf(c)
    const first = aligned && isHan(c) ? primary[i] : all[0]
    return [first, ...all.filter((s) => s !== first)]
  })
}

// ---------------------------------------------------------------------------------------------------------------
// Analysed fields, profiles, partitions
// ---------------------------------------------------------------------------------------------------------------

type FieldKind = 'name' | 'popularName' | 'keyword' | 'parentName'
const FIELD_LABEL: Record<FieldKind, string> = {
  name: '事项名称',
  popularName: '通俗名称',
  keyword: '关键词',
  parentName: '主项名称'
}
/** how much a match in this field counts */
const FIELD_WEIGHT: Record<FieldKind, number> = { name: 1, popularName: 1, keyword: 0.9, parentName: 0.7 }
/** score of an exact match / base of a prefix / base of a substring match, per field */
const EXACT: Record<FieldKind, number> = { name: 1000, popularName: 980, keyword: 940, parentName: 760 }
const PREFIX: Record<FieldKind, number> = { name: 860, popularName: 860, keyword: 810, parentName: 680 }
const SUBSTRING: Record<FieldKind, number> = { name: 780, popularName: 780, keyword: 740, parentName: 620 }

interface Field {
  kind: FieldKind
  text: string
  chars: string[]
  /** character unigrams and bigrams */
  grams: Set<string>
  /** readings per character, primary first */
  readings: string[][]
  /** primary readings joined: the full pinyin */
  full: string
  /** letter bigrams of the full pinyin, to skip hopeless fields before the edit distance */
  fullBigrams: Set<string>
  /**
   * the first letter of each syllable, its first two letters, and the first letters of two consecutive syllables:
   * a pinyin query that matches the field starts with one of these
   */
  pinyinKeys: Set<string>
  /** IDF weight of all its grams (set once the IDF is known): how much there is to match in it */
  weight: number
}

interface Profile {
  fields: Field[]
  /** the grams of its fields as written and as the synonym rules read them (医保转到外地 → 异地 too) */
  fieldWords: Set<string>
  /** the direction of a transfer its name and popular name give (关系接续 / 医保转到外地), if any */
  direction: Direction | null
  guide: GuideLine[]
  /** gram → the indexes of the guide lines holding it (a query reads only the lines sharing its grams) */
  guidePostings: Map<string, number[]>
}

/** The docs of one partition, as parallel arrays. */
interface Partition {
  ids: string[]
  itemIds: string[]
  profiles: Profile[]
}

/** A reading of the query: the original, the synonym-rewritten one, the corrected one. */
interface Rewrite {
  /** compact text with stopwords (for exact / prefix / substring) */
  text: string
  /** compact text without stopwords */
  content: string
  units: Array<{ gram: string; weight: number }>
  /** sum of the units' weights */
  weight: number
  /**
   * what may match a field as a whole: the text, and the content when no stopword stood inside it
   * (异地就医备案怎么办 → 异地就医备案; not 去外地看病要备案吗 → 外地看病备案), each with its IDF weight
   */
  phrases: Array<{ text: string; weight: number }>
  factor: number
  /** set for a rewrite: "近义词：…" / "纠错：…" */
  label?: string
  /** the same for the citizen: 「“看病的钱”即“报销”」 */
  because?: string
  /** the units weighed by their IDF over the guides' lines, and their sum */
  guideUnits: Array<{ gram: string; weight: number }>
  guideWeight: number
}

interface Scored {
  score: number
  matchedBy: string
  reason: string
  /** a field holds the query (or its content) as written: the name itself is the answer */
  phrase?: boolean
  /** the share of the query's weight a guide line holds and none of the item's fields does: what the line says and the name does not */
  adds?: number
  /** a FAQ's question holding this share of the query by itself: the citizen asked what the guide already asks */
  asked?: number
}

/** Bumped when the snapshot's shape changes (a snapshot of another format is not restored, the index is built). */
export const SEARCH_INDEX_FORMAT = 1

/** SearchEngine.snapshot(): the built indexes, opaque to hosts (they serialize and store it as it is). */
export interface SearchIndexSnapshot {
  format: typeof SEARCH_INDEX_FORMAT
  size: number
  partitions: Map<string, Partition>
  idf: Map<string, number>
  unknownIdf: number
  bigrams: Set<string>
  charsBySyllable: Map<string, string[]>
  rules: Map<string, Array<{ from: string; to: string }>>
  guideIdf: Map<string, number>
  guideUnknownIdf: number
  lexicon: LexiconSnapshot
}

/** The shape of a snapshot, checked part by part (a file read back may hold anything). */
function isSnapshot(s: unknown): s is SearchIndexSnapshot {
  if (typeof s !== 'object' || s === null) return false
  const o = s as Record<string, unknown>
  const maps = ['partitions', 'idf', 'charsBySyllable', 'rules', 'guideIdf'].every((k) => isMap(o[k]))
  const numbers = ['size', 'unknownIdf', 'guideUnknownIdf'].every((k) => typeof o[k] === 'number' && Number.isFinite(o[k]))
  if (o.format !== SEARCH_INDEX_FORMAT || !maps || !numbers || !isSet(o.bigrams)) return false
  let docs = 0
  for (const part of (o.partitions as Map<string, unknown>).values()) {
    const p = part as Partial<Partition> | null
    if (!p || !Array.isArray(p.ids) || !Array.isArray(p.itemIds) || !Array.isArray(p.profiles)) return false
    if (p.itemIds.length !== p.ids.length || p.profiles.length !== p.ids.length) return false
    docs += p.ids.length
  }
  return docs === o.size
}

/**
 * What the index is built from, as text chunks to hash (a host keys a stored snapshot by this hash, with its own
 * code's): the rules, then each doc's fields, its guide written out once and then referred to by number (regions
 * share an item's guide object, as the engine's analysis does).
 */
export function* searchIndexInput(docs: SearchDoc[], rules: SynonymRule[]): Generator<string> {
  yield JSON.stringify(rules)
  const guides = new Map<GuideTexts, number>()
  for (const d of docs) {
    let g = d.guide ? guides.get(d.guide) : -1
    if (g === undefined) {
      g = guides.size
      guides.set(d.guide!, g)
      yield JSON.stringify(d.guide)
    }
    yield JSON.stringify([d.id, d.itemId, d.partition ?? null, d.name, d.popularName, d.parentName, d.keywords, g])
  }
}

export class SearchEngine {
  readonly size: number
  private readonly partitions: Map<string, Partition>
  private readonly idf: Map<string, number>
  private readonly unknownIdf: number
  /** every character bigram of the catalog texts, for homophone correction */
  private readonly bigrams: Set<string>
  /** syllable → catalog characters with that reading, most frequent first */
  private readonly charsBySyllable: Map<string, string[]>
  /** synonym rules by the first character of `from`, longest `from` first */
  private readonly rules: Map<string, Array<{ from: string; to: string }>>
  /** IDF over the items' guide lines (a gram in every guide says little about which guide answers) */
  private readonly guideIdf: Map<string, number>
  private readonly guideUnknownIdf: number
  /** the words a latin query may spell (synonym phrases, field texts, catalog bigrams) */
  private readonly lexicon: PinyinLexicon

  private constructor(docs: SearchDoc[], rules: SynonymRule[]) {
    this.size = docs.length
    const fieldCache = new Map<string, Field>()
    const field = (kind: FieldKind, raw: string): Field | null => {
      const text = compact(raw)
      if (!text) return null
      const key = `${kind}\u0000${text}`
      let f = fieldCache.get(key)
      if (!f) {
        const chars = Array.from(text)
        const grams = gramsOf(text)
        const readings = charReadings(chars)
        const full = readings.map((r) => r[0]).join('')
        const pinyinKeys = new Set<string>()
        readings.forEach((rs, i) => {
          for (const r of rs) {
            pinyinKeys.add(r[0])
            if (r.length > 1) pinyinKeys.add(r.slice(0, 2))
            for (const next of readings[i + 1] ?? []) pinyinKeys.add(r[0] + next[0])
          }
        })
        f = { kind, text, chars, grams, readings, full, fullBigrams: letterBigrams(full), pinyinKeys, weight: 0 }
        fieldCache.set(key, f)
      }
      return f
    }

    // 0. synonym rules: the agency's, then the engine's everyday words (the guides' lines are read with them too)
    this.rules = new Map()
    const flat = [...rules, ...EVERYDAY_RULES]
      .flatMap((r) => r.from.map((from) => ({ from: compact(from), to: compact(r.to) })))
      .filter((r) => r.from && r.to && r.from !== r.to)
      .sort((a, b) => b.from.length - a.from.length || (a.from < b.from ? -1 : a.from > b.from ? 1 : 0))
    for (const r of flat) {
      const list = this.rules.get(r.from[0]) ?? []
      list.push(r)
      this.rules.set(r.from[0], list)
    }

    // 1. profiles, interned by content; docs grouped by partition ('' = global); the distinct fields of each item
    const profileCache = new Map<string, Profile>()
    const itemFields = new Map<string, Set<Field>>()
    // a guide is analysed once, however many regions offer its item (they share the object)
    const guideCache = new Map<GuideTexts, { id: number; lines: GuideLine[]; postings: Map<string, number[]> }>()
    const itemGuide = new Map<string, GuideLine[]>()
    this.partitions = new Map()
    for (const d of docs) {
      let guide = d.guide ? guideCache.get(d.guide) : undefined
      if (d.guide && !guide) {
        const lines = guideLines(d.guide, compact, (t) => this.guideGrams(t))
        guideCache.set(d.guide, (guide = { id: guideCache.size, lines, postings: postingsOf(lines) }))
      }
      const key = [d.name, d.popularName, d.parentName, ...d.keywords, guide?.id ?? ''].join('\u0001')
      let profile = profileCache.get(key)
      if (!profile) {
        const fields = [
          field('name', d.name),
          field('popularName', d.popularName),
          field('parentName', d.parentName),
          ...d.keywords.map((k) => field('keyword', k))
        ].filter((f): f is Field => f !== null)
        const direction = directionOf(compact(d.name) + ' ' + compact(d.popularName))
        const fieldWords = new Set(fields.flatMap((f) => [...this.guideGrams(f.text)]))
        profileCache.set(key, (profile = { fields, fieldWords, direction, guide: guide?.lines ?? [], guidePostings: guide?.postings ?? new Map() }))
      }
      if (guide) itemGuide.set(d.itemId, guide.lines)
      const fieldsOfItem = itemFields.get(d.itemId) ?? new Set<Field>()
      for (const f of profile.fields) fieldsOfItem.add(f)
      itemFields.set(d.itemId, fieldsOfItem)
      const p = d.partition ?? ''
      let part = this.partitions.get(p)
      if (!part) this.partitions.set(p, (part = { ids: [], itemIds: [], profiles: [] }))
      part.ids.push(d.id)
      part.itemIds.push(d.itemId)
      part.profiles.push(profile)
    }

    // 2. document frequencies over items (IDF), the bigram vocabulary and the homophone table
    // a gram the catalog never uses is mostly a citizen's filler (老人, 明年): it weighs like a common gram (one
    // found in a quarter of the items), so long colloquial queries are not drowned by their own filler
    const itemIdf = idfOver(itemFields.values())
    this.idf = itemIdf.idf
    this.unknownIdf = itemIdf.unknown
    for (const f of fieldCache.values()) f.weight = this.gramsWeight(f.grams)
    this.bigrams = new Set()
    const charFreq = new Map<string, number>()
    for (const f of fieldCache.values()) {
      f.chars.forEach((c, i) => {
        if (i + 1 < f.chars.length) this.bigrams.add(c + f.chars[i + 1])
        if (isHan(c)) charFreq.set(c, (charFreq.get(c) ?? 0) + 1)
      })
    }
    const bySyl = new Map<string, string[]>()
    for (const c of charFreq.keys()) for (const s of readingsOf(c)) bySyl.set(s, [...(bySyl.get(s) ?? []), c])
    for (const list of bySyl.values())
      list.sort((a, b) => charFreq.get(b)! - charFreq.get(a)! || (a < b ? -1 : 1))
    this.charsBySyllable = bySyl

    // guide IDF: document frequency of each gram over the items' guide lines
    const guideIdf = idfOver(itemGuide.values())
    this.guideIdf = guideIdf.idf
    this.guideUnknownIdf = guideIdf.unknown

    // 3. the pinyin lexicon: what citizens say first, then the catalog's texts, then its bigrams, most frequent first
    const bigramFreq = new Map<string, number>()
    for (const f of fieldCache.values())
      f.chars.forEach((c, i) => {
        if (i + 1 < f.chars.length) bigramFreq.set(c + f.chars[i + 1], (bigramFreq.get(c + f.chars[i + 1]) ?? 0) + 1)
      })
    const bigramsByFreq = [...bigramFreq].sort((a, b) => b[1] - a[1] || cmp(a[0], b[0])).map(([g]) => g)
    this.lexicon = new PinyinLexicon(
      [...flat.map((r) => r.from), ...flat.map((r) => r.to), ...[...fieldCache.values()].map((f) => f.text), ...bigramsByFreq]
        .filter((w) => Array.from(w).every(isHan)),
      (w) => charReadings(Array.from(w)).map((r) => r[0]).join('')
    )
  }

  /** Precomputes all indexes once. */
  static build(docs: SearchDoc[], rules: SynonymRule[]): SearchEngine {
    return new SearchEngine(docs, rules)
  }

  /**
   * The built indexes as plain data (Maps, Sets, arrays; interned fields and profiles stay shared objects), for a
   * host to persist with a structured-clone serializer (the BFF: node:v8) and `restore` on its next start instead of
   * building again. Nothing is copied: the snapshot must not be changed.
   */
  snapshot(): SearchIndexSnapshot {
    return {
      format: SEARCH_INDEX_FORMAT,
      size: this.size,
      partitions: this.partitions,
      idf: this.idf,
      unknownIdf: this.unknownIdf,
      bigrams: this.bigrams,
      charsBySyllable: this.charsBySyllable,
      rules: this.rules,
      guideIdf: this.guideIdf,
      guideUnknownIdf: this.guideUnknownIdf,
      lexicon: this.lexicon.snapshot()
    }
  }

  /**
   * An engine from a snapshot (as read back by a host), or null when it is not one this engine wrote: another
   * format, or a part missing or of the wrong kind. The host keys snapshots by the hash of the inputs and of this
   * code (searchIndexInput), so a snapshot that fits was built from the same docs and rules.
   */
  static restore(s: unknown): SearchEngine | null {
    if (!isSnapshot(s)) return null
    const lexicon = PinyinLexicon.restore(s.lexicon)
    if (!lexicon) return null
    const { format: _format, ...state } = s
    return Object.assign(Object.create(SearchEngine.prototype) as SearchEngine, { ...state, lexicon })
  }

  search(q: string, opts: SearchOptions = {}): { results: SearchResult[]; normalized: string } {
    const normalized = Array.from(normalizeQuery(q)).slice(0, SEARCH_QUERY_MAX).join('').trim()
    const limit = Math.min(Math.max(Math.floor(opts.limit ?? 20), 1), 100)
    const parts = [opts.partition ? this.partitions.get(opts.partition) : undefined, this.partitions.get('')].filter(
      (p): p is Partition => p !== undefined
    )
    if (!normalized || parts.length === 0) return { results: [], normalized }

    const best = new Map<string, SearchResult>()
    const keep = (part: Partition, doc: number, s: Scored): void => {
      const id = part.ids[doc]
      const itemId = part.itemIds[doc]
      const score = Math.round(s.score * 100) / 100
      const prev = best.get(itemId)
      if (!prev || score > prev.score || (score === prev.score && id < prev.id))
        best.set(itemId, { id, itemId, score, matchedBy: s.matchedBy, reason: s.reason })
    }

    let understood = normalized
    if (HAS_HAN.test(normalized) && !HAS_LATIN.test(normalized)) {
      understood = this.searchHanzi(parts, normalized, 1, undefined, keep)
      // several wrong characters: fall back to the sound of the query
      if (best.size === 0) {
        const sound = charReadings(Array.from(contentChunks(normalized).chunks.join(''))).map((r) => r[0]).join('')
        this.searchPinyin(parts, sound, 0.7, '纠错：同音字', keep)
      }
    } else {
      // latin or mixed: the words it spells (shebaoka → 社保卡, 生育jintie → 生育津贴) are searched as hanzi…
      // (below the fields' own pinyin for a pure latin query: yidijiuyi stays a 拼音 match of 异地就医)
      const spelled = this.spell(normalized)
      if (spelled) understood = this.searchHanzi(parts, spelled, HAS_HAN.test(normalized) ? 0.95 : 0.75, `拼音：${spelled}`, keep)
      // …and the sound of the whole query is compared with the fields' pinyin (异地jiuyi → yidijiuyi, ydjy)
      if (!spelled || !HAS_HAN.test(normalized)) {
        const letters = normalized.replace(/ /g, '')
        const sound = (HAS_HAN.test(letters) ? charReadings(Array.from(letters)).map((r) => r[0]).join('') : letters)
          .replace(/[^a-z0-9]/g, '')
        this.searchPinyin(parts, sound, 1, undefined, keep)
      }
    }
    // nothing fits: the items sharing the query's rarest words are still the nearest
    if (best.size === 0) this.nearest(parts, this.spell(normalized) ?? normalized, keep)

    const results = [...best.values()]
      .sort((a, b) => b.score - a.score || cmp(a.itemId, b.itemId) || cmp(a.id, b.id))
      .slice(0, limit)
    return { results, normalized: understood }
  }

  /**
   * The hanzi query's readings (as written, with synonyms, corrected), scored against the docs' fields and their
   * guides' lines; a doc counts with its best. Returns the query as understood.
   */
  private searchHanzi(
    parts: Partition[],
    normalized: string,
    factor: number,
    because: string | undefined,
    keep: (part: Partition, doc: number, s: Scored) => void
  ): string {
    const rewrites = this.rewrites(normalized)
    const direction = directionOf(normalized.replace(/ /g, ''))
    for (const part of parts) {
      const candidates = new Set(this.hanziCandidates(part, rewrites))
      part.profiles.forEach((p, doc) => {
        const s = candidates.has(doc) ? this.scoreHanzi(p, rewrites) : null
        const g = this.scoreGuide(p, rewrites)
        const top = s && (!g || s.score >= g.score) ? s : g
        if (!top) return
        // found by its fields and answered by its guide: the other adds a little (more evidence for the same item)
        const other = top === s ? g : s
        // an item named for the other direction of a transfer than the query's (外地医保转到本地 vs 医保转到外地)
        const against = direction !== null && p.direction !== null && p.direction !== direction
        const score = (top.score + (other ? GUIDE_BOTH_BONUS * other.score : 0)) * (against ? OTHER_DIRECTION : 1)
        // the reason: the guide's line where it says what the item's name does not (发票丢了还能报销吗 → its FAQ),
        // unless the query stands in a field as written (异地就医备案 is named by the name, not by a FAQ on it)
        const says = (g?.adds ?? 0) >= GUIDE_ADDS_MIN || ((g?.adds ?? 0) > 0 && (g?.asked ?? 0) >= GUIDE_ASKED_MIN)
        const why = g && (g === top || (says && !s?.phrase)) ? g : top
        const reason = because ? clip(`${because}，${why.reason}`, 40) : why.reason
        keep(part, doc, { score: score * factor, matchedBy: because ? `${because}；${top.matchedBy}` : top.matchedBy, reason })
      })
    }
    return rewrites[rewrites.length - 1].text
  }

  /** The hanzi a latin or mixed query spells with known words (yibao zhuanyi → 医保转移), or null. */
  private spell(normalized: string): string | null {
    if (!HAS_LATIN.test(normalized)) return null
    let out = ''
    for (const run of normalized.replace(/ /g, '').match(/[a-z]+|[^a-z]+/g) ?? []) {
      if (!/^[a-z]/.test(run)) out += run
      else {
        const hanzi = this.lexicon.toHanzi(run)
        if (!hanzi) return null
        out += hanzi
      }
    }
    return out
  }

  /**
   * The nearest items when nothing fits: those whose fields or guide lines share a word (a bigram) of the query, by
   * the guide IDF weight of what they share. A query sharing no word with the catalog (火箭发射) is not about 医保:
   * it has no nearest item, and the app offers 12393 and the agency.
   */
  private nearest(parts: Partition[], text: string, keep: (part: Partition, doc: number, s: Scored) => void): void {
    const words = [...new Set(contentChunks(text).chunks.flatMap((c) => [...gramsOf(c)].filter((g) => g.length === 2)))]
    if (words.length === 0) return
    const all = words.reduce((a, w) => a + this.guideGramWeight(w), 0)
    for (const part of parts) {
      part.profiles.forEach((p, doc) => {
        const shared = words.filter((w) => p.fields.some((f) => f.grams.has(w)) || p.guidePostings.has(w))
        if (shared.length === 0) return
        const got = shared.reduce((a, w) => a + this.guideGramWeight(w), 0)
        keep(part, doc, { score: 50 * (got / all), matchedBy: '相近', reason: `相近事项：与“${shared.slice(0, 2).join('、')}”有关` })
      })
    }
  }

  // ---------------------------------------------------------------- hanzi queries

  /** The original reading, the synonym reading (if a rule applied) and the corrected reading (if any). */
  private rewrites(normalized: string): Rewrite[] {
    const text = normalized.replace(/ /g, '')
    const out = [this.rewrite(normalized, 1)]
    const syn = this.applySynonyms(normalized)
    // the citizen is told the first word read otherwise, not every one (a reason is one line)
    const said = (pairs: string[]): string => pairs.slice(0, 1).map((p) => p.split('→')).map(([a, b]) => `“${a}”即“${b}”`).join('')
    if (syn.pairs.length) out.push(this.rewrite(syn.text, 0.9, `近义词：${syn.pairs.join('、')}`, said(syn.pairs)))
    const last = out[out.length - 1]
    const fixed = this.correct(last.label ? syn.text : normalized)
    if (fixed.pairs.length) {
      const label = [last.label, `纠错：${fixed.pairs.join('、')}`].filter(Boolean).join('；')
      const because = [last.because, fixed.pairs.map((p) => p.split('→')).map(([a, b]) => `“${a}”按“${b}”`).join('、')]
      out.push(this.rewrite(fixed.text, last.factor * 0.8, label, because.filter(Boolean).join('，')))
    }
    return out.filter((r, i) => i === 0 || r.text !== text)
  }

  /** IDF weight of a set of grams; a unigram counts half a bigram. */
  private gramsWeight(grams: Iterable<string>): number {
    let w = 0
    for (const g of grams) w += (g.length === 1 ? 0.5 : 1) * (this.idf.get(g) ?? this.unknownIdf)
    return w
  }

  /**
   * A guide line's grams as written and as the synonym rules read it (在境外就医 → 在出国境就医), so that both
   * readings of a query meet the line.
   */
  private guideGrams(text: string): Set<string> {
    const grams = gramsOf(text)
    for (const piece of this.applySynonyms(text).text.split(' ')) for (const g of gramsOf(piece)) grams.add(g)
    return grams
  }

  /** IDF weight of a gram over the guides' lines; a unigram counts half a bigram. */
  private guideGramWeight(g: string): number {
    return (g.length === 1 ? 0.5 : 1) * (this.guideIdf.get(g) ?? this.guideUnknownIdf)
  }

  private rewrite(spaced: string, factor: number, label?: string, because?: string): Rewrite {
    const { chunks, gapped } = contentChunks(spaced)
    const units = new Map<string, number>()
    for (const chunk of chunks) {
      const cs = Array.from(chunk)
      cs.forEach((c, i) => {
        units.set(c, this.gramsWeight([c]))
        if (i + 1 < cs.length) units.set(c + cs[i + 1], this.gramsWeight([c + cs[i + 1]]))
      })
    }
    const text = spaced.replace(/ /g, '')
    const content = chunks.join('')
    const phrases = [...new Set(gapped ? [text] : [text, content])]
      .filter(Boolean)
      .map((t) => ({ text: t, weight: this.gramsWeight(gramsOf(t)) }))
    const guideUnits = [...units.keys()].map((gram) => ({ gram, weight: this.guideGramWeight(gram) }))
    return {
      text,
      content,
      phrases,
      units: [...units].map(([gram, weight]) => ({ gram, weight })),
      weight: [...units.values()].reduce((a, b) => a + b, 0),
      factor,
      label,
      because,
      guideUnits,
      guideWeight: guideUnits.reduce((a, u) => a + u.weight, 0)
    }
  }

  /**
   * Replace what citizens say by what the catalog says. Longest phrases win over shorter overlapping ones
   * (医保卡里的钱: 卡里的钱 before 医保卡); a phrase overlapping its own target (共济 in 家庭共济) is left alone;
   * a target already written is not written twice (看病的钱怎么报 → 报销).
   */
  private applySynonyms(normalized: string): { text: string; pairs: string[] } {
    const hits: Array<{ at: number; from: string; to: string }> = []
    for (let i = 0; i < normalized.length; i += 1) {
      for (const r of this.rules.get(normalized[i]) ?? []) {
        if (!normalized.startsWith(r.from, i)) continue
        // skip when the target already stands where the phrase is (共济 in 家庭共济, 居民医保 in 城乡居民医保)
        const j = normalized.indexOf(r.to, Math.max(0, i - r.to.length + 1))
        if (j < 0 || j >= i + r.from.length) hits.push({ at: i, ...r })
      }
    }
    hits.sort((a, b) => b.from.length - a.from.length || a.at - b.at)
    const taken = new Array<boolean>(normalized.length).fill(false)
    const chosen = hits.filter((h) => {
      for (let k = h.at; k < h.at + h.from.length; k += 1) if (taken[k]) return false
      for (let k = h.at; k < h.at + h.from.length; k += 1) taken[k] = true
      return true
    })
    chosen.sort((a, b) => a.at - b.at)
    let text = ''
    const pairs: string[] = []
    let i = 0
    for (const h of chosen) {
      text += normalized.slice(i, h.at)
      // the target stands as its own chunk: no bigram across the seam (灵活就业|缴费)
      if (!text.includes(h.to)) text += ` ${h.to} `
      if (!pairs.includes(`${h.from}→${h.to}`)) pairs.push(`${h.from}→${h.to}`)
      i = h.at + h.from.length
    }
    // a leftover piece that a target already says is dropped (参保证明打印 → 查询打印, not 查询打印打印)
    const targets = chosen.map((h) => h.to)
    const kept = (text + normalized.slice(i))
      .split(' ')
      .filter((piece) => piece && (targets.includes(piece) || !targets.some((t) => t.includes(piece))))
    return { text: kept.join(' '), pairs }
  }

  /**
   * Homophone correction (异地就医被案 → 备案): a hanzi that forms no catalog bigram with its neighbours, while a
   * catalog character with the same reading forms one with each neighbour, is replaced by that character.
   */
  private correct(spaced: string): { text: string; pairs: string[] } {
    const pairs: string[] = []
    const fixed = contentChunks(spaced).chunks.map((chunk) => {
      const cs = Array.from(chunk)
      cs.forEach((c, i) => {
        const left = cs[i - 1]
        const right = cs[i + 1]
        const need = (left ? 1 : 0) + (right ? 1 : 0)
        if (!isHan(c) || need === 0) return
        if ((left && this.bigrams.has(left + c)) || (right && this.bigrams.has(c + right))) return
        const fits = (r: string): number =>
          (left && this.bigrams.has(left + r) ? 1 : 0) + (right && this.bigrams.has(r + right) ? 1 : 0)
        for (const s of readingsOf(c)) {
          const hit = (this.charsBySyllable.get(s) ?? []).find((r) => r !== c && fits(r) === need)
          if (hit) {
            cs[i] = hit
            pairs.push(`${c}→${hit}`)
            return
          }
        }
      })
      return cs.join('')
    })
    return { text: fixed.join(' '), pairs }
  }

  /** Docs of the partition with a field holding at least one character of any reading of the query. */
  private hanziCandidates(part: Partition, rewrites: Rewrite[]): number[] {
    const chars = [...new Set(rewrites.flatMap((r) => Array.from(r.content || r.text)))]
    const docs: number[] = []
    part.profiles.forEach((p, doc) => {
      if (p.fields.some((f) => chars.some((c) => f.grams.has(c)))) docs.push(doc)
    })
    return docs
  }

  private scoreHanzi(p: Profile, rewrites: Rewrite[]): Scored | null {
    let best: Scored | null = null
    for (const r of rewrites) {
      const s = this.scoreReading(p, r)
      if (s && (!best || s.score * r.factor > best.score))
        best = { ...s, score: s.score * r.factor, matchedBy: r.label ?? s.matchedBy, reason: r.because ? `${r.because}，${s.reason}` : s.reason }
    }
    return best
  }

  /**
   * The guide line holding the largest IDF-weighted share of the query (over the guides' IDF), with at least one of
   * its bigrams: 出车祸受伤 → 交通事故 + 意外伤害 in 意外伤害证明材料（…《道路交通事故认定书》…）.
   */
  private scoreGuide(p: Profile, rewrites: Rewrite[]): Scored | null {
    let best: (Scored & { line: number }) | null = null
    for (const r of rewrites) {
      if (r.guideWeight <= 0 || p.guide.length === 0) continue
      // the weight each line holds, read through the postings (most lines share nothing with the query)
      const got = new Map<number, { weight: number; bigram: boolean }>()
      for (const u of r.guideUnits) {
        for (const li of p.guidePostings.get(u.gram) ?? []) {
          const acc = got.get(li) ?? { weight: 0, bigram: false }
          acc.weight += u.weight
          if (u.gram.length === 2) acc.bigram = true
          got.set(li, acc)
        }
      }
      // what the item's own fields already say of the query: the line and the fields together answer it
      let inFields: boolean[] | null = null
      for (const [li, acc] of got) {
        if (!acc.bigram || acc.weight / r.guideWeight < GUIDE_MIN_COVERAGE) continue
        const line = p.guide[li]
        inFields ??= r.guideUnits.map((u) => p.fields.some((f) => f.grams.has(u.gram)))
        let together = acc.weight
        let adds = 0
        r.guideUnits.forEach((u, i) => {
          if (inFields![i] && !line.grams.has(u.gram)) together += GUIDE_FIELD_SHARE * u.weight
          if (!p.fieldWords.has(u.gram) && line.grams.has(u.gram)) adds += u.weight
        })
        adds /= r.guideWeight
        // the lines are read with the synonyms too: only a corrected reading is discounted here
        const score = (100 + GUIDE_SPAN * (together / r.guideWeight) * GUIDE_LINE_WEIGHT[line.kind]) * (r.label?.includes('纠错') ? r.factor : 1)
        // the guide's line explains itself: the synonyms that led to it stay in matchedBy
        if (!best || score > best.score || (score === best.score && li < best.line))
          best = { score, matchedBy: [r.label, guideMatchedBy(line)].filter(Boolean).join('；'), reason: guideReason(line, r.guideUnits), adds, asked: line.kind === 'faq' ? acc.weight / r.guideWeight : 0, line: li }
      }
    }
    return best && { score: best.score, matchedBy: best.matchedBy, reason: best.reason, adds: best.adds, asked: best.asked }
  }

  /**
   * Exact / prefix / substring match of the query on a field; else coverage: the IDF-weighted share of the
   * query's n-grams found in the doc, times how much of the best field the query covers (a field with important
   * words left over — 长期住在… for "外地看病备案" — ranks lower).
   */
  private scoreReading(p: Profile, r: Rewrite): Scored | null {
    let best: Scored | null = null
    const consider = (score: number, f: Field, reason: string): void => {
      if (!best || score > best.score) best = { score, matchedBy: FIELD_LABEL[f.kind], reason, phrase: true }
    }
    for (const f of p.fields) {
      for (const { text: s, weight } of r.phrases) {
        if (f.text === s) consider(EXACT[f.kind], f, fieldReason(f, s))
        else if ((s.length >= 2 || f.text.length <= 2) && f.text.includes(s)) {
          // the share of the field's weight the query covers: 生育医疗费用…报销 has 生育 left over for "报销"
          const ratio = Math.min(1, weight / f.weight)
          consider((f.text.startsWith(s) ? PREFIX[f.kind] : SUBSTRING[f.kind]) + 60 * ratio, f, fieldReason(f, s))
        }
      }
    }
    if (best) return best

    // coverage: each query unit counts with the weight of the best field holding it
    let got = 0
    const perField = new Map<Field, number>()
    for (const u of r.units) {
      let w = 0
      let from: Field | null = null
      for (const f of p.fields) {
        if (FIELD_WEIGHT[f.kind] > w && f.grams.has(u.gram)) {
          w = FIELD_WEIGHT[f.kind]
          from = f
        }
      }
      if (from) {
        got += u.weight * w
        perField.set(from, (perField.get(from) ?? 0) + u.weight)
      }
    }
    // enough of the query, and at least one bigram of it when it has any (single characters alone are noise)
    const coverage = r.weight > 0 ? got / r.weight : 0
    const bigram = r.units.every((u) => u.gram.length === 1) || r.units.some((u) => u.gram.length === 2 && perFieldHas(p, u.gram))
    if (coverage >= 0.25 && bigram) {
      // the field that contributed most names the match
      const [top] = [...perField].sort((a, b) => b[1] - a[1] || a[0].text.length - b[0].text.length)
      const density = Math.min(1, top[1] / top[0].weight)
      return {
        score: 100 + 560 * coverage * (0.7 + 0.3 * density),
        matchedBy: FIELD_LABEL[top[0].kind],
        reason: `${FIELD_LABEL[top[0].kind]}相近：${clip(top[0].text, 20)}`
      }
    }
    return null
  }

  // ---------------------------------------------------------------- pinyin queries

  private searchPinyin(
    parts: Partition[],
    sound: string,
    factor: number,
    label: string | undefined,
    keep: (part: Partition, doc: number, s: Scored) => void
  ): void {
    if (!sound) return
    let found = 0
    const key = sound.slice(0, 2)
    for (const part of parts) {
      part.profiles.forEach((p, doc) => {
        if (!p.fields.some((f) => f.pinyinKeys.has(key))) return
        const s = bestPinyinMatch(p, sound)
        if (s) {
          keep(part, doc, { score: s.score * factor, matchedBy: label ?? s.matchedBy, reason: s.reason })
          found += 1
        }
      })
    }
    // nothing spelled this way: a typo? edit distance against the full pinyin, in this partition (and global) only
    const maxEdits = sound.length >= 10 ? 2 : sound.length >= 5 ? 1 : 0
    if (found > 0 || maxEdits === 0) return
    // q-gram filter: an edit spoils at most 3 of the query's letter bigrams, so a field sharing fewer cannot fit
    const qBigrams = [...letterBigrams(sound)]
    const needShared = qBigrams.length - 3 * maxEdits
    for (const part of parts) {
      part.profiles.forEach((p, doc) => {
        let best: Scored | null = null
        for (const f of p.fields) {
          if (needShared > 0 && qBigrams.filter((b) => f.fullBigrams.has(b)).length < needShared) continue
          const m = fuzzyFind(sound, f.full, maxEdits)
          if (!m || m.dist === 0) continue
          const score = pinyinScore(f, (m.end - m.start) / f.full.length, m.start === 0) * (0.7 - 0.05 * m.dist)
          if (!best || score > best.score)
            best = { score, matchedBy: `纠错：${sound}→${f.full.slice(m.start, m.end)}`, reason: `读音相近：${clip(f.text, 20)}` }
        }
        if (best) keep(part, doc, { score: best.score * factor, matchedBy: best.matchedBy, reason: best.reason })
      })
    }
  }
}

/**
 * IDF of each gram over items (each item: the texts it holds), and the weight of a gram none holds: that of a gram
 * found in a quarter of the items.
 */
function idfOver(items: Iterable<Iterable<{ grams: Set<string> }>>): { idf: Map<string, number>; unknown: number } {
  const df = new Map<string, number>()
  let count = 0
  for (const texts of items) {
    count += 1
    const seen = new Set<string>()
    for (const t of texts) for (const g of t.grams) seen.add(g)
    for (const g of seen) df.set(g, (df.get(g) ?? 0) + 1)
  }
  const n = Math.max(count, 1)
  return { idf: new Map([...df].map(([g, c]) => [g, Math.log(1 + n / (c + 1))])), unknown: Math.log(1 + n / (n / 4 + 1)) }
}

function letterBigrams(s: string): Set<string> {
  const out = new Set<string>()
  for (let i = 0; i + 1 < s.length; i += 1) out.add(s.slice(i, i + 2))
  return out
}

/** Character unigrams and bigrams of a text. */
function gramsOf(text: string): Set<string> {
  const cs = Array.from(text)
  const grams = new Set<string>()
  cs.forEach((c, i) => {
    grams.add(c)
    if (i + 1 < cs.length) grams.add(c + cs[i + 1])
  })
  return grams
}

function cmp(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0
}

/** Pinyin score: up to 800 × field weight, more for covering more of the field and for starting at its start. */
function pinyinScore(f: Field, coverage: number, atStart: boolean): number {
  return 800 * FIELD_WEIGHT[f.kind] * (0.5 + 0.3 * Math.min(coverage, 1) + 0.2 * (atStart ? 1 : 0))
}

/** Why a field match is suggested, for the citizen. */
function fieldReason(f: Field, phrase: string): string {
  switch (f.kind) {
    case 'name':
    case 'popularName':
      return `名称含“${clip(phrase, 16)}”`
    case 'keyword':
      return `关键词：${clip(f.text, 16)}`
    case 'parentName':
      return `属于“${clip(f.text, 16)}”`
  }
}

/** a guide line must hold this share of the query's weight to be suggested */
const GUIDE_MIN_COVERAGE = 0.3
/** a guide line's score: 100 + GUIDE_SPAN × coverage × the line's kind weight (below a field's exact/prefix band) */
const GUIDE_SPAN = 380
/** what a query word found in the item's fields (not in the line) counts towards the line's coverage */
const GUIDE_FIELD_SHARE = 0.8
/** an item named for the other direction of a transfer than the query says counts this much */
const OTHER_DIRECTION = 0.85
/**
 * the share of the query a guide line must hold beyond what the item's fields say (read with the synonyms too) for
 * the line to be the reason when the fields score higher: 辞职了以后医保怎么办 → 「指南常见问题：辞职了，医保怎么办？」,
 * not a line that shares one common word with the query
 */
const GUIDE_ADDS_MIN = 0.2
/** …or less beyond them, when a FAQ's question holds this share of the query (医保码和社保卡是一回事吗 → 医保码和社保卡有什么关系？) */
const GUIDE_ASKED_MIN = 0.5
/** share of the second-best evidence (fields vs guide) added to the best */
const GUIDE_BOTH_BONUS = 0.5

function perFieldHas(p: Profile, gram: string): boolean {
  return p.fields.some((f) => f.grams.has(gram))
}

/** The best field match; each further field that matches too adds a little (more evidence for the same item). */
function bestPinyinMatch(p: Profile, q: string): Scored | null {
  let best: Scored | null = null
  let fields = 0
  for (const f of p.fields) {
    let matched = false
    for (let start = 0; start < f.readings.length; start += 1) {
      if (!f.readings[start].some((r) => r[0] === q[0])) continue
      const m = matchSyllables(q, f.readings, start)
      if (!m) continue
      matched = true
      const score = pinyinScore(f, (m.end - start) / f.readings.length, start === 0)
      if (!best || score > best.score)
        best = {
          score,
          matchedBy: m.initialsOnly ? '拼音首字母' : '拼音',
          reason: `${m.initialsOnly ? '拼音首字母' : '拼音'}与“${clip(f.text, 16)}”相符`
        }
    }
    if (matched) fields += 1
  }
  return best && { ...best, score: best.score + 10 * Math.min(2, fields - 1) }
}

/**
 * Does q spell consecutive syllables from `start`, each syllable given in full or by a prefix (yidijiuyi, ydjy,
 * yidjy, yidiji)? Depth-first, longest prefix first, with failed states memoised. Returns the end syllable.
 */
function matchSyllables(q: string, readings: string[][], start: number): { end: number; initialsOnly: boolean } | null {
  const failed = new Set<number>()
  const lens: number[] = []
  const dfs = (qi: number, si: number): number => {
    if (qi === q.length) return si
    if (si >= readings.length || failed.has(qi * 1024 + si)) return -1
    for (const r of readings[si]) {
      let k = 0
      while (k < r.length && qi + k < q.length && q[qi + k] === r[k]) k += 1
      for (let len = k; len >= 1; len -= 1) {
        lens[si] = len
        const end = dfs(qi + len, si + 1)
        if (end >= 0) return end
      }
    }
    failed.add(qi * 1024 + si)
    return -1
  }
  const end = dfs(0, start)
  if (end < 0) return null
  const used = lens.slice(start, end)
  return { end, initialsOnly: used.length > 1 && used.every((l) => l === 1) }
}

/**
 * Semi-global edit distance (Levenshtein with adjacent transposition): the best place in t where q fits with at
 * most maxEdits edits. Returns the distance and the span of t.
 */
function fuzzyFind(q: string, t: string, maxEdits: number): { dist: number; start: number; end: number } | null {
  const m = q.length
  const n = t.length
  if (n + maxEdits < m) return null
  // rows over q, columns over t; D[0][j] = 0 (free start), S = start column of the alignment
  let prev2: number[] = []
  let prev = Array.from({ length: n + 1 }, () => 0)
  let prevS = Array.from({ length: n + 1 }, (_, j) => j)
  let prev2S: number[] = []
  for (let i = 1; i <= m; i += 1) {
    const cur = [i]
    const curS = [0]
    for (let j = 1; j <= n; j += 1) {
      let d = prev[j - 1] + (q[i - 1] === t[j - 1] ? 0 : 1)
      let s = prevS[j - 1]
      if (prev[j] + 1 < d) [d, s] = [prev[j] + 1, prevS[j]]
      if (cur[j - 1] + 1 < d) [d, s] = [cur[j - 1] + 1, curS[j - 1]]
      if (i > 1 && j > 1 && q[i - 1] === t[j - 2] && q[i - 2] === t[j - 1] && prev2[j - 2] + 1 < d)
        [d, s] = [prev2[j - 2] + 1, prev2S[j - 2]]
      cur.push(d)
      curS.push(s)
    }
    // every alignment of q[0..i) already costs more than allowed: q cannot fit anywhere
    if (Math.min(...cur) > maxEdits) return null
    ;[prev2, prev2S, prev, prevS] = [prev, prevS, cur, curS]
  }
  let best: { dist: number; start: number; end: number } | null = null
  for (let j = 1; j <= n; j += 1) {
    if (prev[j] <= maxEdits && (!best || prev[j] < best.dist)) best = { dist: prev[j], start: prevS[j], end: j }
  }
  return best
}
