import { SEARCH_QUERY_MAX } from '../../contract/catalog'
import type { SynonymRule } from '../../contract/catalog-data'
import { SearchEngine, itemToSearchDoc, normalizeQuery, type SearchDoc } from '../search/engine'

/**
 * Unit tests of the search engine (001 §3.1.3 事项搜索; §4.1.1 事项名称含通俗名称) on small hand-made docs.
 * Search quality on the real catalog is in quality.test.ts.
 */
const item = (id: string, name: string, popularName: string, parentName: string, keywords: string[] = []) => ({
  id,
  name,
  popularName,
  parentName,
  keywords
})

const ITEMS = [
  item('offsite', '基本医疗保险参保人员异地就医备案', '异地就医备案', '就医管理备案', ['外地看病']),
  item('long-term', '基本医疗保险参保人员长住外地备案', '长住外地备案', '就医管理备案'),
  item('reimbursement', '个人医疗费用手工零星报销', '看病垫付的钱报销', '医疗费用报销', ['零星报销']),
  item('allowance', '生育津贴结付', '领生育津贴', '生育保险待遇核准支付', ['产假工资']),
  item('withdrawal', '个人账户一次性支取', '医保卡里的钱取出来', '职工医保申报登记'),
  item('sharing', '参保人员历年账户家庭共济备案', '医保账户给家人用', '就医管理备案', ['家庭共济'])
]
const RULES: SynonymRule[] = [
  { from: ['看病的钱', '医药费', '怎么报'], to: '报销' },
  { from: ['外地', '外省'], to: '异地' },
  { from: ['看病'], to: '就医' },
  { from: ['生孩子'], to: '生育' },
  { from: ['共济'], to: '家庭共济' },
  { from: ['参保证明'], to: '查询打印' }
]
const engine = SearchEngine.build(
  ITEMS.map((i) => itemToSearchDoc(i)),
  RULES
)
const ids = (q: string, e: SearchEngine = engine, partition?: string): string[] =>
  e.search(q, { partition }).results.map((r) => r.itemId)
const top = (q: string) => engine.search(q).results[0]

describe('normalizeQuery', () => {
  it('trims, turns full-width into half-width, lower-cases and collapses spaces', () => {
    expect(normalizeQuery('  ＹＩＤＩ　Jiu   Yi ')).toBe('yidi jiu yi')
    expect(normalizeQuery('ＡＢＣ１２３')).toBe('abc123')
  })
  it('turns punctuation (Chinese and ASCII) into a separator and drops it at the ends', () => {
    expect(normalizeQuery('异地就医，备案？')).toBe('异地就医 备案')
    expect(normalizeQuery('“两病”（特殊）!!')).toBe('两病 特殊')
    expect(normalizeQuery('。，、；')).toBe('')
  })
  it('drops tone marks typed with pinyin', () => {
    expect(normalizeQuery('Yì Dì')).toBe('yi di')
  })
})

