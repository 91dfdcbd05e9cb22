/**
 * GET /api/v1/search and /api/v1/search/hot through the BFF (001 §3.1.3 事项搜索, §5.1.1 地区 + 关键字).
 * (Search quality itself is tested with the engine in bff/test/search/.)
 */
import type { FastifyInstance } from 'fastify'
import { loadCatalogFiles, loadSynonyms } from '../../catalog/index'
import { HotSearchesResponseSchema, SEARCH_QUERY_MAX, SearchResponseSchema } from '../../contract/catalog'
import { ApiErrorSchema, ErrorCode } from '../../contract/common'
import { HOT_LIMIT } from '../src/services/search'
import { enc, get, testApp } from './helpers'

const catalog = loadCatalogFiles()
const synonyms = loadSynonyms()
const QINGTIAN = '331121'

let app: FastifyInstance
let dataDir: string
let cleanup: () => Promise<void>
beforeAll(async () => {
  ({ app, dataDir, cleanup } = await testApp())
})
afterAll(async () => cleanup())

const search = (q: string, region = QINGTIAN) => get(app, `/api/v1/search?region=${region}&q=${enc(q)}`)

async function expectError(resP: ReturnType<typeof get>, status: number, code: string): Promise<void> {
  const res = await resP
  expect(res.statusCode).toBe(status)
  const body = ApiErrorSchema.parse(res.json())
  expect(body.code).toBe(code)
  expect(body.message).toMatch(/\p{Script=Han}/u)
}

describe('GET /api/v1/search', () => {
  it('finds an item by its full name, best first, with summaries from the catalog', async () => {
    const def = catalog.items.find((i) => i.id === 'offsite-care-filing')!
    const res = await search(def.name)
    expect(res.statusCode).toBe(200)
    const body = SearchResponseSchema.parse(res.json())
    expect(body.items[0]).toMatchObject({ id: def.id, name: def.name, popularName: def.popularName, handlingMode: def.handlingMode })
    expect(body.items[0].matchedBy).toBeTruthy()
    const scores = body.items.map((i) => i.score)
    expect(scores).toEqual([...scores].sort((a, b) => b - a))
    expect(new Set(body.items.map((i) => i.id)).size).toBe(body.items.length)
  })

  it('finds an item by its popular name, and by pinyin initials', async () => {
    const def = catalog.items.find((i) => i.id === 'offsite-care-filing')!
    expect(SearchResponseSchema.parse((await search(def.popularName)).json()).items[0].id).toBe(def.id)
    const byInitials = SearchResponseSchema.parse((await search('ydjy')).json())
    expect(byInitials.items.map((i) => i.id)).toContain(def.id)
  })

  it('reports how the query was understood after synonym expansion', async () => {
    const body = SearchResponseSchema.parse((await search('生孩子报销')).json())
    expect(body.normalized).toContain('生育')
    expect(body.items.length).toBeGreaterThan(0)
  })

  it('answers a query about nothing of 医保 with no item, and with 12393 and the region\'s agency', async () => {
    const body = SearchResponseSchema.parse((await search('火箭发射')).json())
    expect(body.items).toEqual([])
    const config = catalog.regionConfigs.find((c) => c.code === QINGTIAN)!
    expect(body.help).toEqual({
      hotline: '12393',
      agency: { name: config.offices.agency.name, phone: config.offices.agency.phone, hours: config.offices.agency.hours }
    })
  })

  it('answers full questions and pinyin with the nearest items, each with its reason (指南常见问题…)', async () => {
    const accident = SearchResponseSchema.parse((await search('出车祸受伤医保能报吗')).json())
    expect(accident.items[0]).toMatchObject({ id: 'medical-reimbursement' })
    expect(accident.items[0].reason).toMatch(/^指南(常见问题|禁止事项|所需材料)：.*(交通事故|意外伤害)/)
    const invoice = SearchResponseSchema.parse((await search('发票弄丢了还能报销吗')).json())
    expect(invoice.items[0]).toMatchObject({ id: 'medical-reimbursement', reason: '指南常见问题：发票丢了还能报销吗？' })
    const card = SearchResponseSchema.parse((await search('shebaoka')).json())
    expect(card.items.length).toBeGreaterThan(0)
    for (const hit of [...accident.items, ...card.items]) expect(hit.reason).toMatch(/\p{Script=Han}/u)
  })

  it('only returns items offered in the region', async () => {
    const countyIds = new Set(catalog.items.filter((i) => i.levels.includes('county')).map((i) => i.id))
    for (const q of ['备案', '报销', '参保']) {
      const body = SearchResponseSchema.parse((await search(q)).json())
      expect(body.items.length).toBeGreaterThan(0)
      for (const hit of body.items) expect(countyIds.has(hit.id)).toBe(true)
    }
  })

  it('answers an empty or whitespace-only query with QUERY_EMPTY', async () => {
    await expectError(search(''), 400, ErrorCode.QUERY_EMPTY)
    await expectError(search('   '), 400, ErrorCode.QUERY_EMPTY)
    await expectError(search(' \t\n　'), 400, ErrorCode.QUERY_EMPTY)
    await expectError(search('？？！'), 400, ErrorCode.QUERY_EMPTY)
  })

  it(`answers a query over ${SEARCH_QUERY_MAX} characters with QUERY_TOO_LONG, including a 500-character one`, async () => {
    expect((await search('医'.repeat(SEARCH_QUERY_MAX))).statusCode).toBe(200)
    await expectError(search('医'.repeat(SEARCH_QUERY_MAX + 1)), 400, ErrorCode.QUERY_TOO_LONG)
    await expectError(search('报销'.repeat(250)), 400, ErrorCode.QUERY_TOO_LONG)
    await expectError(search('a'.repeat(500)), 400, ErrorCode.QUERY_TOO_LONG)
    const res = await search('a'.repeat(500))
    expect(res.json().message).toContain(String(SEARCH_QUERY_MAX))
  })

  it('answers bad regions and a missing query with 4xx codes', async () => {
    await expectError(search('报销', '999999'), 404, ErrorCode.REGION_UNKNOWN)
    await expectError(search('报销', '330000'), 400, ErrorCode.REGION_LEVEL_UNSUPPORTED)
    await expectError(search('报销', '33112x'), 400, ErrorCode.VALIDATION)
    await expectError(get(app, `/api/v1/search?q=${enc('报销')}`), 400, ErrorCode.VALIDATION)
    const missingQ = await get(app, `/api/v1/search?region=${QINGTIAN}`)
    expect(missingQ.statusCode).toBe(400)
    expect(missingQ.json()).toMatchObject({ code: ErrorCode.VALIDATION, fields: { q: '请输入要查找的事项' } })
  })
})

