import { createHash } from 'node:crypto'
import { brotliCompressSync, constants, gzipSync } from 'node:zlib'

/**
 * A public answer kept as the bytes that go out (RFC 9110 §8: a "selected representation"): the body, its strong
 * validator and, for bodies worth it, brotli and gzip versions made once on first use and reused for every request.
 * No framework here: the catalog service keeps guides this way, the web shell its pages, routes send them
 * (conditional.ts).
 */
export interface Representation {
  readonly body: Buffer
  /** strong ETag (quoted): a hash of the body, so two instances of the BFF give the same tag for the same bytes */
  readonly etag: string
  readonly contentType: string
  /** the body in `encoding`, or null when not worth compressing (small) */
  encoded(encoding: ContentCoding): Buffer | null
}

export type ContentCoding = 'br' | 'gzip'

/** bodies smaller than this go out as they are: the saving would not pay for a compressed copy */
export const COMPRESS_MIN_BYTES = 1024

/** A strong entity tag of some bytes: 22 characters of base64url SHA-256. */
export function strongEtag(body: Buffer | string): string {
  return `"${createHash('sha256').update(body).digest('base64url').slice(0, 22)}"`
}

/**
 * `quality`: brotli quality — 11 (smallest, ~10 ms for 12 KB) for what is cached and sent many times, 4 for answers
 * made per request (search), where the time matters more than the last few bytes.
 */
export function representation(body: Buffer | string, contentType: string, opts: { quality?: number } = {}): Representation {
  const bytes = typeof body === 'string' ? Buffer.from(body, 'utf8') : body
  const quality = opts.quality ?? constants.BROTLI_MAX_QUALITY
  const copies: Partial<Record<ContentCoding, Buffer>> = {}
  return {
    body: bytes,
    etag: strongEtag(bytes),
    contentType,
    encoded(encoding) {
      if (bytes.length < COMPRESS_MIN_BYTES) return null
      copies[encoding] ??=
        encoding === 'br'
          ? brotliCompressSync(bytes, {
              params: {
                [constants.BROTLI_PARAM_QUALITY]: quality,
                [constants.BROTLI_PARAM_MODE]: contentType.startsWith('text/') || contentType.includes('json') ? constants.BROTLI_MODE_TEXT : constants.BROTLI_MODE_GENERIC,
                [constants.BROTLI_PARAM_SIZE_HINT]: bytes.length
              }
            })
          : gzipSync(bytes, { level: quality >= 9 ? 9 : 6 })
      return copies[encoding]!
    }
  }
}

/**
 * The coding to answer with for an Accept-Encoding header (RFC 9110 §12.5.3): brotli when accepted, else gzip, else
 * none. `q=0` refuses a coding; `*` stands for any coding not named.
 */
export function negotiateEncoding(acceptEncoding: string | undefined): ContentCoding | null {
  if (!acceptEncoding) return null
  // clients send a handful of distinct headers (one per browser or HTTP client): each is parsed once
  const known = negotiated.get(acceptEncoding)
  if (known !== undefined) return known
  const coding = parseAcceptEncoding(acceptEncoding)
  if (negotiated.size >= NEGOTIATED_MAX) negotiated.clear()
  negotiated.set(acceptEncoding, coding)
  return coding
}

const NEGOTIATED_MAX = 256
const negotiated = new Map<string, ContentCoding | null>()

function parseAcceptEncoding(acceptEncoding: string): ContentCoding | null {
  const q = new Map<string, number>()
  for (const part of acceptEncoding.split(',')) {
    const [name, ...params] = part.trim().toLowerCase().split(';')
    if (!name) continue
    const qp = params.map((p) => p.trim()).find((p) => p.startsWith('q='))
    const value = qp ? Number(qp.slice(2)) : 1
    q.set(name, Number.isFinite(value) ? value : 0)
  }
  const accepts = (c: string): boolean => (q.has(c) ? q.get(c)! > 0 : (q.get('*') ?? 0) > 0)
  if (accepts('br')) return 'br'
  if (accepts('gzip') || (q.get('x-gzip') ?? 0) > 0) return 'gzip'
  return null
}

/**
 * Does an If-None-Match header name this ETag (RFC 9110 §13.1.2: weak comparison, `*` matches any current
 * representation)?
 */
export function etagMatches(ifNoneMatch: string | undefined, etag: string): boolean {
  if (!ifNoneMatch) return false
  // the usual revalidation sends back exactly the tag it was given: one comparison, nothing allocated
  if (ifNoneMatch === etag) return true
  if (ifNoneMatch.trim() === '*') return true
  const mine = opaqueTag(etag)
  return ifNoneMatch.split(',').some((t) => opaqueTag(t) === mine)
}

/** an entity tag without its weakness mark, for the weak comparison */
function opaqueTag(tag: string): string {
  return tag.trim().replace(/^W\//, '')
}
