import { existsSync, mkdtempSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import sharp from 'sharp'
import { tuningPhoto } from '../../bench/photo-set'
import { GUIDE_ELEMENTS } from '../../contract/catalog'
import { Device } from '../device'
import { MiniHost } from '../host'
import { walk } from '../tree'
import type { Platform } from '../types'
import { call, signInElsewhere, smsCode, smsCount, staff } from './bff'

/**
 * The citizen's journey on a mini-program, by visible text, against the real BFF: home → search 异地就医 → the guide
 * with its 16 elements → sign in (the platform login binds a phone by SMS; the next phone signs in by the platform
 * login alone) → 实名认证 → apply for 看病垫付的钱报销 with photos from the album — a good one passes the photo
 * pre-check on the platform's canvas unremarked, a dark one is warned about (太暗) and sent anyway, the window staff
 * see the BFF's own warning on it —, the app killed and started again halfway (the draft survives) → submit → 我的办件 → the window staff completes the case (staff API) → the result
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

async function waitUntil(ok: () => boolean, what: string, timeout = 15_000): Promise<void> {
  const deadline = Date.now() + timeout
  while (!ok()) {
    if (Date.now() > deadline) throw new Error(`${what} did not happen`)
    await new Promise((r) => setTimeout(r, 25))
  }
}

export interface Person {
  name: string
  idNumber: string
  /** the mobile number they sign in with */
  phone: string
}

/** the 长辈版 state of the page root: its class and the CSS variables <Screen> writes in its style */
function rootVars(host: MiniHost): { elder: boolean; tap: number; minFont: number } {
  const root = [...walk(host.page.tree!)].find((el) => typeof el.attr.class === 'string' && el.attr.class.split(' ').includes('yb-screen'))
  const style = String(root?.attr.style ?? '')
  const px = (name: string): number[] => [...style.matchAll(new RegExp(`${name}[\\w-]*:\\s*([\\d.]+)px`, 'g'))].map((m) => Number(m[1]))
  return { elder: String(root?.attr.class ?? '').split(' ').includes('yb-elder'), tap: Math.min(...px('--yb-tap')), minFont: Math.min(...px('--yb-fs-')) }
}

/**
 * `me` and `relative` are sample persons of the embedded adapters (bff/src/adapters/sample/persons.json), insured, so
 * the 医保码 has a code; each signs in with a phone number of their own.
 */
