import { randomUUID } from 'node:crypto'
import type { Browser } from 'playwright-core'
import { exampleIdNumber } from '../catalog/examples'
import { baseUrl, launch, phonePage } from './browser'
import { api, fill, preparedDraftViaApi, signInAndRealName, staff, TIMEOUT } from './steps'

/**
 * 好差评 in Debian's chromium, against `npm start` (000 §8.1–8.2.1):
 *   the citizen signs in in the H5 app; a case is applied for (through the API, with the app's token — applying in the
 *   app is apply.e2e.ts's) and completed by window staff (staff API); the citizen opens it in the app, taps 评价本次服务
 *   and gives 不满意 with a reason; staff do 回访, 核实 and 整改 through the staff API; the citizen sees the feedback
 *   in the app and accepts it — the loop is closed.
 */
let browser: Browser

beforeAll(async () => {
  browser = await launch()
})
afterAll(async () => {
  await browser?.close()
})

/** An invented citizen (the embedded identity adapter takes any valid 身份证号), so no other journey shares the account. */
const CITIZEN = { phone: '13900000515', name: '陈静', idNumber: exampleIdNumber('33110219850607002') }
const ITEM = 'special-drug-filing'
const REGION = '331121'


/** Applies for a 人工核办 item through the API with the citizen's token and submits; returns the case. */
async function submittedCase(token: string): Promise<{ id: string; caseNo: string }> {
  const draftId = await preparedDraftViaApi(token, ITEM, REGION, CITIZEN)
  const submitted = await api('POST', `/api/v1/drafts/${draftId}/submit`, token, { paperPledge: true }, { 'Idempotency-Key': randomUUID() })
  return { id: submitted.id as string, caseNo: submitted.caseNo as string }
}

test('不满意 with a reason → staff 回访, 核实, 整改 → the citizen sees the feedback and accepts', async () => {
  // the citizen signs in and real-names in the app (opening 我的办件); the app's own requests carry the token
  const { context, page } = await phonePage(browser)
  await page.goto(`${baseUrl()}/packages/progress/pages/list/index`, { waitUntil: 'domcontentloaded' })
  const authed = page.waitForRequest((r) => r.url().includes('/api/v1/applications') && !!r.headers().authorization, { timeout: TIMEOUT })
  await signInAndRealName(page, CITIZEN)
  const token = (await authed).headers().authorization.replace(/^Bearer /, '')

  // a case, completed by window staff
  const c = await submittedCase(token)
  for (const a of [{ action: 'assign', staffName: '李芳' }, { action: 'accept' }, { action: 'startReview' }, { action: 'complete', note: '经审核，同意备案' }]) {
    await staff('POST', `/api/v1/staff/applications/${c.id}/actions`, a)
  }

  // the citizen opens the case and rates it
  await page.goto(`${baseUrl()}/packages/progress/pages/detail/index?id=${c.id}`, { waitUntil: 'domcontentloaded' })
  await page.getByText(c.caseNo).filter({ visible: true }).first().waitFor({ timeout: TIMEOUT })
  await page.getByRole('button', { name: '评价本次服务' }).click({ timeout: TIMEOUT })

  const levels = page.getByRole('radiogroup', { name: '您对本次服务是否满意？' })
  await levels.waitFor({ timeout: TIMEOUT })
  await levels.getByRole('radio', { name: '不满意', exact: true }).click()
  // a bad level without a reason is not sent
  await page.getByRole('button', { name: '提交评价' }).click()
  await page.getByText('请至少选择一项不满意的原因').filter({ visible: true }).first().waitFor({ timeout: TIMEOUT })
  await page.getByRole('checkbox', { name: '时限' }).click()
  await fill(page, '评价内容', '审核等了很久，没有进度提醒')
  await page.getByRole('button', { name: '提交评价' }).click()
  await page.getByText('差评处理进度').filter({ visible: true }).first().waitFor({ timeout: TIMEOUT })
  await page.getByText('已收到您的评价，工作人员将与您联系').filter({ visible: true }).first().waitFor()
  // rated once: the levels are gone
  expect(await page.getByRole('radiogroup', { name: '您对本次服务是否满意？' }).count()).toBe(0)

  // window staff: 回访 → 核实 → 整改 (000 §8.2.1)
  const list = (await staff('GET', '/api/v1/staff/evaluations')) as { evaluations: Array<{ id: string; applicationId: string; level: string; reasons: string[] }> }
  const ev = list.evaluations.find((e) => e.applicationId === c.id)!
  expect(ev).toMatchObject({ level: 'dissatisfied', reasons: ['timeLimit'] })
  await staff('POST', `/api/v1/staff/evaluations/${ev.id}/actions`, { action: 'followUp', staffName: '王敏', result: 'reached', note: '电话联系评价人，了解等待情况' })
  await staff('POST', `/api/v1/staff/evaluations/${ev.id}/actions`, { action: 'verify', staffName: '王敏', substantiated: true, finding: '审核环节未及时推送进度' })
  const feedback = '已开通审核进度短信提醒，今后每个环节都会通知您'
  await staff('POST', `/api/v1/staff/evaluations/${ev.id}/actions`, { action: 'rectify', staffName: '王敏', note: feedback })

  // the citizen sees the feedback and accepts
  await page.reload({ waitUntil: 'domcontentloaded' })
  const fb = page.getByLabel('处理结果反馈')
  await fb.waitFor({ timeout: TIMEOUT })
  await fb.getByText(feedback).waitFor()
  await fb.getByText('整改情况').waitFor()
  for (const label of ['您的评价：不满意', '已回访（已联系上评价人）', '已核实：反映的问题属实', '已整改并反馈']) {
    await page.getByText(label, { exact: true }).first().waitFor()
  }
  await page.getByRole('button', { name: '接受', exact: true }).click()
  await page.getByText('您已认可处理结果').filter({ visible: true }).first().waitFor({ timeout: TIMEOUT })
  expect(await page.getByRole('button', { name: '接受', exact: true }).count()).toBe(0)

  const after = (await staff('GET', `/api/v1/staff/evaluations/${ev.id}`)) as { loop: { state: string } }
  expect(after.loop.state).toBe('accepted')
  await context.close()
})
