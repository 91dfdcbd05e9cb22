import { citizenJourney, type Person } from '../journeys/citizen'
import { everyGuide } from '../journeys/guides'
import type { Platform } from '../types'
import { PAGE_NODES_MAX, report, SETDATA_P99_MAX } from './budgets'

/**
 * One platform's tests: the citizen's journey by visible text against the real BFF, then every guide of the
 * catalogue opened in the same app; no uncaught error, console.error or unhandled rejection anywhere; the budgets.
 */
export function platformSuite(platform: Platform, me: Person, relative: Person & { relationship: string }, opts: { everyGuide?: boolean } = {}): void {
  describe(`${platform}: the built package in the mini-program host`, () => {
    it('the citizen journey from search to acting for a family member, with a kill and restart halfway', async () => {
      const r = await citizenJourney(platform, process.env.MINI_BFF_URL!, me, relative)
      try {
        expect(r.host.errors).toEqual([])
        expect(r.steps).toHaveLength(15)
        // WeChat allows 10 network tasks at once
        expect(r.host.inflight.max).toBeLessThanOrEqual(10)
        const { p99, figures } = report(r.host, `${platform} journey`)
        expect(p99).toBeLessThanOrEqual(SETDATA_P99_MAX)
        expect(figures.filter((f) => f.nodes > PAGE_NODES_MAX)).toEqual([])
        // the subpackages came as app.json says: opened, or preloaded after the page that names them
        expect(r.host.packageLoads.filter((l) => l.how === 'preload').map((l) => l.pkg)).toEqual(expect.arrayContaining(['packages/catalog', 'packages/evoucher']))
        if (opts.everyGuide) {
          // every guide of the catalogue, in the same app (the longest are the heaviest pages there are)
          const guides = await everyGuide(r.host)
          console.log(`${platform}: ${guides.length} guides, most nodes ${Math.max(...guides.map((g) => g.nodes))}, largest setData ${(Math.max(...guides.map((g) => g.maxSetData)) / 1024).toFixed(1)} KB`)
          expect(guides.filter((g) => g.nodes > PAGE_NODES_MAX)).toEqual([])
          expect(guides.filter((g) => g.maxSetData > SETDATA_P99_MAX)).toEqual([])
          expect(r.host.errors).toEqual([])
        }
      } finally {
        r.host.dispose()
      }
    })
  })
}
