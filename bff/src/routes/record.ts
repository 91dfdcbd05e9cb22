import type { FastifyInstance } from 'fastify'
import type { ZodTypeProvider } from 'fastify-type-provider-zod'
import { ApiErrorSchema } from '../../../contract/common'
import { InsuredQuerySchema } from '../../../contract/family'
import { ContributionsSchema, EnrollmentSchema, FamilySharingSchema, PersonalAccountSchema, VisitsSchema } from '../../../contract/record'
import type { RecordService } from '../services/record'
import { userOf } from '../plugins/auth'
import { markPersonal } from '../plugins/security'

const errs = { 400: ApiErrorSchema, 401: ApiErrorSchema, 403: ApiErrorSchema, 404: ApiErrorSchema, 409: ApiErrorSchema }


/**
 * 医保云档案 (contract/record.ts): the user's own record, or a member's under a `record` grant. Personal data:
 * never cached by a browser or proxy (markPersonal: `no-store`).
 */
export async function recordRoutes(app: FastifyInstance, opts: { record: RecordService }): Promise<void> {
  const { record } = opts
  markPersonal(app)
  const r = app.withTypeProvider<ZodTypeProvider>()
  const tags = ['record']
  const realNamed = { preHandler: app.requireRealName }

  r.get(
    '/api/v1/record/enrollment',
    { ...realNamed, schema: { tags, summary: '参保信息', querystring: InsuredQuerySchema, response: { 200: EnrollmentSchema, ...errs } } },
    async (req) => record.enrollment(userOf(req), req.query.insuredId)
  )
  r.get(
    '/api/v1/record/contributions',
    { ...realNamed, schema: { tags, summary: '缴费记录', querystring: InsuredQuerySchema, response: { 200: ContributionsSchema, ...errs } } },
    async (req) => record.contributions(userOf(req), req.query.insuredId)
  )
  r.get(
    '/api/v1/record/account',
    { ...realNamed, schema: { tags, summary: '个人账户余额与收支', querystring: InsuredQuerySchema, response: { 200: PersonalAccountSchema, ...errs } } },
    async (req) => record.account(userOf(req), req.query.insuredId)
  )
  r.get(
    '/api/v1/record/visits',
    { ...realNamed, schema: { tags, summary: '就诊明细与结算清单', querystring: InsuredQuerySchema, response: { 200: VisitsSchema, ...errs } } },
    async (req) => record.visits(userOf(req), req.query.insuredId)
  )
  r.get(
    '/api/v1/record/family-sharing',
    { ...realNamed, schema: { tags, summary: '家庭共济', querystring: InsuredQuerySchema, response: { 200: FamilySharingSchema, ...errs } } },
    async (req) => record.familySharing(userOf(req), req.query.insuredId)
  )
  r.get(
    '/api/v1/record/certificate.pdf',
    {
      ...realNamed,
      schema: {
        tags,
        summary: '下载参保证明（PDF）',
        description: '带核验码和二维码的参保证明，可在 /api/v1/results/verify/{code} 核验；未参保返回 409 NOT_INSURED。',
        querystring: InsuredQuerySchema
      }
    },
    async (req, reply) => {
      const { pdf, fileName } = await record.certificate(userOf(req), req.query.insuredId)
      return reply.type('application/pdf').header('Content-Disposition', `attachment; filename="${fileName}"`).send(pdf)
    }
  )
}
