import Database from 'better-sqlite3'
import { cpSync, existsSync, rmSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { loadCatalogFiles, loadSynonyms } from '../../catalog/index'
import { loadRepoCatalog } from '../src/adapters/catalog'
import { buildApp } from '../src/app'
import { DB_FILE, MIGRATIONS_DIR, migrate, openDatabase, readMigrations, type Db } from '../src/db'
import { tempDir } from './helpers'
import { envDatabase } from './pg'

const catalog = loadCatalogFiles()
const synonyms = loadSynonyms()
const dirs: string[] = []
const fresh = (): string => {
  const d = tempDir('yb-db-')
  dirs.push(d)
  return d
}
afterAll(() => dirs.forEach((d) => rmSync(d, { recursive: true, force: true })))

function countRegions(nodes: Array<{ children?: unknown[] }>): number {
  return nodes.reduce((n, r) => n + 1 + countRegions((r.children ?? []) as Array<{ children?: unknown[] }>), 0)
}

describe('database (SQLite)', () => {
  it('creates the data folder and yb.sqlite in WAL mode with foreign keys and a busy timeout', async () => {
    const dataDir = join(fresh(), 'nested', 'data')
    const db = await openDatabase({ dataDir })
    try {
      expect(existsSync(join(dataDir, DB_FILE))).toBe(true)
      expect(await db.prepare('PRAGMA journal_mode').get()).toEqual({ journal_mode: 'wal' })
      expect(await db.prepare('PRAGMA foreign_keys').get()).toEqual({ foreign_keys: 1 })
      expect(await db.prepare('PRAGMA busy_timeout').get()).toEqual({ timeout: 5000 })
    } finally {
      await db.close()
    }
    // WAL is persistent: another connection sees it too
    const other = new Database(join(dataDir, DB_FILE), { readonly: true })
    expect(other.pragma('journal_mode', { simple: true })).toBe('wal')
    other.close()
  })

  it('applies every numbered migration once and records it in schema_migrations', async () => {
    const files = readMigrations()
    expect(files.map((m) => m.version)).toEqual([...files.map((m) => m.version)].sort((a, b) => a - b))
    expect(files[0]).toMatchObject({ version: 1, name: 'catalog' })
    const dataDir = fresh()
    const db = await openDatabase(envDatabase(dataDir))
    const rows = await db.prepare('SELECT version, name FROM schema_migrations ORDER BY version').all()
    expect(rows).toEqual(files.map((m) => ({ version: m.version, name: m.name })))
    // running again applies nothing
    expect(await migrate(db)).toEqual([])
    await db.close()
    const again = await openDatabase(envDatabase(dataDir))
    expect(await again.prepare('SELECT COUNT(*) AS n FROM schema_migrations').get()).toEqual({ n: files.length })
    await again.close()
  })

  it('applies a new migration file on the next open, and only that one', async () => {
    const dataDir = fresh()
    await (await openDatabase(envDatabase(dataDir))).close()
    const migDir = join(fresh(), 'migrations')
    cpSync(MIGRATIONS_DIR, migDir, { recursive: true })
    writeFileSync(join(migDir, '900_archive.sql'), 'CREATE TABLE archive (id INTEGER PRIMARY KEY, body TEXT NOT NULL);')
    const db = await openDatabase({ ...envDatabase(dataDir), migrations: readMigrations(migDir) })
    // INTEGER PRIMARY KEY numbers rows by itself on both databases
    const ids = db.prepare<[string], { id: number }>('INSERT INTO archive (body) VALUES (?) RETURNING id')
    expect(await ids.get('a')).toEqual({ id: 1 })
    expect(await ids.get('b')).toEqual({ id: 2 })
    expect(await db.prepare('SELECT version FROM schema_migrations ORDER BY version DESC LIMIT 1').get()).toEqual({ version: 900 })
    expect(await migrate(db, readMigrations(migDir))).toEqual([])
    await db.close()
  })

  it('rolls back a failing migration: nothing of it stays, nothing is recorded', async () => {
    const dataDir = fresh()
    const migDir = join(fresh(), 'migrations')
    cpSync(MIGRATIONS_DIR, migDir, { recursive: true })
    writeFileSync(join(migDir, '901_broken.sql'), 'CREATE TABLE half (id INTEGER);\nTHIS IS NOT SQL;')
    const migrations = readMigrations(migDir)
    expect(migrations.map((m) => m.version)).toContain(901)
    // errors are compared by message, not with .rejects.toThrow: better-sqlite3's native addon is loaded once per jest
    // worker, so its SqliteError may come from another test file's realm and fail jest's `instanceof Error` check
    const failed = await openDatabase({ ...envDatabase(dataDir), migrations }).then(
      () => 'opened',
      (err: unknown) => String(err)
    )
    expect(failed).toMatch(/syntax error/)
    const db = await openDatabase(envDatabase(dataDir))
    const half = await db
      .prepare('SELECT COUNT(*) AS n FROM half')
      .get()
      .then(
        () => 'exists',
        (err: unknown) => String(err)
      )
    expect(half).toMatch(/no such table: half|relation "half" does not exist/)
    expect(await db.prepare('SELECT COUNT(*) AS n FROM schema_migrations WHERE version = 901').get()).toEqual({ n: 0 })
    await db.close()
  })

  it('two instances opening one database at once migrate it once', async () => {
    const dataDir = fresh()
    const [a, b] = await Promise.all([openDatabase(envDatabase(dataDir)), openDatabase(envDatabase(dataDir))])
    expect(await a.prepare('SELECT COUNT(*) AS n FROM schema_migrations').get()).toEqual({ n: readMigrations().length })
    await Promise.all([a.close(), b.close()])
  })

  it('rejects badly named or duplicate migration files', () => {
    const bad = fresh()
    writeFileSync(join(bad, 'drafts.sql'), 'SELECT 1;')
    expect(() => readMigrations(bad)).toThrow(/001_name\.sql/)
    const dup = fresh()
    writeFileSync(join(dup, '001_a.sql'), 'SELECT 1;')
    writeFileSync(join(dup, '001_b.sql'), 'SELECT 1;')
    expect(() => readMigrations(dup)).toThrow(/two migrations/)
  })
})

describe('embedded catalog seeding', () => {
  // the database the app opened for this folder (SQLite, or the PostgreSQL run's schema), read after the app closed
  const counts = async (dataDir: string) => {
    const db: Db = await openDatabase(envDatabase(dataDir))
    const n = async (t: string) => ((await db.prepare(`SELECT COUNT(*) AS n FROM ${t}`).get()) as { n: number }).n
    const out = {
      items: await n('catalog_items'),
      regions: await n('catalog_regions'),
      configs: await n('catalog_region_configs'),
      synonyms: await n('catalog_synonyms'),
      hot: await n('catalog_hot'),
      seed: await db.prepare('SELECT source_hash, seeded_at FROM catalog_seed').all()
    }
    await db.close()
    return out
  }

  it('seeds an empty data folder from the repository catalog, keeping each item’s seed clauses', async () => {
    const dataDir = fresh()
    const app = await buildApp({ logger: false, dataDir, staticDir: join(dataDir, 'none') })
    expect(app.seed.action).toBe('created')
    const stored = (await app.db.prepare("SELECT definition FROM catalog_items WHERE id = 'offsite-care-filing'").get()) as { definition: string }
    expect(JSON.parse(stored.definition).sources).toEqual(catalog.items.find((i) => i.id === 'offsite-care-filing')!.sources)
    await app.close()
    const c = await counts(dataDir)
    expect(c).toMatchObject({
      items: catalog.items.length,
      regions: countRegions(catalog.regions),
      configs: catalog.regionConfigs.length,
      synonyms: synonyms.rules.length,
      hot: synonyms.hot.length
    })
    expect(c.seed).toHaveLength(1)
  })

  it('re-opening an existing data folder neither reseeds nor duplicates', async () => {
    const dataDir = fresh()
    const first = await buildApp({ logger: false, dataDir, staticDir: join(dataDir, 'none') })
    await first.close()
    const before = await counts(dataDir)
    const second = await buildApp({ logger: false, dataDir, staticDir: join(dataDir, 'none') })
    expect(second.seed.action).toBe('kept')
    await second.close()
    expect(await counts(dataDir)).toEqual(before) // same counts and the same seeded_at
  })

  it('replaces (never appends to) the catalog when the repository catalog changed', async () => {
    const dataDir = fresh()
    const first = await buildApp({ logger: false, dataDir, staticDir: join(dataDir, 'none') })
    await first.close()
    const seed = loadRepoCatalog()
    const fewer = () => ({ ...seed, files: { ...seed.files, items: seed.files.items.slice(1) } })
    const second = await buildApp({ logger: false, dataDir, staticDir: join(dataDir, 'none'), loadCatalog: fewer })
    expect(second.seed.action).toBe('refreshed')
    const res = await second.inject({ url: `/api/v1/items/${seed.files.items[0].id}?region=331100` })
    expect(res.json().code).toBe('ITEM_UNKNOWN')
    await second.close()
    expect(await counts(dataDir)).toMatchObject({ items: catalog.items.length - 1, regions: countRegions(catalog.regions), hot: synonyms.hot.length })
  })

  it('refuses a region configuration for a region missing from the tree, and leaves the folder unseeded', async () => {
    const dataDir = fresh()
    const seed = loadRepoCatalog()
    const broken = () => ({
      ...seed,
      files: { ...seed.files, regionConfigs: [...seed.files.regionConfigs, { ...seed.files.regionConfigs[0], code: '999999' }] }
    })
    await expect(buildApp({ logger: false, dataDir, staticDir: join(dataDir, 'none'), loadCatalog: broken })).rejects.toThrow(/999999/)
    expect(await counts(dataDir)).toMatchObject({ items: 0, regions: 0, seed: [] })
  })
})
