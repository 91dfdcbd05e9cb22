import Taro from '@tarojs/taro'
import axios from 'axios'
import { http, HttpResponse, delay } from 'msw'
import { DepartmentsResponseSchema, ErrorCode } from '@contract'
import { server } from '../../../mock/node'
import { setTokenProvider } from './auth'
import { apiGet, client } from './client'
import { ClientErrorCode, isAppError, toAppError } from './errors'
import { API } from './routes'
import { MAX_CONCURRENT, taroRequestAdapter } from './taro-adapter'

afterEach(() => setTokenProvider(null))

async function failure(p: Promise<unknown>) {
  try {
    await p
  } catch (e) {
    return e
  }
  throw new Error('expected the request to fail')
}

describe('api client', () => {
  it('parses responses with the contract schema', async () => {
    const d = await apiGet(API.departments, DepartmentsResponseSchema, { region: '331100' })
    expect(d.departments.map((x) => x.kind)).toContain('agency')
  })

  it('maps the BFF error body to {code, message} as it is', async () => {
    const e = await failure(apiGet(API.departments, DepartmentsResponseSchema, { region: '999999' }))
    expect(isAppError(e)).toBe(true)
    expect(e).toMatchObject({ code: ErrorCode.REGION_UNKNOWN, status: 404, message: '未找到该地区，请重新选择地区' })
  })

  it('maps a validation failure with its field messages', async () => {
    const e = await failure(apiGet(API.departments, DepartmentsResponseSchema, { region: 'abc' }))
    expect(e).toMatchObject({ code: ErrorCode.VALIDATION, status: 400, message: '地区编码应为 6 位数字' })
    expect((e as { fields?: Record<string, string> }).fields).toEqual({ region: '地区编码应为 6 位数字' })
  })

  it('maps a network failure to NETWORK_ERROR 网络不给力', async () => {
    server.use(http.get('*/api/v1/departments', () => HttpResponse.error()))
    const e = await failure(apiGet(API.departments, DepartmentsResponseSchema, { region: '331100' }))
    expect(e).toMatchObject({ code: ClientErrorCode.NETWORK, message: '网络不给力，请检查网络后重试' })
    expect((e as { status?: number }).status).toBeUndefined()
  })

  it('maps a timeout to NETWORK_ERROR with a timeout message', async () => {
    expect(toAppError({ isAxiosError: true, code: 'ECONNABORTED', message: 'timeout of 15000ms exceeded' })).toMatchObject({
      code: ClientErrorCode.NETWORK,
      message: '网络不给力，请求超时了，请稍后重试'
    })
  })

  it('sends the token of the auth seam when sign-in provides one', async () => {
    const seen: Array<string | null> = []
    server.use(
      http.get('*/api/v1/search/hot', ({ request }) => {
        seen.push(request.headers.get('authorization'))
        return HttpResponse.json({ hot: [] })
      })
    )
    await client.get(API.hotSearches)
    setTokenProvider(async () => 'tok-123')
    await client.get(API.hotSearches)
    expect(seen).toEqual([null, 'Bearer tok-123'])
  })
})

describe('Taro.request adapter (mini-programs)', () => {
  const mini = axios.create({ adapter: taroRequestAdapter, timeout: 5000 })
  mini.interceptors.response.use(undefined, (e) => Promise.reject(toAppError(e)))

  it('returns the body for axios to parse', async () => {
    const res = await mini.get('http://localhost/api/v1/departments', { params: { region: '331100' } })
    expect(DepartmentsResponseSchema.parse(res.data).departments.length).toBeGreaterThan(0)
    expect(res.status).toBe(200)
  })

  it('rejects a 4xx with the BFF error body, and a failure as NETWORK_ERROR', async () => {
    const e = await failure(mini.get('http://localhost/api/v1/items/x', { params: { region: '331100' } }))
    expect(e).toMatchObject({ code: ErrorCode.ITEM_UNKNOWN, status: 404 })
    server.use(http.get('*/api/v1/regions', () => HttpResponse.error()))
    expect(await failure(mini.get('http://localhost/api/v1/regions'))).toMatchObject({ code: ClientErrorCode.NETWORK })
  })

  it('Alipay: a 4xx that my.request reports through fail (error 19) is the BFF answer, not a network failure', async () => {
    const body = JSON.stringify({ code: ErrorCode.SMS_CODE_WRONG, message: '验证码不正确，还可以再试 4 次' })
    // what Taro's Alipay runtime hands the adapter for my.request's fail
    const spy = jest.spyOn(Taro, 'request').mockImplementation(((opts: { fail?: (e: unknown) => void }) => {
      setTimeout(() => opts.fail?.({ error: 19, errorMessage: 'http status error', status: 400, data: body, headers: { 'content-type': 'application/json' } }))
      return Object.assign(Promise.reject(new Error('http status error')), { abort: () => undefined })
    }) as unknown as typeof Taro.request)
    try {
      const e = await failure(mini.post('http://localhost/api/v1/auth/login', { phone: '13800000001', code: '000000' }))
      expect(e).toMatchObject({ code: ErrorCode.SMS_CODE_WRONG, status: 400, message: '验证码不正确，还可以再试 4 次' })
      // a fail without a status is still the network
      spy.mockImplementation(((opts: { fail?: (e: unknown) => void }) => {
        setTimeout(() => opts.fail?.({ error: 12, errorMessage: '网络出错' }))
        return Object.assign(Promise.reject(new Error('x')), { abort: () => undefined })
      }) as unknown as typeof Taro.request)
      expect(await failure(mini.get('http://localhost/api/v1/regions'))).toMatchObject({ code: ClientErrorCode.NETWORK })
    } finally {
      spy.mockRestore()
    }
  })

  it(`runs at most ${MAX_CONCURRENT} requests at once (WeChat allows 10) and queues the rest`, async () => {
    let active = 0
    let peak = 0
    server.use(
      http.get('*/api/v1/search/hot', async () => {
        active += 1
        peak = Math.max(peak, active)
        await delay(20)
        active -= 1
        return HttpResponse.json({ hot: ['x'] })
      })
    )
    const all = await Promise.all(Array.from({ length: 20 }, () => mini.get('http://localhost/api/v1/search/hot')))
    expect(all).toHaveLength(20)
    expect(all.every((r) => r.status === 200)).toBe(true)
    expect(peak).toBe(MAX_CONCURRENT)
  })
})
