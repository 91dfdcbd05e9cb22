import type { FastifyInstance } from 'fastify'
import type { ZodTypeProvider } from 'fastify-type-provider-zod'
import { ApiErrorSchema } from '../../../contract/common'
import { StaffChangesQuerySchema, StaffChangesResponseSchema, TodoSchema } from '../../../contract/workbench'
import { markPersonal } from '../plugins/security'
import { staffOf } from '../plugins/staff'
import type { WorkbenchService } from '../services/workbench'

const errs = { 400: ApiErrorSchema, 401: ApiErrorSchema, 403: ApiErrorSchema }

/** The workbench's 待办, the 科室 queue and the change feed (contract/workbench.ts lists them). */
export async function staffWorkbenchRoutes(app: FastifyInstance, opts: { workbench: WorkbenchService }): Promise<void> {
  markPersonal(app)
  const r = app.withTypeProvider<ZodTypeProvider>()
  const tags = ['staff']
  const { workbench } = opts

  r.get(
    '/api/v1/staff/todo',
    { onRequest: app.staffGuard('cases.read'), schema: { tags, summary: '我的待办（已超期、即将超期在前；期限按工作日）', response: { 200: TodoSchema, ...errs } } },
    async (req) => workbench.todo(staffOf(req))
  )
  r.get(
    '/api/v1/staff/queue',
    { onRequest: app.staffGuard('cases.queue'), schema: { tags, summary: '科室队列（本辖区全部在办件，含未分配）', response: { 200: TodoSchema, ...errs } } },
    async (req) => workbench.queue(staffOf(req))
  )
  r.get(
    '/api/v1/staff/changes',
    {
      onRequest: app.staffGuard('cases.read'),
      schema: { tags, summary: '待办变动（轮询，间隔 pollSeconds 秒）', querystring: StaffChangesQuerySchema, response: { 200: StaffChangesResponseSchema, ...errs } }
    },
    async (req) => workbench.changes(staffOf(req), req.query.since)
  )
}
