import { existsSync, mkdtempSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import type { Page } from 'playwright-core'
import sharp from 'sharp'
import { exampleValues } from '../catalog/examples'
import { applicableMaterials } from '../domain/answers'
import type { ItemDetail } from '../contract/catalog'
import { baseUrl } from './browser'
import { signInWithSecret, type StaffCredentials } from '../scripts/staff-client'
import { tuningPhoto } from '../bench/photo-set'

/** Steps a person takes in the H5 app, shared by the E2E tests (query by visible text and roles, as a person would). */
export const TIMEOUT = 20_000

export async function smsCode(phone: string): Promise<string> {
  const res = await fetch(`${baseUrl()}/api/v1/dev/outbox?phone=${phone}`)
  const body = (await res.json()) as { messages: Array<{ code: string | null }> }
  const code = body.messages[0]?.code
  if (!code) throw new Error(`no SMS code for ${phone}`)
  return code
}

/** The 科长 account global-setup.ts opened; signed in again when its token ended (30 idle minutes). */
let staffBearer: string | undefined

export async function staff(method: string, path: string, body?: object): Promise<Record<string, unknown>> {
  staffBearer ??= process.env.E2E_STAFF_BEARER
  const send = (): Promise<Response> =>
    fetch(`${baseUrl()}${path}`, {
      method,
      headers: { authorization: `Bearer ${staffBearer}`, ...(body ? { 'content-type': 'application/json' } : {}) },
      body: body ? JSON.stringify(body) : undefined
    })
  let res = await send()
  if (res.status === 401) {
    staffBearer = await signInWithSecret(baseUrl(), JSON.parse(process.env.E2E_STAFF_CREDENTIALS ?? '{}') as StaffCredentials)
    res = await send()
  }
  const json = (await res.json()) as Record<string, unknown>
  if (!res.ok) throw new Error(`staff ${path}: ${res.status} ${JSON.stringify(json)}`)
  return json
}

/**
 * The field with this accessible name: Taro's HTML <Input> is the native input itself; a Stencil one (Textarea) is a
 * custom element carrying the name with the native field inside.
 */
export async function fill(page: Page, label: string, value: string): Promise<void> {
  const field = page.getByLabel(label, { exact: true }).first()
  await field.waitFor({ timeout: TIMEOUT })
  const native = await field.evaluate((el) => el.matches('input, textarea'))
  await (native ? field : field.locator('input, textarea').first()).fill(value)
}

/** The way a person signs in when the app sends them to sign-in: phone, SMS code, consent; then real-name. */
export async function signInAndRealName(page: Page, p: { phone: string; name: string; idNumber: string }): Promise<void> {
  await fill(page, '手机号码', p.phone)
  await requestSmsCode(page)
  await fill(page, '验证码', await smsCode(p.phone))
  await page.getByRole('checkbox', { name: '我已阅读并同意用户服务协议和隐私政策' }).click()
  await page.getByRole('button', { name: '登录', exact: true }).click()
  // an account real-named before (another E2E file, or an earlier visit) goes straight back to where it was going
  const realname = page.getByLabel('姓名', { exact: true }).first()
  const gone = page.waitForURL((url) => !url.pathname.includes('/packages/account/'), { timeout: TIMEOUT })
  const asked = await Promise.race([realname.waitFor({ timeout: TIMEOUT }).then(() => true), gone.then(() => false)])
  gone.catch(() => undefined)
  if (!asked) return
  await fill(page, '姓名', p.name)
  await fill(page, '身份证号', p.idNumber)
  await page.getByRole('button', { name: '提交认证' }).click()
}

/**
 * 获取验证码, as a person taps it. One code per phone a minute (bff/src/services/auth.ts): when another E2E file signed
 * the same person in less than a minute before, the app says 「验证码发送太频繁，请 N 秒后再试」 — wait that long and tap
 * again. (Reading the outbox after such a refusal would give the other file's code, already used.)
 */
async function requestSmsCode(page: Page): Promise<void> {
  const button = page.getByRole('button', { name: '获取验证码' })
  const sent = page.getByText(/\d+ ?秒后重发/).filter({ visible: true }).first()
  const tooSoon = page.getByText(/请 ?\d+ ?秒后再试/).filter({ visible: true }).first()
  await button.click()
  const outcomes = [sent.waitFor({ timeout: TIMEOUT }).then(() => false), tooSoon.waitFor({ timeout: TIMEOUT }).then(() => true)]
  const refused = await Promise.race(outcomes)
  for (const o of outcomes) o.catch(() => undefined)
  if (!refused) return
  const seconds = Number((await tooSoon.textContent())?.match(/(\d+) ?秒后再试/)?.[1] ?? 60)
  await page.waitForTimeout((seconds + 1) * 1000)
  await button.click()
  await sent.waitFor({ timeout: TIMEOUT })
}

/** A picker field (the H5 choice sheet, src/shared/ui/Picker): open it by its name, accept the value it offers. */
export async function pick(page: Page, label: string): Promise<void> {
  await page.getByRole('button', { name: `${label}：请选择${label}` }).click()
  const sheet = page.getByRole('dialog', { name: `选择${label}` })
  await sheet.getByRole('button', { name: '确定' }).click()
  await sheet.waitFor({ state: 'detached', timeout: TIMEOUT })
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

/**
 * A good photo of paper `paper` as a phone takes it (bench/photo-set's tuning family: a receipt or a card on a table),
 * as a file for the file chooser. Different papers for different materials, as a person photographs them: the app's
 * photo pre-check finds the same photo given for two materials (a duplicate) and asks first. Not a noise image: a
 * noise image has no structure for the pre-check's difference hash or blur measure to read, so its warnings came and
 * went between runs. global-setup.ts makes them once (writePaperPhotos): inside jest's sandbox the generator's pixel
 * loops run ~15× slower (7–11 s a photo).
 */
export async function paperPhoto(paper = 0): Promise<string> {
  const made = process.env.E2E_PHOTOS && join(process.env.E2E_PHOTOS, `paper-${paper}.jpg`)
  if (made && existsSync(made)) return made
  const dir = mkdtempSync(join(tmpdir(), 'yb-e2e-files-'))
  const path = join(dir, '材料照片.jpg')
  writeFileSync(path, (await tuningPhoto(paper, 'good')).jpeg)
  return path
}

/** The papers the E2E files photograph, made before the tests (E2E_PHOTOS: the folder; removed at teardown). */
export async function writePaperPhotos(papers = 3): Promise<string> {
  const dir = mkdtempSync(join(tmpdir(), 'yb-e2e-photos-'))
  for (let p = 0; p < papers; p++) writeFileSync(join(dir, `paper-${p}.jpg`), (await tuningPhoto(p, 'good')).jpeg)
  return dir
}

/**
 * The BFF's citizen API, as the app calls it: JSON (or multipart FormData) with the citizen's Bearer token. Throws
 * with the status on any non-2xx (the error carries `status`).
 */
export async function api<T = Record<string, unknown>>(method: string, path: string, token: string | null, body?: unknown, headers: Record<string, string> = {}): Promise<T> {
  const isForm = body instanceof FormData
  const res = await fetch(`${baseUrl()}${path}`, {
    method,
    headers: {
      ...(token ? { authorization: `Bearer ${token}` } : {}),
      ...(body !== undefined && !isForm ? { 'content-type': 'application/json' } : {}),
      ...headers
    },
    body: body === undefined ? undefined : isForm ? body : JSON.stringify(body)
  })
  const json = (res.status === 204 ? {} : await res.json()) as T
  if (!res.ok) throw Object.assign(new Error(`${method} ${path}: ${res.status} ${JSON.stringify(json)}`), { status: res.status })
  return json
}

/**
 * A draft through the API with the citizen's token: the form filled with valid example values for `applicant`, a
 * photo for every required material that is neither shared-verified nor a mailed original. Returns the draft id.
 */
export async function preparedDraftViaApi(token: string, itemId: string, region: string, applicant: { name: string; idNumber: string; phone: string }): Promise<string> {
  const draft = await api<{ id: string; version: number; sharedVerified: string[] }>('POST', '/api/v1/drafts', token, { itemId, region })
  const item = await api<ItemDetail>('GET', `/api/v1/items/${itemId}?region=${region}`, null)
  const values = exampleValues(item.form!, applicant)
  for (const f of item.form!.fields) if (f.readonly) delete values[f.key]
  await api('PUT', `/api/v1/drafts/${draft.id}`, token, { values, step: 'materials', baseVersion: draft.version })
  const jpg = await sharp({ create: { width: 1200, height: 900, channels: 3, background: '#888', noise: { type: 'gaussian', mean: 128, sigma: 30 } } })
    .jpeg({ quality: 80 })
    .toBuffer()
  // what applies to these answers; a mailed original is photographed too (domain/cases.ts checkSubmission)
  for (const m of applicableMaterials(item, values)) {
    if (!m.required || draft.sharedVerified.includes(m.id)) continue
    const form = new FormData()
    form.append('file', new Blob([new Uint8Array(jpg)], { type: 'image/jpeg' }), `${m.id}.jpg`)
    await api('POST', `/api/v1/drafts/${draft.id}/materials/${m.id}`, token, form)
  }
  return draft.id
}

/**
 * A 人工核办 application in the H5 app: 基本医疗保险参保人员特治特药备案 of 青田县 (331121), signed in as `person`, the form
 * filled and both materials photographed (`photos`: two different papers); submitted. Answers the case number the app shows.
 */
export async function submitSpecialDrugFiling(
  page: Page,
  person: { phone: string; name: string; idNumber: string },
  photos: [diagnosis: string, form: string]
): Promise<string> {
  await startApplying(page, 'special-drug-filing', '331121')
  await signInAndRealName(page, person)
  await page.getByRole('button', { name: /^(开始办理|继续办理)$/ }).click({ timeout: TIMEOUT })
  await fill(page, '药品名称', '司美格鲁肽注射液')
  await fill(page, '疾病诊断', '2型糖尿病')
  await fill(page, '国谈药定点医疗机构', '青田县人民医院')
  await page.getByRole('button', { name: '下一步' }).click()
  await uploadFor(page, /疾病诊断证明|诊断/, photos[0])
  await page.getByText(/已上传 1\//).filter({ visible: true }).first().waitFor({ timeout: TIMEOUT })
  await uploadFor(page, /申请表|备案表/, photos[1])
  await page.getByText(/已上传 1\//).filter({ visible: true }).nth(1).waitFor({ timeout: TIMEOUT })
  await page.getByRole('button', { name: '下一步' }).click()
  await page.getByRole('button', { name: '提交申请' }).click({ timeout: TIMEOUT })
  await page.getByText('申请已提交', { exact: true }).waitFor({ timeout: TIMEOUT })
  const caseNo = (await page.getByText(/YB331121\d{13}/).first().textContent())?.match(/YB\d+/)?.[0]
  if (!caseNo) throw new Error('the submitted case shows no case number')
  return caseNo
}
