/**
 * Jest setup for the app project: jest-dom matchers and the msw server with the mock handlers (mock/node.ts),
 * so screens talk to the same catalog routes as in H5 mock mode. Unhandled requests fail the test.
 */
import '@testing-library/jest-dom'
import { mockApi } from '../mock/handlers'
import { server } from '../mock/node'

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