describe('SearchEngine: names, ranking, synonyms', () => {
  it('counts its docs', () => {
    expect(engine.size).toBe(ITEMS.length)
  })

  it('finds an item by its formal name and says so', () => {
    const r = top('个人账户一次性支取')
    expect(r).toMatchObject({ itemId: 'withdrawal', matchedBy: '事项名称' })
  })

  it('finds an item by its popular name (通俗名称, 001 §4.1.1)', () => {
    expect(top('医保卡里的钱取出来')).toMatchObject({ itemId: 'withdrawal', matchedBy: '通俗名称' })
  })

  it('finds an item by a keyword and by its parent item', () => {
    expect(top('产假工资')).toMatchObject({ itemId: 'allowance', matchedBy: '关键词' })
    expect(ids('医疗费用报销')[0]).toBe('reimbursement')
  })

  it('ranks exact name > exact popular name > prefix > n-gram coverage', () => {
    const e = SearchEngine.build(
      [
        itemToSearchDoc(item('by-coverage', '备案家庭病床', '床位', '其他')),
        itemToSearchDoc(item('by-prefix', '家庭病床备案申请表', '申请', '其他')),
        itemToSearchDoc(item('by-popular', '基本医疗保险家庭病床', '家庭病床备案', '其他')),
        itemToSearchDoc(item('by-name', '家庭病床备案', '在家看病', '其他'))
      ],
      []
    )
    const { results } = e.search('家庭病床备案')
    expect(results.map((r) => r.itemId)).toEqual(['by-name', 'by-popular', 'by-prefix', 'by-coverage'])
    expect(results.map((r) => r.matchedBy)).toEqual(['事项名称', '通俗名称', '事项名称', '事项名称'])
  })

  it('understands what citizens say through the synonym rules and names the rule', () => {
    const { results, normalized } = engine.search('看病的钱怎么报')
    expect(results[0].itemId).toBe('reimbursement')
    expect(results[0].matchedBy).toBe('近义词：看病的钱→报销、怎么报→报销')
    expect(normalized).toBe('报销')
  })

  it('applies several rules in one query and ignores filler words (怎么, 要, 吗)', () => {
    const r = engine.search('去外省看病要备案吗')
    expect(r.results[0].itemId).toBe('offsite')
    expect(r.results[0].matchedBy).toContain('外省→异地')
    expect(r.normalized).toContain('异地')
  })

  it('prefers a direct match over the same match through a synonym', () => {
    const e = SearchEngine.build(
      [itemToSearchDoc(item('direct', '外地看病', '甲', '丙')), itemToSearchDoc(item('via-rule', '异地就医', '乙', '丁'))],
      RULES
    )
    expect(e.search('外地看病').results.map((r) => r.itemId)).toEqual(['direct', 'via-rule'])
  })

  it('does not rewrite a phrase that already stands inside its own target (共济 in 家庭共济)', () => {
    expect(engine.search('家庭共济').normalized).toBe('家庭共济')
    expect(top('家庭共济')).toMatchObject({ itemId: 'sharing', matchedBy: '关键词' })
  })

  it('drops a leftover word that the target already says (参保证明打印 → 查询打印)', () => {
    expect(engine.search('参保证明打印').normalized).toBe('查询打印')
  })

  it('returns nothing for a query that matches no item, and for an empty one', () => {
    expect(engine.search('今天天气很好').results).toEqual([])
    expect(engine.search('   ，。 ')).toEqual({ results: [], normalized: '' })
  })

  it(`cuts a query to ${SEARCH_QUERY_MAX} characters`, () => {
    const { normalized, results } = engine.search('异地就医备案'.repeat(20))
    expect(Array.from(normalized).length).toBeLessThanOrEqual(SEARCH_QUERY_MAX)
    expect(results.length).toBeGreaterThan(0)
  })
})

describe('SearchEngine: pinyin', () => {
  it('finds by full pinyin without tones, with or without spaces', () => {
    expect(top('yidijiuyi')).toMatchObject({ itemId: 'offsite', matchedBy: '拼音' })
    expect(top('yi di jiu yi bei an')).toMatchObject({ itemId: 'offsite', matchedBy: '拼音' })
    expect(top('ShengYuJinTie')).toMatchObject({ itemId: 'allowance', matchedBy: '拼音' })
  })

  it('finds by pinyin initials', () => {
    expect(top('ydjy')).toMatchObject({ itemId: 'offsite', matchedBy: '拼音首字母' })
    expect(top('syjt')).toMatchObject({ itemId: 'allowance', matchedBy: '拼音首字母' })
  })

  it('finds by partial pinyin and by a mix of syllables and initials', () => {
    expect(ids('yidij')[0]).toBe('offsite')
    expect(ids('yidjy')[0]).toBe('offsite')
    expect(ids('jiatinggong')[0]).toBe('sharing')
  })

  it('reads polyphonic characters in context (长住 = chang zhu) and takes hanzi mixed with pinyin', () => {
    expect(ids('changzhuwaidi')[0]).toBe('long-term')
    expect(ids('异地jiuyi')[0]).toBe('offsite')
  })
})

