import Taro from '@tarojs/taro'
import { alipayLargeFont, browserDefaultFontPx, detectLargeFont, h5LargeFont, weappLargeFont } from './detect'

/** on first run 长辈版 follows the system font size where the platform reports it — one reader per platform. */
describe('weappLargeFont (wx.getAppBaseInfo().fontSizeSetting, px)', () => {
  it.each([
    [16, false],
    [17, false],
    [19, false],
    [20, true],
    [22, true],
    [28, true]
  ])('fontSizeSetting %ipx → large %s', (px, large) => {
    expect(weappLargeFont({ fontSizeSetting: px })).toBe(large)
  })

  it('falls back to fontSizeScaleFactor; says nothing when neither is reported', () => {
    expect(weappLargeFont({ fontSizeScaleFactor: 1.3 })).toBe(true)
    expect(weappLargeFont({ fontSizeScaleFactor: 1 })).toBe(false)
    expect(weappLargeFont({})).toBeNull()
    expect(weappLargeFont(undefined)).toBeNull()
  })
})

describe('alipayLargeFont (my.getSystemInfoSync().fontSizeSetting)', () => {
  it('reads px values', () => {
    expect(alipayLargeFont({ fontSizeSetting: 16 })).toBe(false)
    expect(alipayLargeFont({ fontSizeSetting: 21 })).toBe(true)
  })
  it('reads a scale factor as such', () => {
    expect(alipayLargeFont({ fontSizeSetting: 1 })).toBe(false)
    expect(alipayLargeFont({ fontSizeSetting: 1.25 })).toBe(true)
  })
  it('says nothing for a missing or odd value', () => {
    expect(alipayLargeFont({})).toBeNull()
    expect(alipayLargeFont({ fontSizeSetting: 'big' })).toBeNull()
    expect(alipayLargeFont(null)).toBeNull()
  })
})

describe('h5LargeFont (the browser default font size)', () => {
  it('is large above 16px', () => {
    expect(h5LargeFont(16)).toBe(false)
    expect(h5LargeFont(20)).toBe(true)
    expect(h5LargeFont(null)).toBeNull()
  })
})

describe('detectLargeFont asks the platform', () => {
  afterEach(() => {
    jest.restoreAllMocks()
    delete (globalThis as { my?: unknown }).my
  })

  it('weapp: Taro.getAppBaseInfo', () => {
    const t = Taro as unknown as { getAppBaseInfo?: () => object }
    const had = t.getAppBaseInfo
    t.getAppBaseInfo = jest.fn(() => ({ fontSizeSetting: 22 }))
    try {
      expect(detectLargeFont('weapp')).toBe(true)
      t.getAppBaseInfo = jest.fn(() => ({ fontSizeSetting: 17 }))
      expect(detectLargeFont('weapp')).toBe(false)
      // an old client whose API throws: nothing is offered, nothing breaks
      t.getAppBaseInfo = jest.fn(() => {
        throw new Error('not supported')
      })
      expect(detectLargeFont('weapp')).toBeNull()
    } finally {
      t.getAppBaseInfo = had
    }
  })

  it('alipay: my.getSystemInfoSync', () => {
    (globalThis as { my?: unknown }).my = { getSystemInfoSync: () => ({ fontSizeSetting: 24 }) }
    expect(detectLargeFont('alipay')).toBe(true)
    ;(globalThis as { my?: unknown }).my = { getSystemInfoSync: () => ({ fontSizeSetting: 16 }) }
    expect(detectLargeFont('alipay')).toBe(false)
    delete (globalThis as { my?: unknown }).my
    expect(detectLargeFont('alipay')).toBeNull()
  })

  it('h5: a probe in font-size: medium, whatever the page root says', () => {
    const real = window.getComputedStyle
    const spy = jest.spyOn(window, 'getComputedStyle').mockImplementation((el: Element) => {
      const cs = real(el)
      const medium = (el as HTMLElement).style?.fontSize === 'medium'
      return { ...cs, fontSize: medium ? '20px' : '16px' } as CSSStyleDeclaration
    })
    expect(browserDefaultFontPx()).toBe(20)
    expect(detectLargeFont('h5')).toBe(true)
    spy.mockImplementation(() => ({ fontSize: '16px' }) as CSSStyleDeclaration)
    expect(detectLargeFont('h5')).toBe(false)
    // the probe is removed again
    expect(document.body.querySelectorAll('[aria-hidden="true"]')).toHaveLength(0)
  })

  it('other platforms: unknown', () => {
    expect(detectLargeFont('rn')).toBeNull()
  })
})
