import type { FastifyInstance, FastifyRequest } from 'fastify'
import type { ZodTypeProvider } from 'fastify-type-provider-zod'
import { z } from 'zod'
import {
  CaseGuideSchema,
  ApplicationDetailSchema,
  ApplicationsQuerySchema,
  ApplicationsResponseSchema,
  CreateDraftRequestSchema,
  DeclineReminderRequestSchema,
  DraftMaterialParamsSchema,
  DraftSchema,
  DraftsResponseSchema,
  DraftUploadParamsSchema,
  IdParamsSchema,
  NotificationsResponseSchema,
  QueryAnswerSchema,
  QueryRequestSchema,
  ReminderConfirmResponseSchema,
  ReminderSchema,
  RemindersResponseSchema,
  ResubmitRequestSchema,
  ResultVerificationSchema,
  SubmitRequestSchema,
  VerifyParamsSchema
} from '../../../contract/apply'
import { ItemParamsSchema } from '../../../contract/catalog'
import { errors } from '../../../domain/errors'
import type { CaseSystem } from '../adapters/casesystem'
import type { ApplyService } from '../services/apply'
import type { FamilyService } from '../services/family'
import type { NotificationService } from '../services/notifications'
import type { QueryService } from '../services/queries'
import type { ReminderService } from '../services/reminders'
import { readUpload, uploadOf } from '../uploads/multipart'
import { userOf } from '../plugins/auth'
import { CITIZEN_ROUTE_ERRORS } from '../plugins/errors'
import { markPersonal } from '../plugins/security'

const errs = CITIZEN_ROUTE_ERRORS

/** the key the idempotency plugin checked (required on these routes); the service keeps the case it made per key */
function idempotencyKey(req: FastifyRequest): string | undefined {
  return req.idempotency?.key
}

/**
 * Drafts, submit, cases, result documents, query items, messages and reminders (001 §5, 000 §6.1).
 * Every route here but result verification needs a signed-in citizen; drafts, submit and queries need real-name.
 */
