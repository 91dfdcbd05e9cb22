import type { Browser } from 'playwright-core'
import persons from '../bff/src/adapters/sample/persons.json'
import { baseUrl, launch, phonePage } from './browser'
import { fill, paperPhoto, pick, signInAndRealName, TIMEOUT, uploadFor } from './steps'

/**
 * Family accounts and proxies in Debian's chromium, against `npm start`: 周芳 adds her husband 李明 as a
 * family member; he accepts from his own account; she applies for an item on his behalf; he sees the case in his
 * 我的办件 and the 他人为我办理 log.
 */
let browser: Browser
let photoPath: string
beforeAll(async () => {
  browser = await launch()
  photoPath = await paperPhoto()
})
afterAll(async () => {
  await browser?.close()
})

const FAMILY = '/packages/family/pages/index/index'
// an invented person (valid 身份证号, not in the sample registry) and the sample person 李明
const zhou = { name: '周芳', idNumber: '331102198503150062', phone: '13900000031' }
const li = persons.persons[2]

test('a user adds a family member who accepts from a second account, applies for him, and he sees the case and the log', async () => {
  const proxy = await phonePage(browser)
  const p = proxy.page
  await p.goto(`${baseUrl()}${FAMILY}`, { waitUntil: 'domcontentloaded' })
  await signInAndRealName(p, zhou)
  await p.getByRole('button', { name: '添加家庭成员' }).click({ timeout: TIMEOUT })
  await p.getByRole('radio', { name: '配偶' }).click({ timeout: TIMEOUT })
  await fill(p, '姓名', li.name)
  await fill(p, '身份证号', li.idNumber)
  await p.getByRole('button', { name: '添加', exact: true }).click()
  await p.getByText('已发送授权申请').waitFor({ timeout: TIMEOUT })
  await p.getByText('知道了').click()
  await p.getByText('待对方确认').filter({ visible: true }).first().waitFor({ timeout: TIMEOUT })

  // 李明, on his own phone, accepts
  const member = await phonePage(browser)
  const m = member.page
  await m.goto(`${baseUrl()}${FAMILY}`, { waitUntil: 'domcontentloaded' })
  await signInAndRealName(m, li)
  await m.getByText(/周\*+（139\*+0031）申请添加您为家庭成员/).waitFor({ timeout: TIMEOUT })
  await m.getByRole('button', { name: '同意并授权' }).click()
  await m.getByText(/^配偶\s+周\*+（139\*+0031）$/).waitFor({ timeout: TIMEOUT })

  // she applies for him: the person acted for is chosen, and visible, on 办事须知
  await p.goto(`${baseUrl()}/packages/catalog/pages/guide/index?id=overseas-medicine-filing&region=331102`, { waitUntil: 'domcontentloaded' })
  await p.getByRole('button', { name: '在线办理', exact: true }).click({ timeout: TIMEOUT })
  await p.getByRole('radio', { name: /配偶 李\*+/ }).filter({ visible: true }).click({ timeout: TIMEOUT })
  await p.getByText(/正在为：配偶 李\*+/).filter({ visible: true }).waitFor({ timeout: TIMEOUT })
  await p.getByRole('button', { name: /^(开始办理|继续办理)$/ }).filter({ visible: true }).click()
  await fill(p, '前往国家（地区）', '泰国')
  await pick(p, '出国（境）日期')
  await pick(p, '预计回国（境）日期')
  await fill(p, '带药疾病', '高血压')
  await p.getByRole('button', { name: '下一步' }).click()
  await p.getByText('免提交·已核验').filter({ visible: true }).first().waitFor({ timeout: TIMEOUT })
  await uploadFor(p, /护照/, photoPath)
  await p.getByText(/已上传 1\//).filter({ visible: true }).first().waitFor({ timeout: TIMEOUT })
  await p.getByRole('button', { name: '下一步' }).click()
  await p.getByRole('button', { name: '提交申请' }).click({ timeout: TIMEOUT })
  await p.getByText(/YB331102\d{13}/).filter({ visible: true }).first().waitFor({ timeout: TIMEOUT })
  const caseNo = (await p.getByText(/YB331102\d{13}/).first().textContent())?.match(/YB\d+/)?.[0]
  expect(caseNo).toBeTruthy()

  // he sees the case in his own list, applied for him, and the log of what she did
  await m.goto(`${baseUrl()}/packages/progress/pages/list/index`, { waitUntil: 'domcontentloaded' })
  await m.getByRole('tab', { name: /已办结/ }).click({ timeout: TIMEOUT })
  await m.getByText(/出国\(境\)带药备案|出国（境）带药备案/).filter({ visible: true }).first().waitFor({ timeout: TIMEOUT })
  await m.getByText(`办件编号：${caseNo}`).filter({ visible: true }).first().waitFor({ timeout: TIMEOUT })
  await m.goto(`${baseUrl()}/packages/family/pages/log/index`, { waitUntil: 'domcontentloaded' })
  await m.getByText(/周\*+ 代为申办“/).first().waitFor({ timeout: TIMEOUT })
  await m.getByText(/周\*+ 开始代为申办“/).first().waitFor({ timeout: TIMEOUT })

  await proxy.context.close()
  await member.context.close()
})
