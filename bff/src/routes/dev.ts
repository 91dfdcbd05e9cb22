import type { FastifyInstance } from 'fastify'
import type { ZodTypeProvider } from 'fastify-type-provider-zod'
import { OutboxQuerySchema, OutboxResponseSchema } from '../../../contract/auth'
import { ApiErrorSchema } from '../../../contract/common'
import type { AuthService } from '../services/auth'
import { loopbackOnly, markPersonal } from '../plugins/security'

/**
 * Development helpers. buildApp registers them only outside production (NODE_ENV=production: the routes do not
 * exist, 404). The outbox lets tests and a new user read the sign-in code the embedded SMS adapter "sent".
 */
export async function devRoutes(app: FastifyInstance, opts: { auth: AuthService }): Promise<void> {
  markPersonal(app)
  // the outbox holds sign-in codes: only a caller on this machine may read it
  app.addHook('onRequest', loopbackOnly)
  const r = app.withTypeProvider<ZodTypeProvider>()
  r.get(
    '/api/v1/dev/outbox',
    {
      schema: {
        tags: ['dev'],
        summary: '开发用：某手机号最近收到的短信（最新在前；生产环境不存在）',
        querystring: OutboxQuerySchema,
        response: { 200: OutboxResponseSchema, 400: ApiErrorSchema }
      }
    },
    async (req) => ({ messages: await opts.auth.outbox(req.query.phone) })
  )
}
