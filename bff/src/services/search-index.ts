import { createHash } from 'node:crypto'
import { mkdirSync, readdirSync, readFileSync, renameSync, rmSync, statSync, utimesSync, writeFileSync } from 'node:fs'
import { dirname, join } from 'node:path'
import { deserialize, serialize } from 'node:v8'
import type { SynonymRule } from '../../../contract/catalog-data'
import { SearchEngine, searchIndexInput, type SearchDoc } from '../../../domain/search/engine'

/**
 * The search index is derived data: built from the catalog's docs and the synonym rules by pure code
 * (domain/search/engine.ts). Building it analyses every field and guide line (pinyin, n-grams, IDF): measured
 * ~0.25–0.7 s of CPU, most of a restart's own work (bench/start.ts). So a built index is
 *  - kept in memory per process, for the next app built from the same input (the jest files build many apps);
 *  - written to `dir` (SEARCH_INDEX_DIR, default DATA_DIR/search-index) as a node:v8 snapshot, and read back on the
 *    next start (~20–40 ms instead of a build).
 * Both are keyed by a sha256 of the input (docs + rules) and of the engine's own code (the files of domain/search and
 * the pinyin-pro version: a changed analysis makes another index from the same catalog), so a changed catalog, rule
 * or engine is never answered from an old index. A file whose key, checksum or shape does not fit is ignored and
 * replaced; a folder that cannot be written only costs the next start a build.
 */
export interface SearchIndexOutcome {
  /** memory: built earlier in this process; file: read from `file`; built: built now (and written, if it could be) */
  source: 'memory' | 'file' | 'built'
  ms: number
  docs: number
  file: string | null
  /** why the file was not used or not written (missing, another key, unreadable…), for the log */
  note?: string
}

/**
 * file name: search-index-<key>.v8; the few used last are kept (a rollback to the previous catalog finds its index;
 * the jest projects' shared folder holds the repository catalog's, the mocks' and a few tests' own)
 */
const FILE_PREFIX = 'search-index-'
const FILE_SUFFIX = '.v8'
const FILES_KEPT = 5
/** engines kept in memory (one per distinct input; a process serves one catalog, tests use a few) */
const MEMORY_KEPT = 2

const memory = new Map<string, SearchEngine>()

let codeHash: string | null | undefined
/**
 * The engine's code as part of the key: the files of domain/search, and the pinyin data it reads. null when they
 * cannot be read (a bundled BFF): then no index is stored, since an older one could not be told apart.
 */
function engineCodeHash(): string | null {
  if (codeHash !== undefined) return codeHash
  try {
    const h = createHash('sha256')
    const dir = dirname(require.resolve('../../../domain/search/engine'))
    for (const f of readdirSync(dir).sort()) {
      const p = join(dir, f)
      if (statSync(p).isFile()) h.update(f).update(readFileSync(p))
    }
    h.update(readFileSync(require.resolve('pinyin-pro/package.json')))
    h.update(`v8@${process.versions.v8}`)
    codeHash = h.digest('hex')
  } catch {
    codeHash = null
  }
  return codeHash
}

/** sha256 of the engine's code and of what the index is built from. */
export function searchIndexKey(docs: SearchDoc[], rules: SynonymRule[]): string {
  const h = createHash('sha256').update(engineCodeHash() ?? 'engine code unknown')
  for (const chunk of searchIndexInput(docs, rules)) h.update(chunk)
  return h.digest('hex')
}

interface StoredIndex {
  key: string
  /** sha256 of `payload` */
  checksum: string
  /** v8.serialize(engine.snapshot()) */
  payload: Uint8Array
}

/** The engine stored in `file` under `key`, or why not. */
function readIndex(file: string, key: string): SearchEngine | string {
  let raw: Buffer
  try {
    raw = readFileSync(file)
  } catch {
    return 'no stored index'
  }
  try {
    const stored = deserialize(raw) as Partial<StoredIndex>
    if (stored.key !== key || !ArrayBuffer.isView(stored.payload)) return 'stored index of another input'
    if (createHash('sha256').update(stored.payload).digest('hex') !== stored.checksum) return 'stored index damaged (checksum)'
    const engine = SearchEngine.restore(deserialize(stored.payload))
    if (!engine) return 'stored index of another format'
    // used now: the last to be pruned (finer than a Date's ms, as the writes' own times are)
    const now = (performance.timeOrigin + performance.now()) / 1000
    utimesSync(file, now, now)
    return engine
  } catch {
    return 'stored index unreadable'
  }
}

/** Written beside and renamed into place (a reader never sees half a file); older index files beyond FILES_KEPT go. */
function writeIndex(dir: string, file: string, key: string, engine: SearchEngine): string | undefined {
  try {
    mkdirSync(dir, { recursive: true })
    const payload = serialize(engine.snapshot())
    const stored: StoredIndex = { key, checksum: createHash('sha256').update(payload).digest('hex'), payload }
    const tmp = `${file}.${process.pid}.tmp`
    writeFileSync(tmp, serialize(stored))
    renameSync(tmp, file)
    const files = readdirSync(dir)
      .filter((f) => f.startsWith(FILE_PREFIX))
      .map((f) => ({ f, at: statSync(join(dir, f)).mtimeMs }))
    const old = files
      .filter(({ f }) => f.endsWith(FILE_SUFFIX))
      .sort((a, b) => b.at - a.at)
      .slice(FILES_KEPT)
    // a half-written file of a process killed while writing (the kill drill's kill -9) is left behind: gone after a minute
    const orphans = files.filter(({ f, at }) => f.endsWith('.tmp') && at < Date.now() - 60_000)
    for (const { f } of [...old, ...orphans]) rmSync(join(dir, f), { force: true })
    return undefined
  } catch (err) {
    return `index not written: ${(err as Error).message}`
  }
}

/**
 * The engine over `docs` and `rules`: from memory, from the stored file in `dir` (null: none), or built (and
 * stored). What happened is returned with it.
 */
export function loadSearchEngine(docs: SearchDoc[], rules: SynonymRule[], dir: string | null): { engine: SearchEngine; outcome: SearchIndexOutcome } {
  const t0 = performance.now()
  const key = searchIndexKey(docs, rules)
  const file = dir && engineCodeHash() ? join(dir, `${FILE_PREFIX}${key.slice(0, 32)}${FILE_SUFFIX}`) : null
  const done = (engine: SearchEngine, source: SearchIndexOutcome['source'], note?: string): { engine: SearchEngine; outcome: SearchIndexOutcome } => {
    memory.delete(key)
    memory.set(key, engine)
    for (const k of [...memory.keys()].slice(0, Math.max(0, memory.size - MEMORY_KEPT))) memory.delete(k)
    return { engine, outcome: { source, ms: Math.round(performance.now() - t0), docs: engine.size, file, ...(note ? { note } : {}) } }
  }
  const kept = memory.get(key)
  if (kept) return done(kept, 'memory')
  const read = file ? readIndex(file, key) : dir ? "the engine's code not found: index not stored" : 'no index folder'
  if (read instanceof SearchEngine) return done(read, 'file')
  const engine = SearchEngine.build(docs, rules)
  const unwritten = dir && file ? writeIndex(dir, file, key, engine) : undefined
  return done(engine, 'built', unwritten ? `${read}; ${unwritten}` : read)
}

/** Forgets the engines kept in memory (tests of the stored file). */
export function forgetSearchEngines(): void {
  memory.clear()
}
