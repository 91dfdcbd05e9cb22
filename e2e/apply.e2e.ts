import { readFileSync } from 'node:fs'
import type { Browser } from 'playwright-core'
import persons from '../bff/src/adapters/sample/persons.json'
import { baseUrl, launch, phonePage } from './browser'
import { fill, pick, signInAndRealName, staff, startApplying, submitSpecialDrugFiling, TIMEOUT, uploadFor, paperPhoto } from './steps'

/**
 * Applying and following a case in Debian's chromium, against `npm start`:
 *  1. a 智能办理 item with an upload: sign in with an SMS code, real-name, fill the form, upload a photo, submit, and
 *     see the result at once (001 §5.2.2, §5.3.1);
 *  2. a 人工核办 item: submit; window staff (through the staff API) ask for 补正; the citizen uploads and resubmits
 *     into the same case; staff complete; the citizen downloads the result document (001 §5.2.3, §5.3).
 */
let browser: Browser
// a receipt and a card: two papers for two materials, a third for the 补正's new copy
let photos: string[]

beforeAll(async () => {
  browser = await launch()
  photos = await Promise.all([0, 1, 2].map((paper) => paperPhoto(paper)))
})
afterAll(async () => {
  await browser?.close()
})

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
  await uploadFor(page, /护照/, photos[0]!)
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
  const caseNo = await submitSpecialDrugFiling(page, wang, [photos[0]!, photos[1]!])
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
  await chooser.setFiles(photos[2]!)
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
