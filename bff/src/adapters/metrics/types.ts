import type { Fact } from '../../../../domain/metrics'

/**
 * Where the service metrics of 001 §6.2 come from: one fact per decided case, rating and complaint (domain/metrics.ts
 * says what each fact holds and how they add up). An agency whose case and 好差评 systems live elsewhere reads the
 * facts from them (or from its data warehouse); the BFF reports them the same way. METRICS_SOURCE=embedded reads the
 * BFF's own tables.
 */
export interface MetricsSource {
  facts(now: Date): Promise<Fact[]>
}
