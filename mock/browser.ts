import { setupWorker } from 'msw/browser'
import { handlers } from './handlers'

/**
 * H5 mock mode (`npm run dev:h5`): the msw service worker answers /api from mock/handlers.ts, so the app runs
 * without a BFF. Loaded only through the dynamic import in src/shared/api/mock-ready.ts when TARO_APP_MOCK=msw;
 * the worker script (mock/public/mockServiceWorker.js, from `npx msw init mock/public`) is copied to the H5
 * output only in that mode (config/index.ts `copy`).
 */
export async function startMockWorker(): Promise<void> {
  const worker = setupWorker(...handlers)
  await worker.start({
    serviceWorker: { url: '/mockServiceWorker.js' },
    onUnhandledRequest: 'bypass',
    quiet: true
  })
  // eslint-disable-next-line no-console
  console.info('[mock] msw worker started: /api answered by mock/handlers.ts')
}
