import { join } from 'node:path'

/**
 * The folder the jest projects keep the built search index in (bff/src/services/search-index.ts): the test files
 * build many BFF apps and mock APIs over the same catalog, and only the first of a run builds the index; the others
 * read it (keyed by the catalog, the rules and the engine's code, so never a stale one).
 */
export const JEST_SEARCH_INDEX_DIR = join(__dirname, '..', 'node_modules', '.cache', 'yb-search-index')
