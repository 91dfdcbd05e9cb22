import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import type { Browser, BrowserContext, Page } from 'playwright-core'
import persons from '../bff/src/adapters/sample/persons.json'
import { baseUrl, launch, phonePage } from './browser'
import { ROOT } from './server'
import { api, preparedDraftViaApi, signInAndRealName, TIMEOUT } from './steps'

/**
 * 长辈版 measured: switch it on through the home page once (it persists), then open every H5 page of
 * src/app.config.ts and read, in chromium, the computed font size and line height of every visible text and the box of
 * every visible control. 长辈版: text ≥ 18px, line spacing ≥ 1.3, targets ≥ 60×60px (MIIT 适老化). Standard mode:
 * targets ≥ 24×24px (WCAG 2.2 AA 2.5.8). A failure lists page + element + value for everything below.
 */
const ELDER = { font: 18, lineHeight: 1.3, tap: 60 }
const STANDARD = { tap: 24 }
const REGION = '331102'
const ITEM = 'overseas-medicine-filing'

let browser: Browser
let context: BrowserContext
let page: Page
let token = ''
const pageErrors: string[] = []
const ids = { draft: '', application: '', complaint: '', visit: '' }

/** every page of the app (main package and subpackages), read from src/app.config.ts so a new page cannot be missed */
function appPages(): string[] {
  const src = readFileSync(join(ROOT, 'src/app.config.ts'), 'utf8')
  const main = /pages:\s*\[([^\]]*)\]/.exec(src)![1]
  const out = [...main.matchAll(/'([^']+)'/g)].map((m) => `/${m[1]}`)
  for (const pkg of src.matchAll(/root:\s*'([^']+)'[\s\S]*?pages:\s*\[([^\]]*)\]/g)) {
    for (const p of pkg[2].matchAll(/'([^']+)'/g)) out.push(`/${pkg[1]}/${p[1]}`)
  }
  return out
}

/** the query each page needs to show its content (ids made through the BFF API below) */
function queryFor(path: string): string | null {
  const q: Record<string, string> = {
    '/pages/home/index': '',
    '/pages/search/index': 'q=长辈版',
    '/packages/catalog/pages/departments/index': `region=${REGION}`,
    '/packages/catalog/pages/items/index': `region=${REGION}`,
    '/packages/catalog/pages/guide/index': `id=${ITEM}&region=${REGION}`,
    '/packages/region/pages/picker/index': '',
    '/packages/apply/pages/notice/index': `itemId=${ITEM}&region=${REGION}`,
    '/packages/apply/pages/form/index': `draftId=${ids.draft}`,
    '/packages/apply/pages/materials/index': `draftId=${ids.draft}`,
    '/packages/apply/pages/confirm/index': `draftId=${ids.draft}`,
    '/packages/apply/pages/done/index': `applicationId=${ids.application}`,
    '/packages/apply/pages/query/index': `itemId=personal-insurance-record&region=${REGION}`,
    '/packages/progress/pages/list/index': '',
    '/packages/progress/pages/detail/index': `id=${ids.application}`,
    '/packages/progress/pages/messages/index': '',
    '/packages/progress/pages/reminders/index': '',
    '/packages/family/pages/index/index': '',
    '/packages/family/pages/add/index': '',
    '/packages/family/pages/log/index': '',
    '/packages/evoucher/pages/code/index': '',
    '/packages/record/pages/index/index': '',
    '/packages/record/pages/enrollment/index': '',
    '/packages/record/pages/contributions/index': '',
    '/packages/record/pages/account/index': '',
    '/packages/record/pages/visits/index': '',
    '/packages/record/pages/visit/index': `no=${ids.visit}`,
    '/packages/record/pages/family-sharing/index': '',
    '/packages/evaluation/pages/rate/index': `id=${ids.application}`,
    '/packages/evaluation/pages/complaints/index': '',
    '/packages/evaluation/pages/complaint/index': `id=${ids.complaint}`,
    '/packages/evaluation/pages/complaint-new/index': `applicationId=${ids.application}`,
    '/packages/evaluation/pages/metrics/index': `region=${REGION}`,
    '/packages/settings/pages/index/index': '',
    '/packages/account/pages/login/index': 'redirect=/pages/home/index',
    '/packages/account/pages/realname/index': 'redirect=/pages/home/index',
    '/packages/account/pages/agreement/index': '',
    '/packages/account/pages/privacy/index': ''
  }
  return path in q ? q[path] : null
}



