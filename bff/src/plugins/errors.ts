import type { FastifyError, FastifyInstance } from 'fastify'
import { hasZodFastifySchemaValidationErrors, isResponseSerializationError } from 'fastify-type-provider-zod'
import type { ZodIssue } from 'zod'
import { ApiErrorSchema } from '../../../contract/common'
import { DbUnavailableError } from '../db'
import { AppError, errors, validationError } from '../errors'

/**
 * One error handler for the whole BFF. Every 4xx/5xx body is `{code, message, fields?}` (contract/common.ts):
 *  - AppError from a service → as it is (e.g. 404 REGION_UNKNOWN)
 *  - zod validation of params/query/body → 400 VALIDATION_FAILED, Chinese `message` and `fields`
 *  - the database down (PostgreSQL restarting) → 503 DB_UNAVAILABLE: nothing is half-written (transactions roll
 *    back), and a retry is safe: a write that committed just before the cut is found again (submits by their
 *    idempotency key, draft saves by their version → 409 DRAFT_CONFLICT with the saved draft)
 *  - other client errors Fastify raises (bad JSON, too large…) → their 4xx with VALIDATION_FAILED
 *  - anything else, including a response that does not match its schema → 500 INTERNAL_ERROR, logged, no internals sent
 */
export function registerErrorHandler(app: FastifyInstance): void {
  app.setErrorHandler(async (err: FastifyError | AppError | Error, req, reply) => {
    let out: AppError
    if (err instanceof AppError) {
      out = err
    } else if (err instanceof DbUnavailableError) {
      req.log.warn({ err }, 'database unavailable')
      out = errors.dbUnavailable()
      void reply.header('retry-after', '5')
    } else if (hasZodFastifySchemaValidationErrors(err)) {
      out = validationError(err.validation.map((v) => v.params.issue as ZodIssue))
    } else if (isResponseSerializationError(err)) {
      req.log.error({ err, issues: err.cause.issues }, 'response does not match its schema')
      out = errors.internal()
    } else if ((err as FastifyError).statusCode === 413) {
      // the body is over its limit: answered 413 with a code, and the rest of the body is read and dropped (up to
      // DRAIN_LIMIT) so the client, still sending, reads the answer instead of a reset connection
      out = errors.bodyTooLarge()
    } else {
      const status = (err as FastifyError).statusCode
      if (status && status >= 400 && status < 500) {
        req.log.info({ err }, 'client error')
        out = errors.badRequest(status)
      } else {
        req.log.error({ err }, 'unexpected error')
        out = errors.internal()
      }
    }
    // a body over its limit (JSON, or an upload's file): answered once the rest of it has been read and dropped
    if (out.status === 413) await drained(req.raw)
    return reply.code(out.status).type('application/json; charset=utf-8').send(out.toBody())
  })
}

/** at most this much of a refused body, for at most this long, is read and dropped before the answer goes out */
const DRAIN_LIMIT = 64 * 1024 * 1024
const DRAIN_MS = 15_000

/**
 * Reads the rest of a refused body and drops it. Node closes a connection whose request was not read to its end once
 * the answer is sent, and a client still sending then sees a reset instead of the 413: so the answer waits for the
 * body's end (bounded in bytes and time; past either, the connection is closed as before).
 */
function drained(raw: NodeJS.ReadableStream & { complete?: boolean; readableEnded?: boolean; destroyed?: boolean }): Promise<void> {
  if (raw.complete || raw.readableEnded || raw.destroyed) return Promise.resolve()
  return new Promise((resolve) => {
    let seen = 0
    const done = (): void => {
      clearTimeout(timer)
      raw.removeListener('data', onData)
      resolve()
    }
    const onData = (chunk: Buffer): void => {
      seen += chunk.length
      if (seen > DRAIN_LIMIT) done()
    }
    const timer = setTimeout(done, DRAIN_MS)
    raw.on('data', onData)
    raw.once('end', done)
    raw.once('error', done)
    raw.once('close', done)
    raw.resume()
  })
}

/** 404 for everything no route answers: under /api a JSON NOT_FOUND; elsewhere see plugins/static.ts. */
export function isApiPath(url: string): boolean {
  return url === '/api' || url.startsWith('/api/') || url.startsWith('/api?')
}

/** The error answers a citizen route documents: validation, sign-in, grants, not found, conflicts, and uploads' size/type/content. */
export const CITIZEN_ROUTE_ERRORS = {
  400: ApiErrorSchema,
  401: ApiErrorSchema,
  403: ApiErrorSchema,
  404: ApiErrorSchema,
  409: ApiErrorSchema,
  413: ApiErrorSchema,
  415: ApiErrorSchema,
  422: ApiErrorSchema
}
