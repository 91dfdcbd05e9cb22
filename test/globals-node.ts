import { JEST_SEARCH_INDEX_DIR } from './search-index-dir'

/**
 * The node project's BFF apps, each on a fresh data folder, share one folder for the stored search index; tests of
 * the stored index itself set their own.
 */
process.env.SEARCH_INDEX_DIR ??= JEST_SEARCH_INDEX_DIR