interface Finding {
  kind: 'font' | 'line-height' | 'target'
  what: string
  value: string
  size: number
}

/** Runs in the page: every visible text's font size and line height, every visible control's box. */
function measureInPage(opts: { elder: boolean; font: number; lineHeight: number; tap: number }): { findings: Finding[]; minFont: number; minLh: number; minTap: number } {
  const findings: Finding[] = []
  let minFont = Infinity
  let minLh = Infinity
  let minTap = Infinity
  const describe = (el: Element): string => {
    const cls = (el.getAttribute('class') ?? '').split(/\s+/).filter(Boolean).slice(0, 3).join('.')
    const label = el.getAttribute('aria-label') ?? (el.textContent ?? '').trim().replace(/\s+/g, ' ')
    return `<${el.tagName.toLowerCase()}${cls ? `.${cls}` : ''}> “${label.slice(0, 30)}”`
  }
  const shown = (el: Element): boolean => {
    const r = el.getBoundingClientRect()
    if (r.width < 1 || r.height < 1) return false
    const check = (el as Element & { checkVisibility?: (o: object) => boolean }).checkVisibility
    if (check && !check.call(el, { opacityProperty: true, visibilityProperty: true })) return false
    // clipped away (sr-only text): not seen
    const cs = getComputedStyle(el)
    if (cs.clip === 'rect(0px, 0px, 0px, 0px)' || cs.clipPath === 'inset(50%)') return false
    return true
  }
  // text
  const seen = new Set<Element>()
  const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT)
  for (let n = walker.nextNode(); n; n = walker.nextNode()) {
    if (!(n.textContent ?? '').trim()) continue
    const el = n.parentElement
    if (!el || seen.has(el) || ['SCRIPT', 'STYLE', 'NOSCRIPT', 'TITLE'].includes(el.tagName)) continue
    seen.add(el)
    if (!shown(el)) continue
    const range = document.createRange()
    range.selectNodeContents(n)
    const rr = range.getBoundingClientRect()
    if (rr.width < 1 || rr.height < 1) continue
    const cs = getComputedStyle(el)
    const fs = parseFloat(cs.fontSize)
    minFont = Math.min(minFont, fs)
    if (opts.elder && fs < opts.font) findings.push({ kind: 'font', what: describe(el), value: `${fs}px`, size: fs })
    const lh = cs.lineHeight === 'normal' ? NaN : parseFloat(cs.lineHeight) / fs
    if (!Number.isNaN(lh)) minLh = Math.min(minLh, lh)
    if (opts.elder && (Number.isNaN(lh) || lh < opts.lineHeight - 0.005)) {
      findings.push({ kind: 'line-height', what: describe(el), value: cs.lineHeight === 'normal' ? 'normal' : `${cs.lineHeight} (${lh.toFixed(2)})`, size: lh })
    }
  }
  // controls
  const sel = [
    '[role=button]',
    '[role=link]',
    '[role=tab]',
    '[role=radio]',
    '[role=checkbox]',
    '[role=switch]',
    'a[href]',
    'button',
    'input:not([type=hidden])',
    'textarea',
    'select',
    'taro-button-core',
    'taro-input-core',
    'taro-textarea-core',
    'taro-picker-core',
    'taro-checkbox-core',
    'taro-radio-core',
    'taro-switch-core'
  ].join(',')
  for (const el of Array.from(document.querySelectorAll(sel))) {
    const tag = el.tagName.toLowerCase()
    // the native input inside Taro's web component: the component is the target
    if ((tag === 'input' || tag === 'textarea' || tag === 'button') && el.parentElement?.closest('taro-input-core, taro-textarea-core, taro-button-core, taro-checkbox-core, taro-radio-core, taro-switch-core')) continue
    if (!shown(el)) continue
    const r = el.getBoundingClientRect()
    const small = Math.min(r.width, r.height)
    minTap = Math.min(minTap, small)
    if (r.width < opts.tap - 0.5 || r.height < opts.tap - 0.5) {
      findings.push({ kind: 'target', what: describe(el), value: `${Math.round(r.width)}×${Math.round(r.height)}`, size: small })
    }
  }
  return { findings, minFont, minLh, minTap }
}

