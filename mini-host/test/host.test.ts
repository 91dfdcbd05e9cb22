import { spawnSync } from 'node:child_process'
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { dirname, join } from 'node:path'
import sharp from 'sharp'
import { MiniHost, setPath } from '../host'
import { axmlToWxml, sjsToWxs } from '../templates'

/**
 * The host's own semantics, on a tiny hand-written WeChat package (not the app): what it must catch and how it
 * delivers things, so a journey that passes means what it says.
 */
function pkg(files: Record<string, string>): string {
  const root = mkdtempSync(join(tmpdir(), 'yb-host-'))
  for (const [name, text] of Object.entries(files)) {
    mkdirSync(dirname(join(root, name)), { recursive: true })
    writeFileSync(join(root, name), text)
  }
  return root
}

const APP = {
  'app.json': JSON.stringify({ pages: ['pages/a/index'], subPackages: [{ root: 'sub', name: 'sub', pages: ['pages/b/index'] }, { root: 'other', pages: ['pages/c/index', 'pages/d/index'] }] }),
  'app.js': `App({ onLaunch() { this.launched = (this.launched || 0) + 1 } })`,
  'pages/a/index.wxml': `<view class="root"><view bindtap="outer"><text catchtap="inner">内层</text><text bindtap="tap">{{label}}</text></view><input placeholder="名字" bindinput="typed" /></view>`,
  'pages/a/index.js': `Page({
    data: { label: '点我' },
    onLoad() { this.setData({ label: wx.getStorageSync('label') || '点我' }) },
    tap() { this.setData({ 'list[1].name': 'x', label: '已点' }); wx.setStorageSync('label', '已点') },
    outer() { this.outerTapped = true; console.error('outer reached') },
    inner() { this.innerTapped = true },
    typed(e) { this.setData({ label: e.detail.value }) }
  })`,
  'sub/pages/b/index.wxml': `<view>{{v}}</view>`,
  'sub/pages/b/index.js': `require('../../../other/x.js'); Page({ data: { v: 1 } })`,
  'other/x.js': `module.exports = 1`,
  'other/pages/c/index.wxml': `<view>c</view>`,
  'other/pages/c/index.js': `Page({ onLoad() { setTimeout(() => { throw new Error('thrown in a timer') }, 0); new AbortController() } })`,
  'other/pages/d/index.wxml': `<view>d</view>`,
  'other/pages/d/index.js': `Page({ onLoad() { Promise.reject(new Error('nobody catches this')) } })`
}

describe('the mini-program host', () => {
  let host: MiniHost
  afterEach(() => host?.dispose())

  it('delivers a tap like the platform: bubbling through bound ancestors, stopped by catch', async () => {
    host = new MiniHost({ platform: 'weapp', root: pkg(APP) })
    await host.start()
    await host.tap('内层')
    const page = host.page.instance as { innerTapped?: boolean; outerTapped?: boolean }
    expect(page.innerTapped).toBe(true)
    expect(page.outerTapped).toBeUndefined()
    await host.tap('点我')
    expect(host.text()).toContain('已点')
    // the bubbling tap reached the outer view, whose console.error the host keeps
    expect(page.outerTapped).toBe(true)
    expect(host.errors).toEqual(['console.error: outer reached'])
    // setData by path built the array on the way, and its size was recorded
    expect((host.page.instance.data as { list: unknown[] }).list).toEqual([undefined, { name: 'x' }])
    expect(host.setDataLog.at(-1)!.bytes).toBe(Buffer.byteLength(JSON.stringify({ 'list[1].name': 'x', label: '已点' })))
  })

  it('types into an input found by its placeholder; storage survives a kill and restart, the JS state does not', async () => {
    host = new MiniHost({ platform: 'weapp', root: pkg(APP) })
    await host.start()
    await host.fill('名字', '王小明')
    expect(host.text()).toContain('王小明')
    await host.tap('王小明')
    await host.restart()
    expect(host.text()).toContain('已点')
    expect((host.page.instance as { outerTapped?: boolean }).outerTapped).toBeUndefined()
  })

  it('keeps the package rules: a subpackage cannot require another subpackage’s file', async () => {
    host = new MiniHost({ platform: 'weapp', root: pkg(APP) })
    await host.start()
    await expect(host.open('/sub/pages/b/index')).rejects.toThrow(/cannot require a file of subpackage other/)
    await expect(host.open('/nowhere/index')).rejects.toThrow(/is not found/)
  })

  it('catches what would break on a phone: errors thrown in timers, browser-only globals', async () => {
    host = new MiniHost({ platform: 'weapp', root: pkg(APP) })
    await host.start('/other/pages/c/index')
    await host.settle(100)
    expect(host.errors.join('\n')).toMatch(/uncaught error in onLoad: ReferenceError: AbortController is not defined/)
    expect(host.errors.join('\n')).toMatch(/uncaught error: .*thrown in a timer/)
  })

  it('keeps an unhandled rejection of the app (outside jest, whose own handler fails a test on one)', () => {
    const root = pkg(APP)
    const script = join(root, 'run.ts')
    writeFileSync(
      script,
      `import { MiniHost } from ${JSON.stringify(join(__dirname, '..', 'host'))}
       const host = new MiniHost({ platform: 'weapp', root: ${JSON.stringify(root)} })
       host.start('/other/pages/d/index').then(() => host.settle(100)).then(() => { console.log(JSON.stringify(host.errors)); host.dispose() })`
    )
    const r = spawnSync(process.execPath, ['--import', 'tsx', script], { encoding: 'utf8', timeout: 60_000 })
    expect(JSON.parse(r.stdout.trim().split('\n').pop()!)).toEqual([expect.stringMatching(/^unhandled rejection: .*nobody catches this/)])
  })
})

