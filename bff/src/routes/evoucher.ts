import type { FastifyInstance, FastifyRequest } from 'fastify'
import type { ZodTypeProvider } from 'fastify-type-provider-zod'
import { z } from 'zod'
import { ApiErrorSchema } from '../../../contract/common'
import { DecodeRequestSchema, EVoucherDecodedSchema, EVoucherSchema, EVoucherUsageSchema, NotMeResultSchema } from '../../../contract/evoucher'
import { InsuredQuerySchema } from '../../../contract/family'
import { errors } from '../../../domain/errors'
import type { EVoucherService } from '../services/evoucher'
import type { EVoucherUsageService } from '../services/evoucher-usage'
import type { Terminal, TerminalRegistry } from '../services/terminals'
import { userOf } from '../plugins/auth'
import { isLoopbackRequest, markPersonal } from '../plugins/security'

const errs = { 400: ApiErrorSchema, 401: ApiErrorSchema, 403: ApiErrorSchema, 404: ApiErrorSchema, 409: ApiErrorSchema, 410: ApiErrorSchema, 423: ApiErrorSchema }

const UsageIdParamsSchema = z.object({ id: z.string().min(1).max(64) })

/**
 * 医保电子凭证 (contract/evoucher.ts): the citizen's code (own, or a member's under an `evoucher` grant), its 使用记录
 * and 「不是我」, and the counters' decode, guarded by the terminal key (X-Terminal-Key: TERMINAL_KEY or a registered
 * terminal's key; none configured → every decode refused).
 */
export async function evoucherRoutes(
  app: FastifyInstance,
  opts: { evoucher: EVoucherService; usage: EVoucherUsageService; terminals: TerminalRegistry; terminalKeyIsDevelopment: boolean }
): Promise<void> {
  const { evoucher, usage, terminals } = opts
  markPersonal(app)
  const r = app.withTypeProvider<ZodTypeProvider>()
  const tags = ['evoucher']
  // the terminal a decode request came from, found before its body is read
  const terminalOf = new WeakMap<FastifyRequest, Terminal>()

  r.get(
    '/api/v1/evoucher',
    {
      preHandler: app.requireRealName,
      schema: {
        tags,
        summary: '医保电子凭证（医保码）',
        description:
          '每次请求签发一个新码（有效期 EVOUCHER_TTL_SECONDS 秒，只能解码一次）；insuredId 为家庭成员编号时需“出示医保码”授权。报告“不是我”后 24 小时内 423 EVOUCHER_FROZEN。',
        querystring: InsuredQuerySchema,
        response: { 200: EVoucherSchema, ...errs }
      }
    },
    async (req, reply) => {
      // a code is a credential: never cached by a browser or proxy (a refusal neither: it names the person's freeze)
      void reply.header('Cache-Control', 'no-store')
      return evoucher.show(userOf(req), req.query.insuredId)
    }
  )

  r.get(
    '/api/v1/evoucher/usage',
    {
      preHandler: app.requireRealName,
      schema: {
        tags,
        summary: '医保码使用记录',
        description: '参保人医保码每次被扫码解码的时间、定点医药机构及用途（挂号/结算/购药）、脱敏终端号，代办人获取的码注明代办人；家庭成员的记录需“出示医保码”授权。',
        querystring: InsuredQuerySchema,
        response: { 200: EVoucherUsageSchema, ...errs }
      }
    },
    // no-store comes from markPersonal above, like every answer of this file
    async (req) => usage.list(userOf(req), req.query.insuredId)
  )

  r.post(
    '/api/v1/evoucher/usage/:id/not-me',
    {
      preHandler: app.requireRealName,
      schema: {
        tags,
        summary: '使用记录：不是我',
        description: '暂停该参保人的医保码 24 小时，以“冒用”类别向医保经办机构投诉并附上这次解码的信息，返回下一步怎么做。重复提交只投诉一次。',
        params: UsageIdParamsSchema,
        response: { 200: NotMeResultSchema, ...errs }
      }
    },
    // no-store comes from markPersonal above, like every answer of this file
    async (req) => usage.notMe(userOf(req), req.params.id)
  )

  r.post(
    '/api/v1/evoucher/decode',
    {
      // the key is checked before the body is read: without it nobody can use up a citizen's code
      onRequest: async (req) => {
        const found = await terminals.identify(req.headers['x-terminal-key'])
        if (!found) throw errors.terminalUnauthorized()
        // the development key (made by `npm start`, printed on its console) works for callers on this machine only
        if (found.configuredKey && opts.terminalKeyIsDevelopment && !isLoopbackRequest(req)) throw errors.terminalUnauthorized()
        terminalOf.set(req, found.terminal)
      },
      schema: {
        tags,
        summary: '定点医药机构扫码解码医保码（终端）',
        description:
          '请求头 X-Terminal-Key 为终端密钥（TERMINAL_KEY，或登记的终端的密钥）。一个码只能解码一次：已使用 409，已过期 410，无法识别（含被改动）404。每次解码记入参保人的使用记录。',
        body: DecodeRequestSchema,
        response: { 200: EVoucherDecodedSchema, ...errs }
      }
    },
    async (req, reply) => {
      void reply.header('Cache-Control', 'no-store')
      const terminal = terminalOf.get(req)
      if (!terminal) throw errors.terminalUnauthorized()
      return evoucher.decode(req.body.code, terminal)
    }
  )
}
