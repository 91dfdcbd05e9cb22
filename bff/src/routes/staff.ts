import type { FastifyInstance } from 'fastify'
import type { ZodTypeProvider } from 'fastify-type-provider-zod'
import {
  ApplicationDetailSchema,
  CaseGuideSchema,
  IdParamsSchema,
  ReminderSchema,
  StaffActionPreviewSchema,
  StaffActionSchema,
  StaffApplicationsQuerySchema,
  StaffApplicationsResponseSchema,
  StaffReminderRequestSchema,
  StaffUploadParamsSchema
} from '../../../contract/apply'
import { ApiErrorSchema } from '../../../contract/common'
import { StaffAssigneesResponseSchema } from '../../../contract/workbench'
import { isValidIdNumber } from '../../../contract/identity'
import { regionCovers } from '../../../contract/staff'
import { fieldsError } from '../../../domain/errors'
import { staffOf } from '../plugins/staff'
import type { CaseSystem } from '../adapters/casesystem'
import type { CatalogService } from '../services/catalog'
import type { ReminderService } from '../services/reminders'
import type { AssignmentService } from '../services/assignment'
import { markPersonal } from '../plugins/security'
import { CaseWorkService } from '../services/case-work'

const errs = { 400: ApiErrorSchema, 401: ApiErrorSchema, 403: ApiErrorSchema, 404: ApiErrorSchema, 409: ApiErrorSchema }

/**
 * The window staff's side of the embedded agency (001 §5.2.3): list cases, read one whole, act on it. A real
 * provincial platform runs its own back office; these routes are what the embedded default offers for demos and tests.
 * Each needs a signed-in staff account whose role may do it (contract/staff.ts) and sees only its region's cases.
 */