describe('the offscreen canvas (a real 2d canvas over the device files)', () => {
  let host: MiniHost
  afterEach(() => host?.dispose())

  const CANVAS = {
    'app.json': JSON.stringify({ pages: ['pages/p/index'] }),
    'app.js': 'App({})',
    'pages/p/index.wxml': '<view>{{out}}</view>',
    'pages/p/index.js': `Page({
      data: { out: '…' },
      onLoad() {
        const webgl = wx.createOffscreenCanvas({ width: 4, height: 2 }).getContext('2d')
        const c = wx.createOffscreenCanvas({ type: '2d', width: 4, height: 2 })
        const ctx = c.getContext('2d')
        const missing = c.createImage()
        missing.onerror = () => this.setData({ missing: 'missing: error' })
        missing.src = 'wxfile://tmp_nowhere.jpg'
        wx.chooseImage({ success: (r) => {
          const img = c.createImage()
          img.onload = () => {
            ctx.drawImage(img, 0, 0, 4, 2)
            const d = ctx.getImageData(0, 0, 4, 2).data
            this.setData({ out: img.width + 'x' + img.height + ' ' + [d[0], d[1], d[2], d[28], d[29], d[30]].join(',') + ' webgl: ' + webgl + ' ' + this.data.missing })
          }
          img.src = r.tempFilePaths[0]
        } })
      }
    })`
  }

  it('loads a chosen photo by its temp path, draws it scaled, reads the pixels back; a missing file is an error', async () => {
    const root = pkg(CANVAS)
    // 40 × 20: the left half red, the right half blue
    const left = await sharp({ create: { width: 20, height: 20, channels: 3, background: '#ff0000' } }).png().toBuffer()
    writeFileSync(join(root, 'photo.png'), await sharp({ create: { width: 40, height: 20, channels: 3, background: '#0000ff' } }).composite([{ input: left, left: 0, top: 0 }]).png().toBuffer())
    host = new MiniHost({ platform: 'weapp', root })
    host.device.album.push(join(root, 'photo.png'))
    await host.start()
    await host.waitFor(/^40x20/)
    expect(host.text()).toContain('40x20 255,0,0,0,0,255 webgl: null missing: error')
    expect(host.device.callsOf('canvas.getImageData').map((c) => c.args)).toEqual([{ width: 4, height: 2 }])
    expect(host.errors).toEqual([])
  })
})

describe('setData paths and the Alipay translation', () => {
  it('applies WeChat and Taro key paths', () => {
    const d: Record<string, unknown> = {}
    setPath(d, 'root.cn.[0].v', 'a')
    setPath(d, 'a.b[2]', 1)
    expect(d).toEqual({ root: { cn: [{ v: 'a' }] }, a: { b: [undefined, undefined, 1] } })
  })

  it('AXML → WXML: directives, events, import-sjs; SJS export default → module.exports', () => {
    expect(axmlToWxml('<import-sjs name="xs" from="./utils.sjs" /><view a:if="{{x}}" onTap="eh" catchTouchMove="eh" a:for="{{l}}" a:key="sid"><import src="./base.axml"/></view>')).toBe(
      '<wxs module="xs" src="./utils.wxs" /><view wx:if="{{x}}" bindtap="eh" catchtouchmove="eh" wx:for="{{l}}" wx:key="sid"><import src="./base.wxml"/></view>'
    )
    expect(sjsToWxs('export default { a: 1 }')).toBe('module.exports = { a: 1 }')
  })
})
