import { mkdtempSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { checkAxml, checkSjs } from '../check/axml'
import { checkStylesheet } from '../check/styles'
import { compileWxml, compileWxss } from '../compilers'

const reasons = (css: string): string[] => checkStylesheet(css, 'a.wxss').map((p) => p.reason)

describe('mini-program selector rules (WXSS/ACSS documented selectors)', () => {
  it('accepts class, id, element, ::before/::after, descendant and top-level lists', () => {
    expect(reasons('.a .b, #c, view::after, page { color: red } .x.y::before { content: "" } @keyframes k { to { opacity: 1 } }')).toEqual([])
  })

  it('rejects the H5-only selectors the old 长辈版 rule used', () => {
    const r = reasons(':where(.yb-elder) :where([role=button], taro-button-core) { min-height: 60px }')
    expect(r).toEqual(expect.arrayContaining(['pseudo-class :where is not in WXSS/ACSS', 'attribute selector [role] is not in WXSS/ACSS', '<taro-button-core> is not a mini-program component']))
  })

  it('rejects pseudo-classes, child/sibling combinators, * and HTML elements', () => {
    expect(reasons('.a:last-child {}')).toEqual(['pseudo-class :last-child is not in WXSS/ACSS'])
    expect(reasons('.a > .b {}')).toEqual(['combinator ">" (only descendant selectors are documented)'])
    expect(reasons('.a + .b {}')).toHaveLength(1)
    expect(reasons('* {}')).toEqual(['the universal selector * is not in WXSS/ACSS'])
    expect(reasons('html.yb-elder div {}')).toHaveLength(2)
  })
})

describe("WeChat's compilers (miniprogram-compiler wcc / wcsc)", () => {
  function pkg(files: Record<string, string>): string {
    const dir = mkdtempSync(join(tmpdir(), 'yb-wcsc-'))
    for (const [name, text] of Object.entries(files)) writeFileSync(join(dir, name), text)
    return dir
  }

  it('wcsc rejects a selector list inside :where() and accepts the documented selectors, with @import resolved', () => {
    expect(compileWxss(pkg({ 'a.wxss': ':where(.x) :where(.a, .b) { color: red }' })).ok).toBe(false)
    const ok = compileWxss(pkg({ 'a.wxss': '@import "./b.wxss"; .a .b, #c { color: red }', 'b.wxss': 'view::after { content: "" }' }))
    expect(ok.error).toBe('')
    expect(ok.ok).toBe(true)
  })

  it('wcc compiles WXML into $gwx and rejects a broken tag', () => {
    const good = compileWxml(pkg({ 'index.wxml': '<view wx:for="{{list}}" wx:key="id">{{item.name}}</view>' }))
    expect(good.ok).toBe(true)
    expect(good.code).toContain('$gwx')
    expect(compileWxml(pkg({ 'index.wxml': '<view><text></view>' })).ok).toBe(false)
  })
})

describe('AXML check (Alipay)', () => {
  const ctx = { exists: (_: string, p: string) => p === './base.axml', components: [] }
  const problems = (src: string) => checkAxml(src, 'p.axml', ctx).problems.filter((p) => !p.warning).map((p) => p.reason)

  it('accepts Alipay syntax', () => {
    expect(problems('<import src="./base.axml"/><view a:if="{{ok}}" onTap="eh" catchTouchMove="eh">{{a}}</view><view a:else/>')).toEqual([])
  })

  it('rejects WeChat syntax, missing imports, unknown tags and broken mustaches', () => {
    expect(problems('<view wx:if="{{ok}}" bindtap="eh"/>')).toEqual([
      'WeChat directive wx:if in AXML (Alipay uses a:if)',
      'WeChat event binding bindtap (Alipay binds onXxx / catchXxx)'
    ])
    expect(problems('<import src="./missing.axml"/>')).toEqual(['<import> points at ./missing.axml, which is not in the package'])
    expect(problems('<div/>')).toEqual(['<div> is neither an Alipay base component nor declared in usingComponents'])
    expect(problems('<view class="{{a"/>')).toEqual(['unbalanced {{ }} in class="{{a"'])
    expect(problems('<view><text></view>').length).toBeGreaterThan(0)
  })

  it('SJS exports with export default', () => {
    expect(checkSjs('export default { a: function () {} }', 'u.sjs')).toEqual([])
    expect(checkSjs('module.exports = {}', 'u.sjs')).toHaveLength(2)
  })
})
