import { join } from 'node:path'

/**
 * The node project's test files build many BFF apps, each on a fresh data folder: they share one folder for the
 * stored search index (bff/src/services/search-index.ts), so only the first app of a run builds the index and the
 * others read it (keyed by the catalog, the rules and the engine's code, so never a stale one). Tests of the stored
 * index itself set their own folder.
 */
process.env.SEARCH_INDEX_DIR ??= join(__dirname, '..', 'node_modules', '.cache', 'yb-search-index')
