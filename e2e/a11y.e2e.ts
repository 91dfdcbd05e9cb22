import { randomUUID } from 'node:crypto'
import { mkdirSync, readFileSync, statSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import type { Browser, BrowserContext, Page } from 'playwright-core'
import persons from '../bff/src/adapters/sample/persons.json'
import { exampleIdNumber } from '../catalog/examples'
import { baseUrl, cspViolations, launch, phonePage } from './browser'
import { tabThrough, tabTo, visibleControls } from './keyboard'
import { ROOT } from './server'
import { axeViolations, describeViolations } from './axe'
import { api, preparedDraftViaApi, signInAndRealName, smsCode, staff, TIMEOUT } from './steps'

/**
 * Accessibility of every H5 page in Debian's chromium, against `npm start`: each page of src/app.config.ts
 * (main package and every subpackage) is opened in standard mode and in 长辈版 and checked with axe-core for WCAG 2.0 A,
 * 2.0 AA, 2.1 AA and 2.2 AA; a serious or critical violation fails the page, listing rule, targets and summary.
 * The run also takes the README screenshots (home, a guide, a form step, both modes): into docs/screenshots/ with
 * UPDATE_SCREENSHOTS=1, else into a temporary folder, so that a test run leaves the checkout as it found it.
 *
 * Accounts: an invented citizen (valid 身份证号, not in the sample registry, so no other E2E file shares the account)
 * signs in through the app once; the cases, drafts and complaint the id pages show are created through the BFF API
 * with that account's token, and moved on by window staff (staff API). The 医保码 and 医保档案 pages need
 * data-sharing data, so they are opened as the sample person 李明 (employee insured; signed in through the API —
 * family.e2e.ts signs him in too, so a code asked for within a minute of its one is asked for again after the wait);
 * the sign-in page is opened signed out, the real-name page signed in but not yet real-named.
 */

const SHOTS = process.env.UPDATE_SCREENSHOTS === '1' ? join(ROOT, 'docs/screenshots') : join(tmpdir(), 'yb-e2e-screenshots')

const CITIZEN = { phone: '13900000606', name: '孙秀英', idNumber: exampleIdNumber('33110219520418004') }
/** signed in, not real-named: the real-name page */
const NEWCOMER_PHONE = '13900000607'
/** a sample person with enrollment, contributions and visits (data sharing): 医保码 and 医保档案 */
const INSURED = persons.persons[2]

const SMART_ITEM = 'overseas-medicine-filing'
const SMART_REGION = '331102'
const MANUAL_ITEM = 'special-drug-filing'
const MANUAL_REGION = '331121'
const QUERY_ITEM = 'personal-insurance-record'

type Mode = 'standard' | 'elder'
type Who = 'citizen' | 'insured' | 'newcomer' | 'anonymous'

interface Data {
  department: string
  draftId: string
  smartCaseId: string
  manualCaseId: string
  complaintId: string
  visitNo: string
}

interface PageCase {
  path: (d: Data) => string
  who: Who
  /** text that shows the page rendered its data (not a spinner or an error) */
  ready?: RegExp
}

/** Every page of src/app.config.ts (keep in step with it: the first test checks none is missing). */
const PAGES: Record<string, PageCase> = {
  'pages/home/index': { who: 'anonymous', path: () => '', ready: /医保/ },
  'pages/search/index': { who: 'anonymous', path: () => '?q=备案' },
  'packages/catalog/pages/departments/index': { who: 'anonymous', path: () => '?region=331102' },
  'packages/catalog/pages/items/index': { who: 'anonymous', path: (d) => `?department=${d.department}&region=331102` },
  'packages/catalog/pages/guide/index': { who: 'anonymous', path: () => `?id=${SMART_ITEM}&region=${SMART_REGION}`, ready: /在线办理/ },
  'packages/region/pages/picker/index': { who: 'anonymous', path: () => '', ready: /丽水市/ },
  'packages/apply/pages/notice/index': { who: 'citizen', path: () => `?itemId=${SMART_ITEM}&region=${SMART_REGION}`, ready: /开始办理|继续办理/ },
  'packages/apply/pages/form/index': { who: 'citizen', path: (d) => `?draftId=${d.draftId}`, ready: /带药疾病/ },
  'packages/apply/pages/materials/index': { who: 'citizen', path: (d) => `?draftId=${d.draftId}`, ready: /护照/ },
  'packages/apply/pages/confirm/index': { who: 'citizen', path: (d) => `?draftId=${d.draftId}`, ready: /提交申请/ },
  'packages/apply/pages/done/index': { who: 'citizen', path: (d) => `?applicationId=${d.smartCaseId}`, ready: /YB331102\d{13}/ },
  'packages/apply/pages/query/index': { who: 'citizen', path: () => `?itemId=${QUERY_ITEM}&region=${SMART_REGION}` },
  'packages/progress/pages/list/index': { who: 'citizen', path: () => '', ready: /办件编号/ },
  'packages/progress/pages/detail/index': { who: 'citizen', path: (d) => `?id=${d.manualCaseId}`, ready: /YB331121\d{13}/ },
  'packages/progress/pages/messages/index': { who: 'citizen', path: () => '' },
  'packages/progress/pages/reminders/index': { who: 'citizen', path: () => '' },
  'packages/family/pages/index/index': { who: 'citizen', path: () => '', ready: /添加家庭成员/ },
  'packages/family/pages/add/index': { who: 'citizen', path: () => '', ready: /身份证号/ },
  'packages/family/pages/log/index': { who: 'citizen', path: () => '' },
  'packages/evoucher/pages/code/index': { who: 'insured', path: () => '' },
  'packages/record/pages/index/index': { who: 'insured', path: () => '' },
  'packages/record/pages/enrollment/index': { who: 'insured', path: () => '' },
  'packages/record/pages/contributions/index': { who: 'insured', path: () => '' },
  'packages/record/pages/account/index': { who: 'insured', path: () => '' },
  'packages/record/pages/visits/index': { who: 'insured', path: () => '' },
  'packages/record/pages/visit/index': { who: 'insured', path: (d) => `?no=${encodeURIComponent(d.visitNo)}` },
  'packages/record/pages/family-sharing/index': { who: 'insured', path: () => '' },
  'packages/evaluation/pages/rate/index': { who: 'citizen', path: (d) => `?id=${d.smartCaseId}`, ready: /满意/ },
  'packages/evaluation/pages/complaints/index': { who: 'citizen', path: () => '', ready: /办理拖延/ },
  'packages/evaluation/pages/complaint/index': { who: 'citizen', path: (d) => `?id=${d.complaintId}`, ready: /办理拖延/ },
  'packages/evaluation/pages/complaint-new/index': { who: 'citizen', path: (d) => `?applicationId=${d.manualCaseId}` },
  'packages/evaluation/pages/metrics/index': { who: 'anonymous', path: () => `?region=${SMART_REGION}` },
  'packages/account/pages/login/index': { who: 'anonymous', path: () => '', ready: /获取验证码/ },
  'packages/account/pages/realname/index': { who: 'newcomer', path: () => '', ready: /提交认证/ },
  'packages/account/pages/agreement/index': { who: 'anonymous', path: () => '', ready: /谁提供服务/ },
  'packages/account/pages/privacy/index': { who: 'anonymous', path: () => '', ready: /保存多久/ },
  'packages/settings/pages/index/index': { who: 'citizen', path: () => '', ready: /长辈版/ }
}

/** The routes src/app.config.ts registers (read from the file, so a new page without a case here fails the run). */
function registeredPages(): string[] {
  const src = readFileSync(join(ROOT, 'src/app.config.ts'), 'utf8')
  const main = /pages:\s*\[([^\]]*)\]/.exec(src)![1]
  const out = [...main.matchAll(/'([^']+)'/g)].map((m) => m[1])
  for (const pkg of src.matchAll(/root:\s*'([^']+)'[\s\S]*?pages:\s*\[([^\]]*)\]/g)) {
    for (const p of pkg[2].matchAll(/'([^']+)'/g)) out.push(`${pkg[1]}/${p[1]}`)
  }
  return out
}

