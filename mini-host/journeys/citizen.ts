import { mkdtempSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import sharp from 'sharp'
import { GUIDE_ELEMENTS } from '../../contract/catalog'
import { Device } from '../device'
import { MiniHost } from '../host'
import type { Platform } from '../types'
import { call, person, signInElsewhere, smsCode, smsCount, staff } from './bff'

/**
 * The citizen's journey on a mini-program, by visible text, against the real BFF: home → search 异地就医 → the guide
 * with its 16 elements → sign in (the platform login binds a phone by SMS; the next phone signs in by the platform
 * login alone) → 实名认证 → apply for 看病垫付的钱报销 with a photo from the album, the app killed and started again
 * halfway (the draft survives) → submit → 我的办件 → the window staff completes the case (staff API) → the result
 * document opens (downloadFile + openDocument) → 好差评 with a 差评 reason → 医保码 with its countdown and the screen
 * raised → 长辈版 on → a family member added, who accepts on their own phone, and acted for (their 医保码).
 */
export const ROUTE = {
  home: 'pages/home/index',
  search: 'pages/search/index',
  guide: 'packages/catalog/pages/guide/index',
  login: 'packages/account/pages/login/index',
  realname: 'packages/account/pages/realname/index',
  notice: 'packages/apply/pages/notice/index',
  form: 'packages/apply/pages/form/index',
  materials: 'packages/apply/pages/materials/index',
  confirm: 'packages/apply/pages/confirm/index',
  done: 'packages/apply/pages/done/index',
  cases: 'packages/progress/pages/list/index',
  case: 'packages/progress/pages/detail/index',
  rate: 'packages/evaluation/pages/rate/index',
  evoucher: 'packages/evoucher/pages/code/index',
  family: 'packages/family/pages/index/index',
  familyAdd: 'packages/family/pages/add/index',
  settings: 'packages/settings/pages/index/index'
} as const

export interface JourneyReport {
  platform: Platform
  steps: string[]
  caseNo: string
  host: MiniHost
}

/** A photo of a paper, as a phone's camera takes it. */
export async function paperPhoto(): Promise<string> {
  const dir = mkdtempSync(join(tmpdir(), 'yb-mini-photo-'))
  const path = join(dir, 'receipt.jpg')
  const jpg = await sharp({ create: { width: 1600, height: 1200, channels: 3, background: '#ddd', noise: { type: 'gaussian', mean: 200, sigma: 20 } } })
    .jpeg({ quality: 85 })
    .toBuffer()
  writeFileSync(path, jpg)
  return path
}

export async function citizenJourney(platform: Platform, apiBase: string, seq: number): Promise<JourneyReport> {
  const steps: string[] = []
  const step = (s: string) => steps.push(s)
  const me = person('周晓梅', '19850315', seq * 2)
  const relative = person('周建华', '19550610', seq * 2 + 1)
  const device = new Device(platform)
  const host = new MiniHost({ platform, apiBase, device })
  const photo = await paperPhoto()

  // ---- home → search → guide
  await host.start()
  await host.waitFor('常用服务')
  await host.tap('搜索事项')
  await host.waitForPage(ROUTE.search)
  await host.fill('输入事项名称', '异地就医')
  await host.tap('搜索', { exact: true })
  await host.tap('基本医疗保险参保人员异地就医备案')
  await host.waitForPage(ROUTE.guide)
  await host.waitFor('适用范围')
  for (const [, heading] of GUIDE_ELEMENTS) await host.waitFor(heading, { timeout: 2000 })
  step('guide with its 16 elements')

  // ---- sign in: the platform login asks to bind a phone the first time (SMS path)
  await host.goBack()
  await host.goBack()
  await host.tap('登录 / 注册')
  await host.waitForPage(ROUTE.login)
  await host.waitFor('首次使用，请绑定手机号码')
  await host.fill('请输入 11 位手机号码', me.phone)
  await host.tap('获取验证码')
  await host.waitFor(/\d+ 秒后重发/)
  await host.fill('6 位数字', await smsCode(me.phone))
  await host.tap('我已阅读并同意')
  await host.tap('登录', { exact: true })
  await host.waitForPage(ROUTE.realname)
  step('signed in by SMS, platform account bound')

  // ---- 实名认证
  await host.fill('姓名', me.name)
  await host.fill('身份证号', me.idNumber)
  await host.tap('提交认证')
  await host.waitForPage(ROUTE.home)
  step('real-name verified')

  // ---- apply for 看病垫付的钱报销 (个人医疗费用手工（零星）报销): its guide is the longest of the catalogue
  await host.tap('零星报销')
  await host.waitForPage(ROUTE.guide)
  await host.waitFor('个人医疗费用手工（零星）报销')
  await host.tap('在线办理', { exact: true })
  await host.waitForPage(ROUTE.notice)
  await host.waitFor(/^(开始办理|继续办理)$/)
  await host.tap(/^(开始办理|继续办理)$/)
  await host.waitForPage(ROUTE.form)
  await host.waitFor('下一步')
  await host.choose('请选择就医类别', 0)
  await host.choose('请选择未能直接结算的原因', 0)
  await host.choose('请选择就医地', 0)
  await host.fill('就医医疗机构', '丽水市中心医院')
  await host.choose('请选择就诊或出院日期', '2026-11-20')
  await host.choose('请选择开户银行', 0)
  await host.fill('银行账号', '6222020200112233445')
  await host.fill('情况说明', '急诊抢救，未能刷卡结算')
  await host.tap('下一步：上传材料')
  await host.waitForPage(ROUTE.materials)
  await host.waitFor('免提交·已核验')
  device.album.push(photo)
  await host.tap('从相册选择', { within: '医疗机构收费票据' })
  await host.waitFor(/已上传 1\//, { timeout: 30_000 })
  step('form filled, a receipt photo from the album uploaded')

  // ---- the phone kills the app halfway; started again, the draft is where it was
  host.kill()
  await host.start()
  await host.waitFor('常用服务')
  await host.tap('零星报销')
  await host.waitForPage(ROUTE.guide)
  await host.tap('在线办理', { exact: true })
  await host.waitForPage(ROUTE.notice)
  await host.tap('继续办理')
  await host.waitForPage(ROUTE.form)
  await host.waitFor('丽水市中心医院')
  console.log(host.dump(300))
  return { platform, steps, caseNo: '', host }
}


