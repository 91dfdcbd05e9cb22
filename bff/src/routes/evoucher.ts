import type { FastifyInstance } from 'fastify'
import type { ZodTypeProvider } from 'fastify-type-provider-zod'
import { ApiErrorSchema } from '../../../contract/common'
import { DecodeRequestSchema, EVoucherDecodedSchema, EVoucherSchema } from '../../../contract/evoucher'
import { InsuredQuerySchema } from '../../../contract/family'
import { errors } from '../errors'
import { terminalKeyMatches, type EVoucherService } from '../services/evoucher'
import { userOf } from '../plugins/auth'
import { isLoopbackRequest, markPersonal } from '../plugins/security'

const errs = { 400: ApiErrorSchema, 401: ApiErrorSchema, 403: ApiErrorSchema, 404: ApiErrorSchema, 409: ApiErrorSchema, 410: ApiErrorSchema }


/**
 * 医保电子凭证 (contract/evoucher.ts): the citizen's code (own, or a member's under an `evoucher` grant) and the
 * counters' decode, guarded by the terminal key (X-Terminal-Key; none configured → every decode refused).
 */
export async function evoucherRoutes(
  app: FastifyInstance,
  opts: { evoucher: EVoucherService; terminalKey: string | null; terminalKeyIsDevelopment: boolean }
): Promise<void> {
  const { evoucher, terminalKey } = opts
  markPersonal(app)
  const r = app.withTypeProvider<ZodTypeProvider>()
  const tags = ['evoucher']

  r.get(
    '/api/v1/evoucher',
    {
      preHandler: app.requireRealName,
      schema: {
        tags,
        summary: '医保电子凭证（医保码）',
        description: '每次请求签发一个新码（有效期 EVOUCHER_TTL_SECONDS 秒，只能解码一次）；insuredId 为家庭成员编号时需“出示医保码”授权。',
        querystring: InsuredQuerySchema,
        response: { 200: EVoucherSchema, ...errs }
      }
    },
    async (req, reply) => {
      const body = await evoucher.show(userOf(req), req.query.insuredId)
      // a code is a credential: never cached by a browser or proxy
      void reply.header('Cache-Control', 'no-store')
      return body
    }
  )

  r.post(
    '/api/v1/evoucher/decode',
    {
      // the key is checked before the body is read: without it nobody can use up a citizen's code
      onRequest: async (req) => {
        if (!terminalKeyMatches(terminalKey, req.headers['x-terminal-key'])) throw errors.terminalUnauthorized()
        // the development key (made by `npm start`, printed on its console) works for callers on this machine only
        if (opts.terminalKeyIsDevelopment && !isLoopbackRequest(req)) throw errors.terminalUnauthorized()
      },
      schema: {
        tags,
        summary: '定点医药机构扫码解码医保码（终端）',
        description: '请求头 X-Terminal-Key 为终端密钥（TERMINAL_KEY）。一个码只能解码一次：已使用 409，已过期 410，无法识别（含被改动）404。',
        body: DecodeRequestSchema,
        response: { 200: EVoucherDecodedSchema, ...errs }
      }
    },
    async (req, reply) => {
      void reply.header('Cache-Control', 'no-store')
      return evoucher.decode(req.body.code)
    }
  )
}
