import type { Browser, Page } from 'playwright-core'
import { signInWithSecret, staffRequest, totpCode, type StaffCredentials } from '../scripts/staff-client'
import { axeViolations, describeViolations } from './axe'
import { baseUrl, launch } from './browser'
import { TIMEOUT } from './steps'

/**
 * The workbench's supervision screens in Debian's chromium, by visible text: a 好差评管理员, a 科长 and a 管理员 each
 * sign in at /staff with password and one-time code, open every screen their role has, and axe finds no serious or
 * critical violation on any (WCAG 2.2 AA, e2e/axe.ts). The 好差评管理员 registers a phone complaint through the
 * intake form and opens it, so the list, the detail and the answer form are checked with content.
 *
 * The accounts are opened here through an administrator of global-setup's: each signs in for the first time in the
 * browser, so its one-time code has not been used yet.
 */

const PASSWORD = 'Supervision-e2e-passphrase-2026'
const REGION = '331102'

type Role = 'evaluationAdmin' | 'chief' | 'admin'
const SCREENS: Record<Role, string[]> = {
  evaluationAdmin: ['好差评', '投诉', '统计', '消息提醒'],
  chief: ['我的待办', '科室队列', '好差评', '投诉', '统计', '操作记录', '消息提醒'],
  admin: ['人员与分配', '扫码终端', '节假日安排', '操作记录', '消息提醒']
}

let browser: Browser
const accounts = {} as Record<Role, StaffCredentials>

beforeAll(async () => {
  const admin = JSON.parse(process.env.E2E_ADMIN_CREDENTIALS ?? '{}') as StaffCredentials
  const token = await signInWithSecret(baseUrl(), admin)
  const stamp = Date.now().toString(36)
  for (const [role, name] of [
    ['evaluationAdmin', '钱专员'],
    ['chief', '孙科长'],
    ['admin', '周管理']
  ] as const) {
    const username = `sv-${role.toLowerCase()}-${stamp}`
    const made = (await staffRequest(baseUrl(), 'POST', '/api/v1/staff/accounts', token, { username, name, role, region: REGION })) as { enrollCode: string }
    const enrolled = (await staffRequest(baseUrl(), 'POST', '/api/v1/staff/enroll', null, { username, enrollCode: made.enrollCode, password: PASSWORD })) as { totp: { secret: string } }
    accounts[role] = { username, password: PASSWORD, secret: enrolled.totp.secret }
  }
  browser = await launch()
})
afterAll(async () => browser?.close())

async function signIn(page: Page, c: StaffCredentials): Promise<void> {
  await page.goto(`${baseUrl()}/staff/`, { waitUntil: 'domcontentloaded' })
  await page.getByLabel('登录名').fill(c.username)
  await page.getByLabel('密码').fill(c.password)
  await page.getByLabel('动态验证码').fill(totpCode(c.secret))
  await page.getByRole('button', { name: '登录' }).click()
  await page.getByRole('navigation', { name: '工作台' }).waitFor({ timeout: TIMEOUT })
}

async function expectAccessible(page: Page, where: string): Promise<void> {
  // every screen ends loading: no 正在加载…, no error
  await page.waitForFunction(() => !document.body.innerText.includes('正在加载…'), undefined, { timeout: TIMEOUT })
  const failed = await page.getByRole('alert').count()
  if (failed > 0) throw new Error(`${where}: ${await page.getByRole('alert').first().innerText()}`)
  const violations = await axeViolations(page)
  if (violations.length > 0) throw new Error(`axe found ${violations.length} serious/critical violation(s):\n${describeViolations(where, violations)}`)
}

test.each(Object.keys(SCREENS) as Role[])('%s: every screen of the role passes axe', async (role) => {
  const context = await browser.newContext({ viewport: { width: 1280, height: 800 }, locale: 'zh-CN', timezoneId: 'Asia/Shanghai' })
  const page = await context.newPage()
  try {
    await signIn(page, accounts[role])
    const nav = page.getByRole('navigation', { name: '工作台' })
    // the role sees exactly its screens
    // (消息提醒 counts new notices after its name)
    expect((await nav.getByRole('link').allInnerTexts()).map((t) => t.replace(/（\d+ 条新消息）$/, ''))).toEqual(SCREENS[role])
    for (const screen of SCREENS[role]) {
      await nav.getByRole('link', { name: screen }).click()
      await page.getByRole('heading', { level: 1, name: screen }).waitFor({ timeout: TIMEOUT })
      await expectAccessible(page, `${role} ${screen}`)
    }
    if (role === 'evaluationAdmin') {
      await nav.getByRole('link', { name: '投诉' }).click()
      const form = page.getByRole('form', { name: '登记投诉' })
      await form.getByLabel('投诉渠道').selectOption({ label: '电话投诉' })
      await form.getByLabel('投诉人姓名').fill('孙大爷')
      await form.getByLabel('联系电话（来电号码）').fill('13900001111')
      await form.getByLabel('投诉内容').fill('来电反映窗口排队时间太长')
      await form.getByRole('button', { name: '登记投诉' }).click()
      await page.getByRole('status').filter({ hasText: '已登记投诉' }).waitFor({ timeout: TIMEOUT })
      await page.getByRole('heading', { name: /· 电话投诉$/ }).waitFor({ timeout: TIMEOUT })
      await page.getByRole('form', { name: '答复投诉' }).waitFor({ timeout: TIMEOUT })
      await expectAccessible(page, `${role} 投诉 (registered, answer form open)`)
    }
    if (role === 'admin') {
      // 扫码终端: a pharmacy's scanner registered by keyboard, its key shown once, then stopped after the confirmation
      await nav.getByRole('link', { name: '扫码终端' }).click()
      const form = page.getByRole('form', { name: '新增终端' })
      const id = `P${Date.now().toString(36).toUpperCase()}`
      await form.getByLabel('终端编号').fill(id)
      await form.getByLabel('用途').selectOption({ label: '购药' })
      await form.getByLabel('定点医药机构名称').fill('莲都区康民药店')
      await form.getByLabel('定点医药机构名称').press('Enter')
      const panel = page.getByRole('region', { name: new RegExp(`已登记终端 ${id}`) })
      await panel.waitFor({ timeout: TIMEOUT })
      expect(await panel.getByLabel('终端密钥（X-Terminal-Key）').inputValue()).toMatch(/^term-/)
      await expectAccessible(page, `${role} 扫码终端 (key shown)`)
      await panel.getByRole('button', { name: '我已保存密钥，关闭' }).click()
      await page.getByRole('button', { name: `停用终端 ${id}` }).click()
      const dialog = page.getByRole('alertdialog', { name: `确定停用终端 ${id} 吗？` })
      await expectAccessible(page, `${role} 扫码终端 (confirming 停用)`)
      await dialog.getByRole('button', { name: '确认停用' }).click()
      await page.getByRole('status').filter({ hasText: `已停用终端 ${id}` }).waitFor({ timeout: TIMEOUT })
      await page.getByRole('row', { name: new RegExp(id) }).getByText(/^已停用/).waitFor({ timeout: TIMEOUT })
    }
  } finally {
    await context.close()
  }
})