describe('SearchEngine: one wrong character', () => {
  it('corrects a homophone (异地就医被案) and says what it corrected', () => {
    const { results, normalized } = engine.search('异地就医被案')
    expect(results[0].itemId).toBe('offsite')
    expect(results[0].matchedBy).toBe('纠错：被→备')
    expect(normalized).toBe('异地就医备案')
  })

  it('survives a wrong character that is not a homophone', () => {
    expect(ids('异地就医某案')[0]).toBe('offsite')
    expect(ids('生育津贴结账')[0]).toBe('allowance')
  })

  it('survives a typo in pinyin: a wrong, a missing or two swapped letters', () => {
    for (const q of ['yidijiuyibeiam', 'yidijuyibeian', 'shengyujinite']) {
      const r = top(q)
      expect(r.itemId).toBe(q.startsWith('sheng') ? 'allowance' : 'offsite')
      expect(r.matchedBy.startsWith('纠错：')).toBe(true)
    }
  })

  it('does not call an exact pinyin match a correction', () => {
    expect(top('yidijiuyibeian').matchedBy).toBe('拼音')
  })
})

describe('SearchEngine: partitions, uniqueness, order', () => {
  const regional: SearchDoc[] = [
    ...ITEMS.map((i) => itemToSearchDoc(i, '331100')),
    ...ITEMS.filter((i) => i.id !== 'offsite').map((i) => itemToSearchDoc(i, '331102')),
    itemToSearchDoc(item('only-331102', '异地就医备案（本地版）', '异地就医备案本地版', '就医管理备案'), '331102'),
    itemToSearchDoc(item('global-only', '医保服务热线', '打电话问医保', '咨询'))
  ]
  const e = SearchEngine.build(regional, RULES)

  it('searches only the given partition plus the global docs', () => {
    const r = e.search('异地就医备案', { partition: '331100' }).results
    expect(r.map((x) => x.id)).toContain('331100:offsite')
    expect(r.every((x) => x.id.startsWith('331100:') || x.id === 'global-only')).toBe(true)
    expect(r.map((x) => x.itemId)).not.toContain('only-331102')
    const other = e.search('异地就医备案', { partition: '331102' }).results.map((x) => x.itemId)
    expect(other).toContain('only-331102')
    expect(other).not.toContain('offsite')
  })

  it('without a partition, or with an unknown one, finds only the global docs', () => {
    expect(e.search('医保服务热线').results.map((r) => r.id)).toEqual(['global-only'])
    expect(e.search('异地就医备案').results).toEqual([])
    expect(e.search('热线', { partition: '999999' }).results.map((r) => r.id)).toEqual(['global-only'])
  })

  it('lists an item once even when a global doc and a regional doc both match', () => {
    const both = SearchEngine.build(
      [itemToSearchDoc(ITEMS[0]), itemToSearchDoc(ITEMS[0], '331100'), itemToSearchDoc(ITEMS[1], '331100')],
      RULES
    )
    const r = both.search('备案', { partition: '331100' }).results
    expect(r.map((x) => x.itemId).sort()).toEqual(['long-term', 'offsite'])
  })

  it('orders equal scores by item id, whatever the order of the docs', () => {
    const twins = ['b-item', 'c-item', 'a-item'].map((id) => itemToSearchDoc(item(id, '家庭病床备案', '在家看病', '其他')))
    const one = SearchEngine.build(twins, []).search('家庭病床备案').results
    const two = SearchEngine.build([...twins].reverse(), []).search('家庭病床备案').results
    expect(one.map((r) => r.itemId)).toEqual(['a-item', 'b-item', 'c-item'])
    expect(two).toEqual(one)
    expect(new Set(one.map((r) => r.score)).size).toBe(1)
  })

  it('gives at most `limit` results, 20 by default', () => {
    const many = Array.from({ length: 30 }, (_, i) =>
      itemToSearchDoc(item(`item-${String(i).padStart(2, '0')}`, `第${i}号事项备案`, `备案${i}`, '备案'))
    )
    const e30 = SearchEngine.build(many, [])
    expect(e30.search('备案').results).toHaveLength(20)
    expect(e30.search('备案', { limit: 5 }).results).toHaveLength(5)
  })

  it('returns the same results for the same query, every time', () => {
    const first = e.search('waidi', { partition: '331100' })
    for (let i = 0; i < 3; i += 1) expect(e.search('waidi', { partition: '331100' })).toEqual(first)
  })
})

