/**
 * Mock mode (`npm run dev:h5`, TARO_APP_MOCK=msw): the msw service worker must be running before the first
 * request. `process.env.TARO_APP_MOCK` is replaced at build time; outside mock mode the condition is the constant
 * `"" === "msw"`, webpack drops the branch and the mock code (handlers, catalog data, search engine) is never
 * bundled.
 */
let ready: Promise<void> | null = null

export function mockReady(): Promise<void> | null {
  if (process.env.TARO_APP_MOCK === 'msw') {
    if (!ready) {
      ready = import(/* webpackChunkName: "mock" */ '../../../mock/browser').then((m) => m.startMockWorker())
    }
  }
  return ready
}
