import fp from 'fastify-plugin'
import { createComplaintSystem, type ComplaintSystem } from '../../adapters/complaints'
import { createEvaluationSystem, type EvaluationSystem } from '../../adapters/evaluation'
import { createMetricsSource } from '../../adapters/metrics'
import { MetricsService } from '../../services/metrics'

/** how often the 好差评 sweep (reminders, default ratings) runs */
const EVALUATION_SWEEP_MS = 10 * 60_000

declare module 'fastify' {
  interface FastifyInstance {
    /** 好差评 and the bad-rating loop (000 §8) */
    evaluation: EvaluationSystem
    complaints: ComplaintSystem
    /** the public service metrics */
    metrics: MetricsService
  }
}

/**
 * 好差评, complaints and metrics through their seams. The sweep reminds unrated cases once and records default
 * ratings; it runs every 10 minutes here and before every read that depends on it (so a missed tick changes nothing).
 */
export const evaluationPlugin = fp(
  async (app) => {
    const { config, db, clock, catalog, storage, notifications, family } = app
    const evaluation = createEvaluationSystem(config.evaluationSystem, { db, storage, grants: family, notifications, now: clock, rectifyDays: config.evaluationRectifyDays })
    app.scheduler.every({ name: 'evaluation-sweep', periodMs: EVALUATION_SWEEP_MS, run: () => evaluation.sweep() })
    app.decorate('evaluation', evaluation)
    app.decorate(
      'complaints',
      createComplaintSystem(config.complaintSystem, {
        db,
        catalog,
        grants: family,
        notifications,
        now: clock,
        answerDays: config.complaintAnswerDays,
        defaultRegion: config.defaultRegion
      })
    )
    app.decorate('metrics', new MetricsService({ source: createMetricsSource(config.metricsSource, { db }), catalog, now: clock }))
  },
  { name: 'yb-evaluation', dependencies: ['yb-infrastructure', 'yb-catalog', 'yb-accounts'] }
)
