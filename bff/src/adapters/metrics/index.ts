import type { Db } from '../../db'
import { EmbeddedMetricsSource } from './embedded'
import type { MetricsSource } from './types'

export type { MetricsSource } from './types'
export { EmbeddedMetricsSource } from './embedded'

/** Picks the metrics source named by METRICS_SOURCE. */
export function createMetricsSource(kind: 'embedded', deps: { db: Db }): MetricsSource {
  switch (kind) {
    case 'embedded':
      return new EmbeddedMetricsSource(deps.db)
  }
}
