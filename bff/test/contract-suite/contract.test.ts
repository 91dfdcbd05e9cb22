import { server } from '../../../mock'
import { scenarios } from './scenarios'
import { bffSide, mswSide, type Side } from './sides'

/**
 * The contract suite: every scenario of scenarios.ts runs with the same assertions against the msw handlers (what
 * the app's tests talk to) and against the BFF through `inject`. A rule that differs between the two fails here.
 */
beforeAll(() => server.listen({ onUnhandledRequest: 'error' }))
afterAll(() => server.close())

describe.each([
  ['msw', mswSide],
  ['bff', bffSide]
] as const)('%s', (_name, make) => {
  let side: Side
  beforeAll(async () => {
    side = await make()
  }, 60_000)
  afterAll(async () => {
    await side?.close()
  })
  beforeEach(async () => {
    await side.reset()
  })
  it.each(scenarios.map((s) => [s.name, s] as const))('%s', async (_n, s) => {
    await s.run(side)
  })
})
