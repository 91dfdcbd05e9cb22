import { readFileSync } from 'node:fs'
import type { Browser, Page } from 'playwright-core'
import persons from '../bff/src/adapters/sample/persons.json'
import { signInWithSecret, staffRequest, totpCode, type StaffCredentials } from '../scripts/staff-client'
import { axeViolations, describeViolations } from './axe'
import { baseUrl, launch, phonePage } from './browser'
import { paperPhoto, submitSpecialDrugFiling, TIMEOUT } from './steps'

/**
 * The agency's side in chromium, against `npm start` (001 §5.2.3): a citizen submits in the H5 app with a photo; the
 * case appears in the clerk's 待办 (assigned at once by the region's rule) within 10 s without a reload; the clerk
 * opens the photo (zoom, rotate), accepts and asks for 补正 after reading the citizen's message; the citizen
 * supplements; the reviewer decides (准予); the citizen downloads the result. A clerk of another county cannot open the
 * case (UI and API). axe finds no serious or critical violation on the 待办, case and 操作记录 pages.
 */
const COUNTY = '331121' // 青田县
const ITEM = 'special-drug-filing' // what submitSpecialDrugFiling applies for, in 青田县
let browser: Browser
// two papers for the two materials, a third for the 补正's new copy
let photos: string[]
let adminToken: string
let ruleId: string | null = null
const people: Record<'clerk' | 'reviewer' | 'chief' | 'away', StaffCredentials & { id: string }> = {} as never

async function open(who: keyof typeof people): Promise<Page> {
  const context = await browser.newContext({ locale: 'zh-CN', viewport: { width: 1280, height: 900 } })
  const page = await context.newPage()
  await page.goto(`${baseUrl()}/staff/`, { waitUntil: 'domcontentloaded' })
  const c = people[who]
  await page.getByLabel('登录名').fill(c.username)
  await page.getByLabel('密码').fill(c.password)
  await page.getByLabel('动态验证码').fill(totpCode(c.secret))
  await page.getByRole('button', { name: '登录' }).click()
  await page.getByRole('heading', { name: '我的待办' }).waitFor({ timeout: TIMEOUT })
  return page
}

async function noSeriousViolations(page: Page, what: string): Promise<void> {
  expect(describeViolations(what, await axeViolations(page))).toBe('')
}

/** Picks an action, fills it, previews the citizen's message, checks it, confirms. */
async function actWithPreview(page: Page, action: string, fillIn: () => Promise<void>, expectInMessage: RegExp): Promise<void> {
  await page.getByLabel('操作').selectOption({ label: action })
  await fillIn()
  await page.getByRole('button', { name: '预览参保人将收到的消息' }).click()
  const preview = page.getByRole('region', { name: '消息预览' })
  await preview.getByText(expectInMessage).first().waitFor({ timeout: TIMEOUT })
  await preview.getByRole('button', { name: '确认发送' }).click()
  await preview.waitFor({ state: 'detached', timeout: TIMEOUT })
}

beforeAll(async () => {
  browser = await launch()
  photos = await Promise.all([0, 1, 2].map((paper) => paperPhoto(paper)))
  adminToken = await signInWithSecret(baseUrl(), JSON.parse(process.env.E2E_ADMIN_CREDENTIALS ?? '{}') as StaffCredentials)
  const accounts: Array<[keyof typeof people, string, string, string]> = [
    ['clerk', 'clerk', '青田窗口', COUNTY],
    ['reviewer', 'reviewer', '青田审核', COUNTY],
    ['chief', 'chief', '青田科长', COUNTY],
    ['away', 'clerk', '莲都窗口', '331102']
  ]
  for (const [key, role, name, region] of accounts) {
    const username = `wb-${key}`
    const made = (await staffRequest(baseUrl(), 'POST', '/api/v1/staff/accounts', adminToken, { username, name, role, region })) as { account: { id: string }; enrollCode: string }
    const password = 'Workbench-journey-passphrase-31'
    const enrolled = (await staffRequest(baseUrl(), 'POST', '/api/v1/staff/enroll', null, { username, enrollCode: made.enrollCode, password })) as { totp: { secret: string } }
    people[key] = { username, password, secret: enrolled.totp.secret, id: made.account.id }
  }
  // 青田县's special-drug filings go to its clerk (the other journeys assign by hand: the rule goes in afterAll)
  ruleId = ((await staffRequest(baseUrl(), 'PUT', '/api/v1/staff/assignment-rules', adminToken, { region: COUNTY, itemId: ITEM, clerkIds: [people.clerk.id] })) as { id: string }).id
})
afterAll(async () => {
  if (ruleId) await staffRequest(baseUrl(), 'DELETE', `/api/v1/staff/assignment-rules/${ruleId}`, adminToken).catch(() => undefined)
  await browser?.close()
})