/** Waits until the page has settled (no spinner, no request in flight). */
async function settle(p: Page): Promise<void> {
  await p.waitForLoadState('networkidle', { timeout: TIMEOUT }).catch(() => undefined)
  await p
    .waitForFunction(() => !Array.from(document.querySelectorAll('.yb-state__spinner')).some((s) => (s as HTMLElement).offsetParent !== null), undefined, {
      timeout: TIMEOUT
    })
    .catch(() => undefined)
  await p.waitForTimeout(300)
}

interface PageReport {
  path: string
  findings: Finding[]
  minFont: number
  minLh: number
  minTap: number
}

async function measurePages(elder: boolean): Promise<PageReport[]> {
  const reports: PageReport[] = []
  for (const path of appPages()) {
    const q = queryFor(path)
    if (q === null) throw new Error(`no query known for ${path}: add it to queryFor in e2e/elder.e2e.ts`)
    await page.goto(`${baseUrl()}${path}${q ? `?${q}` : ''}`, { waitUntil: 'domcontentloaded' })
    const shown = await page
      .locator('.yb-screen')
      .filter({ visible: true })
      .first()
      .waitFor({ timeout: TIMEOUT })
      .then(() => true)
      .catch(() => false)
    if (!shown) {
      // a page that does not render fails too, and the other pages are still measured
      reports.push({ path, findings: [{ kind: 'target', what: `page did not render (${pageErrors.slice(-1)[0] ?? 'no error'})`, value: '-', size: 0 }], minFont: Infinity, minLh: Infinity, minTap: Infinity })
      continue
    }
    await settle(page)
    expect(await page.evaluate(() => document.documentElement.classList.contains('yb-elder'))).toBe(elder)
    const opts = elder ? { elder, ...ELDER } : { elder, font: 0, lineHeight: 0, tap: STANDARD.tap }
    reports.push({ path, ...(await page.evaluate(measureInPage, opts)) })
  }
  return reports
}

function summary(reports: PageReport[]): string {
  return reports
    .flatMap((r) => r.findings.map((f) => `${r.path} | ${f.kind} | ${f.what} | ${f.value}`))
    .join('\n')
}

function minimums(reports: PageReport[]): { font: number; lineHeight: number; target: number } {
  return {
    font: Math.min(...reports.map((r) => r.minFont)),
    lineHeight: Math.round(Math.min(...reports.map((r) => r.minLh)) * 100) / 100,
    target: Math.round(Math.min(...reports.map((r) => r.minTap)) * 10) / 10
  }
}

beforeAll(async () => {
  browser = await launch()
  ;({ context, page } = await phonePage(browser))
  // a page that throws is a failure of its own
  page.on('pageerror', (e) => pageErrors.push(`${page.url()}: ${e.message}`))
})
afterAll(async () => {
  await context?.close()
  await browser?.close()
})

