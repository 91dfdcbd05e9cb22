import type { FastifyInstance } from 'fastify'
import type { ZodTypeProvider } from 'fastify-type-provider-zod'
import { z } from 'zod'
import { ApiErrorSchema } from '../../../contract/common'
import type { Db } from '../db'
import { errors } from '../../../domain/errors'

export const HealthResponseSchema = z.object({ status: z.literal('ok') })

/** GET /healthz: 200 {status:'ok'} when the database answers, else 503 UPSTREAM_UNAVAILABLE. */
export async function healthRoutes(app: FastifyInstance, opts: { db: Db }): Promise<void> {
  const ping = opts.db.prepare('SELECT 1 AS ok')
  app.withTypeProvider<ZodTypeProvider>().get(
    '/healthz',
    {
      schema: {
        tags: ['health'],
        summary: '健康检查（含数据库）',
        response: { 200: HealthResponseSchema, 503: ApiErrorSchema }
      }
    },
    async (req) => {
      try {
        await ping.get()
      } catch (err) {
        req.log.error({ err }, 'database check failed')
        throw errors.unavailable()
      }
      return { status: 'ok' as const }
    }
  )
}
