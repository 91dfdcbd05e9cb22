import type { FastifyInstance } from 'fastify'
import { get, testApp } from './helpers'

/** The catalog's GET routes other clients depend on, with their parameters. */
const ROUTES: Array<[string, string[]]> = [
  ['/healthz', []],
  ['/api/v1/regions', []],
  ['/api/v1/national-regions', ['parent']],
  ['/api/v1/departments', ['region']],
  ['/api/v1/items', ['region', 'department']],
  ['/api/v1/items/{id}', ['id', 'region']],
  ['/api/v1/search', ['q', 'region']],
  ['/api/v1/search/hot', []]
]

/** Every route of the BFF, by method: sign-in, drafts, cases, staff. The document lists exactly these. */
const ALL_ROUTES: string[] = [
  // family members, proxies and grants
  'GET /api/v1/family/members',
  'POST /api/v1/family/members',
  'DELETE /api/v1/family/members/{id}',
  'DELETE /api/v1/me',
  'GET /api/v1/family/requests',
  'POST /api/v1/family/requests/{id}/accept',
  'POST /api/v1/family/requests/{id}/decline',
  'GET /api/v1/family/grants',
  'PUT /api/v1/family/grants/{id}',
  'DELETE /api/v1/family/grants/{id}',
  'GET /api/v1/family/proxy-log',
  // e-voucher and the personal record
  'GET /api/v1/evoucher',
  'POST /api/v1/evoucher/decode',
  'GET /api/v1/evoucher/usage',
  'POST /api/v1/evoucher/usage/{id}/not-me',
  'GET /api/v1/record/enrollment',
  'GET /api/v1/record/contributions',
  'GET /api/v1/record/account',
  'GET /api/v1/record/visits',
  'GET /api/v1/record/family-sharing',
  'GET /api/v1/record/certificate.pdf',
  'GET /healthz',
  'GET /api/v1/regions',
  'GET /api/v1/departments',
  'GET /api/v1/items',
  'GET /api/v1/items/{id}',
  'POST /api/v1/items/{id}/query',
  'GET /api/v1/search',
  'GET /api/v1/search/hot',
  'POST /api/v1/auth/sms-code',
  'POST /api/v1/auth/login',
  'POST /api/v1/auth/platform-login',
  'POST /api/v1/auth/refresh',
  'POST /api/v1/auth/logout',
  'POST /api/v1/auth/realname',
  'GET /api/v1/me',
  'GET /api/v1/dev/outbox',
  'GET /api/v1/drafts',
  'POST /api/v1/drafts',
  'GET /api/v1/drafts/{id}',
  'PUT /api/v1/drafts/{id}',
  'DELETE /api/v1/drafts/{id}',
  'POST /api/v1/drafts/{id}/materials/{materialId}',
  'DELETE /api/v1/drafts/{id}/uploads/{uploadId}',
  'POST /api/v1/drafts/{id}/submit',
  'GET /api/v1/applications',
  'GET /api/v1/applications/{id}',
  'POST /api/v1/applications/{id}/materials/{materialId}',
  'POST /api/v1/applications/{id}/resubmit',
  'GET /api/v1/applications/{id}/guide',
  'GET /api/v1/applications/{id}/result.pdf',
  'GET /api/v1/results/verify/{code}',
  'POST /api/v1/results/verify/{code}',
  'GET /api/v1/notifications',
  'POST /api/v1/notifications/read-all',
  'POST /api/v1/notifications/{id}/read',
  'GET /api/v1/reminders',
  'POST /api/v1/reminders/{id}/confirm',
  'POST /api/v1/reminders/{id}/decline',
  'GET /api/v1/staff/applications',
  'GET /api/v1/staff/applications/{id}',
  'GET /api/v1/staff/applications/{id}/assignees',
  'GET /api/v1/staff/applications/{id}/guide',
  'POST /api/v1/staff/applications/{id}/actions',
  'POST /api/v1/staff/applications/{id}/actions/preview',
  'GET /api/v1/staff/applications/{id}/uploads/{uploadId}',
  'POST /api/v1/staff/reminders',
  'POST /api/v1/staff/bootstrap',
  'POST /api/v1/staff/enroll',
  'POST /api/v1/staff/session',
  'DELETE /api/v1/staff/session',
  'GET /api/v1/staff/me',
  'GET /api/v1/staff/accounts',
  'POST /api/v1/staff/accounts',
  'POST /api/v1/staff/accounts/{id}/disable',
  'PATCH /api/v1/staff/accounts/{id}',
  'GET /api/v1/staff/audit',
  'GET /api/v1/staff/assignment-rules',
  'PUT /api/v1/staff/assignment-rules',
  'DELETE /api/v1/staff/assignment-rules/{id}',
  'PUT /api/v1/staff/accounts/{id}/absence',
  'GET /api/v1/staff/notices',
  'GET /api/v1/staff/todo',
  'GET /api/v1/staff/queue',
  'GET /api/v1/staff/changes',
  // the holiday calendar due dates count with (contract/calendar.ts)
  'GET /api/v1/staff/calendar',
  'POST /api/v1/staff/calendar',
  // the counters' e-voucher terminals (contract/workbench.ts)
  'GET /api/v1/staff/terminals',
  'POST /api/v1/staff/terminals',
  'POST /api/v1/staff/terminals/{id}/revoke',
  // 好差评, complaints, metrics
  'GET /api/v1/evaluations/pending',
  'GET /api/v1/evaluations',
  'GET /api/v1/applications/{id}/evaluation',
  'POST /api/v1/applications/{id}/evaluation',
  'POST /api/v1/applications/{id}/evaluation/photo',
  'GET /api/v1/applications/{id}/evaluation/photo',
  'POST /api/v1/applications/{id}/evaluation/comment',
  'POST /api/v1/applications/{id}/evaluation/feedback',
  'POST /api/v1/complaints',
  'GET /api/v1/complaints',
  'GET /api/v1/complaints/{id}',
  'POST /api/v1/complaints/{id}/rate',
  'GET /api/v1/metrics',
  'GET /api/v1/national-regions',
  // read-aloud
  'POST /api/v1/tts',
  'GET /api/v1/staff/evaluations',
  'GET /api/v1/staff/evaluations/{id}',
  'GET /api/v1/staff/evaluations/{id}/photo',
  'POST /api/v1/staff/evaluations/{id}/actions',
  'GET /api/v1/staff/complaints',
  'POST /api/v1/staff/complaints',
  'GET /api/v1/staff/complaints/{id}',
  'POST /api/v1/staff/complaints/{id}/actions',
  'GET /api/v1/staff/metrics'
]