test('长辈版 is switched on from home, persists, and every page meets 18px / 1.3 / 60×60px', async () => {
  // the switch on home, as a person finds it
  await page.goto(`${baseUrl()}/pages/home/index`, { waitUntil: 'domcontentloaded' })
  const sw = page.getByRole('switch', { name: '长辈版（大字模式）' })
  await sw.waitFor({ timeout: TIMEOUT })
  expect(await sw.getAttribute('aria-checked')).toBe('false')
  await sw.click()
  await page.getByRole('button', { name: '搜索办事' }).waitFor({ timeout: TIMEOUT })
  expect(await page.evaluate(() => document.documentElement.classList.contains('yb-elder'))).toBe(true)
  // it persists: a fresh load is still 长辈版
  await page.reload({ waitUntil: 'domcontentloaded' })
  await page.getByRole('button', { name: '搜索办事' }).waitFor({ timeout: TIMEOUT })

  // sign in through the (elder) sign-in pages; then the app's token makes the data the pages with ids need
  // 赵桂兰, 78: the person 长辈版 is for (a sample person of her own, so no other E2E file signs her in)
  const zhao = persons.persons[4]
  // what the BFF answers the sign-in is read from the network (the page itself cannot read the token: below)
  const loginAnswer = page.waitForResponse((r) => r.url().endsWith('/api/v1/auth/login') && r.request().method() === 'POST')
  await page.goto(`${baseUrl()}/packages/account/pages/login/index?redirect=/pages/home/index`, { waitUntil: 'domcontentloaded' })
  await signInAndRealName(page, zhao)
  await page.getByRole('button', { name: '退出登录' }).waitFor({ timeout: TIMEOUT })
  token = ((await (await loginAnswer).json()) as { accessToken: string }).accessToken
  // a script in the page reads neither token: not the access token (memory only), not the refresh token (HttpOnly
  // cookie for the refresh route), in no storage and no cookie it can see
  const refreshCookie = (await page.context().cookies()).find((c) => c.name === 'yb_refresh')
  expect(refreshCookie).toMatchObject({ httpOnly: true, secure: true, sameSite: 'Strict', path: '/api/v1/auth/refresh' })
  const visible = await page.evaluate(() => {
    const all = (st: Storage): string => Array.from({ length: st.length }, (_, i) => `${st.key(i)}=${st.getItem(st.key(i) ?? '')}`).join('\n')
    return [document.cookie, all(localStorage), all(sessionStorage)].join('\n')
  })
  expect(visible).not.toContain(token)
  expect(visible).not.toContain(refreshCookie!.value)
  expect(visible).not.toContain('yb_refresh')
  expect(token).not.toBe('')
  const applicant = { name: zhao.name, idNumber: zhao.idNumber, phone: zhao.phone }
  const submitted = await preparedDraftViaApi(token, ITEM, REGION, applicant)
  const app = await api<{ id: string }>('POST', `/api/v1/drafts/${submitted}/submit`, token, {}, { 'idempotency-key': `elder-${Date.now()}` })
  ids.application = app.id
  ids.draft = await preparedDraftViaApi(token, ITEM, REGION, applicant)
  const complaint = await api<{ id: string }>('POST', '/api/v1/complaints', token, { subject: 'application', applicationId: app.id, category: 'other', text: '窗口答复不够清楚，希望说明' })
  ids.complaint = complaint.id
  const visits = await api<{ visits: Array<{ settlementNo: string }> }>('GET', '/api/v1/record/visits', token)
  ids.visit = visits.visits[0]?.settlementNo ?? ''
  expect(ids.visit).not.toBe('')

  const reports = await measurePages(true)
  const min = minimums(reports)
  // eslint-disable-next-line no-console
  console.log(`长辈版: ${reports.length} pages; smallest text ${min.font}px, line spacing ${min.lineHeight}, target ${min.target}px`)
  expect(summary(reports)).toBe('')
  expect(min.font).toBeGreaterThanOrEqual(ELDER.font)
  expect(pageErrors).toEqual([])
}, 600_000)

test('standard mode (switched off in 设置): every control on every page is at least 24×24px', async () => {
  await page.goto(`${baseUrl()}/packages/settings/pages/index/index`, { waitUntil: 'domcontentloaded' })
  const sw = page.getByRole('switch', { name: '长辈版（大字模式）' })
  await sw.waitFor({ timeout: TIMEOUT })
  expect(await sw.getAttribute('aria-checked')).toBe('true')
  await sw.click()
  await page.getByText('已关闭长辈版，恢复标准字号。').waitFor({ timeout: TIMEOUT })
  expect(await sw.getAttribute('aria-checked')).toBe('false')
  const reports = await measurePages(false)
  const min = minimums(reports)
  // eslint-disable-next-line no-console
  console.log(`标准版: ${reports.length} pages; smallest text ${min.font}px, target ${min.target}px`)
  expect(summary(reports)).toBe('')
}, 600_000)
