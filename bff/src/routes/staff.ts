import type { FastifyInstance } from 'fastify'
import type { ZodTypeProvider } from 'fastify-type-provider-zod'
import {
  ApplicationDetailSchema,
  IdParamsSchema,
  ReminderSchema,
  StaffActionSchema,
  StaffApplicationsQuerySchema,
  StaffApplicationsResponseSchema,
  StaffReminderRequestSchema
} from '../../../contract/apply'
import { ApiErrorSchema } from '../../../contract/common'
import { isValidIdNumber } from '../../../contract/identity'
import { errors, fieldsError } from '../errors'
import type { ApplyService } from '../services/apply'
import type { CatalogService } from '../services/catalog'
import type { ReminderService } from '../services/reminders'
import { staffTokenMatches } from '../staff/token'

const errs = { 400: ApiErrorSchema, 401: ApiErrorSchema, 404: ApiErrorSchema, 409: ApiErrorSchema }

/**
 * The window staff's side of the embedded agency (001 §5.2.3): list cases, read one whole, act on it. A real
 * provincial platform runs its own back office; these routes are what the embedded default offers for demos and tests.
 */
export async function staffRoutes(
  app: FastifyInstance,
  opts: { apply: ApplyService; reminders: ReminderService; catalog: CatalogService; token: string | null }
): Promise<void> {
  const r = app.withTypeProvider<ZodTypeProvider>()
  const tags = ['staff']
  app.addHook('onRequest', async (req) => {
    if (!staffTokenMatches(opts.token, req.headers.authorization)) throw errors.staffUnauthorized()
  })

  r.get(
    '/api/v1/staff/applications',
    { schema: { tags, summary: '办件列表（工作人员）', querystring: StaffApplicationsQuerySchema, response: { 200: StaffApplicationsResponseSchema, ...errs } } },
    async (req) => opts.apply.staffList(req.query.status)
  )
  r.get(
    '/api/v1/staff/applications/:id',
    { schema: { tags, summary: '办件详情（工作人员，个人信息不脱敏）', params: IdParamsSchema, response: { 200: ApplicationDetailSchema, ...errs } } },
    async (req) => opts.apply.staffGet(req.params.id)
  )
  r.post(
    '/api/v1/staff/applications/:id/actions',
    {
      schema: {
        tags,
        summary: '办理操作：assign / preAccept / accept / receivePaper / startReview / requestSupplement / complete / reject / deliver / returnMaterials',
        description: '不合法的状态流转返回 409 TRANSITION_NOT_ALLOWED；支付类事项（报销、退费）办结时须给出 amountFen（分），否则 400 PAYMENT_AMOUNT_REQUIRED。',
        params: IdParamsSchema,
        body: StaffActionSchema,
        response: { 200: ApplicationDetailSchema, ...errs }
      }
    },
    async (req) => opts.apply.staffAct(req.params.id, req.body)
  )
  r.post(
    '/api/v1/staff/reminders',
    { schema: { tags, summary: '向参保人推送提醒办（000 §6.1.2.1.2）', body: StaffReminderRequestSchema, response: { 200: ReminderSchema, ...errs } } },
    async (req) => {
      const b = req.body
      if (!isValidIdNumber(b.idNumber)) throw fieldsError({ idNumber: '身份证号校验位不正确，请核对' }, '')
      opts.catalog.itemDetail(b.itemId, b.region)
      return await opts.reminders.propose({ ownerIdNumber: b.idNumber.toUpperCase(), forIdNumber: b.idNumber.toUpperCase(), forName: '参保人', itemId: b.itemId, region: b.region, reason: b.reason })
    }
  )
}
