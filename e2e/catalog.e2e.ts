import type { Browser, Page } from 'playwright-core'
import { baseUrl, launch, phonePage } from './browser'

/**
 * The foundation's two journeys in Debian's chromium against the real BFF serving the H5 build:
 * a person searches "异地就医" and reads the guide's materials; a person browses region → department → item
 * (001 §5.1.1: 选择地区、办事部门，选择具体办事事项).
 */
let browser: Browser

beforeAll(async () => {
  browser = await launch()
})
afterAll(async () => {
  await browser?.close()
})

async function openHome(page: Page): Promise<void> {
  await page.goto(baseUrl(), { waitUntil: 'domcontentloaded' })
  await page.getByText('常用服务').first().waitFor()
  // the prerendered shell has handed over to the app (until then both draw the page: two of every text)
  await page.waitForFunction(() => !document.getElementById('yb-shell'))
}

test('a citizen searches 异地就医, opens the guide and sees its materials', async () => {
  const { context, page } = await phonePage(browser)
  await openHome(page)
  await page.getByText('搜索事项，如“异地就医备案”').click()
  const input = page.locator('input').first()
  await input.waitFor()
  await input.fill('异地就医')
  await page.getByText('搜索', { exact: true }).click()
  await page.getByText(/找到 \d+ 个相关事项/).waitFor()
  // the popular name of 001 附录A #13 基本医疗保险参保人员异地就医备案
  await page.getByText('去外地看病报备').first().click()
  await page.getByText('申请材料目录').first().waitFor()
  await page.getByText(/有效身份证件/).first().waitFor()
  await page.getByText('免提交·已核验').first().waitFor()
  // place-dependent values are sample data and say so
  await page.getByText(/示例数据/).first().waitFor()
  expect(await page.getByText('基本医疗保险参保人员异地就医备案').count()).toBeGreaterThan(0)
  await context.close()
})

test('a citizen browses region → department → item and reads its guide', async () => {
  const { context, page } = await phonePage(browser)
  await openHome(page)
  await page.getByText('切换', { exact: true }).click()
  await page.getByRole('button', { name: '浙江省', exact: true }).click()
  await page.getByRole('button', { name: '丽水市', exact: true }).click()
  await page.getByRole('button', { name: '青田县', exact: true }).click()
  await page.getByText('常用服务').first().waitFor()
  await page.getByText('青田县').first().waitFor()
  await page.getByText('按部门查找').click()
  await page.getByRole('button', { name: /青田县医疗保障服务中心/ }).click()
  await page.getByText(/共 \d+ 个事项/).waitFor()
  await page.getByText('看病垫付的钱报销').first().click()
  await page.getByText('申请材料目录').first().waitFor()
  await page.getByText('医疗机构收费票据').first().waitFor()
  await page.getByText('办结时限', { exact: true }).first().waitFor()
  await page.getByText(/10个工作日/).first().waitFor()
  await context.close()
})

test('the region choice survives reopening the app', async () => {
  const { context, page } = await phonePage(browser)
  await openHome(page)
  await page.getByText('切换', { exact: true }).click()
  await page.getByRole('button', { name: '江苏省', exact: true }).click()
  await page.getByRole('button', { name: '盐城市', exact: true }).click()
  await page.getByRole('button', { name: /盐城市（市本级）/ }).click()
  await page.getByText('常用服务').first().waitFor()
  await page.reload({ waitUntil: 'domcontentloaded' })
  await page.getByText('常用服务').first().waitFor()
  await page.getByText('盐城市').first().waitFor()
  await context.close()
})