// ---- the mode switch: 长辈版 is the persisted prefs store (src/shared/theme/prefs.ts, key 'yb.prefs') ----

/** Taro H5 storage keeps `{ data }` around each value; zustand's persist keeps `{ state, version }` inside it. */
function taroStored(value: unknown): string {
  return JSON.stringify({ data: JSON.stringify(value) })
}

/** Writes the display preferences the app reads at start (chosen, so the first-run 长辈版 offer does not pop up). */
async function setMode(page: Page, mode: Mode): Promise<void> {
  const prefs = { state: { fontScale: mode === 'elder' ? 1.3 : 1, elderMode: mode === 'elder', elderModeChosen: true }, version: 0 }
  await page.evaluate(([k, v]) => localStorage.setItem(k, v), ['yb.prefs', taroStored(prefs)] as const)
}

// ---- API helpers (the app's BFF, with a citizen's token) ----



async function submit(token: string, draftId: string): Promise<string> {
  const submitted = await api('POST', `/api/v1/drafts/${draftId}/submit`, token, { paperPledge: true }, { 'Idempotency-Key': randomUUID() })
  return submitted.id as string
}

interface ApiSession {
  /** what the H5 app keeps in storage: the masked account and that a session exists (no token) */
  stored: Record<string, unknown>
  /** the access token, for the API calls this test makes itself */
  accessToken: string
  /** the refresh token the BFF put in its HttpOnly cookie, for the browser context's cookie jar */
  refreshCookie: string
}

