import type { MetricsQuery, MetricsResponse } from '../../../contract/evaluation'
import type { StaffMetrics } from '../../../contract/workbench'
import { regionCovers } from '../../../contract/staff'
import { errors } from '../../../domain/errors'
import { metricsByRegion, metricsReport } from '../../../domain/metrics'
import type { MetricsSource } from '../adapters/metrics'
import type { CatalogService } from './catalog'

export { aggregate, emptyByLevel } from '../../../domain/metrics'

/** GET /metrics: the facts of the metrics source reported by the rules of domain/metrics.ts (001 §6.2). */
export class MetricsService {
  constructor(private readonly d: { source: MetricsSource; catalog: CatalogService; now: () => Date }) {}

  async compute(q: MetricsQuery): Promise<MetricsResponse> {
    const now = this.d.now()
    return metricsReport(await this.d.source.facts(now), q, {
      now,
      regions: this.d.catalog.regions(),
      itemName: (id) => this.d.catalog.itemDefinition(id)?.name ?? null
    })
  }

  /**
   * The figures for the agency's supervision: of the staff member's region (or a region within it), with a row per
   * region. A region outside the account's is unknown to it, as a case outside it is.
   */
  async computeForStaff(q: MetricsQuery, scope: string): Promise<StaffMetrics> {
    const region = q.region ?? (scope === '000000' ? undefined : scope)
    if (region && scope !== '000000' && !regionCovers(scope, region)) throw errors.regionUnknown()
    const now = this.d.now()
    const facts = await this.d.source.facts(now)
    const ctx = { now, regions: this.d.catalog.regions(), itemName: (id: string) => this.d.catalog.itemDefinition(id)?.name ?? null }
    const scoped = { ...q, region }
    return { ...metricsReport(facts, scoped, ctx), byRegion: metricsByRegion(facts, scoped, ctx) }
  }
}
