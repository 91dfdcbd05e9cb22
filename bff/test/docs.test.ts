import type { FastifyInstance } from 'fastify'
import { get, testApp } from './helpers'

/** The routes other clients depend on; every one must be in the generated OpenAPI document. */
const ROUTES: Array<[string, string[]]> = [
  ['/healthz', []],
  ['/api/v1/regions', []],
  ['/api/v1/departments', ['region']],
  ['/api/v1/items', ['region', 'department']],
  ['/api/v1/items/{id}', ['id', 'region']],
  ['/api/v1/search', ['q', 'region']],
  ['/api/v1/search/hot', []]
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
    expect(Object.keys(doc.paths).sort()).toEqual(ROUTES.map(([p]) => p).sort())
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
