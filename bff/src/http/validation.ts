import type { FastifySchemaCompiler } from 'fastify'
import { validatorCompiler } from 'fastify-type-provider-zod'
import type { ZodTypeAny } from 'zod'

type Result = { value?: unknown; error?: Error }

/** distinct inputs remembered per schema (the catalog's paths and queries: item ids × region codes) */
const REMEMBERED_MAX = 4096
/** inputs longer than this are checked every time, not remembered */
const KEY_MAX = 256

/**
 * The contract's zod check of a route's path parameters and query, remembered per distinct input: public catalog
 * routes are asked the same few hundred item × region pairs over and over, and a zod object parse allocates a dozen
 * objects per request. The first request with an input runs the schema (a refusal is never remembered: it is checked
 * again each time); later ones get the same frozen result. Only for routes whose handlers do not change
 * `req.params`/`req.query` (the value is shared between requests). Bodies are always checked.
 */
export const rememberedValidatorCompiler: FastifySchemaCompiler<ZodTypeAny> = (route) => {
  const check = validatorCompiler(route) as (data: unknown) => Result
  if (route.httpPart !== 'params' && route.httpPart !== 'querystring') return check
  const remembered = new Map<string, Result>()
  return (data: unknown): Result => {
    const key = flatKey(data)
    if (key !== null) {
      const hit = remembered.get(key)
      if (hit !== undefined) return hit
    }
    const result = check(data)
    if (key !== null && !result.error) {
      if (remembered.size >= REMEMBERED_MAX) remembered.clear()
      const kept = { value: typeof result.value === 'object' && result.value !== null ? Object.freeze(result.value) : result.value }
      remembered.set(key, kept)
      return kept
    }
    return result
  }
}

/** a key naming a flat object of strings exactly (names and values), or null for anything else or too long */
function flatKey(data: unknown): string | null {
  if (typeof data !== 'object' || data === null) return null
  let key = ''
  for (const name in data) {
    const value = (data as Record<string, unknown>)[name]
    // NUL separates the pairs: an input holding one (%00) is checked every time, so two inputs never share a key
    if (typeof value !== 'string' || name.includes('\u0000') || value.includes('\u0000')) return null
    key += `${name}\u0000${value}\u0000`
    if (key.length > KEY_MAX) return null
  }
  return key
}
