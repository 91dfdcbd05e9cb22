import type { FastifyInstance } from 'fastify'
import type { ZodTypeProvider } from 'fastify-type-provider-zod'
import { IdParamsSchema } from '../../../contract/apply'
import { ApiErrorSchema } from '../../../contract/common'
import {
  AcceptRequestSchema,
  AddFamilyMemberRequestSchema,
  FAMILY_MAX_MEMBERS,
  FamilyMemberSchema,
  FamilyMembersResponseSchema,
  FamilyRequestsResponseSchema,
  GrantSchema,
  GrantsResponseSchema,
  ProxyLogResponseSchema,
  UpdateGrantSchema
} from '../../../contract/family'
import type { FamilyService } from '../services/family'
import { userOf } from '../plugins/auth'
import { markPersonal } from '../plugins/security'

const errs = { 400: ApiErrorSchema, 401: ApiErrorSchema, 403: ApiErrorSchema, 404: ApiErrorSchema, 409: ApiErrorSchema }


/** 亲情账户 / 亲友代办 / 授权代理 (contract/family.ts). Every route needs a real-named account. */
export async function familyRoutes(app: FastifyInstance, opts: { family: FamilyService }): Promise<void> {
  const { family } = opts
  markPersonal(app)
  const r = app.withTypeProvider<ZodTypeProvider>()
  const realNamed = { preHandler: app.requireRealName }
  const tags = ['family']

  // ---------- the proxy's side ----------
  r.get('/api/v1/family/members', { ...realNamed, schema: { tags, summary: '我的家庭成员', response: { 200: FamilyMembersResponseSchema, ...errs } } }, async (req) => ({
    members: await family.listMembers(userOf(req)),
    limit: FAMILY_MAX_MEMBERS
  }))
  r.post(
    '/api/v1/family/members',
    {
      ...realNamed,
      schema: {
        tags,
        summary: '添加家庭成员（未满 16 周岁：户籍关系核验后生效；16 周岁及以上：对方本人确认后生效）',
        body: AddFamilyMemberRequestSchema,
        response: { 201: FamilyMemberSchema, ...errs }
      }
    },
    async (req, reply) => reply.code(201).send(await family.addMember(userOf(req), req.body))
  )
  r.delete(
    '/api/v1/family/members/:id',
    { ...realNamed, schema: { tags, summary: '移除家庭成员（授权随之终止）', params: IdParamsSchema } },
    async (req, reply) => {
      await family.removeMember(userOf(req), req.params.id)
      return reply.code(204).send()
    }
  )

  // ---------- the member's side ----------
  r.get('/api/v1/family/requests', { ...realNamed, schema: { tags, summary: '待我确认的家庭成员申请', response: { 200: FamilyRequestsResponseSchema, ...errs } } }, async (req) => ({
    requests: await family.requests(userOf(req))
  }))
  r.post(
    '/api/v1/family/requests/:id/accept',
    { ...realNamed, schema: { tags, summary: '同意并授权（可缩小授权范围）', params: IdParamsSchema, body: AcceptRequestSchema, response: { 200: GrantSchema, ...errs } } },
    async (req) => family.accept(userOf(req), req.params.id, req.body.scopes)
  )
  r.post(
    '/api/v1/family/requests/:id/decline',
    { ...realNamed, schema: { tags, summary: '拒绝家庭成员申请', params: IdParamsSchema } },
    async (req, reply) => {
      await family.decline(userOf(req), req.params.id)
      return reply.code(204).send()
    }
  )
  r.get('/api/v1/family/grants', { ...realNamed, schema: { tags, summary: '我给出的授权（谁可以为我办理）', response: { 200: GrantsResponseSchema, ...errs } } }, async (req) => ({
    grants: await family.grants(userOf(req))
  }))
  r.put(
    '/api/v1/family/grants/:id',
    { ...realNamed, schema: { tags, summary: '调整授权范围', params: IdParamsSchema, body: UpdateGrantSchema, response: { 200: GrantSchema, ...errs } } },
    async (req) => family.updateGrant(userOf(req), req.params.id, req.body.scopes)
  )
  r.delete(
    '/api/v1/family/grants/:id',
    { ...realNamed, schema: { tags, summary: '取消授权（立即生效）', params: IdParamsSchema } },
    async (req, reply) => {
      await family.revoke(userOf(req), req.params.id)
      return reply.code(204).send()
    }
  )
  r.get('/api/v1/family/proxy-log', { ...realNamed, schema: { tags, summary: '他人为我办理记录', response: { 200: ProxyLogResponseSchema, ...errs } } }, async (req) => ({
    entries: await family.proxyLog(userOf(req))
  }))
}