interface OpenApiDoc {
  openapi: string
  paths: Record<string, Record<string, { parameters?: Array<{ name: string; in: string; schema: Record<string, unknown> }>; responses: Record<string, { content?: Record<string, { schema: Record<string, unknown> }> }> }>>
}

let app: FastifyInstance
let cleanup: () => Promise<void>
let doc: OpenApiDoc
beforeAll(async () => {
  ({ app, cleanup } = await testApp())
  doc = (await get(app, '/docs/json')).json()
})
afterAll(async () => cleanup())

describe('OpenAPI', () => {
  it('serves swagger-ui at /docs', async () => {
    const res = await get(app, '/docs')
    expect([200, 302]).toContain(res.statusCode)
    const page = res.statusCode === 302 ? await get(app, res.headers.location as string) : res
    expect(page.statusCode).toBe(200)
    expect(page.body.toLowerCase()).toContain('swagger')
  })

  it('lists exactly the API routes, each GET with its parameters and a 200 schema from the contract', () => {
    expect(doc.openapi).toMatch(/^3\./)
    const listed = Object.entries(doc.paths).flatMap(([path, ops]) => Object.keys(ops).map((m) => `${m.toUpperCase()} ${path}`))
    expect(listed.sort()).toEqual([...ALL_ROUTES].sort())
    for (const [path, params] of ROUTES) {
      const op = doc.paths[path].get
      expect(op).toBeDefined()
      expect((op.parameters ?? []).map((p) => p.name).sort()).toEqual([...params].sort())
      expect(op.responses['200'].content?.['application/json'].schema).toBeDefined()
    }
  })

  it('carries the contract’s constraints (generated, not hand-written)', () => {
    const region = doc.paths['/api/v1/items'].get.parameters!.find((p) => p.name === 'region')!
    expect(region.schema.pattern).toBe('^\\d{6}$')
    const detail = doc.paths['/api/v1/items/{id}'].get.responses['200'].content!['application/json'].schema as {
      properties: { guide: { properties: Record<string, unknown> } }
    }
    expect(Object.keys(detail.properties.guide.properties)).toHaveLength(16)
    const err = doc.paths['/api/v1/items/{id}'].get.responses['404'].content!['application/json'].schema as { properties: Record<string, unknown> }
    expect(Object.keys(err.properties)).toEqual(expect.arrayContaining(['code', 'message']))
  })
})
