import { setupServer } from 'msw/node'
import { handlers } from './handlers'

/** msw for jest (component tests): the same handlers as the H5 mock mode. test/setup-app.ts starts it. */
export const server = setupServer(...handlers)
