import type { FastifyInstance } from 'fastify'
import type { ZodTypeProvider } from 'fastify-type-provider-zod'
import { z } from 'zod'
import { RegionCodeSchema } from '../../contract/common'
import { ApiErrorSchema, ErrorCode } from '../../contract/common'
import { validationError, zhIssueMessage } from '../../domain/errors'
import { get, testApp } from './helpers'

let app: FastifyInstance
let cleanup: () => Promise<void>
beforeAll(async () => {
  ({ app, cleanup } = await testApp())
  // routes that misbehave on purpose, added before the app is ready
  const r = app.withTypeProvider<ZodTypeProvider>()
  r.get('/api/v1/test/boom', async () => {
    throw new Error('SQLITE_CORRUPT at /var/secret/yb.sqlite')
  })
  r.get('/api/v1/test/bad-response', { schema: { response: { 200: z.object({ count: z.number() }) } } }, async () => ({ count: 'many' }) as never)
  r.post(
    '/api/v1/test/body',
    { schema: { body: z.object({ applicant: z.object({ phone: z.string().regex(/^1\d{10}$/, '请输入 11 位手机号码'), name: z.string().min(1) }), region: RegionCodeSchema }) } },
    async () => ({ ok: true })
  )
})
afterAll(async () => cleanup())

function expectApiError(res: { statusCode: number; body: string; json: () => unknown }, status: number, code: string) {
  expect(res.statusCode).toBe(status)
  const body = ApiErrorSchema.parse(res.json())
  expect(body.code).toBe(code)
  expect(body.message).toMatch(/\p{Script=Han}/u)
  return body
}

describe('error responses', () => {
  it('answers unknown routes under /api with 404 NOT_FOUND', async () => {
    expectApiError(await get(app, '/api/v1/nothing-here'), 404, ErrorCode.NOT_FOUND)
    expectApiError(await get(app, '/api'), 404, ErrorCode.NOT_FOUND)
    expectApiError(await get(app, '/api/v2/regions'), 404, ErrorCode.NOT_FOUND)
    expectApiError(await app.inject({ method: 'POST', url: '/api/v1/regions' }), 404, ErrorCode.NOT_FOUND)
    expectApiError(await app.inject({ method: 'DELETE', url: '/api/v1/items/offsite-care-filing?region=331100' }), 404, ErrorCode.NOT_FOUND)
  })

  it('answers an unexpected error with 500 INTERNAL_ERROR without internals', async () => {
    const res = await get(app, '/api/v1/test/boom')
    const body = expectApiError(res, 500, ErrorCode.INTERNAL)
    expect(body).toEqual({ code: 'INTERNAL_ERROR', message: '系统繁忙，请稍后再试' })
    expect(res.body).not.toMatch(/SQLITE|secret|stack/i)
  })

  it('answers a response that breaks its schema with 500 INTERNAL_ERROR, not the bad data', async () => {
    const res = await get(app, '/api/v1/test/bad-response')
    expectApiError(res, 500, ErrorCode.INTERNAL)
    expect(res.body).not.toContain('many')
  })

  it('maps body validation errors to 400 VALIDATION_FAILED with Chinese field messages', async () => {
    const res = await app.inject({
      method: 'POST',
      url: '/api/v1/test/body',
      payload: { applicant: { phone: '123', name: '' }, region: '33' }
    })
    const body = expectApiError(res, 400, ErrorCode.VALIDATION)
    expect(body.fields).toEqual({
      'applicant.phone': '请输入 11 位手机号码',
      'applicant.name': '不能为空',
      region: '地区编码应为 6 位数字'
    })
    expect(body.message).toBe('请输入 11 位手机号码')
  })

  it('answers malformed JSON with a 400 and a stable code', async () => {
    const res = await app.inject({
      method: 'POST',
      url: '/api/v1/test/body',
      headers: { 'content-type': 'application/json' },
      payload: '{"applicant":'
    })
    expectApiError(res, 400, ErrorCode.VALIDATION)
  })
})

describe('Chinese validation messages', () => {
  const issuesOf = (schema: z.ZodTypeAny, value: unknown) => {
    const r = schema.safeParse(value)
    if (r.success) throw new Error('expected a failure')
    return r.error.issues
  }

  it('keeps the contract’s own Chinese messages', () => {
    expect(zhIssueMessage(issuesOf(RegionCodeSchema, '12')[0])).toBe('地区编码应为 6 位数字')
    expect(zhIssueMessage(issuesOf(z.object({ region: RegionCodeSchema }), {})[0])).toBe('请选择地区')
  })

  it('translates zod’s default English messages, naming the field', () => {
    const schema = z.object({ id: z.string().max(3), q: z.string(), n: z.number().min(2), mode: z.enum(['a', 'b']) })
    const issues = issuesOf(schema, { id: 'abcd', n: 1, mode: 'c' })
    expect(issues.map(zhIssueMessage)).toEqual(['事项编号：不能超过 3 个字', '搜索内容必须填写', '不能小于 2', '应为以下之一：a、b'])
    for (const m of issues.map(zhIssueMessage)) expect(m).not.toMatch(/[A-Z][a-z]+ /)
  })

  it('builds one field entry per path, the first message as the headline', () => {
    const e = validationError(issuesOf(z.object({ a: z.string().min(2), b: z.string() }), { a: 'x' }))
    expect(e.status).toBe(400)
    expect(e.toBody()).toEqual({ code: 'VALIDATION_FAILED', message: '至少 2 个字', fields: { a: '至少 2 个字', b: '必须填写' } })
  })
})
