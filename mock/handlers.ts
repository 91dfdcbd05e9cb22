import { http, HttpResponse, type HttpResponseResolver } from 'msw'
import type { ZodIssue } from 'zod'
import { DepartmentsQuerySchema,
  NationalRegionsQuerySchema, ItemDetailQuerySchema, ItemParamsSchema, ItemsQuerySchema, SearchQuerySchema } from '../contract'
import { errors, validationError } from '../domain/errors'
import { applyHandlers } from './apply-api'
import { authHandlers } from './auth-api'
import { familyHandlers } from './family-api'
import { evoucherHandlers } from './evoucher-api'
import { recordHandlers } from './record-api'
import { mockApi, type MockCatalogApi } from './catalog-api'

export { mockApi }
import { evaluationHandlers } from './evaluation-api'
import { progressHandlers } from './progress-api'
import { staffCaseHandlers } from './cases'
import { ttsHandlers } from './tts-api'

/**
 * msw handlers for every catalog route of the BFF (routes listed in src/shared/api/routes.ts). Used by the H5 app
 * in mock mode (mock/browser.ts) and by the component tests (mock/node.ts). The paths start with `*` so they
 * match whatever origin the api client's base URL points at.
 *
 * Bad input is answered like the BFF: 400 VALIDATION_FAILED with Chinese field messages, 404 REGION_UNKNOWN…
 */

interface BffError {
  name: 'AppError'
  status: number
  toBody(): unknown
}
const isBffError = (e: unknown): e is BffError =>
  typeof e === 'object' && e !== null && (e as { name?: unknown }).name === 'AppError' && typeof (e as BffError).toBody === 'function'

function query(request: Request): Record<string, string> {
  return Object.fromEntries(new URL(request.url).searchParams.entries())
}

function parse<T>(schema: { safeParse(v: unknown): { success: true; data: T } | { success: false; error: { issues: ZodIssue[] } } }, v: unknown): T {
  const r = schema.safeParse(v)
  if (!r.success) throw validationError(r.error.issues)
  return r.data
}

function route(fn: (api: MockCatalogApi, request: Request, params: Record<string, string | readonly string[] | undefined>) => unknown): HttpResponseResolver {
  return async ({ request, params }) => {
    try {
      return HttpResponse.json((await fn(await mockApi(), request, params)) as Record<string, unknown>)
    } catch (e) {
      const err = isBffError(e) ? e : errors.internal()
      return HttpResponse.json(err.toBody() as Record<string, unknown>, { status: err.status })
    }
  }
}

export const API_PREFIX = '*/api/v1'

export const handlers = [
  http.get(`${API_PREFIX}/regions`, route((a) => a.regions())),
  http.get(
    `${API_PREFIX}/national-regions`,
    route((a, req) => a.nationalRegions(parse(NationalRegionsQuerySchema, query(req)).parent))
  ),
  http.get(
    `${API_PREFIX}/departments`,
    route((a, req) => a.departments(parse(DepartmentsQuerySchema, query(req)).region))
  ),
  // /search/hot before /search and /items/:id after /items (msw matches whole paths, order is for reading)
  http.get(`${API_PREFIX}/search/hot`, route((a) => a.hot())),
  http.get(
    `${API_PREFIX}/search`,
    route((a, req) => {
      const q = parse(SearchQuerySchema, query(req))
      return a.search(q.q, q.region)
    })
  ),
  http.get(
    `${API_PREFIX}/items`,
    route((a, req) => {
      const q = parse(ItemsQuerySchema, query(req))
      return a.items(q.region, q.department)
    })
  ),
  http.get(
    `${API_PREFIX}/items/:id`,
    route((a, req, params) => {
      const { id } = parse(ItemParamsSchema, params)
      return a.item(id, parse(ItemDetailQuerySchema, query(req)).region)
    })
  ),
  // drafts, uploads and submit (contract/apply.ts)
  ...authHandlers,
  ...familyHandlers,
  // 医保电子凭证 and 医保云档案 (contract/evoucher.ts, contract/record.ts)
  ...evoucherHandlers,
  ...recordHandlers,
  ...applyHandlers,
  // cases, 补正, results, messages and reminders (contract/apply.ts)
  ...progressHandlers,
  // the window staff's steps (the BFF's /staff/applications routes), moving the mocks' cases by the same rules
  ...staffCaseHandlers,
  // 好差评, complaints and the public metrics (contract/evaluation.ts)
  ...evaluationHandlers,
  // read-aloud audio (contract/tts.ts)
  ...ttsHandlers,
  // anything else under /api: the BFF's 404
  http.get(`${API_PREFIX}/*`, () => HttpResponse.json(errors.notFound().toBody() as Record<string, unknown>, { status: 404 }))
]
