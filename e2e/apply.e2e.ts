import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import type { Browser, Page } from 'playwright-core'
import sharp from 'sharp'
import persons from '../bff/src/adapters/sample/persons.json'
import { baseUrl, launch, phonePage } from './browser'
import { E2E_STAFF_TOKEN } from './server'

/**
 * Applying and following a case in Debian's chromium, against `npm start` (issue 3):
 *  1. a 智能办理 item with an upload: sign in with an SMS code, real-name, fill the form, upload a photo, submit, and
 *     see the result at once (001 §5.2.2, §5.3.1);
 *  2. a 人工核办 item: submit; window staff (through the staff API) ask for 补正; the citizen uploads and resubmits
 *     into the same case; staff complete; the citizen downloads the result document (001 §5.2.3, §5.3).
 */
let browser: Browser
let photoPath: string

beforeAll(async () => {
  browser = await launch()
  const dir = mkdtempSync(join(tmpdir(), 'yb-e2e-files-'))
  photoPath = join(dir, '材料照片.jpg')
  const jpg = await sharp({ create: { width: 1600, height: 1200, channels: 3, background: '#ddd', noise: { type: 'gaussian', mean: 200, sigma: 20 } } })
    .jpeg({ quality: 85 })
    .toBuffer()
  writeFileSync(photoPath, jpg)
})
afterAll(async () => {
  await browser?.close()
})

const TIMEOUT = 20_000

async function smsCode(phone: string): Promise<string> {
  const res = await fetch(`${baseUrl()}/api/v1/dev/outbox?phone=${phone}`)
  const body = (await res.json()) as { messages: Array<{ code: string | null }> }
  const code = body.messages[0]?.code
  if (!code) throw new Error(`no SMS code for ${phone}`)
  return code
}

async function staff(method: string, path: string, body?: object): Promise<Record<string, unknown>> {
  const res = await fetch(`${baseUrl()}${path}`, {
    method,
    headers: { authorization: `Bearer ${E2E_STAFF_TOKEN}`, ...(body ? { 'content-type': 'application/json' } : {}) },
    body: body ? JSON.stringify(body) : undefined
  })
  const json = (await res.json()) as Record<string, unknown>
  if (!res.ok) throw new Error(`staff ${path}: ${res.status} ${JSON.stringify(json)}`)
  return json
}

/** Taro's H5 <Input> is a custom element carrying the accessible name; the native input is inside it. */
async function fill(page: Page, label: string, value: string): Promise<void> {
  const field = page.getByLabel(label, { exact: true }).first()
  await field.waitFor({ timeout: TIMEOUT })
  await field.locator('input, textarea').first().fill(value)
}

/** The way a person signs in when the app sends them to sign-in: phone, SMS code, consent; then real-name. */
async function signInAndRealName(page: Page, p: { phone: string; name: string; idNumber: string }): Promise<void> {
  await fill(page, '手机号码', p.phone)
  await page.getByRole('button', { name: '获取验证码' }).click()
  await page.getByText(/\d+ ?秒/).filter({ visible: true }).first().waitFor({ timeout: TIMEOUT })
  await fill(page, '验证码', await smsCode(p.phone))
  await page.getByRole('checkbox', { name: '同意用户服务协议和隐私政策' }).click()
  await page.getByRole('button', { name: '登录', exact: true }).click()
  await fill(page, '姓名', p.name)
  await fill(page, '身份证号', p.idNumber)
  await page.getByRole('button', { name: '提交认证' }).click()
}

/** Taro's H5 picker: open it by its row, accept the value it offers. */
async function pick(page: Page, label: string): Promise<void> {
  await page.getByText(`请选择${label}`, { exact: true }).click()
  // every picker keeps its own popup in the page; the open one is the visible one
  await page.locator('.weui-picker__action:visible').filter({ hasText: '确定' }).click()
}

async function uploadFor(page: Page, materialName: RegExp): Promise<void> {
  const card = page.locator('.apply-material, .progress-supplement__material, .progress-material').filter({ hasText: materialName }).first()
  const [chooser] = await Promise.all([page.waitForEvent('filechooser', { timeout: TIMEOUT }), card.getByRole('button', { name: '从相册选择' }).click()])
  await chooser.setFiles(photoPath)
}

async function startApplying(page: Page, itemId: string, region: string): Promise<void> {
  await page.goto(`${baseUrl()}/packages/catalog/pages/guide/index?id=${itemId}&region=${region}`, { waitUntil: 'domcontentloaded' })
  await page.getByRole('button', { name: '在线办理', exact: true }).click({ timeout: TIMEOUT })
  await page.getByRole('button', { name: /^(开始办理|继续办理)$/ }).click({ timeout: TIMEOUT })
}

