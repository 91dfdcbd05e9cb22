import { HttpResponse, type HttpResponseResolver } from 'msw'
import type { ZodIssue } from 'zod'
import { AppError, errors, validationError } from '../domain/errors'

/** What the msw handlers share: contract parsing and the BFF's error bodies, so mocks answer as the BFF does. */
export function parse<T>(schema: { safeParse(v: unknown): { success: true; data: T } | { success: false; error: { issues: ZodIssue[] } } }, v: unknown): T {
  const r = schema.safeParse(v)
  if (!r.success) throw validationError(r.error.issues)
  return r.data
}

/** The request's JSON body ({} when empty); 400 VALIDATION_FAILED when it is not JSON. */
export async function jsonBody(request: Request): Promise<unknown> {
  const text = await request.text()
  if (!text) return {}
  try {
    return JSON.parse(text)
  } catch {
    throw errors.badRequest(400)
  }
}

export type RouteAnswer = { status?: number; body?: unknown } | Response

/**
 * A resolver from an async handler: `{status, body}` as JSON (204 without a body), a Response as it is, an AppError
 * thrown as the BFF's error body; anything else is logged under `label` and answered 500 INTERNAL_ERROR.
 */
export function route(
  label: string,
  fn: (request: Request, params: Record<string, string>) => Promise<RouteAnswer>,
  before?: () => Promise<void>
): HttpResponseResolver {
  return async ({ request, params }) => {
    try {
      if (before) await before()
      const r = await fn(request, params as Record<string, string>)
      if (r instanceof Response) return r
      if (r.status === 204) return new HttpResponse(null, { status: 204 })
      return HttpResponse.json(r.body as Record<string, unknown>, { status: r.status ?? 200 })
    } catch (e) {
      const known = e instanceof AppError
      const err = known ? e : errors.internal()
      if (!known) console.error(`[mock ${label}]`, e) // eslint-disable-line no-console
      return HttpResponse.json(err.toBody() as Record<string, unknown>, { status: err.status })
    }
  }
}
