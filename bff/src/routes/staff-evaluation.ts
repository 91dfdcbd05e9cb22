import type { FastifyInstance } from 'fastify'
import type { ZodTypeProvider } from 'fastify-type-provider-zod'
import { IdParamsSchema } from '../../../contract/apply'
import { ApiErrorSchema } from '../../../contract/common'
import {
  StaffComplaintActionSchema,
  StaffComplaintIntakeSchema,
  StaffComplaintSchema,
  StaffComplaintsQuerySchema,
  StaffComplaintsResponseSchema,
  StaffEvaluationActionSchema,
  StaffEvaluationSchema,
  StaffEvaluationsQuerySchema,
  StaffEvaluationsResponseSchema
} from '../../../contract/evaluation'
import type { ComplaintSystem } from '../adapters/complaints'
import type { EvaluationSystem } from '../adapters/evaluation'
import type { MetricsService } from '../services/metrics'
import { StaffMetricsQuerySchema, StaffMetricsSchema } from '../../../contract/workbench'
import { STAFF_ROLE_LABELS, staffMay } from '../../../contract/staff'
import { errors } from '../../../domain/errors'
import { staffOf } from '../plugins/staff'
import { markPersonal } from '../plugins/security'

const errs = { 400: ApiErrorSchema, 401: ApiErrorSchema, 403: ApiErrorSchema, 404: ApiErrorSchema, 409: ApiErrorSchema }

function flag(v: 'true' | 'false' | undefined): boolean | undefined {
  return v === undefined ? undefined : v === 'true'
}

/**
 * The agency's side of 好差评 and complaints (000 §8.2.1: 差评回访、整改反馈; 003 §11.3): the same staff-token guard as
 * routes/staff.ts: a signed-in staff account whose role holds the permission (contract/staff.ts STAFF_PERMISSIONS), and
 * only ratings and complaints of its region. Ratings are real-name and shown whole here only — inside the agency.
 */
export async function staffEvaluationRoutes(
  app: FastifyInstance,
  opts: { evaluation: EvaluationSystem; complaints: ComplaintSystem; metrics: MetricsService }
): Promise<void> {
  markPersonal(app)
  const r = app.withTypeProvider<ZodTypeProvider>()
  const tags = ['staff']

  r.get(
    '/api/v1/staff/evaluations',
    {
      onRequest: app.staffGuard('evaluations.read'),
      schema: { tags, summary: '评价列表（工作人员；state 为差评处理状态）', querystring: StaffEvaluationsQuerySchema, response: { 200: StaffEvaluationsResponseSchema, ...errs } }
    },
    async (req) => ({
      evaluations: await opts.evaluation.staffList({ state: req.query.state, level: req.query.level, overdue: flag(req.query.overdue) }, staffOf(req).regionCode)
    })
  )
  r.get(
    '/api/v1/staff/evaluations/:id',
    { onRequest: app.staffGuard('evaluations.read'), schema: { tags, summary: '评价详情与差评处理记录', params: IdParamsSchema, response: { 200: StaffEvaluationSchema, ...errs } } },
    async (req) => opts.evaluation.staffGet(req.params.id, staffOf(req).regionCode)
  )
  r.get('/api/v1/staff/evaluations/:id/photo', { onRequest: app.staffGuard('evaluations.read'), schema: { tags, summary: '评价照片', params: IdParamsSchema } }, async (req, reply) => {
    const { bytes, mime } = await opts.evaluation.photo(null, { evaluationId: req.params.id, staffScope: staffOf(req).regionCode })
    return reply.type(mime).header('Cache-Control', 'private, no-store').send(bytes)
  })
  r.post(
    '/api/v1/staff/evaluations/:id/actions',
    {
      onRequest: app.staffGuard('evaluations.loop'),
      schema: {
        tags,
        summary: '差评处理：followUp 回访 / verify 核实 / rectify 整改 / explain 解释说明 / appeal 申诉 / decideAppeal 复核申诉',
        description: '不合法的步骤返回 409 EVALUATION_STEP_NOT_ALLOWED；复核申诉仅科长（403 STAFF_FORBIDDEN）。操作人为当前登录的工作人员。',
        params: IdParamsSchema,
        body: StaffEvaluationActionSchema,
        response: { 200: StaffEvaluationSchema, ...errs }
      }
    },
    async (req) => {
      const staff = staffOf(req)
      // deciding an appeal is the chief's (000 §8.2.1: 复核); the other steps are the evaluation officers'
      if (req.body.action === 'decideAppeal' && !staffMay(staff.role, 'evaluations.decideAppeal')) throw errors.staffForbidden(STAFF_ROLE_LABELS[staff.role])
      return opts.evaluation.staffAct(req.params.id, req.body, staff)
    }
  )

  r.get(
    '/api/v1/staff/complaints',
    { onRequest: app.staffGuard('complaints.read'), schema: { tags, summary: '投诉列表（工作人员）', querystring: StaffComplaintsQuerySchema, response: { 200: StaffComplaintsResponseSchema, ...errs } } },
    async (req) => ({ complaints: await opts.complaints.staffList({ status: req.query.status, overdue: flag(req.query.overdue) }, staffOf(req).regionCode) })
  )
  r.post(
    '/api/v1/staff/complaints',
    {
      onRequest: app.staffGuard('complaints.act'),
      schema: {
        tags,
        summary: '登记投诉（现场 / 电话 / 网上 / 信函，003 §11.3.2）',
        description: '投诉人可无本系统账号；答复按登记的电话或地址送达。地区须在当前账号辖区内（否则 404 REGION_UNKNOWN）。',
        body: StaffComplaintIntakeSchema,
        response: { 201: StaffComplaintSchema, ...errs }
      }
    },
    async (req, reply) => reply.code(201).send(await opts.complaints.staffFile(req.body, staffOf(req)))
  )
  r.get(
    '/api/v1/staff/complaints/:id',
    { onRequest: app.staffGuard('complaints.read'), schema: { tags, summary: '投诉详情（工作人员）', params: IdParamsSchema, response: { 200: StaffComplaintSchema, ...errs } } },
    async (req) => opts.complaints.staffGet(req.params.id, staffOf(req).regionCode)
  )
  r.post(
    '/api/v1/staff/complaints/:id/actions',
    {
      onRequest: app.staffGuard('complaints.act'),
      schema: {
        tags,
        summary: '投诉处理：startHandling 开始处理 / answer 答复',
        description: '不合法的步骤返回 409 COMPLAINT_STEP_NOT_ALLOWED。',
        params: IdParamsSchema,
        body: StaffComplaintActionSchema,
        response: { 200: StaffComplaintSchema, ...errs }
      }
    },
    async (req) => opts.complaints.staffAct(req.params.id, req.body, staffOf(req))
  )

  r.get(
    '/api/v1/staff/metrics',
    {
      onRequest: app.staffGuard('metrics.read'),
      schema: {
        tags,
        summary: '本辖区服务指标：按时办结率、投诉及时处理率、满意率（按事项、地区、月份）',
        description: 'region 默认为当前账号的辖区；辖区外的地区返回 404 REGION_UNKNOWN。',
        querystring: StaffMetricsQuerySchema,
        response: { 200: StaffMetricsSchema, ...errs }
      }
    },
    async (req) => opts.metrics.computeForStaff(req.query, staffOf(req).regionCode)
  )
}
