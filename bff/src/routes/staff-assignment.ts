import type { FastifyInstance } from 'fastify'
import type { ZodTypeProvider } from 'fastify-type-provider-zod'
import { z } from 'zod'
import { IdParamsSchema } from '../../../contract/apply'
import { ApiErrorSchema } from '../../../contract/common'
import {
  AbsenceRequestSchema,
  AssignmentRuleSchema,
  AssignmentRulesResponseSchema,
  PutAssignmentRuleRequestSchema,
  StaffAbsenceSchema,
  StaffNoticesResponseSchema
} from '../../../contract/workbench'
import { markPersonal } from '../plugins/security'
import { staffOf } from '../plugins/staff'
import type { AssignmentService } from '../services/assignment'

const errs = { 400: ApiErrorSchema, 401: ApiErrorSchema, 403: ApiErrorSchema, 404: ApiErrorSchema }

/** The rules that assign new cases, staff absences, and a staff member's notices (contract/staff.ts lists them). */
export async function staffAssignmentRoutes(app: FastifyInstance, opts: { assignment: AssignmentService }): Promise<void> {
  markPersonal(app)
  const r = app.withTypeProvider<ZodTypeProvider>()
  const tags = ['staff']
  const { assignment } = opts

  r.get(
    '/api/v1/staff/assignment-rules',
    { onRequest: app.staffGuard('assignment.read'), schema: { tags, summary: '办件分配规则（本辖区）', response: { 200: AssignmentRulesResponseSchema, ...errs } } },
    async (req) => ({ rules: await assignment.rules(staffOf(req).regionCode) })
  )
  r.put(
    '/api/v1/staff/assignment-rules',
    {
      onRequest: app.staffGuard('assignment.manage'),
      schema: {
        tags,
        summary: '设置某地区、某事项（* 为全部事项）的分配规则：窗口受理人员按顺序轮流接件，请假者跳过',
        body: PutAssignmentRuleRequestSchema,
        response: { 200: AssignmentRuleSchema, ...errs }
      }
    },
    async (req) => assignment.putRule(staffOf(req), req.body)
  )
  r.delete(
    '/api/v1/staff/assignment-rules/:id',
    { onRequest: app.staffGuard('assignment.manage'), schema: { tags, summary: '删除分配规则', params: IdParamsSchema, response: { 204: z.null().describe('无内容'), ...errs } } },
    async (req, reply) => {
      await assignment.deleteRule(staffOf(req), req.params.id)
      return reply.code(204).send(null)
    }
  )
  r.put(
    '/api/v1/staff/accounts/:id/absence',
    {
      onRequest: app.staffGuard('absence.manage'),
      schema: { tags, summary: '登记请假（期间不分配新办件）；空对象取消', params: IdParamsSchema, body: AbsenceRequestSchema, response: { 200: StaffAbsenceSchema, ...errs } }
    },
    async (req) => assignment.setAbsence(staffOf(req), req.params.id, req.body)
  )
  r.get(
    '/api/v1/staff/notices',
    { onRequest: app.staffGuard(null), schema: { tags, summary: '我的工作提醒（新分配的办件、超时未分配）', response: { 200: StaffNoticesResponseSchema, ...errs } } },
    async (req) => ({ notices: await assignment.notices(staffOf(req).id) })
  )
}
