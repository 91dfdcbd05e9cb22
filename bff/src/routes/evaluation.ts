import type { FastifyInstance } from 'fastify'
import type { ZodTypeProvider } from 'fastify-type-provider-zod'
import { IdParamsSchema } from '../../../contract/apply'
import {
  CommentRequestSchema,
  ComplaintSchema,
  ComplaintsResponseSchema,
  CreateComplaintRequestSchema,
  EvaluationSchema,
  EvaluationStatusSchema,
  EvaluationsResponseSchema,
  FeedbackRequestSchema,
  MetricsQuerySchema,
  MetricsResponseSchema,
  PendingEvaluationsResponseSchema,
  RateComplaintRequestSchema,
  RateRequestSchema
} from '../../../contract/evaluation'
import type { ComplaintService, EvaluationService } from '../services/evaluation'
import type { MetricsService } from '../services/metrics'
import { readUpload, uploadOf } from '../uploads/multipart'
import { userOf } from '../plugins/auth'
import { CITIZEN_ROUTE_ERRORS } from '../plugins/errors'
import { markPersonal } from '../plugins/security'

const errs = CITIZEN_ROUTE_ERRORS


/**
 * 好差评, complaints and the public metrics (issue 5; contract/evaluation.ts lists every route). Ratings and complaints
 * are real-name (001 §3.1.2); the metrics route is public and returns aggregates only.
 */
export async function evaluationRoutes(
  app: FastifyInstance,
  opts: { evaluation: EvaluationService; complaints: ComplaintService; metrics: MetricsService }
): Promise<void> {
  const { evaluation, complaints, metrics } = opts
  markPersonal(app)
  const r = app.withTypeProvider<ZodTypeProvider>()
  const realNamed = { preHandler: app.requireRealName }
  // writes the app retries after a lost answer: a repeat of the Idempotency-Key gets the first answer (plugins/idempotency.ts)
  const retried = { ...realNamed, config: { idempotency: 'optional' as const } }
  const uploadRetried = { preHandler: [app.requireRealName, readUpload], config: retried.config }
  const tags = ['evaluation']

  // ---------- ratings ----------
  r.get(
    '/api/v1/evaluations/pending',
    { ...realNamed, schema: { tags, summary: '待评价的办件', response: { 200: PendingEvaluationsResponseSchema, ...errs } } },
    async (req) => ({ pending: await evaluation.pending(userOf(req)) })
  )
  r.get(
    '/api/v1/evaluations',
    { ...realNamed, schema: { tags, summary: '我的评价', response: { 200: EvaluationsResponseSchema, ...errs } } },
    async (req) => ({ evaluations: await evaluation.list(userOf(req)) })
  )
  r.get(
    '/api/v1/applications/:id/evaluation',
    {
      ...realNamed,
      schema: { tags, summary: '办件的评价状态（能否评价、评价期限、已有评价）', params: IdParamsSchema, response: { 200: EvaluationStatusSchema, ...errs } }
    },
    async (req) => evaluation.status(userOf(req), req.params.id)
  )
  r.post(
    '/api/v1/applications/:id/evaluation',
    {
      ...retried,
      schema: {
        tags,
        summary: '评价办件（一事一评）',
        description:
          '办结或不予办理后评价一次；不满意、非常不满意须至少选择一项原因。重复评价返回 409 EVALUATION_EXISTS，未办结返回 409 EVALUATION_NOT_OPEN。',
        params: IdParamsSchema,
        body: RateRequestSchema,
        response: { 201: EvaluationSchema, ...errs }
      }
    },
    async (req, reply) => reply.code(201).send(await evaluation.rate(userOf(req), req.params.id, req.body))
  )
  r.post(
    '/api/v1/applications/:id/evaluation/photo',
    {
      ...uploadRetried,
      schema: { tags, summary: '为评价补充一张照片（multipart，字段 file）', params: IdParamsSchema, response: { 200: EvaluationSchema, ...errs } }
    },
    async (req) => evaluation.addPhoto(userOf(req), req.params.id, uploadOf(req))
  )
  r.get(
    '/api/v1/applications/:id/evaluation/photo',
    { ...realNamed, schema: { tags, summary: '评价照片', params: IdParamsSchema } },
    async (req, reply) => {
      const { bytes, mime } = await evaluation.photo(userOf(req), { applicationId: req.params.id })
      return reply.type(mime).header('Cache-Control', 'private, no-store').send(bytes)
    }
  )
  r.post(
    '/api/v1/applications/:id/evaluation/comment',
    {
      ...retried,
      schema: { tags, summary: '追评（仅一次）', params: IdParamsSchema, body: CommentRequestSchema, response: { 200: EvaluationSchema, ...errs } }
    },
    async (req) => evaluation.comment(userOf(req), req.params.id, req.body.text)
  )
  r.post(
    '/api/v1/applications/:id/evaluation/feedback',
    {
      ...retried,
      schema: {
        tags,
        summary: '确认差评处理结果：认可，或提出异议（仅一次）',
        params: IdParamsSchema,
        body: FeedbackRequestSchema,
        response: { 200: EvaluationSchema, ...errs }
      }
    },
    async (req) => evaluation.answerFeedback(userOf(req), req.params.id, req.body)
  )

  // ---------- complaints (投诉, 003 §11.3) ----------
  r.post(
    '/api/v1/complaints',
    { ...retried, schema: { tags, summary: '提交投诉', body: CreateComplaintRequestSchema, response: { 201: ComplaintSchema, ...errs } } },
    async (req, reply) => reply.code(201).send(await complaints.file(userOf(req), req.body))
  )
  r.get(
    '/api/v1/complaints',
    { ...realNamed, schema: { tags, summary: '我的投诉', response: { 200: ComplaintsResponseSchema, ...errs } } },
    async (req) => ({ complaints: await complaints.list(userOf(req)) })
  )
  r.get(
    '/api/v1/complaints/:id',
    { ...realNamed, schema: { tags, summary: '投诉详情与处理进度', params: IdParamsSchema, response: { 200: ComplaintSchema, ...errs } } },
    async (req) => complaints.get(userOf(req), req.params.id)
  )
  r.post(
    '/api/v1/complaints/:id/rate',
    {
      ...retried,
      schema: { tags, summary: '评价投诉答复（办结投诉）', params: IdParamsSchema, body: RateComplaintRequestSchema, response: { 200: ComplaintSchema, ...errs } }
    },
    async (req) => complaints.rate(userOf(req), req.params.id, req.body)
  )

  // ---------- metrics (public, 001 §6.2) ----------
  r.get(
    '/api/v1/metrics',
    {
      // aggregates only: cached publicly for a minute
      config: { personal: false },
      schema: {
        tags,
        summary: '服务评价指标：按时办结率、投诉及时处理率、用户满意率、差评整改及时率（公开，仅统计数）',
        querystring: MetricsQuerySchema,
        response: { 200: MetricsResponseSchema, ...errs }
      }
    },
    async (req, reply) => {
      await evaluation.sweep()
      return reply.header('Cache-Control', 'public, max-age=60').send(await metrics.compute(req.query))
    }
  )
}
