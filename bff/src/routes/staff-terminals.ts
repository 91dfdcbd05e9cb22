import type { FastifyInstance } from 'fastify'
import type { ZodTypeProvider } from 'fastify-type-provider-zod'
import { IdParamsSchema } from '../../../contract/apply'
import { ApiErrorSchema } from '../../../contract/common'
import { RegisterTerminalRequestSchema, RegisteredTerminalSchema, StaffTerminalSchema, StaffTerminalsResponseSchema } from '../../../contract/workbench'
import { markPersonal } from '../plugins/security'
import type { TerminalRegistry } from '../services/terminals'

const errs = { 400: ApiErrorSchema, 401: ApiErrorSchema, 403: ApiErrorSchema, 404: ApiErrorSchema, 409: ApiErrorSchema }

/** The register of the counters' e-voucher terminals, for the administrator (contract/workbench.ts lists the routes). */
export async function staffTerminalRoutes(app: FastifyInstance, opts: { terminals: TerminalRegistry }): Promise<void> {
  // a terminal's key is a credential: never kept by a browser or proxy
  markPersonal(app)
  const r = app.withTypeProvider<ZodTypeProvider>()
  const tags = ['staff']
  const { terminals } = opts

  r.get(
    '/api/v1/staff/terminals',
    {
      onRequest: app.staffGuard('terminals.manage'),
      schema: { tags, summary: '扫码终端（管理员）：已登记的终端及 TERMINAL_KEY 指定的终端，含最近解码时间', response: { 200: StaffTerminalsResponseSchema, ...errs } }
    },
    async () => ({ terminals: await terminals.list() })
  )

  r.post(
    '/api/v1/staff/terminals',
    {
      onRequest: app.staffGuard('terminals.manage'),
      // the registry checks the body itself (the CLI's rules), so a bad one is 400 TERMINAL_INVALID with its fields
      attachValidation: true,
      schema: {
        tags,
        summary: '登记扫码终端（管理员）：返回终端密钥，仅此一次',
        description: '终端编号、机构名称或用途有误 400 TERMINAL_INVALID（fields 指明哪一项）；编号已登记过（含已停用的）409 TERMINAL_EXISTS。系统只保存密钥的 SHA-256。',
        body: RegisterTerminalRequestSchema,
        response: { 201: RegisteredTerminalSchema, ...errs }
      }
    },
    async (req, reply) => {
      const body: unknown = req.body
      const id = (body as { id?: unknown } | null)?.id
      if (typeof id === 'string') req.staffAuditTarget = id.trim().slice(0, 64)
      return reply.code(201).send(await terminals.register(body))
    }
  )

  r.post(
    '/api/v1/staff/terminals/:id/revoke',
    {
      onRequest: app.staffGuard('terminals.manage'),
      schema: {
        tags,
        summary: '停用扫码终端（管理员）：其密钥随即不能再解码',
        description: '未登记 404 TERMINAL_UNKNOWN；已停用 409 TERMINAL_REVOKED；TERMINAL_KEY 指定的终端 409 TERMINAL_CONFIGURED。',
        params: IdParamsSchema,
        response: { 200: StaffTerminalSchema, ...errs }
      }
    },
    async (req) => terminals.revoke(req.params.id)
  )
}
