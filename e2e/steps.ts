import { mkdtempSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import type { Page } from 'playwright-core'
import sharp from 'sharp'
import { baseUrl } from './browser'
import { E2E_STAFF_TOKEN } from './server'

/** Steps a person takes in the H5 app, shared by the E2E tests (query by visible text and roles, as a person would). */
export const TIMEOUT = 20_000

export async function smsCode(phone: string): Promise<string> {
  const res = await fetch(`${baseUrl()}/api/v1/dev/outbox?phone=${phone}`)
  const body = (await res.json()) as { messages: Array<{ code: string | null }> }
  const code = body.messages[0]?.code
  if (!code) throw new Error(`no SMS code for ${phone}`)
  return code
}

export async function staff(method: string, path: string, body?: object): Promise<Record<string, unknown>> {
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
export async function fill(page: Page, label: string, value: string): Promise<void> {
  const field = page.getByLabel(label, { exact: true }).first()
  await field.waitFor({ timeout: TIMEOUT })
  await field.locator('input, textarea').first().fill(value)
}

/** The way a person signs in when the app sends them to sign-in: phone, SMS code, consent; then real-name. */
export async function signInAndRealName(page: Page, p: { phone: string; name: string; idNumber: string }): Promise<void> {
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
export async function pick(page: Page, label: string): Promise<void> {
  await page.getByText(`请选择${label}`, { exact: true }).click()
  // every picker keeps its own popup in the page; the open one is the visible one
  await page.locator('.weui-picker__action:visible').filter({ hasText: '确定' }).click()
}

export async function uploadFor(page: Page, materialName: RegExp, photoPath: string): Promise<void> {
  const card = page.locator('.apply-material, .progress-supplement__material, .progress-material').filter({ hasText: materialName }).first()
  const [chooser] = await Promise.all([page.waitForEvent('filechooser', { timeout: TIMEOUT }), card.getByRole('button', { name: '从相册选择' }).click()])
  await chooser.setFiles(photoPath)
}

export async function startApplying(page: Page, itemId: string, region: string): Promise<void> {
  await page.goto(`${baseUrl()}/packages/catalog/pages/guide/index?id=${itemId}&region=${region}`, { waitUntil: 'domcontentloaded' })
  await page.getByRole('button', { name: '在线办理', exact: true }).click({ timeout: TIMEOUT })
  await page.getByRole('button', { name: /^(开始办理|继续办理)$/ }).click({ timeout: TIMEOUT })
}

/** A photo of a paper, as a phone takes it, written to a temporary file for the file chooser. */
export async function paperPhoto(): Promise<string> {
  const dir = mkdtempSync(join(tmpdir(), 'yb-e2e-files-'))
  const path = join(dir, '材料照片.jpg')
  const jpg = await sharp({ create: { width: 1600, height: 1200, channels: 3, background: '#ddd', noise: { type: 'gaussian', mean: 200, sigma: 20 } } })
    .jpeg({ quality: 85 })
    .toBuffer()
  writeFileSync(path, jpg)
  return path
}
