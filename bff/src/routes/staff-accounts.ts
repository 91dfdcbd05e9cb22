import type { FastifyInstance } from 'fastify'
import type { ZodTypeProvider } from 'fastify-type-provider-zod'
import { z } from 'zod'
import { IdParamsSchema } from '../../../contract/apply'
import { ApiErrorSchema } from '../../../contract/common'
import {
  BootstrapRequestSchema,
  CreateStaffRequestSchema,
  EnrollRequestSchema,
  StaffAccountSchema,
  StaffAccountsResponseSchema,
  StaffAuditQuerySchema,
  StaffAuditResponseSchema,
  StaffCreatedSchema,
  StaffEnrolledSchema,
  StaffSessionSchema,
  StaffSignInRequestSchema,
  UpdateStaffRequestSchema,
  regionPrefix
} from '../../../contract/staff'
import type { Db } from '../db'
import { errors } from '../../../domain/errors'
import { isLoopbackRequest, markPersonal } from '../plugins/security'
import { staffOf } from '../plugins/staff'
import type { StaffAccounts } from '../staff/accounts'
import { staffTokenMatches } from '../staff/token'

const errs = { 400: ApiErrorSchema, 401: ApiErrorSchema, 403: ApiErrorSchema, 404: ApiErrorSchema, 409: ApiErrorSchema, 429: ApiErrorSchema }

