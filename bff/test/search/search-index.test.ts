import { createHash } from 'node:crypto'
import { readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { basename, join } from 'node:path'
import { deserialize, serialize } from 'node:v8'
import type { FastifyInstance } from 'fastify'
import { buildApp } from '../../src/app'
import { loadRepoCatalog, type CatalogSeed } from '../../src/adapters/catalog'
import { forgetSearchEngines, loadSearchEngine } from '../../src/services/search-index'
import { itemToSearchDoc } from '../../../domain/search/engine'
import { get, enc, tempDir } from '../helpers'

/**
 * The search index kept between starts (services/search-index.ts): read back instead of built when nothing it is
 * built from changed, built again when the catalog or the rules changed, and never taken from a file that is damaged
 * or of another input.
 */
const LISHUI = '331100'

describe('the stored search index, on small docs', () => {
  const docs = [
    itemToSearchDoc({ id: 'offsite', name: '基本医疗保险参保人员异地就医备案', popularName: '异地就医备案', parentName: '就医管理备案', keywords: ['外地看病'] }, LISHUI),
    itemToSearchDoc({ id: 'allowance', name: '生育津贴结付', popularName: '领生育津贴', parentName: '生育保险待遇核准支付', keywords: [] }, LISHUI)
  ]
  const rules = [{ from: ['生孩子'], to: '生育' }]
  const found = (e: ReturnType<typeof loadSearchEngine>['engine'], q: string) => e.search(q, { partition: LISHUI }).results.map((r) => r.itemId)
  let dir: string
  beforeEach(() => {
    dir = tempDir('yb-search-index-')
    forgetSearchEngines()
  })
  afterEach(() => rmSync(dir, { recursive: true, force: true }))
  const indexFile = (): string => {
    const files = readdirSync(dir).filter((f) => f.endsWith('.v8'))
    expect(files).toHaveLength(1)
    return join(dir, files[0])
  }

  it('is built and stored once, then kept in memory, then read from its file by a process that has none', () => {
    const first = loadSearchEngine(docs, rules, dir)
    expect(first.outcome).toMatchObject({ source: 'built', docs: 2, note: 'no stored index' })
    expect(first.outcome.file).toBe(indexFile())
    expect(loadSearchEngine(docs, rules, dir).outcome.source).toBe('memory')
    forgetSearchEngines()
    const read = loadSearchEngine(docs, rules, dir)
    expect(read.outcome.source).toBe('file')
    for (const q of ['生孩子的钱', 'yidijiuyi', '外地看病']) expect(read.engine.search(q, { partition: LISHUI })).toEqual(first.engine.search(q, { partition: LISHUI }))
  })

  it('is built again when a doc or a rule changed (memory and file alike), and keeps the older file for a rollback', () => {
    loadSearchEngine(docs, rules, dir)
    const renamed = [{ ...docs[0], keywords: ['外地看病', '候鸟老人'] }, docs[1]]
    const changed = loadSearchEngine(renamed, rules, dir)
    expect(changed.outcome.source).toBe('built')
    expect(found(changed.engine, '候鸟老人')).toEqual(['offsite'])
    const ruled = loadSearchEngine(docs, [{ from: ['坐月子'], to: '生育' }], dir)
    expect(ruled.outcome.source).toBe('built')
    expect(found(ruled.engine, '坐月子')).toEqual(['allowance'])
    expect(readdirSync(dir).filter((f) => f.endsWith('.v8'))).toHaveLength(3)
    forgetSearchEngines()
    expect(loadSearchEngine(docs, rules, dir).outcome.source).toBe('file')
  })

  it('keeps the five index files used last and removes the others', () => {
    const variant = (n: number) => [{ ...docs[0], keywords: [`关键词${n}`] }, docs[1]]
    const first = loadSearchEngine(variant(0), rules, dir).outcome.file!
    for (let n = 1; n <= 5; n += 1) {
      // the first one read again before each write: used last, so kept
      forgetSearchEngines()
      expect(loadSearchEngine(variant(0), rules, dir).outcome.source).toBe('file')
      loadSearchEngine(variant(n), rules, dir)
    }
    const files = readdirSync(dir).filter((f) => f.endsWith('.v8'))
    expect(files).toHaveLength(5)
    expect(files).toContain(basename(first))
    forgetSearchEngines()
    expect(loadSearchEngine(variant(1), rules, dir).outcome.source).toBe('built')
  })

  it('ignores a damaged, truncated, foreign or garbage file, builds the index and replaces the file', () => {
    loadSearchEngine(docs, rules, dir)
    const file = indexFile()
    const good = readFileSync(file)
    const stored = deserialize(good) as { key: string; checksum: string; payload: Uint8Array }
    const flipped = Buffer.from(stored.payload)
    flipped[flipped.length >> 1] ^= 0xff
    // a sound file of an engine whose snapshot had another shape
    const foreign = serialize({ format: 0, size: 2 })
    const cases: Array<[Buffer, string]> = [
      [serialize({ ...stored, payload: flipped }), 'stored index damaged (checksum)'],
      [good.subarray(0, good.length >> 1), 'stored index unreadable'],
      [Buffer.from('not an index at all'), 'stored index unreadable'],
      [serialize({ ...stored, key: 'another input' }), 'stored index of another input'],
      [serialize({ ...stored, payload: foreign, checksum: createHash('sha256').update(foreign).digest('hex') }), 'stored index of another format']
    ]
    for (const [bytes, note] of cases) {
      writeFileSync(file, bytes)
      forgetSearchEngines()
      const again = loadSearchEngine(docs, rules, dir)
      expect(again.outcome).toMatchObject({ source: 'built', note })
      expect(found(again.engine, '异地就医备案')).toEqual(['offsite'])
      forgetSearchEngines()
      expect(loadSearchEngine(docs, rules, dir).outcome.source).toBe('file')
    }
  })

  it('builds without storing when its folder cannot be written, and says why', () => {
    const blocked = join(dir, 'a-file')
    writeFileSync(blocked, '')
    const r = loadSearchEngine(docs, rules, join(blocked, 'index'))
    expect(r.outcome.source).toBe('built')
    expect(r.outcome.note).toMatch(/index not written/)
    expect(found(r.engine, '异地就医备案')).toEqual(['offsite'])
  })
})

describe('the stored search index of the BFF, across starts on one data folder', () => {
  const NEW_KEYWORD = '候鸟老人异地长住'
  const seed = loadRepoCatalog()
  const target = seed.files.items[0]
  const withKeyword = (): CatalogSeed => ({
    ...seed,
    files: { ...seed.files, items: seed.files.items.map((i) => (i.id === target.id ? { ...i, keywords: [...i.keywords, NEW_KEYWORD] } : i)) }
  })
  let dataDir: string
  beforeAll(() => {
    dataDir = tempDir()
    forgetSearchEngines()
  })
  afterAll(() => rmSync(dataDir, { recursive: true, force: true }))
  const start = (loadCatalog?: () => CatalogSeed): Promise<FastifyInstance> =>
    // DATA_DIR/search-index, as `npm start` has it (the jest setup points SEARCH_INDEX_DIR elsewhere)
    buildApp({ logger: false, dataDir, staticDir: join(dataDir, 'none'), config: { searchIndexDir: null }, ...(loadCatalog ? { loadCatalog } : {}) })
  const search = async (app: FastifyInstance, q: string): Promise<string[]> =>
    ((await get(app, `/api/v1/search?region=${LISHUI}&q=${enc(q)}`)).json() as { items: Array<{ id: string }> }).items.map((i) => i.id)

  it('reads the index stored by the previous start, and finds an item added by a catalog change at once', async () => {
    const first = await start()
    expect(first.searchService.index.source).toBe('built')
    expect(first.searchService.index.file).toContain(join(dataDir, 'search-index'))
    expect(await search(first, NEW_KEYWORD)).not.toContain(target.id)
    await first.close()

    forgetSearchEngines() // a new process
    const second = await start()
    expect(second.searchService.index.source).toBe('file')
    expect(second.startTimings.searchIndex).toBe(second.searchService.index.ms)
    await second.close()

    forgetSearchEngines()
    const changed = await start(withKeyword)
    expect(changed.seed.action).toBe('refreshed')
    expect(changed.searchService.index.source).toBe('built')
    expect((await search(changed, NEW_KEYWORD))[0]).toBe(target.id)
    await changed.close()
  })
})
