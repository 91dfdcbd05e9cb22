/**
 * Jest setup for the app project: jest-dom matchers and the msw server with the mock handlers (mock/node.ts),
 * so screens talk to the same catalog routes as in H5 mock mode. Unhandled requests fail the test.
 */
import '@testing-library/jest-dom'
import { loadSearchEngine } from '../bff/src/services/search-index'
import { setSearchEngineSource } from '../mock/catalog-api'
import { mockApi } from '../mock/handlers'
import { server } from '../mock/node'
import { JEST_SEARCH_INDEX_DIR } from './search-index-dir'

// the mock catalog's search index is read from the folder the BFF's tests keep it in, not built in every file
setSearchEngineSource((docs, rules) => loadSearchEngine(docs, rules, JEST_SEARCH_INDEX_DIR).engine)

beforeAll(async () => {
  server.listen({ onUnhandledRequest: 'error' })
  // build the mock catalog and search index once per file, outside the tests' timeouts
  await mockApi()
})
afterEach(() => {
  server.resetHandlers()
})
afterAll(() => {
  server.close()
})