/** Staff accounts, sign-in and the audit trail (contract/staff.ts lists every route). */
export async function staffAccountRoutes(
  app: FastifyInstance,
  opts: { accounts: StaffAccounts; db: Db; bootstrapToken: string | null; bootstrapTokenIsDevelopment: boolean; ipHash: (ip: string) => string }
): Promise<void> {
  markPersonal(app)
  const { accounts } = opts
  const r = app.withTypeProvider<ZodTypeProvider>()
  const tags = ['staff']

  r.post(
    '/api/v1/staff/bootstrap',
    {
      onRequest: async (req) => {
        if (!staffTokenMatches(opts.bootstrapToken, req.headers.authorization)) throw errors.staffUnauthorized()
        // the development token (made by `npm start`) works for callers on this machine only
        if (opts.bootstrapTokenIsDevelopment && !isLoopbackRequest(req)) throw errors.staffUnauthorized()
      },
      schema: {
        tags,
        summary: '创建第一个管理员（仅在没有管理员时，凭 STAFF_TOKEN）',
        description: '返回 TOTP 密钥（仅此一次），请用身份验证器应用扫码保存。已有管理员时返回 409 STAFF_BOOTSTRAP_DONE。',
        body: BootstrapRequestSchema,
        response: { 201: StaffEnrolledSchema, ...errs }
      }
    },
    async (req, reply) => reply.code(201).send(await accounts.bootstrap(req.body))
  )

  r.post(
    '/api/v1/staff/enroll',
    {
      schema: {
        tags,
        summary: '开通账号：用管理员给的开通码设置密码，取得 TOTP 密钥',
        body: EnrollRequestSchema,
        response: { 200: StaffEnrolledSchema, ...errs }
      }
    },
    async (req) => accounts.enroll(req.body)
  )

  r.post(
    '/api/v1/staff/session',
    {
      schema: {
        tags,
        summary: '工作人员登录（密码 + 动态验证码）',
        description: `登录名、密码或动态验证码任一不正确均返回 401 STAFF_CREDENTIALS_INVALID；多次失败 429 STAFF_LOCKED。令牌 10 小时内有效，闲置 30 分钟失效。`,
        body: StaffSignInRequestSchema,
        response: { 200: StaffSessionSchema, ...errs }
      }
    },
    async (req) => accounts.signIn(req.body, opts.ipHash(req.ip))
  )

  r.delete('/api/v1/staff/session', { schema: { tags, summary: '退出登录', response: { 204: z.null().describe('无内容'), ...errs } } }, async (req, reply) => {
    await accounts.signOut(req.headers.authorization)
    return reply.code(204).send(null)
  })

  r.get(
    '/api/v1/staff/me',
    { onRequest: app.staffGuard(null), schema: { tags, summary: '当前工作人员', response: { 200: StaffAccountSchema, ...errs } } },
    async (req) => accounts.account(staffOf(req).id)
  )

  r.get(
    '/api/v1/staff/accounts',
    { onRequest: app.staffGuard('staff.manage'), schema: { tags, summary: '工作人员账号（管理员）', response: { 200: StaffAccountsResponseSchema, ...errs } } },
    async () => ({ accounts: await accounts.list() })
  )

  r.post(
    '/api/v1/staff/accounts',
    {
      onRequest: app.staffGuard('staff.manage'),
      schema: {
        tags,
        summary: '开通工作人员账号（管理员）：返回开通码，由本人设置密码',
        body: CreateStaffRequestSchema,
        response: { 201: StaffCreatedSchema, ...errs }
      }
    },
    async (req, reply) => reply.code(201).send(await accounts.create(staffOf(req), req.body))
  )

  r.post(
    '/api/v1/staff/accounts/:id/disable',
    { onRequest: app.staffGuard('staff.manage'), schema: { tags, summary: '停用账号（其令牌随即失效）', params: IdParamsSchema, response: { 200: StaffAccountSchema, ...errs } } },
    async (req) => accounts.disable(req.params.id)
  )

  r.patch(
    '/api/v1/staff/accounts/:id',
    {
      onRequest: app.staffGuard('staff.manage'),
      schema: {
        tags,
        summary: '调整工作人员的岗位或所属区域（管理员；记入操作记录，即时生效）',
        description: '不能调整自己的账号、已停用的账号，或调整到本辖区以外，否则 400 VALIDATION_FAILED；本辖区以外的账号 404 STAFF_ACCOUNT_UNKNOWN。',
        params: IdParamsSchema,
        body: UpdateStaffRequestSchema,
        response: { 200: StaffAccountSchema, ...errs }
      }
    },
    async (req) => accounts.update(staffOf(req), req.params.id, req.body)
  )

  r.get(
    '/api/v1/staff/audit',
    {
      onRequest: app.staffGuard('audit.read'),
      schema: { tags, summary: '工作人员操作记录（管理员；科长看本辖区工作人员的）', querystring: StaffAuditQuerySchema, response: { 200: StaffAuditResponseSchema, ...errs } }
    },
    async (req) => {
      const q = req.query
      const staff = staffOf(req)
      // an entry is the region of the account that made it: a 科长 reads their region's staff; requests nobody was
      // signed in for (failed sign-ins) are the administrator's to read
      const where: string[] = []
      const args: unknown[] = []
      if (staff.role !== 'admin') {
        where.push('staff_id IN (SELECT id FROM staff_accounts WHERE region_code LIKE ?)')
        args.push(`${regionPrefix(staff.regionCode)}%`)
      }
      if (q.staffId) {
        where.push('staff_id = ?')
        args.push(q.staffId)
      }
      const rows = await opts.db
        .prepare<unknown[], { id: string; at: string; staff_id: string | null; staff_name: string; role: string | null; method: string; route: string; target_id: string | null; status: number }>(
          `SELECT id, at, staff_id, staff_name, role, method, route, target_id, status FROM staff_audit ${where.length ? `WHERE ${where.join(' AND ')}` : ''} ORDER BY at DESC, id DESC LIMIT ?`
        )
        .all(...args, q.limit)
      return {
        entries: rows.map((e) => ({
          id: e.id,
          at: e.at,
          staffId: e.staff_id,
          staffName: e.staff_name,
          role: e.role,
          method: e.method,
          route: e.route,
          targetId: e.target_id,
          status: Number(e.status)
        }))
      }
    }
  )
}
