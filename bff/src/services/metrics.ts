import type { MetricsQuery, MetricsResponse } from '../../../contract/evaluation'
import { metricsReport } from '../../../domain/metrics'
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
}