export async function citizenJourney(platform: Platform, apiBase: string, me: Person, relative: Person & { relationship: string }): Promise<JourneyReport> {
  const steps: string[] = []
  const step = (s: string) => steps.push(s)
  const device = new Device(platform)
  const host = new MiniHost({ platform, apiBase, device })
  const photos = await receiptPhotos(process.env.MINI_PHOTOS_DIR)

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
  // 语音版: the BFF's speech as audio bytes, written to a file and played by the platform's audio context
  await host.tap('朗读')
  await waitUntil(() => device.callsOf('createInnerAudioContext.play').some((c) => Number(c.args.bytes) > 44), 'read-aloud audio playing', 30_000)
  await host.tap('停止朗读')
  step('guide read aloud (BFF speech played by the platform audio context)')

  // ---- sign in: the platform login asks to bind a phone the first time (SMS path)
  await host.goBack()
  await host.goBack()
  await host.tap('登录 / 注册')
  await host.waitForPage(ROUTE.login)
  await host.waitFor('首次使用，请绑定手机号码')
  await host.fill('请输入 11 位手机号码', me.phone)
  await host.tap('获取验证码')
  await host.waitFor(/\d+ 秒后重发/)
  const code = await smsCode(me.phone)
  // a wrong code first: the BFF's own 4xx message is shown (on Alipay a 4xx arrives in my.request's fail)
  await host.fill('6 位数字', code === '000000' ? '111111' : '000000')
  await host.tap('我已阅读并同意')
  await host.tap('登录', { exact: true })
  await host.waitFor(/验证码不正确，还可以再试 \d+ 次/)
  await host.fill('6 位数字', code)
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
  // 就医地 from the national list a level at a time (省 → 市 → 县（区）): 浙江省 (11th by code) → 丽水市 (11th) → 莲都区
  await host.choose('请选择省', 10)
  await host.waitFor('请选择市')
  await host.choose('请选择市', 10)
  await host.waitFor('请选择县（区）')
  await host.choose('请选择县（区）', 0)
  await host.waitFor('莲都区')
  await host.fill('就医医疗机构', '丽水市中心医院')
  await host.choose('请选择就诊或出院日期', '2026-11-20')
  await host.choose('请选择开户银行', 0)
  await host.fill('银行账号', '6222020200112233445')
  await host.fill('情况说明', '急诊抢救，未能刷卡结算')
  await host.tap('下一步：上传材料')
  await host.waitForPage(ROUTE.materials)
  await host.waitFor('免提交·已核验')
  // a good photo: the pre-check reads its pixels on the platform's canvas (before it is compressed) and finds nothing
  device.album.push(photos.good)
  await host.tap('从相册选择', { within: '医疗机构收费票据' })
  await host.waitFor(/已上传 1\//, { timeout: 30_000 })
  if (!device.callsOf('compressImage').length) throw new Error('the 12-megapixel photo was not compressed on the device')
  const read = (api: string) => device.calls.findIndex((c) => c.api === api)
  if (read('canvas.getImageData') < 0 || read('canvas.getImageData') > read('compressImage')) throw new Error('the photo pre-check did not read the photo before it was compressed')
  if (host.text().includes(REVIEW)) throw new Error('the good photo was warned about')
  // a dark photo: 太暗 in plain words with the guide's 示范 and 常见错误, then 仍然上传
  device.album.push(photos.dark)
  await host.tap('从相册选择', { within: '医疗机构收费票据' })
  await host.waitFor('照片太暗，看不清字', { timeout: 30_000 })
  for (const text of [REVIEW, '示范：', '常见错误：', '重新拍']) await host.waitFor(text, { timeout: 2000 })
  await host.tap('仍然上传', { exact: true })
  await host.waitFor(/已上传 2\//, { timeout: 30_000 })
  step('form filled; a good 12-megapixel receipt photo passed the pre-check, a dark one was warned about and sent anyway')

  // ---- the phone kills the app halfway; started again, the draft is where it was
  host.kill()
  await host.start()
  await host.waitFor('常用服务')
  await host.tap('零星报销')
  await host.waitForPage(ROUTE.guide)
  await host.tap('在线办理', { exact: true })
  await host.waitForPage(ROUTE.notice)
  await host.tap('继续办理')
  // the draft resumes at the step it was left on, with the photo uploaded before the kill
  await host.waitForPage(ROUTE.materials)
  await host.waitFor(/已上传 2\//)
  step('killed and restarted: the draft and its photos survived')
  await host.tap(/^下一步/)
  await host.waitForPage(ROUTE.confirm)
  await host.waitFor('丽水市中心医院')
  // the upload carries the name the citizen saw (照片1.jpg), not the platform's temp file name
  await host.waitFor('照片1.jpg')
  await host.tap('我承诺在提交后 5 日内将上述纸质材料原件寄至以上地址')
  await host.tap('提交申请', { exact: true })
  await host.waitForPage(ROUTE.done)
  const caseNo = /YB\d{19}/.exec((await host.waitFor(/YB\d{19}/)) && host.text())![0]
  step(`submitted: ${caseNo}`)

  // ---- 我的办件; the window staff take the case to its end through the staff API
  await host.tap('查看办件', { exact: true })
  await host.waitForPage(ROUTE.case)
  await host.waitFor(caseNo)
  const list = await staff<{ applications: Array<{ id: string; caseNo: string }> }>('GET', '/api/v1/staff/applications')
  const id = list.applications.find((a) => a.caseNo === caseNo)!.id
  // the BFF checked the stored photos again: the staff see its warning on the dark one, none on the good one
  const detail = await staff<{ uploads: Array<{ fileName: string; photoWarnings?: Array<{ issue: string }> }> }>('GET', `/api/v1/staff/applications/${id}`)
  const warned = detail.uploads.map((u) => (u.photoWarnings ?? []).map((w) => w.issue).join(',')).sort()
  if (JSON.stringify(warned) !== JSON.stringify(['', 'dark'])) throw new Error(`staff see photo warnings ${JSON.stringify(warned)}`)
  for (const action of [{ action: 'assign', staffName: '李芳' }, { action: 'preAccept' }, { action: 'receivePaper' }, { action: 'startReview' }, { action: 'complete', note: '符合报销条件', amountFen: 123456 }]) {
    await staff('POST', `/api/v1/staff/applications/${id}/actions`, action)
  }
  await host.goBack()
  await host.tap('返回首页', { exact: true })
  await host.waitForPage(ROUTE.home)
  await host.tap('我的办件', { exact: true })
  await host.waitForPage(ROUTE.cases)
  await host.tap(/^已办结/)
  await host.tap(caseNo)
  await host.waitForPage(ROUTE.case)
  await host.waitFor('已办结')
  step('the staff saw the BFF photo warning (dark) and completed the case (staff API)')

  // ---- the result document: downloaded with the token, opened in the platform's PDF viewer
  await host.tap('查看/下载结果文书', { exact: true })
  await waitUntil(() => device.callsOf('openDocument').length > 0, 'openDocument')
  const opened = device.callsOf('openDocument')[0].args
  if (opened.pdf !== true || opened.fileType !== 'pdf') throw new Error(`openDocument got ${JSON.stringify(opened)}`)
  if (!device.callsOf('downloadFile').some((c) => c.args.statusCode === 200)) throw new Error('the result document was not downloaded')
  step('result document opened (downloadFile + openDocument)')

  // ---- 好差评: a 差评 with its reason
  await host.tap('评价本次服务', { exact: true })
  await host.waitForPage(ROUTE.rate)
  await host.tap('不满意', { exact: true })
  await host.tap('时限', { exact: true })
  await host.fill('请说明遇到的问题', '报销等待时间较长')
  await host.tap('提交评价', { exact: true })
  await host.waitFor('差评处理进度')
  step('差评 with a reason submitted')

  // ---- 医保码: the code with its countdown, the screen raised for the scanner
  while (host.page.route !== ROUTE.home) await host.goBack()
  await host.tap('医保码', { exact: true })
  await host.waitForPage(ROUTE.evoucher)
  await host.waitFor(/有效期剩余 \d+ 秒，到期前自动刷新/)
  await waitUntil(() => device.brightness === 1, 'the screen brightness raised')
  step(`医保码 with its countdown; brightness ${device.brightness}, kept on: ${device.keepScreenOn}`)

  // ---- 长辈版 on: the page root carries the class and the larger tokens as CSS variables
  await host.goBack()
  await host.tap('长辈版', { exact: true })
  await host.waitFor('已开启')
  const vars = rootVars(host)
  if (!vars.elder || vars.tap < 60 || vars.minFont < 18) throw new Error(`长辈版 root: ${JSON.stringify(vars)}`)
  step(`长辈版 on: page class yb-elder, --yb-tap ${vars.tap}px, smallest --yb-fs ${vars.minFont}px`)

  // ---- 亲情账户: add a family member (16+: they confirm on their own phone), then act for them
  await host.tap('亲情账户', { exact: true })
  await host.waitForPage(ROUTE.family)
  await host.tap('添加家庭成员', { exact: true })
  await host.waitForPage(ROUTE.familyAdd)
  await host.tap(relative.relationship, { exact: true })
  await host.fill('姓名', relative.name, { exact: true })
  await host.fill('身份证号', relative.idNumber, { exact: true })
  // every scope is asked for unless unticked; the relative decides what to grant
  await host.waitFor('✓ 出示医保码')
  device.answers.modal.push('confirm')
  await host.tap('添加', { exact: true })
  await waitUntil(() => device.callsOf(platform === 'weapp' ? 'showModal' : 'alert').length > 0, 'the 已发送授权申请 dialog')
  await host.waitForPage(ROUTE.family)
  await host.waitFor('待对方确认')
  // the relative, on their own phone, accepts
  const theirs = await signInElsewhere(relative)
  const requests = await call<{ requests: Array<{ id: string }> }>('GET', '/api/v1/family/requests', theirs)
  await call('POST', `/api/v1/family/requests/${requests.requests[0].id}/accept`, theirs, { scopes: ['evoucher', 'apply', 'cases'] })
  step(`${relative.name} added; accepted on their own phone`)
  while (host.page.route !== ROUTE.home) await host.goBack()
  await host.tap('医保码', { exact: true })
  await host.waitForPage(ROUTE.evoucher)
  const masked = `${relative.name[0]}*`
  await host.tap(new RegExp(`^${relative.relationship} ${relative.name[0]}\\*+$`))
  await host.waitFor(new RegExp(`正在为：${relative.relationship} ${relative.name[0]}\\*+`))
  await host.waitFor(/有效期剩余 \d+ 秒/)
  if (!host.text().includes(masked)) throw new Error(`the 医保码 does not show ${masked}`)
  step(`acting for ${relative.relationship}: their 医保码`)

  // ---- the same WeChat / Alipay account on a new phone: the platform login alone signs in (no SMS)
  const sent = await smsCount(me.phone)
  const phone2 = new MiniHost({ platform, apiBase, device: new Device(platform, device.platformUser) })
  try {
    await phone2.start()
    await phone2.tap('登录 / 注册')
    await phone2.waitForPage(ROUTE.home, 20_000)
    await phone2.waitFor('已实名')
    if ((await smsCount(me.phone)) !== sent) throw new Error('the platform login sent an SMS')
    if (phone2.errors.length) throw new Error(`second phone: ${phone2.errors.join('\n')}`)
  } finally {
    phone2.dispose()
  }
  step('signed in on another phone by the platform login alone')
  return { platform, steps, caseNo, host }
}



/** the materials screen's heading over what the photo pre-check found */
const REVIEW = '这张照片可能不合格：'

/**
 * Receipt photos from the photo pre-check's benchmark set (bench/photo-set.ts): a good one, as a 12-megapixel phone
 * photo (the app compresses it on the device before uploading), and a dark one. Made once for all journeys, in jest's
 * global setup (`dir` given): pixel loops run 20–30 times slower inside a test file's sandbox.
 */
export async function receiptPhotos(dir = mkdtempSync(join(tmpdir(), 'yb-mini-photos-'))): Promise<{ dir: string; good: string; dark: string }> {
  const paths = { dir, good: join(dir, 'receipt.jpg'), dark: join(dir, 'receipt-dark.jpg') }
  if (existsSync(paths.good) && existsSync(paths.dark)) return paths
  const [good, dark] = await Promise.all([tuningPhoto(0, 'good'), tuningPhoto(0, 'dark')])
  writeFileSync(paths.good, await sharp(good.jpeg).resize(3024, 4032).jpeg({ quality: 90 }).toBuffer())
  writeFileSync(paths.dark, dark.jpeg)
  return paths
}
