/**
 * The one entry of the mocks for the app's code and tests (lint-enforced: src/ imports nothing else of mock/; the
 * H5 mock mode loads mock/browser.ts lazily from src/shared/api/mock-ready.ts). The msw server for jest, the
 * handlers, and the knobs tests turn: reset, configure, seed and the staff's side of the stateful mocks.
 */
export * from './node'
export * from './handlers'
export * from './apply-store'
export * from './apply-api'
export * from './progress-api'
export * from './evaluation-api'
export * from './family-api'
export * from './evoucher-api'
export * from './record-api'
export * from './auth-api'
export * from './tts-api'
