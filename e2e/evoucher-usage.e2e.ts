import type { Browser } from 'playwright-core'
import persons from '../bff/src/adapters/sample/persons.json'
import { axeViolations, describeViolations } from './axe'
import { baseUrl, launch, phonePage } from './browser'
import { signInAndRealName, TIMEOUT } from './steps'

/**
 * 医保码使用记录 and 「不是我」 in Debian's chromium, against `npm start`: 王建国 shows his code, a counter scans it
 * (the development terminal key), the page lists the use; he says 不是我 and confirms: the code goes, the page says
 * until when it is paused, what to do next, and the report's number.
 */
let browser: Browser
beforeAll(async () => {
  browser = await launch()
})
afterAll(async () => {
  await browser?.close()
})

const EVOUCHER = '/packages/evoucher/pages/code/index'
// 王建国: insured, and no other E2E file shows his 医保码 (the freeze would be theirs too)
const wang = persons.persons[1]

test('a use of the code is listed; 「不是我」 pauses the code, reports it and says what to do next', async () => {
  const { page } = await phonePage(browser)
  await page.goto(`${baseUrl()}${EVOUCHER}`, { waitUntil: 'domcontentloaded' })
  await signInAndRealName(page, wang)
  await page.getByLabel('王**的医保码', { exact: true }).waitFor({ timeout: TIMEOUT })
  await page.getByText('还没有使用记录', { exact: false }).waitFor({ timeout: TIMEOUT })

  // the code on screen, as a counter's scanner reads it
  const [answer] = await Promise.all([
    page.waitForResponse((r) => new URL(r.url()).pathname === '/api/v1/evoucher' && r.status() === 200, { timeout: TIMEOUT }),
    page.getByRole('button', { name: '刷新', exact: true }).click()
  ])
  const { code } = (await answer.json()) as { code: string }
  const scan = await fetch(`${baseUrl()}/api/v1/evoucher/decode`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', 'x-terminal-key': process.env.E2E_TERMINAL_KEY ?? '' },
    body: JSON.stringify({ code })
  })
  expect(scan.status).toBe(200)

  await page.reload({ waitUntil: 'domcontentloaded' })
  const use = page.getByRole('listitem').filter({ hasText: '医保经办机构服务窗口' })
  await use.waitFor({ timeout: TIMEOUT })
  await use.getByText('结算').waitFor()
  await use.getByText(/终端 \*{4}0001$/).waitFor()

  await use.getByRole('button', { name: '不是我' }).click()
  await use.getByRole('button', { name: '确认不是我' }).click()
  await page.getByText('已暂停医保码，并报告医保部门').waitFor({ timeout: TIMEOUT })
  await page.getByText(/拨打医保服务热线 12393/).waitFor()
  await use.getByText(/^已报告“不是我”，投诉编号 TS\d+/).waitFor({ timeout: TIMEOUT })
  await page.getByText('医保码已暂停使用', { exact: true }).waitFor({ timeout: TIMEOUT })
  expect(await page.getByLabel('王**的医保码', { exact: true }).count()).toBe(0)

  const violations = await axeViolations(page)
  if (violations.length > 0) throw new Error(`axe found ${violations.length} serious/critical violation(s):\n${describeViolations('医保码 after 不是我', violations)}`)
})
