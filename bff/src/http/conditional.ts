import type { FastifyReply, FastifyRequest } from 'fastify'
import { etagMatches, negotiateEncoding, representation, type Representation } from './representation'

/**
 * Cache-Control of public answers that change only with a release or the catalog (guides, regions, item lists, search
 * answers, the web shell): a browser, the app's HTTP client or a proxy may keep them, but asks again every time with
 * If-None-Match and gets a 304 without a body when nothing changed. Never used for personal data.
 */
export const REVALIDATE = 'public, no-cache'

/**
 * Sends a representation as HTTP wants it: 304 Not Modified for a matching If-None-Match (no body), else the body —
 * brotli or gzip when the client accepts it and the body is worth it — with its ETag, `Vary: Accept-Encoding` and
 * `cacheControl`.
 */
export function sendRepresentation(req: FastifyRequest, reply: FastifyReply, rep: Representation, cacheControl: string = REVALIDATE): FastifyReply {
  void reply.header('etag', rep.etag).header('cache-control', cacheControl).header('vary', 'Accept-Encoding')
  if (etagMatches(req.headers['if-none-match'], rep.etag)) return reply.code(304).send()
  void reply.type(rep.contentType)
  const coding = negotiateEncoding(req.headers['accept-encoding'])
  const encoded = coding ? rep.encoded(coding) : null
  if (coding && encoded) return reply.header('content-encoding', coding).send(encoded)
  return reply.send(rep.body)
}

/** A JSON answer made per request (search), sent with an ETag and revalidation; compressed at a fast setting. */
export function sendJson(req: FastifyRequest, reply: FastifyReply, value: unknown, cacheControl: string = REVALIDATE): FastifyReply {
  return sendRepresentation(req, reply, representation(JSON.stringify(value), 'application/json; charset=utf-8', { quality: 4 }), cacheControl)
}
