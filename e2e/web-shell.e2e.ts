import type { Browser } from 'playwright-core'
import { baseUrl, launch, phonePage } from './browser'

/**
 * The web shell (bff/src/web/shell.ts): the first screens arrive as HTML drawn by the app's own components, the app
 * takes over without anything moving, a tap made before that is not lost, and what the browser downloads is
 * compressed and cached as it should be.
 */
let browser: Browser

beforeAll(async () => {
  browser = await launch()
})
afterAll(async () => {
  await browser?.close()
})

const GUIDE = '/packages/catalog/pages/guide/index?id=offsite-care-filing&region=331100'

test('home and a guide come prerendered, compressed, with an ETag the server answers 304 to', async () => {
  const home = await fetch(baseUrl() + '/', { headers: { 'accept-encoding': 'br' } })
  expect(home.status).toBe(200)
  expect(home.headers.get('cache-control')).toBe('no-cache')
  const html = await home.text() // fetch decodes brotli
  expect(html).toContain('<div id="yb-shell">')
  expect(html).toContain('常用服务')
  expect(html).toContain('异地就医备案') // a tile from the catalog
  expect(html).toContain('id="yb-shell-data"')
  const again = await fetch(baseUrl() + '/', { headers: { 'if-none-match': home.headers.get('etag')! } })
  expect(again.status).toBe(304)

  const guide = await (await fetch(baseUrl() + GUIDE)).text()
  expect(guide).toContain('<title>去外地看病报备</title>')
  expect(guide).toContain('申请材料目录')
  // the server render is never served to browsers
  expect((await fetch(baseUrl() + '/server/shell.cjs')).status).toBe(404)
})

test('without JavaScript the guide is readable: the shell is the page', async () => {
  const context = await browser.newContext({ javaScriptEnabled: false, viewport: { width: 412, height: 823 } })
  const page = await context.newPage()
  await page.goto(baseUrl() + GUIDE)
  await page.getByText('去外地看病报备').first().waitFor()
  await page.getByText('示例数据').first().waitFor()
  await context.close()
})

test('the app takes over the guide without a layout shift or a later largest paint', async () => {
  const { context, page } = await phonePage(browser)
  await page.addInitScript(() => {
    const w = window as unknown as { ybShifts: number; ybLcp: number[] }
    w.ybShifts = 0
    w.ybLcp = []
    new PerformanceObserver((l) => l.getEntries().forEach((e) => (w.ybShifts += (e as unknown as { value: number }).value))).observe({ type: 'layout-shift', buffered: true })
    new PerformanceObserver((l) => l.getEntries().forEach((e) => w.ybLcp.push(e.startTime))).observe({ type: 'largest-contentful-paint', buffered: true })
  })
  await page.goto(baseUrl() + GUIDE)
  await page.waitForFunction(() => !document.getElementById('yb-shell') && !document.documentElement.classList.contains('yb-shell-on'))
  const handedOver = await page.evaluate(() => performance.now())
  // the app's own page is on screen, and works
  await page.getByRole('button', { name: '朗读本页内容' }).waitFor()
  await page.waitForTimeout(500)
  const { shifts, lcp } = await page.evaluate(() => {
    const w = window as unknown as { ybShifts: number; ybLcp: number[] }
    return { shifts: w.ybShifts, lcp: w.ybLcp }
  })
  expect(shifts).toBeLessThanOrEqual(0.05)
  expect(lcp.length).toBeGreaterThan(0)
  // every largest-contentful-paint candidate is the shell's, painted before the app took over
  expect(Math.max(...lcp)).toBeLessThan(handedOver)
  await context.close()
})

test('the app starts at the first tap on the shell, and that tap is not lost', async () => {
  const { context, page } = await phonePage(browser)
  const entry = /\/js\/app\.[0-9a-f]+\.js$/
  const fetched: string[] = []
  page.on('request', (r) => {
    if (entry.test(r.url())) fetched.push(r.url())
  })
  // the app's entry arrives late, as on a slow network
  await page.route(entry, async (route) => {
    await new Promise((r) => setTimeout(r, 1500))
    await route.continue()
  })
  await page.goto(baseUrl() + '/', { waitUntil: 'load' })
  // the prerendered page needs no script: nothing of the app is fetched until the person does something
  await page.waitForTimeout(300)
  expect(fetched).toHaveLength(0)
  await page.locator('#yb-shell').getByText('搜索事项，如“异地就医备案”').click()
  // the tap was taken: a bar moves at the top while the app starts
  const bar = () => page.evaluate(() => getComputedStyle(document.body, '::after').content)
  expect(await bar()).toBe('""')
  // replayed on the app's search box once it took over: the search page opens
  await page.locator('input').first().waitFor()
  expect(await bar()).toBe('none')
  expect(fetched).toHaveLength(1)
  expect(page.url()).toContain('/pages/search/index')
  await context.close()
})

test('text typed and Enter pressed on the shell before the app has started are kept', async () => {
  const { context, page } = await phonePage(browser)
  await page.route(/\/js\/app\.[0-9a-f]+\.js$/, async (route) => {
    await new Promise((r) => setTimeout(r, 1500))
    await route.continue()
  })
  await page.goto(baseUrl() + '/pages/search/index', { waitUntil: 'load' })
  const field = page.locator('#yb-shell input').first()
  await field.fill('看病报销')
  await field.press('Enter')
  // the app took over with the words in its own search box, and searched for them
  await page.waitForFunction(() => !document.getElementById('yb-shell'))
  await page.getByText(/找到 \d+ 个相关事项/).waitFor()
  expect(await page.getByLabel('搜索事项').inputValue()).toBe('看病报销')
  await context.close()
})

test('static files: brotli from the build, hashed files immutable', async () => {
  const html = await (await fetch(baseUrl() + '/pages/unknown/index')).text()
  const js = html.match(/href="(\/js\/app\.[0-9a-f]+\.js)"/)?.[1]
  expect(js).toBeDefined()
  const res = await fetch(baseUrl() + js!, { headers: { 'accept-encoding': 'br, gzip' } })
  expect(res.status).toBe(200)
  expect(res.headers.get('content-encoding')).toBe('br')
  expect(res.headers.get('cache-control')).toBe('public, max-age=31536000, immutable')
})