/**
 * Signs in through the API as the H5 app does (phone + SMS code from the dev outbox, `refreshIn: cookie`), real-names
 * when a person is given; returns what the app stores, the access token and the refresh cookie's value.
 */
async function apiSession(phone: string, person?: { name: string; idNumber: string }): Promise<ApiSession> {
  try {
    await api('POST', '/api/v1/auth/sms-code', null, { phone })
  } catch (err) {
    // one code a minute per phone: another E2E file may have just signed the same sample person in
    if ((err as { status?: number }).status !== 429) throw err
    await new Promise((r) => setTimeout(r, 61_000))
    await api('POST', '/api/v1/auth/sms-code', null, { phone })
  }
  const res = await fetch(`${baseUrl()}/api/v1/auth/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ phone, code: await smsCode(phone), refreshIn: 'cookie' })
  })
  const s = (await res.json()) as { accessToken: string; user: unknown }
  const refreshCookie = /yb_refresh=([^;]+)/.exec(res.headers.getSetCookie().join('\n'))?.[1] ?? ''
  if (!res.ok || !refreshCookie) throw new Error(`login ${res.status}`)
  let user = s.user
  if (person) user = (await api('POST', '/api/v1/auth/realname', s.accessToken, { name: person.name, idNumber: person.idNumber })).user
  return { stored: { state: { cookieSession: true, user }, version: 2 }, accessToken: s.accessToken, refreshCookie }
}

/** Opens a page and waits until it shows content: the page root, no spinner, the page's own text when it has one. */
async function open(page: Page, route: string, c: PageCase, data: Data): Promise<void> {
  await page.goto(`${baseUrl()}/${route}${c.path(data)}`, { waitUntil: 'domcontentloaded' })
  await page.locator('.yb-screen').filter({ visible: true }).first().waitFor({ timeout: TIMEOUT })
  if (c.ready) await page.getByText(c.ready).filter({ visible: true }).first().waitFor({ timeout: TIMEOUT })
  await page.waitForFunction(() => ![...document.querySelectorAll('.yb-state__spinner')].some((e) => (e as HTMLElement).offsetParent !== null), undefined, {
    timeout: TIMEOUT
  })
  // no page may end in its error state
  const failed = await page.getByText('加载失败').filter({ visible: true }).count()
  if (failed > 0) throw new Error(`${route}: the page shows 加载失败: ${await page.locator('.yb-state--error').first().innerText()}`)
  // late fonts, images, transitions
  await page.waitForTimeout(300)
}

async function modeIsOn(page: Page, mode: Mode): Promise<boolean> {
  return page.evaluate(() => document.querySelector('.yb-screen.yb-elder') !== null).then((elder) => elder === (mode === 'elder'))
}

let browser: Browser
let data: Data
const contexts: Partial<Record<Who, { context: BrowserContext; page: Page }>> = {}

beforeAll(async () => {
  browser = await launch()
  mkdirSync(SHOTS, { recursive: true })

  // the citizen signs in and real-names in the app once; the token is the app's own
  const citizen = await phonePage(browser)
  await citizen.page.goto(`${baseUrl()}/packages/progress/pages/list/index`, { waitUntil: 'domcontentloaded' })
  const authed = citizen.page.waitForRequest((r) => r.url().includes('/api/v1/applications') && !!r.headers().authorization, { timeout: TIMEOUT })
  await signInAndRealName(citizen.page, CITIZEN)
  const token = (await authed).headers().authorization.replace(/^Bearer /, '')
  contexts.citizen = citizen

  // a completed 智能办理 case (rate, done), a 人工核办 case in review (detail, complaint), an open draft (form steps)
  const smartCaseId = await submit(token, await preparedDraftViaApi(token, SMART_ITEM, SMART_REGION, CITIZEN))
  const manualCaseId = await submit(token, await preparedDraftViaApi(token, MANUAL_ITEM, MANUAL_REGION, CITIZEN))
  for (const a of [{ action: 'assign', staffName: '李芳' }, { action: 'accept' }, { action: 'startReview' }]) {
    await staff('POST', `/api/v1/staff/applications/${manualCaseId}/actions`, a)
  }
  const draftId = await preparedDraftViaApi(token, SMART_ITEM, SMART_REGION, CITIZEN)
  const complaint = await api('POST', '/api/v1/complaints', token, { subject: 'application', applicationId: manualCaseId, category: 'delay', text: '审核等了很久，希望加快办理' })
  const departments = (await api('GET', '/api/v1/departments?region=331102', null)) as { departments: Array<{ id: string }> }

  // 李明: data sharing has his enrollment and visits
  const insuredSession = await apiSession(INSURED.phone, INSURED)
  const insuredToken = insuredSession.accessToken
  const visits = (await api('GET', '/api/v1/record/visits', insuredToken)) as { visits: Array<{ settlementNo: string }> }
  expect(visits.visits.length).toBeGreaterThan(0)
  const newcomerSession = await apiSession(NEWCOMER_PHONE)

  data = {
    department: departments.departments[0].id,
    draftId,
    smartCaseId,
    manualCaseId,
    complaintId: complaint.id as string,
    visitNo: visits.visits[0].settlementNo
  }

  for (const [who, session] of [['insured', insuredSession], ['newcomer', newcomerSession]] as const) {
    const c = await phonePage(browser)
    // the refresh cookie as the BFF set it (HttpOnly, for the refresh route only); the app refreshes on its first call
    await c.context.addCookies([
      { name: 'yb_refresh', value: session.refreshCookie, domain: new URL(baseUrl()).hostname, path: '/api/v1/auth/refresh', httpOnly: true, secure: true, sameSite: 'Strict' }
    ])
    await c.context.addInitScript(([k, v]) => {
      if (!localStorage.getItem(k)) localStorage.setItem(k, v)
    }, ['yb.session', taroStored(session.stored)] as const)
    contexts[who] = c
  }
  contexts.anonymous = await phonePage(browser)
}, 180_000)

afterAll(async () => {
  for (const c of Object.values(contexts)) await c?.context.close()
  await browser?.close()
})

test('every page of app.config.ts has a case here', () => {
  expect(Object.keys(PAGES).sort()).toEqual(registeredPages().sort())
})

describe.each<Mode>(['standard', 'elder'])('%s mode', (mode) => {
  beforeAll(async () => {
    for (const c of Object.values(contexts)) {
      // any page of the app's origin, so the prefs land in its localStorage before the pages load
      if (!c!.page.url().startsWith(baseUrl())) await c!.page.goto(`${baseUrl()}/pages/home/index`, { waitUntil: 'domcontentloaded' })
      await setMode(c!.page, mode)
    }
  })

  test.each(Object.keys(PAGES))('%s has no serious or critical axe violation', async (route) => {
    const c = PAGES[route]
    const { page } = contexts[c.who]!
    await open(page, route, c, data)
    expect(await modeIsOn(page, mode)).toBe(true)
    const violations = await axeViolations(page)
    if (violations.length > 0) throw new Error(`axe found ${violations.length} serious/critical violation(s):\n${describeViolations(`${route} [${mode}]`, violations)}`)
  })

  test('the open picker (选择… sheet) has no serious or critical axe violation', async () => {
    const { page } = contexts.citizen!
    const route = 'packages/apply/pages/form/index'
    await open(page, route, PAGES[route], data)
    await page.getByRole('button', { name: /^出国（境）日期：/ }).click()
    const sheet = page.getByRole('dialog', { name: '选择出国（境）日期' })
    await sheet.waitFor({ timeout: TIMEOUT })
    await sheet.getByRole('listbox', { name: '年' }).waitFor()
    const violations = await axeViolations(page)
    await page.keyboard.press('Escape')
    await sheet.waitFor({ state: 'detached', timeout: TIMEOUT })
    if (violations.length > 0) throw new Error(`axe found ${violations.length} serious/critical violation(s):\n${describeViolations(`${route} (picker open) [${mode}]`, violations)}`)
  })

  test('README screenshots: home, a guide, a form step', async () => {
    const { page } = contexts.citizen!
    const shots: Array<[string, string]> = [
      ['home', 'pages/home/index'],
      ['guide', 'packages/catalog/pages/guide/index'],
      ['form', 'packages/apply/pages/form/index']
    ]
    for (const [name, route] of shots) {
      await open(page, route, PAGES[route], data)
      await page.evaluate(() => window.scrollTo(0, 0))
      const file = join(SHOTS, `${name}-${mode}.jpg`)
      await page.screenshot({ path: file, type: 'jpeg', quality: 70 })
      expect(statSync(file).size).toBeLessThan(300 * 1024)
    }
  })
})

/**
 * Keyboard and switch access (WCAG 2.1.1, 2.4.3, 2.4.7, 1.4.11): on the pages a citizen goes through — home, a guide,
 * the form, the materials, confirm and 医保码 — Tab reaches every visible control, in reading order (document order),
 * each showing a focus ring of at least 2px whose colour has 3:1 against what surrounds it; Enter and Space do what a
 * tap does.
 */
describe('keyboard and switch access', () => {
  beforeAll(async () => {
    for (const c of Object.values(contexts)) {
      if (!c!.page.url().startsWith(baseUrl())) await c!.page.goto(`${baseUrl()}/pages/home/index`, { waitUntil: 'domcontentloaded' })
      await setMode(c!.page, 'standard')
    }
  })

  const JOURNEY: Array<[string, Who]> = [
    ['pages/home/index', 'citizen'],
    ['packages/catalog/pages/guide/index', 'citizen'],
    ['packages/apply/pages/form/index', 'citizen'],
    ['packages/apply/pages/materials/index', 'citizen'],
    ['packages/apply/pages/confirm/index', 'citizen'],
    ['packages/evoucher/pages/code/index', 'insured']
  ]

  test.each(JOURNEY)('%s: Tab reaches every control in reading order, each with a visible ring (≥ 3:1)', async (route, who) => {
    const { page } = contexts[who]!
    await open(page, route, { ...PAGES[route], who }, data)
    const controls = await visibleControls(page)
    expect(controls.length).toBeGreaterThan(0)
    const stops = await tabThrough(page, controls.length + 20)
    const problems: string[] = []
    const notControls = stops.filter((s) => s.index < 0)
    if (notControls.length) problems.push(`focus on something that is not a control: ${notControls.map((s) => s.what).join('; ')}`)
    const order = stops.filter((s) => s.index >= 0).map((s) => s.index)
    const missed = controls.filter((_, i) => !order.includes(i))
    if (missed.length) problems.push(`never reached by Tab: ${missed.join('; ')}`)
    const outOfOrder = order.filter((x, i) => i > 0 && x < order[i - 1])
    if (outOfOrder.length) problems.push(`out of reading order at: ${outOfOrder.map((i) => controls[i]).join('; ')}`)
    for (const s of stops) {
      if (s.ring && (s.ring.width < 2 || s.ring.contrast < 3)) {
        problems.push(`weak ring on ${s.what}: ${s.ring.width}px ${s.ring.color} on ${s.ring.against} = ${s.ring.contrast.toFixed(2)}:1`)
      }
    }
    if (problems.length) throw new Error(`${route}: ${controls.length} controls\n  ${problems.join('\n  ')}`)
  })

  test('Enter opens what a tap opens; Space and the arrow keys choose in the picker; Escape leaves it as it was', async () => {
    const { page } = contexts.citizen!
    await open(page, 'pages/home/index', PAGES['pages/home/index'], data)
    await tabTo(page, /“医保码/)
    await Promise.all([page.waitForURL(/\/packages\/evoucher\/pages\/code\/index/, { timeout: TIMEOUT }), page.keyboard.press('Enter')])

    const form = 'packages/apply/pages/form/index'
    await open(page, form, PAGES[form], data)
    const field = page.getByRole('button', { name: /^出国（境）日期：/ })
    const before = await field.getAttribute('aria-label')
    await tabTo(page, /出国（境）日期：/)
    await page.keyboard.press(' ')
    const year = page.getByRole('dialog', { name: '选择出国（境）日期' }).getByRole('listbox', { name: '年' })
    await year.waitFor({ timeout: TIMEOUT })
    await expect(year.evaluate((el) => el === document.activeElement)).resolves.toBe(true)
    await page.keyboard.press('Escape')
    await year.waitFor({ state: 'detached', timeout: TIMEOUT })
    expect(await field.getAttribute('aria-label')).toBe(before)
    // the focus is back on the field
    await expect(field.evaluate((el) => el === document.activeElement)).resolves.toBe(true)

    await page.keyboard.press('Enter')
    await year.waitFor({ timeout: TIMEOUT })
    const chosen = async () => (await year.getAttribute('aria-activedescendant')) ?? ''
    const first = await chosen()
    // the date must be later than today: a later year
    await page.keyboard.press('ArrowDown')
    expect(await chosen()).not.toBe(first)
    // Tab moves on to the 月 and 日 wheels, and stays in the sheet
    await page.keyboard.press('Tab')
    await expect(page.getByRole('listbox', { name: '月' }).evaluate((el) => el === document.activeElement)).resolves.toBe(true)
    await page.keyboard.press('Enter')
    await year.waitFor({ state: 'detached', timeout: TIMEOUT })
    expect(await field.getAttribute('aria-label')).not.toBe(before)
    expect(await field.getAttribute('aria-label')).toMatch(/^出国（境）日期：\d{4}-\d{2}-\d{2}$/)
  })
})

test('no page of either mode ran into the Content-Security-Policy (its inline script is hashed, nothing else inline)', () => {
  expect(cspViolations()).toEqual([])
})
