import {
  DepartmentsResponseSchema,
  ErrorCode,
  HotSearchesResponseSchema,
  ItemDetailSchema,
  ItemsResponseSchema,
  RegionsResponseSchema,
  SearchResponseSchema,
  GUIDE_ELEMENTS
} from '../contract'

/** The msw handlers answer every catalog route like the BFF: contract shapes, and bad input as 4xx {code, message}. */
const get = async (path: string) => {
  const res = await fetch(`http://localhost/api/v1${path}`)
  return { status: res.status, body: (await res.json()) as unknown }
}

describe('mock catalog routes', () => {
  it('answer every route with the contract shape', async () => {
    expect(RegionsResponseSchema.safeParse((await get('/regions')).body).success).toBe(true)
    const deps = DepartmentsResponseSchema.parse((await get('/departments?region=331100')).body)
    const items = ItemsResponseSchema.parse((await get(`/items?region=331100&department=${deps.departments[0].id}`)).body)
    expect(items.items.length).toBe(deps.departments[0].itemCount)
    const detail = ItemDetailSchema.parse((await get('/items/offsite-care-filing?region=331100')).body)
    for (const [key] of GUIDE_ELEMENTS) expect(detail.guide[key]).toBeDefined()
    expect(detail.sampleData).toBe(true)
    // a person item with a form: online application open (001 §5.1.2–5.1.3)
    expect(detail.onlineApply).toBe(true)
    expect(detail.form?.fields.length).toBeGreaterThan(0)
    const found = SearchResponseSchema.parse((await get(`/search?q=${encodeURIComponent('异地就医')}&region=331100`)).body)
    expect(found.items[0].id).toBe('offsite-care-filing')
    expect(HotSearchesResponseSchema.parse((await get('/search/hot')).body).hot.length).toBeGreaterThan(0)
  })

  it.each([
    ['/departments?region=999999', 404, ErrorCode.REGION_UNKNOWN],
    ['/departments?region=330000', 400, ErrorCode.REGION_LEVEL_UNSUPPORTED],
    ['/departments', 400, ErrorCode.VALIDATION],
    ['/items?region=331100&department=nope', 404, ErrorCode.DEPARTMENT_UNKNOWN],
    ['/items/nope?region=331100', 404, ErrorCode.ITEM_UNKNOWN],
    ['/search?q=%20%20&region=331100', 400, ErrorCode.QUERY_EMPTY],
    [`/search?q=${'医'.repeat(51)}&region=331100`, 400, ErrorCode.QUERY_TOO_LONG],
    ['/nothing-here', 404, ErrorCode.NOT_FOUND]
  ])('GET %s → %i %s with a Chinese message', async (path, status, code) => {
    const r = await get(path)
    expect(r.status).toBe(status)
    expect(r.body).toMatchObject({ code })
    expect((r.body as { message: string }).message).toMatch(/\p{Script=Han}/u)
  })
})
