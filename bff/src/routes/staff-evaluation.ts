import type { FastifyInstance } from 'fastify'
import type { ZodTypeProvider } from 'fastify-type-provider-zod'
import { IdParamsSchema } from '../../../contract/apply'
import { ApiErrorSchema } from '../../../contract/common'
import {
  StaffComplaintActionSchema,
  StaffComplaintSchema,
  StaffComplaintsQuerySchema,
  StaffComplaintsResponseSchema,
  StaffEvaluationActionSchema,
  StaffEvaluationSchema,
  StaffEvaluationsQuerySchema,
  StaffEvaluationsResponseSchema
} from '../../../contract/evaluation'
import { errors } from '../errors'
import type { ComplaintService, EvaluationService } from '../services/evaluation'
import { staffTokenMatches } from '../staff/token'
import { markPersonal } from '../plugins/security'

const errs = { 400: ApiErrorSchema, 401: ApiErrorSchema, 404: ApiErrorSchema, 409: ApiErrorSchema }

function flag(v: 'true' | 'false' | undefined): boolean | undefined {
  return v === undefined ? undefined : v === 'true'
}

/**
 * The agency's side of 好差评 and complaints (000 §8.2.1: 差评回访、整改反馈; 003 §11.3): the same staff-token guard as
 * routes/staff.ts. Ratings are real-name and shown whole here only — inside the agency.
 */
export async function staffEvaluationRoutes(
  app: FastifyInstance,
  opts: { evaluation: EvaluationService; complaints: ComplaintService; token: string | null }
): Promise<void> {
  markPersonal(app)
  const r = app.withTypeProvider<ZodTypeProvider>()
  const tags = ['staff']
  app.addHook('onRequest', async (req) => {
    if (!staffTokenMatches(opts.token, req.headers.authorization)) throw errors.staffUnauthorized()
  })

  r.get(
    '/api/v1/staff/evaluations',
    {
      schema: { tags, summary: '评价列表（工作人员；state 为差评处理状态）', querystring: StaffEvaluationsQuerySchema, response: { 200: StaffEvaluationsResponseSchema, ...errs } }
    },
    async (req) => ({
      evaluations: await opts.evaluation.staffList({ state: req.query.state, level: req.query.level, overdue: flag(req.query.overdue) })
    })
  )
  r.get(
    '/api/v1/staff/evaluations/:id',
    { schema: { tags, summary: '评价详情与差评处理记录', params: IdParamsSchema, response: { 200: StaffEvaluationSchema, ...errs } } },
    async (req) => opts.evaluation.staffGet(req.params.id)
  )
  r.get('/api/v1/staff/evaluations/:id/photo', { schema: { tags, summary: '评价照片', params: IdParamsSchema } }, async (req, reply) => {
    const { bytes, mime } = await opts.evaluation.photo(null, { evaluationId: req.params.id })
    return reply.type(mime).header('Cache-Control', 'private, no-store').send(bytes)
  })
  r.post(
    '/api/v1/staff/evaluations/:id/actions',
    {
      schema: {
        tags,
        summary: '差评处理：followUp 回访 / verify 核实 / rectify 整改 / explain 解释说明 / appeal 申诉 / decideAppeal 复核申诉',
        description: '不合法的步骤返回 409 EVALUATION_STEP_NOT_ALLOWED。',
        params: IdParamsSchema,
        body: StaffEvaluationActionSchema,
        response: { 200: StaffEvaluationSchema, ...errs }
      }
    },
    async (req) => opts.evaluation.staffAct(req.params.id, req.body)
  )

  r.get(
    '/api/v1/staff/complaints',
    { schema: { tags, summary: '投诉列表（工作人员）', querystring: StaffComplaintsQuerySchema, response: { 200: StaffComplaintsResponseSchema, ...errs } } },
    async (req) => ({ complaints: await opts.complaints.staffList({ status: req.query.status, overdue: flag(req.query.overdue) }) })
  )
  r.get(
    '/api/v1/staff/complaints/:id',
    { schema: { tags, summary: '投诉详情（工作人员）', params: IdParamsSchema, response: { 200: StaffComplaintSchema, ...errs } } },
    async (req) => opts.complaints.staffGet(req.params.id)
  )
  r.post(
    '/api/v1/staff/complaints/:id/actions',
    {
      schema: {
        tags,
        summary: '投诉处理：startHandling 开始处理 / answer 答复',
        description: '不合法的步骤返回 409 COMPLAINT_STEP_NOT_ALLOWED。',
        params: IdParamsSchema,
        body: StaffComplaintActionSchema,
        response: { 200: StaffComplaintSchema, ...errs }
      }
    },
    async (req) => opts.complaints.staffAct(req.params.id, req.body)
  )
}
