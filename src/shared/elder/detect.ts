import Taro from '@tarojs/taro'

/**
 * First run of 长辈版: does the person already use large text on this phone? Each platform reports it
 * differently; one pure function per platform reads the report, `detectLargeFont` asks the platform.
 * `null` = the platform does not say (then nothing is offered).
 */

/** px at or above which a system font setting counts as large (standard: 16px Android, 17px iOS). */
export const LARGE_FONT_PX = 20
/** a font scale factor at or above which the setting counts as large */
export const LARGE_FONT_SCALE = 1.2

/**
 * WeChat: `wx.getAppBaseInfo().fontSizeSetting` — 微信字体大小, in px (base library ≥ 2.23.4; WeChat's own
 * 我-设置-通用-字体大小). Older libraries lack it; `fontSizeScaleFactor` is the fallback.
 */
export function weappLargeFont(info: { fontSizeSetting?: unknown; fontSizeScaleFactor?: unknown } | null | undefined): boolean | null {
  if (!info) return null
  if (typeof info.fontSizeSetting === 'number' && info.fontSizeSetting > 0) return info.fontSizeSetting >= LARGE_FONT_PX
  if (typeof info.fontSizeScaleFactor === 'number' && info.fontSizeScaleFactor > 0) return info.fontSizeScaleFactor >= LARGE_FONT_SCALE
  return null
}

/**
 * Alipay: `my.getSystemInfoSync().fontSizeSetting` — 用户设置字体大小. Clients report px (16 standard); some report
 * the scale factor instead (1 standard): a value below 4 is read as a factor.
 */
export function alipayLargeFont(info: { fontSizeSetting?: unknown } | null | undefined): boolean | null {
  const v = info?.fontSizeSetting
  if (typeof v !== 'number' || !(v > 0)) return null
  return v < 4 ? v >= LARGE_FONT_SCALE : v >= LARGE_FONT_PX
}

/**
 * H5: the browser's default font size (the `medium` keyword; 16px unless the person made text larger in the browser
 * or the phone's WebView follows the system size). Larger than 16px counts as large.
 */
export function h5LargeFont(defaultFontPx: number | null | undefined): boolean | null {
  if (typeof defaultFontPx !== 'number' || !(defaultFontPx > 0)) return null
  return defaultFontPx > 16
}

/** The browser's default font size in px: a probe in `font-size: medium` (the page's own root size does not matter). */
export function browserDefaultFontPx(doc: Document | undefined = typeof document === 'undefined' ? undefined : document): number | null {
  if (!doc?.body || typeof getComputedStyle !== 'function') return null
  const probe = doc.createElement('div')
  probe.setAttribute('aria-hidden', 'true')
  probe.style.cssText = 'position:absolute;visibility:hidden;font-size:medium;'
  doc.body.appendChild(probe)
  try {
    const px = parseFloat(getComputedStyle(probe).fontSize)
    return Number.isFinite(px) ? px : null
  } finally {
    probe.remove()
  }
}

interface AlipayGlobal {
  getSystemInfoSync?: () => { fontSizeSetting?: unknown }
}

/** Asks the current platform; never throws (an API missing from an old client means "does not say"). */
export function detectLargeFont(env: string | undefined = process.env.TARO_ENV): boolean | null {
  try {
    if (env === 'weapp') {
      const t = Taro as unknown as { getAppBaseInfo?: () => object; getSystemInfoSync?: () => object }
      const info = typeof t.getAppBaseInfo === 'function' ? t.getAppBaseInfo() : t.getSystemInfoSync?.()
      return weappLargeFont(info as Parameters<typeof weappLargeFont>[0])
    }
    if (env === 'alipay') {
      const my = (globalThis as { my?: AlipayGlobal }).my
      return alipayLargeFont(my?.getSystemInfoSync?.())
    }
    if (env === 'h5') return h5LargeFont(browserDefaultFontPx())
    return null
  } catch {
    return null
  }
}
