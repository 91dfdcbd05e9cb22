import { brotliDecompressSync, gunzipSync } from 'node:zlib'
import type { FastifyInstance } from 'fastify'
import { etagMatches, negotiateEncoding, representation } from '../src/http/representation'
import { rememberedValidatorCompiler } from '../src/http/validation'
import { ItemDetailQuerySchema } from '../../contract/catalog'
import { enc, testApp } from './helpers'

describe('representations (RFC 9110 validators and content codings)', () => {
  it('picks brotli, then gzip, honouring q=0 and *', () => {
    expect(negotiateEncoding('gzip, deflate, br')).toBe('br')
    expect(negotiateEncoding('gzip, br;q=0')).toBe('gzip')
    expect(negotiateEncoding('identity')).toBeNull()
    expect(negotiateEncoding('*')).toBe('br')
    expect(negotiateEncoding('*, br;q=0')).toBe('gzip')
    expect(negotiateEncoding(undefined)).toBeNull()
    // each header is parsed once and remembered: asked again, the same answers
    expect(negotiateEncoding('gzip, br;q=0')).toBe('gzip')
    expect(negotiateEncoding('identity')).toBeNull()
    expect(negotiateEncoding('gzip, deflate, br')).toBe('br')
  })

  it('matches If-None-Match by weak comparison, lists and *', () => {
    expect(etagMatches('"abc"', '"abc"')).toBe(true)
    expect(etagMatches('W/"abc"', '"abc"')).toBe(true)
    expect(etagMatches('"x", "abc"', '"abc"')).toBe(true)
    expect(etagMatches('*', '"abc"')).toBe(true)
    expect(etagMatches('"abd"', '"abc"')).toBe(false)
    expect(etagMatches(undefined, '"abc"')).toBe(false)
  })

  it('compresses once and only what is worth it', () => {
    const big = representation('看病报销'.repeat(500), 'application/json')
    const br = big.encoded('br')!
    expect(br).toBe(big.encoded('br')) // the same copy every time
    expect(brotliDecompressSync(br).equals(big.body)).toBe(true)
    expect(gunzipSync(big.encoded('gzip')!).equals(big.body)).toBe(true)
    expect(representation('{"a":1}', 'application/json').encoded('br')).toBeNull()
    // the tag follows the bytes
    expect(representation('x', 'text/plain').etag).toBe(representation('x', 'text/plain').etag)
    expect(representation('x', 'text/plain').etag).not.toBe(representation('y', 'text/plain').etag)
  })
})