test('智能办理: sign in, fill the form, upload a photo, submit and see the result at once', async () => {
  const zhang = persons.persons[0]
  const { context, page } = await phonePage(browser)
  await startApplying(page, 'overseas-medicine-filing', '331102')
  await signInAndRealName(page, zhang)
  // back at 办事须知 after sign-in: start
  await page.getByRole('button', { name: /^(开始办理|继续办理)$/ }).click({ timeout: TIMEOUT })
  await fill(page, '前往国家（地区）', '新加坡')
  await pick(page, '出国（境）日期')
  await pick(page, '预计回国（境）日期')
  await fill(page, '带药疾病', '2型糖尿病')
  await page.getByRole('button', { name: '下一步' }).click()
  // 身份证 is verified through data sharing (001 §3.2.2); the passport photo is uploaded
  await page.getByText('免提交·已核验').filter({ visible: true }).first().waitFor({ timeout: TIMEOUT })
  await uploadFor(page, /护照/)
  await page.getByText(/已上传 1\//).filter({ visible: true }).first().waitFor({ timeout: TIMEOUT })
  await page.getByRole('button', { name: '下一步' }).click()
  await page.getByText('请核对以下内容，确认无误后提交。').waitFor({ timeout: TIMEOUT })
  await page.getByText('新加坡').filter({ visible: true }).first().waitFor()
  await page.getByRole('button', { name: '提交申请' }).click()
  await page.getByText('已办结', { exact: true }).waitFor({ timeout: TIMEOUT })
  await page.getByText(/YB331102\d{13}/).filter({ visible: true }).first().waitFor()
  await page.getByText(/出国\(境\)带药备案/).filter({ visible: true }).first().waitFor()
  await context.close()
})

test('人工核办: submit, staff ask for 补正, resubmit into the same case, staff complete, download the result', async () => {
  const wang = persons.persons[1]
  const { context, page } = await phonePage(browser)
  await startApplying(page, 'special-drug-filing', '331121')
  await signInAndRealName(page, wang)
  await page.getByRole('button', { name: /^(开始办理|继续办理)$/ }).click({ timeout: TIMEOUT })
  await fill(page, '药品名称', '司美格鲁肽注射液')
  await fill(page, '疾病诊断', '2型糖尿病')
  await fill(page, '国谈药定点医疗机构', '青田县人民医院')
  await page.getByRole('button', { name: '下一步' }).click()
  await uploadFor(page, /疾病诊断证明|诊断/)
  await page.getByText(/已上传 1\//).filter({ visible: true }).first().waitFor({ timeout: TIMEOUT })
  await uploadFor(page, /申请表|备案表/)
  await page.getByText(/已上传 1\//).filter({ visible: true }).nth(1).waitFor({ timeout: TIMEOUT })
  await page.getByRole('button', { name: '下一步' }).click()
  await page.getByRole('button', { name: '提交申请' }).click({ timeout: TIMEOUT })
  await page.getByText('申请已提交', { exact: true }).waitFor({ timeout: TIMEOUT })
  const caseNo = (await page.getByText(/YB331121\d{13}/).first().textContent())?.match(/YB\d+/)?.[0]
  expect(caseNo).toBeTruthy()

  // window staff pick it up and ask for a clearer diagnosis (001 §5.2.3.5)
  const list = (await staff('GET', '/api/v1/staff/applications')) as { applications?: Array<{ id: string; caseNo: string }> }
  const id = list.applications!.find((a) => a.caseNo === caseNo)!.id
  await staff('POST', `/api/v1/staff/applications/${id}/actions`, { action: 'assign', staffName: '李芳' })
  await staff('POST', `/api/v1/staff/applications/${id}/actions`, { action: 'accept' })
  await staff('POST', `/api/v1/staff/applications/${id}/actions`, { action: 'startReview' })
  await staff('POST', `/api/v1/staff/applications/${id}/actions`, {
    action: 'requestSupplement',
    materialIds: ['disease-proof'],
    note: '诊断证明未盖医院公章，请补充盖章后的诊断证明'
  })

  await page.getByRole('button', { name: '查看办件' }).click()
  await page.getByText('补正材料').filter({ visible: true }).first().waitFor({ timeout: TIMEOUT })
  await page.getByText(/未盖医院公章/).filter({ visible: true }).first().waitFor()
  const [chooser] = await Promise.all([page.waitForEvent('filechooser', { timeout: TIMEOUT }), page.getByText('从相册选择').first().click()])
  await chooser.setFiles(photoPath)
  await page.getByText(/已上传 1 个文件/).filter({ visible: true }).first().waitFor({ timeout: TIMEOUT })
  const [resubmitted] = await Promise.all([
    page.waitForResponse((r) => r.url().endsWith('/resubmit'), { timeout: TIMEOUT }),
    page.getByRole('button', { name: '重新提交' }).click()
  ])
  expect(resubmitted.status()).toBe(200)
  // back into review: the 补正 block is gone from the case page
  await page.getByRole('button', { name: /^重新提交/ }).waitFor({ state: 'detached', timeout: TIMEOUT })

  await staff('POST', `/api/v1/staff/applications/${id}/actions`, { action: 'complete', note: '经审核，同意备案' })
  await page.reload({ waitUntil: 'domcontentloaded' })
  await page.getByText('办理结果').filter({ visible: true }).first().waitFor({ timeout: TIMEOUT })
  await page.getByText('已办结').filter({ visible: true }).first().waitFor()
  // the timeline shows every node, the 补正 one included
  for (const label of ['已提交申请', '补正', '已办结']) await page.getByText(new RegExp(label)).first().waitFor()
  const [download] = await Promise.all([page.waitForEvent('download', { timeout: TIMEOUT }), page.getByRole('button', { name: '查看/下载结果文书' }).click()])
  const file = await download.path()
  const bytes = readFileSync(file!)
  expect(bytes.subarray(0, 5).toString()).toBe('%PDF-')
  // the downloaded document is the one the BFF issued, byte for byte
  const detail = await staff('GET', `/api/v1/staff/applications/${id}`)
  const code = (detail.result as { verifyCode: string }).verifyCode
  const verified = await fetch(`${baseUrl()}/api/v1/results/verify/${code}`, { method: 'POST', headers: { 'content-type': 'application/pdf' }, body: new Uint8Array(bytes) })
  expect(await verified.json()).toMatchObject({ genuine: true, unaltered: true })
  await context.close()
})