test('a case from the H5 app to the clerk, 补正 and back, the reviewer’s decision, the result downloaded', async () => {
  const clerk = await open('clerk')
  await noSeriousViolations(clerk, '我的待办')

  // the citizen applies with photos
  const { context, page } = await phonePage(browser)
  const caseNo = await submitSpecialDrugFiling(page, persons.persons[3], [photos[0]!, photos[1]!])
  const submittedAt = Date.now()
  expect(caseNo).toBeTruthy()

  // the clerk's open 待办 shows it without a reload (the change feed, polled every 5 s)
  await clerk.getByRole('link', { name: caseNo! }).waitFor({ timeout: 10_500 })
  expect(Date.now() - submittedAt).toBeLessThan(10_500)
  await clerk.getByRole('link', { name: caseNo! }).click()
  await clerk.getByRole('heading', { name: new RegExp(caseNo!) }).waitFor({ timeout: TIMEOUT })
  const id = decodeURIComponent(new URL(clerk.url()).hash.replace('#/case/', ''))
  const photo = clerk.getByRole('img').first()
  await photo.waitFor({ timeout: TIMEOUT })
  await clerk.getByRole('button', { name: '放大' }).first().click()
  await clerk.getByRole('button', { name: '向右旋转' }).first().click()
  await clerk.getByText(/150%，旋转 90°/).first().waitFor()
  expect(await photo.evaluate((img) => (img as HTMLImageElement).naturalWidth)).toBeGreaterThan(0)
  await noSeriousViolations(clerk, '办件详情')

  await actWithPreview(clerk, '受理', async () => undefined, /已受理/)
  await actWithPreview(
    clerk,
    '补正',
    async () => {
      await clerk.getByRole('checkbox', { name: /疾病证明材料/ }).check()
      await clerk.getByLabel('材料问题说明（必填）').fill('诊断证明未盖医院公章，请补充盖章后的诊断证明')
    },
    /需补正材料：诊断证明未盖医院公章.*（需补正：经国谈药定点医疗机构确认的疾病证明材料/
  )
  await clerk.getByText(/状态：需补正|状态：待补正/).first().waitFor({ timeout: TIMEOUT })

  // the citizen supplements into the same case
  await page.getByRole('button', { name: '查看办件' }).click()
  await page.getByText(/未盖医院公章/).filter({ visible: true }).first().waitFor({ timeout: TIMEOUT })
  const [chooser] = await Promise.all([page.waitForEvent('filechooser', { timeout: TIMEOUT }), page.getByText('从相册选择').first().click()])
  await chooser.setFiles(photos[2]!)
  await page.getByText(/已上传 1 个文件/).filter({ visible: true }).first().waitFor({ timeout: TIMEOUT })
  await Promise.all([page.waitForResponse((r) => r.url().endsWith('/resubmit'), { timeout: TIMEOUT }), page.getByRole('button', { name: '重新提交' }).click()])

  // the reviewer finds it in 待办 (accepted again) and decides
  const reviewer = await open('reviewer')
  await reviewer.getByRole('link', { name: caseNo! }).click({ timeout: TIMEOUT })
  await actWithPreview(reviewer, '开始审核', async () => undefined, /审核中/)
  await actWithPreview(reviewer, '办结（准予）', async () => reviewer.getByLabel('说明（选填）').fill('经审核，同意备案'), /已办结：经审核，同意备案/)
  await reviewer.getByText(/状态：已办结/).first().waitFor({ timeout: TIMEOUT })

  // the citizen downloads the result document
  await page.reload({ waitUntil: 'domcontentloaded' })
  await page.getByText('已办结').filter({ visible: true }).first().waitFor({ timeout: TIMEOUT })
  const [download] = await Promise.all([page.waitForEvent('download', { timeout: TIMEOUT }), page.getByRole('button', { name: '查看/下载结果文书' }).click()])
  expect(readFileSync((await download.path())!).subarray(0, 5).toString()).toBe('%PDF-')
  await context.close()

  // a clerk of another county: the page says so, the API answers 404 with a code
  const away = await open('away')
  await away.evaluate((caseId) => (window.location.hash = `#/case/${caseId}`), id)
  await away.getByRole('alert').getByText('无法查看该办件：办件不存在，或不属于您所在辖区。').waitFor({ timeout: TIMEOUT })
  const token = await away.evaluate(() => sessionStorage.getItem('yb-staff-token'))
  const res = await fetch(`${baseUrl()}/api/v1/staff/applications/${id}`, { headers: { authorization: `Bearer ${token}` } })
  expect(res.status).toBe(404)
  expect(((await res.json()) as { code: string }).code).toBe('APPLICATION_UNKNOWN')

  // the 科长 reads the trail: the clerk's view of the photo is in it
  const chief = await open('chief')
  await chief.getByRole('link', { name: '操作记录' }).click()
  await chief.getByRole('heading', { name: '操作记录' }).waitFor({ timeout: TIMEOUT })
  await chief.getByText(/uploads\/:uploadId/).first().waitFor({ timeout: TIMEOUT })
  await noSeriousViolations(chief, '操作记录')
})