describe('SearchEngine: the guides, spelled pinyin, nearest items', () => {
  const guided = SearchEngine.build(
    [
      itemToSearchDoc({
        ...item('reimbursement', '个人医疗费用手工零星报销', '看病垫付的钱报销', '医疗费用报销'),
        guide: {
          faq: [{ q: '发票丢了还能报销吗？', a: '请到开票医院复印并加盖公章。' }],
          conditions: { prohibitions: ['应当由第三人负担的医疗费用，不纳入基本医疗保险基金支付范围'] },
          materials: [{ name: '意外伤害证明材料（《道路交通事故认定书》）' }]
        }
      }),
      itemToSearchDoc({ ...item('allowance', '生育津贴结付', '领生育津贴', '生育保险待遇核准支付'), guide: { faq: [{ q: '生育津贴发给谁？', a: '发给用人单位。' }] } })
    ],
    [...RULES, { from: ['车祸'], to: '交通事故' }, { from: ['社保卡'], to: '医保卡' }]
  )

  it('finds the guide line that answers a full question, and says so in one line', () => {
    const [hit] = guided.search('发票弄丢了还能报销吗').results
    expect(hit).toMatchObject({ itemId: 'reimbursement', reason: '指南常见问题：发票丢了还能报销吗？', matchedBy: '指南常见问题' })
    const [accident] = guided.search('出车祸了医药费怎么算').results
    expect(accident.itemId).toBe('reimbursement')
    expect(accident.reason).toMatch(/^指南所需材料：意外伤害证明材料/)
  })

  it('reads a latin or mixed query as the hanzi it spells with known words', () => {
    const [mixed] = guided.search('生育jintie').results
    expect(mixed.itemId).toBe('allowance')
    expect(mixed.matchedBy).toMatch(/^拼音：生育津贴/)
  })

  it('offers the nearest items when nothing fits, and none for a query sharing no word with the catalog', () => {
    expect(guided.search('火箭发射').results).toEqual([])
    const near = guided.search('津贴标准表格').results
    expect(near.map((r) => r.itemId)).toContain('allowance')
    expect(near.every((r) => r.reason.length > 0)).toBe(true)
  })
})

describe('SearchEngine: snapshot and restore', () => {
  // what a host stores is a structured clone of the snapshot (the BFF: node:v8, the same algorithm as structuredClone)
  const QUERIES = ['异地就医备案', '外地看病', 'yidijiuyi', 'ydjy', '生孩子的钱', '医保卡里的钱', '家庭供济', 'shengyujintie', '火箭发射']
  const regional = ITEMS.flatMap((i) => ['331100', '331102'].map((code) => itemToSearchDoc(i, code)))
  const built = SearchEngine.build(regional, RULES)

  it('answers every query as the engine it was taken from, after a structured clone', () => {
    const restored = SearchEngine.restore(structuredClone(built.snapshot()))
    expect(restored).toBeInstanceOf(SearchEngine)
    expect(restored!.size).toBe(built.size)
    for (const q of QUERIES) {
      for (const partition of ['331100', '331102', undefined]) expect(restored!.search(q, { partition })).toEqual(built.search(q, { partition }))
    }
  })

  it('refuses what is not a snapshot of this format: null, so the host builds the index', () => {
    const s = structuredClone(built.snapshot())
    expect(SearchEngine.restore(null)).toBeNull()
    expect(SearchEngine.restore('garbage')).toBeNull()
    expect(SearchEngine.restore({ ...s, format: 0 })).toBeNull()
    expect(SearchEngine.restore({ ...s, idf: {} })).toBeNull()
    expect(SearchEngine.restore({ ...s, lexicon: { words: [], longest: 3 } })).toBeNull()
    // a partition whose arrays disagree, or docs counted otherwise than its size
    const [code, part] = [...s.partitions][0]
    expect(SearchEngine.restore({ ...s, partitions: new Map([...s.partitions, [code, { ...part, ids: part.ids.slice(1) }]]) })).toBeNull()
    expect(SearchEngine.restore({ ...s, size: s.size + 1 })).toBeNull()
  })
})