describe('catalog and search answers: ETag, 304, compression, revalidation', () => {
  let app: FastifyInstance
  let cleanup: () => Promise<void>
  beforeAll(async () => {
    ({ app, cleanup } = await testApp())
  })
  afterAll(async () => cleanup())

  const GUIDE = '/api/v1/items/offsite-care-filing?region=331100'

  it('sends a guide with a strong ETag and answers a matching If-None-Match with 304 and no body', async () => {
    const first = await app.inject({ method: 'GET', url: GUIDE })
    expect(first.statusCode).toBe(200)
    const etag = first.headers.etag as string
    expect(etag).toMatch(/^"[\w-]{22}"$/)
    expect(first.headers['cache-control']).toBe('public, no-cache')
    expect(first.headers.vary).toBe('Accept-Encoding')
    expect(first.json()).toMatchObject({ id: 'offsite-care-filing', region: { code: '331100' } })

    const again = await app.inject({ method: 'GET', url: GUIDE, headers: { 'if-none-match': etag } })
    expect(again.statusCode).toBe(304)
    expect(again.body).toBe('')
    expect(again.headers.etag).toBe(etag)

    const other = await app.inject({ method: 'GET', url: '/api/v1/items/offsite-care-filing?region=331102' })
    expect(other.headers.etag).not.toBe(etag)
    expect((await app.inject({ method: 'GET', url: GUIDE, headers: { 'if-none-match': other.headers.etag as string } })).statusCode).toBe(200)
  })

  it('sends each level of the national region list with its own ETag, 304 when unchanged, and never the whole list at once', async () => {
    const provinces = await app.inject({ method: 'GET', url: '/api/v1/national-regions' })
    const counties = await app.inject({ method: 'GET', url: '/api/v1/national-regions?parent=330100' })
    expect(provinces.headers['cache-control']).toBe('public, no-cache')
    expect(counties.headers.etag).not.toBe(provinces.headers.etag)
    const again = await app.inject({ method: 'GET', url: '/api/v1/national-regions?parent=330100', headers: { 'if-none-match': counties.headers.etag as string } })
    expect(again.statusCode).toBe(304)
    // a level is a few KB, far below a mini-program's 64 KB per setData (STYLE.md)
    expect(provinces.body.length + counties.body.length).toBeLessThan(8_000)
  })

  it('sends the guide brotli- or gzip-compressed when accepted, the same bytes decoded', async () => {
    const plain = await app.inject({ method: 'GET', url: GUIDE })
    const br = await app.inject({ method: 'GET', url: GUIDE, headers: { 'accept-encoding': 'gzip, deflate, br' } })
    expect(br.headers['content-encoding']).toBe('br')
    expect(br.rawPayload.length).toBeLessThan(plain.rawPayload.length / 2)
    expect(brotliDecompressSync(br.rawPayload).equals(plain.rawPayload)).toBe(true)
    const gz = await app.inject({ method: 'GET', url: GUIDE, headers: { 'accept-encoding': 'gzip' } })
    expect(gz.headers['content-encoding']).toBe('gzip')
    expect(gunzipSync(gz.rawPayload).equals(plain.rawPayload)).toBe(true)
    expect(br.headers.etag).toBe(plain.headers.etag)
  })

  it('revalidates regions, departments and item lists the same way; errors are not cached', async () => {
    for (const url of ['/api/v1/regions', '/api/v1/departments?region=331100', '/api/v1/items?region=331100', '/api/v1/items?region=331100&department=331100-agency']) {
      const res = await app.inject({ method: 'GET', url })
      expect(res.statusCode).toBe(200)
      expect(res.headers['cache-control']).toBe('public, no-cache')
      const again = await app.inject({ method: 'GET', url, headers: { 'if-none-match': res.headers.etag as string } })
      expect(again.statusCode).toBe(304)
    }
    const unknown = await app.inject({ method: 'GET', url: '/api/v1/items/nope?region=331100' })
    expect(unknown.statusCode).toBe(404)
    expect(unknown.headers.etag).toBeUndefined()
    expect(unknown.headers['cache-control']).toBeUndefined()
  })

  it('revalidates search answers: a repeated search is 304, a different one is not', async () => {
    const url = `/api/v1/search?q=${enc('看病的钱怎么报')}&region=331100`
    const res = await app.inject({ method: 'GET', url })
    expect(res.statusCode).toBe(200)
    expect(res.headers['cache-control']).toBe('public, no-cache')
    expect(res.json().items.length).toBeGreaterThan(0)
    expect((await app.inject({ method: 'GET', url, headers: { 'if-none-match': res.headers.etag as string } })).statusCode).toBe(304)
    const other = await app.inject({ method: 'GET', url: `/api/v1/search?q=${enc('生育')}&region=331100`, headers: { 'if-none-match': res.headers.etag as string } })
    expect(other.statusCode).toBe(200)
    const hot = await app.inject({ method: 'GET', url: '/api/v1/search/hot' })
    expect(hot.headers.etag).toBeDefined()
  })

  it('never marks personal answers cacheable', async () => {
    const me = await app.inject({ method: 'GET', url: '/api/v1/me' })
    expect(me.statusCode).toBe(401)
    expect(me.headers.etag).toBeUndefined()
    expect(String(me.headers['cache-control'] ?? '')).not.toMatch(/public/)
  })
})

describe('path and query checks remembered per distinct input (http/validation.ts)', () => {
  const compile = (httpPart: string) =>
    rememberedValidatorCompiler({ schema: ItemDetailQuerySchema, httpPart, method: 'GET', url: '/x' }) as (data: unknown) => { value?: unknown; error?: unknown }


  it('gives the same frozen value for the same input; refusals, odd inputs and bodies are checked every time', () => {
    const check = compile('querystring')
    const first = check({ region: '331100' })
    expect(first.value).toEqual({ region: '331100' })
    expect(check({ region: '331100' })).toBe(first)
    expect(Object.isFrozen(first.value)).toBe(true)
    expect(check({ region: '331102' }).value).toEqual({ region: '331102' })
    // a refusal is not remembered, and never answers for a valid input
    expect(check({ region: '33' }).error).toBeDefined()
    expect(check({ region: '33' }).error).toBeDefined()
    // an input that could share a key with another (NUL) or is not flat is checked each time
    expect(check({ region: '331100\u0000' }).error).toBeDefined()
    expect(check({ region: ['331100', '331102'] }).error).toBeDefined()
    const body = compile('body')
    expect(body({ region: '331100' })).not.toBe(body({ region: '331100' }))
  })
})