describe('GET /api/v1/search/hot', () => {
  const hot = async (a: FastifyInstance = app) => HotSearchesResponseSchema.parse((await get(a, '/api/v1/search/hot')).json()).hot

  it('starts with the maintained hot searches of synonyms.json', async () => {
    const fresh = await testApp()
    try {
      expect(await hot(fresh.app)).toEqual(synonyms.hot.slice(0, HOT_LIMIT))
    } finally {
      await fresh.cleanup()
    }
  })

  it('puts queries that found results most often first, without repeats, and keeps HOT_LIMIT', async () => {
    for (let i = 0; i < 4; i++) await search('生孩子报销')
    for (let i = 0; i < 3; i++) await search(' 去外地看病报备 ')
    const list = await hot()
    expect(list.slice(0, 2)).toEqual(['生孩子报销', '去外地看病报备'])
    expect(new Set(list).size).toBe(list.length)
    expect(list).toHaveLength(HOT_LIMIT)
    expect(list.slice(2)).toEqual(synonyms.hot.filter((h) => !list.slice(0, 2).includes(h)).slice(0, HOT_LIMIT - 2))
  })

  it('ignores queries that found nothing, queries searched once, and never stores number-like queries', async () => {
    for (let i = 0; i < 5; i++) await search('火箭发射')
    await search('转外就医')
    await search('330102199001011234 报销')
    await search('330102199001011234 报销')
    const list = await hot()
    expect(list).not.toContain('火箭发射')
    expect(list).not.toContain('转外就医')
    expect(list.join()).not.toMatch(/\d{6}/)
    const stored = await app.db.prepare<[], { n: number }>("SELECT COUNT(*) AS n FROM search_log WHERE query LIKE '%3301021990%'").get()
    expect(stored?.n).toBe(0)
  })

  it('counts only the last 30 days', async () => {
    const old = new Date(Date.now() - 40 * 86_400_000).toISOString()
    const ins = app.db.prepare<[string, string, string]>('INSERT INTO search_log (at, region_code, query, result_count) VALUES (?, ?, ?, 1)')
    for (let i = 0; i < 50; i++) await ins.run(old, QINGTIAN, '很久以前的热词')
    expect(await hot()).not.toContain('很久以前的热词')
  })

  it('is kept in the data folder: a new instance on the same folder gives the same list', async () => {
    const before = await hot()
    const { buildApp } = await import('../src/app')
    const second = await buildApp({ logger: false, dataDir, staticDir: `${dataDir}/no-h5-build` })
    try {
      expect(await hot(second)).toEqual(before)
      expect(before[0]).toBe('生孩子报销')
    } finally {
      await second.close()
    }
  })
})