export async function applyRoutes(
  app: FastifyInstance,
  opts: { apply: ApplyService; cases: CaseSystem; queries: QueryService; notifications: NotificationService; reminders: ReminderService; family: FamilyService }
): Promise<void> {
  const { apply, cases, queries, notifications, reminders, family } = opts
  markPersonal(app)
  const r = app.withTypeProvider<ZodTypeProvider>()
  const signedIn = { preHandler: app.requireUser }
  const realNamed = { preHandler: app.requireRealName }
  // writes the app retries after a lost answer: a repeat of the Idempotency-Key gets the first answer (plugins/idempotency.ts)
  const keyed = { ...realNamed, config: { idempotency: 'required' as const } }
  const uploadRetried = { preHandler: [app.requireRealName, readUpload], config: { idempotency: 'optional' as const } }
  const tags = ['apply']

  // ---------- drafts ----------
  r.get('/api/v1/drafts', { ...signedIn, schema: { tags, summary: '我的草稿', response: { 200: DraftsResponseSchema, ...errs } } }, async (req) => ({
    drafts: await apply.listDrafts(userOf(req))
  }))

  r.post(
    '/api/v1/drafts',
    {
      ...realNamed,
      schema: {
        tags,
        summary: '开始申请（新建或续办草稿）',
        description: '同一事项、同一申请人未提交的草稿直接返回（200），否则新建（201）。',
        body: CreateDraftRequestSchema,
        response: { 200: DraftSchema, 201: DraftSchema, ...errs }
      }
    },
    async (req, reply) => {
      const user = userOf(req)
      const { insuredId, ...body } = req.body
      // for a family member: the grant to apply for them (403 GRANT_REQUIRED / 404 FAMILY_MEMBER_UNKNOWN)
      const person = await family.resolve(user, insuredId, 'apply')
      const { draft, created } = await apply.createDraft(user, body, person.memberId ? person : undefined)
      return reply.code(created ? 201 : 200).send(draft)
    }
  )

  r.get('/api/v1/drafts/:id', { ...signedIn, schema: { tags, summary: '草稿', params: IdParamsSchema, response: { 200: DraftSchema, ...errs } } }, async (req) =>
    apply.getDraft(userOf(req), req.params.id)
  )

  r.put(
    '/api/v1/drafts/:id',
    {
      ...signedIn,
      schema: {
        tags,
        summary: '保存草稿',
        description: 'baseVersion 不是最新版本时返回 409 DRAFT_CONFLICT（在其他设备上改过），客户端取回最新草稿。',
        params: IdParamsSchema,
        body: z.object({ values: z.record(z.string().max(2000)).optional(), step: DraftSchema.shape.step.optional(), baseVersion: z.number().int().nonnegative() }),
        response: { 200: DraftSchema, ...errs }
      }
    },
    async (req) => apply.updateDraft(userOf(req), req.params.id, req.body)
  )

  r.delete('/api/v1/drafts/:id', { ...signedIn, schema: { tags, summary: '删除草稿', params: IdParamsSchema } }, async (req, reply) => {
    await apply.deleteDraft(userOf(req), req.params.id)
    return reply.code(204).send()
  })

  r.post(
    '/api/v1/drafts/:id/materials/:materialId',
    {
      ...uploadRetried,
      schema: {
        tags,
        summary: '上传材料（multipart，字段 file）',
        description: '按文件内容（魔数）识别类型；图片重新编码并去除 EXIF；超过 10MB 返回 413，类型不符 415，损坏或尺寸不合规 422。',
        params: DraftMaterialParamsSchema,
        response: { 200: DraftSchema, ...errs }
      }
    },
    async (req) => apply.addDraftUpload(userOf(req), req.params.id, req.params.materialId, uploadOf(req))
  )

  r.delete(
    '/api/v1/drafts/:id/uploads/:uploadId',
    { ...signedIn, schema: { tags, summary: '删除已上传的文件', params: DraftUploadParamsSchema, response: { 200: DraftSchema, ...errs } } },
    async (req) => apply.removeDraftUpload(userOf(req), req.params.id, req.params.uploadId)
  )

  r.post(
    '/api/v1/drafts/:id/submit',
    {
      ...keyed,
      schema: {
        tags,
        summary: '提交申请（须带 Idempotency-Key 请求头）',
        description: '同一 Idempotency-Key 重复提交得到第一次的应答（状态码与内容相同，带 Idempotent-Replayed: true），不会产生第二个办件。',
        params: IdParamsSchema,
        body: SubmitRequestSchema,
        response: { 200: ApplicationDetailSchema, 201: ApplicationDetailSchema, ...errs }
      }
    },
    async (req, reply) => {
      const { application, created } = await cases.submit(userOf(req), req.params.id, idempotencyKey(req), req.body ?? {})
      return reply.code(created ? 201 : 200).send(application)
    }
  )

  // ---------- cases ----------
  r.get(
    '/api/v1/applications',
    { ...signedIn, schema: { tags, summary: '我的办件', querystring: ApplicationsQuerySchema, response: { 200: ApplicationsResponseSchema, ...errs } } },
    async (req) => {
      const user = userOf(req)
      const person = req.query.insuredId && req.query.insuredId !== 'self' ? await family.resolve(user, req.query.insuredId, 'cases') : undefined
      return cases.list(user, req.query.status, person)
    }
  )

  r.get(
    '/api/v1/applications/:id',
    { ...signedIn, schema: { tags, summary: '办件详情（含办理进度 events）', params: IdParamsSchema, response: { 200: ApplicationDetailSchema, ...errs } } },
    async (req) => cases.get(userOf(req), req.params.id)
  )

  r.post(
    '/api/v1/applications/:id/materials/:materialId',
    {
      ...uploadRetried,
      schema: { tags, summary: '补正材料上传（multipart，字段 file）', params: DraftMaterialParamsSchema, response: { 200: ApplicationDetailSchema, ...errs } }
    },
    async (req) => cases.addSupplementUpload(userOf(req), req.params.id, req.params.materialId, uploadOf(req))
  )

  r.post(
    '/api/v1/applications/:id/resubmit',
    {
      ...keyed,
      schema: { tags, summary: '补正后重新提交（须带 Idempotency-Key）', params: IdParamsSchema, body: ResubmitRequestSchema, response: { 200: ApplicationDetailSchema, ...errs } }
    },
    async (req) => cases.resubmit(userOf(req), req.params.id, idempotencyKey(req), req.body ?? {})
  )

  r.get(
    '/api/v1/applications/:id/guide',
    {
      ...signedIn,
      schema: {
        tags,
        summary: '办件所依据的办事指南（提交时的版本）',
        description: '办件按提交时的办事指南版本办理：补正只能要求其中所列材料，不予办理须引用其中的条件。',
        params: IdParamsSchema,
        response: { 200: CaseGuideSchema, ...errs }
      }
    },
    async (req) => {
      const c = await cases.get(userOf(req), req.params.id)
      const item = apply.itemAsFiled(c.itemId, c.region.code, c.guideVersion?.version ?? null)
      if (!item) throw errors.itemUnknown()
      return { guideVersion: c.guideVersion ?? null, item }
    }
  )

  r.get(
    '/api/v1/applications/:id/result.pdf',
    { ...signedIn, schema: { tags, summary: '下载结果文书（PDF）', params: IdParamsSchema } },
    async (req, reply) => {
      const { pdf, fileName } = await cases.resultPdf(userOf(req), req.params.id)
      return reply
        .type('application/pdf')
        .header('Content-Disposition', `attachment; filename="${fileName}"`)
        .header('Cache-Control', 'private, no-store')
        .send(pdf)
    }
  )

  // ---------- result verification (public) ----------
  await app.register(async (scoped) => {
    scoped.addContentTypeParser(['application/pdf', 'application/octet-stream'], { parseAs: 'buffer', bodyLimit: 20 * 1024 * 1024 }, (_req, body, done) =>
      done(null, body)
    )
    const s = scoped.withTypeProvider<ZodTypeProvider>()
    s.get(
      '/api/v1/results/verify/:code',
      { schema: { tags, summary: '核验结果文书真伪（扫码）', params: VerifyParamsSchema, response: { 200: ResultVerificationSchema, ...errs } } },
      async (req) => cases.verify(req.params.code)
    )
    s.post(
      '/api/v1/results/verify/:code',
      {
        schema: {
          tags,
          summary: '核验结果文书是否被改动（请求体为 PDF 文件）',
          description: '请求体为 PDF 原始字节（Content-Type: application/pdf）；unaltered=false 表示文件与签发时不一致。',
          params: VerifyParamsSchema,
          response: { 200: ResultVerificationSchema, ...errs }
        }
      },
      async (req) => {
        const body = req.body
        if (!Buffer.isBuffer(body) || body.length === 0) throw errors.uploadMissing()
        return cases.verify(req.params.code, body)
      }
    )
  })

  // ---------- query items ----------
  r.post(
    '/api/v1/items/:id/query',
    {
      ...realNamed,
      schema: {
        tags,
        summary: '查询服务（即时答复，存入我的办件，001 §5.2.1）',
        description: '为家庭成员查询需其授权“查看医保档案”；30 分钟内同一人同一事项再次查询，更新同一查询办件的结果。',
        params: ItemParamsSchema,
        body: QueryRequestSchema,
        response: { 200: QueryAnswerSchema, ...errs }
      }
    },
    async (req) => {
      const user = userOf(req)
      // about a family member: the grant to see their record (403 GRANT_REQUIRED / 404 FAMILY_MEMBER_UNKNOWN)
      const person = await family.resolve(user, req.body?.insuredId, 'record')
      return queries.ask(user, req.params.id, person, req.body?.region)
    }
  )

  // ---------- messages ----------
  r.get('/api/v1/notifications', { ...signedIn, schema: { tags, summary: '消息中心', response: { 200: NotificationsResponseSchema, ...errs } } }, async (req) =>
    notifications.list(userOf(req).id)
  )
  r.post('/api/v1/notifications/read-all', { ...signedIn, schema: { tags, summary: '全部标为已读' } }, async (req, reply) => {
    await notifications.markAllRead(userOf(req).id)
    return reply.code(204).send()
  })
  r.post('/api/v1/notifications/:id/read', { ...signedIn, schema: { tags, summary: '标为已读', params: IdParamsSchema } }, async (req, reply) => {
    await notifications.markRead(userOf(req).id, req.params.id)
    return reply.code(204).send()
  })

  // ---------- reminders (提醒办) ----------
  r.get('/api/v1/reminders', { ...signedIn, schema: { tags, summary: '提醒办', response: { 200: RemindersResponseSchema, ...errs } } }, async (req) => ({
    reminders: await reminders.list(userOf(req))
  }))
  r.post(
    '/api/v1/reminders/:id/confirm',
    { ...realNamed, schema: { tags, summary: '确认办理（生成预填草稿）', params: IdParamsSchema, response: { 200: ReminderConfirmResponseSchema, ...errs } } },
    async (req) => reminders.confirm(userOf(req), req.params.id)
  )
  r.post(
    '/api/v1/reminders/:id/decline',
    { ...realNamed, schema: { tags, summary: '暂不办理', params: IdParamsSchema, body: DeclineReminderRequestSchema, response: { 200: ReminderSchema, ...errs } } },
    async (req) => reminders.decline(userOf(req), req.params.id, req.body?.reason)
  )
}