export async function staffRoutes(
  app: FastifyInstance,
  opts: { cases: CaseSystem; reminders: ReminderService; catalog: CatalogService; assignment: AssignmentService; now?: () => Date }
): Promise<void> {
  markPersonal(app)
  const r = app.withTypeProvider<ZodTypeProvider>()
  const tags = ['staff']
  const read = { onRequest: app.staffGuard('cases.read') }
  const work = new CaseWorkService({ cases: opts.cases, assignment: opts.assignment, catalog: opts.catalog, now: opts.now ?? (() => new Date()) })

  r.get(
    '/api/v1/staff/applications',
    { ...read, schema: { tags, summary: '办件列表（工作人员，本辖区）', querystring: StaffApplicationsQuerySchema, response: { 200: StaffApplicationsResponseSchema, ...errs } } },
    async (req) => opts.cases.staffList(req.query.status, staffOf(req).regionCode)
  )
  r.get(
    '/api/v1/staff/applications/:id',
    {
      ...read,
      schema: {
        tags,
        summary: '办件详情（工作人员，本辖区）',
        description: '经办人（办件分派给本人的窗口受理或科长；待审核、审核中的办件的审核）看到申请人完整信息，其他人看到脱敏信息（contract/staff.ts）。',
        params: IdParamsSchema,
        response: { 200: ApplicationDetailSchema, ...errs }
      }
    },
    async (req) => work.view(staffOf(req), req.params.id)
  )
  r.get(
    '/api/v1/staff/applications/:id/guide',
    {
      ...read,
      schema: {
        tags,
        summary: '办件所依据的办事指南（提交时的版本）',
        description: '补正只能勾选其中所列的材料，不予办理只能引用其中的申请条件或禁止性要求。',
        params: IdParamsSchema,
        response: { 200: CaseGuideSchema, ...errs }
      }
    },
    async (req) => work.guide(staffOf(req), req.params.id)
  )
  const actionDoc =
    '岗位能办理的操作（窗口受理：分派、预受理、收到原件、受理、补正、送达、退还；审核：开始审核、补正、办结、不予办理；科长：全部及改派），否则 403 STAFF_FORBIDDEN。不合法的状态流转 409 TRANSITION_NOT_ALLOWED；支付类事项办结须给出 amountFen（分），否则 400 PAYMENT_AMOUNT_REQUIRED；邮寄送达须给出运单号，否则 400 TRACKING_NO_REQUIRED；收到原件所选材料不是本件的纸质原件 400 PAPER_MATERIAL_UNKNOWN；改派给当前经办人 409 REASSIGN_SAME_STAFF。办事指南即合同（按办件提交时的指南版本）：补正只能要求指南所列材料（或已提交材料的更清晰版本），否则 400 SUPPLEMENT_NOT_IN_GUIDE / SUPPLEMENT_COPY_NOT_GIVEN；不予办理须引用指南的申请条件或禁止性要求（conditions），否则 400 REJECTION_WITHOUT_GUIDE_CONDITION；办理期限届满且未在届满前延期的，不能再延期或要求补正（409 TIME_LIMIT_PASSED），其他操作照常办理并在进度中注明已超期。'
  r.post(
    '/api/v1/staff/applications/:id/actions',
    {
      ...read,
      schema: {
        tags,
        summary: '办理操作：assign / preAccept / accept / receivePaper / startReview / requestSupplement / complete / reject / deliver / returnMaterials / reassign',
        description: `${actionDoc}操作人为当前登录的工作人员。`,
        params: IdParamsSchema,
        body: StaffActionSchema,
        response: { 200: ApplicationDetailSchema, ...errs }
      }
    },
    async (req) => work.act(staffOf(req), req.params.id, req.body)
  )
  r.post(
    '/api/v1/staff/applications/:id/actions/preview',
    {
      ...read,
      schema: {
        tags,
        summary: '办理操作预览：参保人将收到的消息（不执行）',
        description: `与办理操作相同的校验与拒绝，但不写入任何内容；返回时间线节点与参保人将收到的消息原文。${actionDoc}`,
        params: IdParamsSchema,
        body: StaffActionSchema,
        response: { 200: StaffActionPreviewSchema, ...errs }
      }
    },
    async (req) => work.preview(staffOf(req), req.params.id, req.body)
  )
  r.get(
    '/api/v1/staff/applications/:id/uploads/:uploadId',
    {
      ...read,
      schema: {
        tags,
        summary: '查看办件的上传材料（图片或 PDF，本辖区；每次查看记入操作记录）',
        params: StaffUploadParamsSchema
      }
    },
    async (req, reply) => {
      // the staff audit hook records who opened which case's material (the route names the upload)
      const f = await opts.cases.staffUpload(req.params.id, req.params.uploadId, staffOf(req).regionCode)
      return reply
        .type(f.mime)
        .header('Content-Disposition', `inline; filename*=UTF-8''${encodeURIComponent(f.fileName)}`)
        .header('Cache-Control', 'private, no-store')
        .send(f.bytes)
    }
  )
  r.get(
    '/api/v1/staff/applications/:id/assignees',
    {
      ...read,
      schema: {
        tags,
        summary: '可分派、改派的工作人员（本辖区在岗的窗口受理、科长；今日请假者标明）',
        description: '窗口受理、科长可查，其他岗位 403 STAFF_FORBIDDEN；其他辖区的办件 404。',
        params: IdParamsSchema,
        response: { 200: StaffAssigneesResponseSchema, ...errs }
      }
    },
    async (req) => work.assignees(staffOf(req), req.params.id)
  )
  r.post(
    '/api/v1/staff/reminders',
    {
      onRequest: app.staffGuard('reminders.propose'),
      schema: { tags, summary: '向参保人推送提醒办（000 §6.1.2.1.2）', body: StaffReminderRequestSchema, response: { 200: ReminderSchema, ...errs } }
    },
    async (req) => {
      const b = req.body
      const staff = staffOf(req)
      if (!regionCovers(staff.regionCode, b.region)) throw fieldsError({ region: '只能向本辖区的参保人推送提醒' }, '')
      if (!isValidIdNumber(b.idNumber)) throw fieldsError({ idNumber: '身份证号校验位不正确，请核对' }, '')
      opts.catalog.itemDetail(b.itemId, b.region)
      return await opts.reminders.propose({ ownerIdNumber: b.idNumber.toUpperCase(), forIdNumber: b.idNumber.toUpperCase(), forName: '参保人', itemId: b.itemId, region: b.region, reason: b.reason, values: b.values })
    }
  )
}
