import axios from 'axios'
import { http, HttpResponse } from 'msw'
import { ItemsResponseSchema } from '@contract'
import { server } from '../../../mock/node'
import { apiGet, etagCache } from './client'
import { EtagCache, withEtagCache } from './etag-cache'
import { API } from './routes'
import { taroRequestAdapter } from './taro-adapter'

/**
 * A BFF-like answer: ETag + `public, no-cache`, 304 without a body when If-None-Match matches. Records what each
 * request sent.
 */
function revalidatingItems(seen: Array<string | null>, opts: { etag?: string; cacheControl?: string } = {}) {
  const etag = opts.etag ?? '"v1-items"'
  server.use(
    http.get('*/api/v1/items', ({ request }) => {
      const inm = request.headers.get('if-none-match')
      seen.push(inm)
      const headers = { etag, 'cache-control': opts.cacheControl ?? 'public, no-cache' }
      if (inm === etag) return new HttpResponse(null, { status: 304, headers })
      return HttpResponse.json({ items: [{ id: 'x', name: '事项', popularName: '事项', handlingMode: 'manual', parentName: '事项', serviceObject: 'person', departmentKind: 'agency', timeLimitDays: 5 }] }, { headers })
    })
  )
}

afterEach(() => etagCache.clear())

describe('If-None-Match through the HTTP client', () => {
  it('H5 (axios): the second GET sends the ETag and a 304 gives the same parsed data', async () => {
    const seen: Array<string | null> = []
    revalidatingItems(seen)
    const first = await apiGet(API.items, ItemsResponseSchema, { region: '331100' })
    const second = await apiGet(API.items, ItemsResponseSchema, { region: '331100' })
    expect(seen).toEqual([null, '"v1-items"'])
    expect(second).toEqual(first)
    expect(second.items[0].name).toBe('事项')
  })

  it('keys the cache by the whole URL: other parameters are asked without a validator', async () => {
    const seen: Array<string | null> = []
    revalidatingItems(seen)
    await apiGet(API.items, ItemsResponseSchema, { region: '331100' })
    await apiGet(API.items, ItemsResponseSchema, { region: '331102' })
    expect(seen).toEqual([null, null])
  })

  it('never keeps answers marked no-store or private (personal data)', async () => {
    const seen: Array<string | null> = []
    revalidatingItems(seen, { cacheControl: 'no-store' })
    await apiGet(API.items, ItemsResponseSchema, { region: '331100' })
    await apiGet(API.items, ItemsResponseSchema, { region: '331100' })
    expect(seen).toEqual([null, null])
    expect(etagCache.size).toBe(0)
  })

  it('mini-programs (Taro.request adapter): same validator, a 304 answered from the kept body', async () => {
    const seen: Array<string | null> = []
    revalidatingItems(seen, { etag: '"v2"' })
    const mini = axios.create({ adapter: withEtagCache(taroRequestAdapter, new EtagCache()) })
    const a = await mini.get('http://localhost/api/v1/items', { params: { region: '331100' } })
    const b = await mini.get('http://localhost/api/v1/items', { params: { region: '331100' } })
    expect(seen).toEqual([null, '"v2"'])
    expect(b.status).toBe(200)
    expect(ItemsResponseSchema.parse(b.data)).toEqual(ItemsResponseSchema.parse(a.data))
  })

  it('drops the least recently used entry beyond its size', async () => {
    const cache = new EtagCache(2)
    cache.set('a', { etag: '"a"', data: '', headers: {} })
    cache.set('b', { etag: '"b"', data: '', headers: {} })
    cache.get('a')
    cache.set('c', { etag: '"c"', data: '', headers: {} })
    expect(cache.get('b')).toBeUndefined()
    expect(cache.get('a')?.etag).toBe('"a"')
    expect(cache.size).toBe(2)
  })
})
