/**
 * Design tokens — the one place for colours, spacing, type scale, radii and tap-target sizes.
 *
 * Sizes are px (never rpx: rpx shrinks text and tap targets on narrow phones). Every page reads them through CSS
 * custom properties that <Screen> sets from `themeVars(fontScale)`, so 长辈版 (elderMode, 002 适老化: large type)
 * can later scale every page from one switch: the font-scale factor in the prefs store.
 *
 * Contrast: every text/background pair below meets WCAG 2.1 AA (≥ 4.5:1; checked in tokens.test.ts).
 * Tap targets: ≥ 44px already in standard mode (001 §4.2.2: 选项易于操作).
 */

export const colors = {
  primary: '#0b57d0',
  primaryPressed: '#0842a0',
  onPrimary: '#ffffff',
  primarySoft: '#e8f0fe',
  text: '#1f2329',
  textSecondary: '#4e5969',
  textPlaceholder: '#646a73',
  border: '#d0d5dd',
  divider: '#e5e8ef',
  background: '#f4f6f9',
  surface: '#ffffff',
  danger: '#b3261e',
  dangerSoft: '#fdecea',
  warning: '#7a4a00',
  warningSoft: '#fff4e0',
  success: '#0b6b3a',
  successSoft: '#e6f4ea',
  disabled: '#4b5563',
  disabledSoft: '#e5e7eb'
} as const
export type ColorToken = keyof typeof colors

/** Text/background pairs the UI uses; each must reach 4.5:1. */
export const CONTRAST_PAIRS: ReadonlyArray<readonly [ColorToken, ColorToken]> = [
  ['text', 'surface'],
  ['text', 'background'],
  ['textSecondary', 'surface'],
  ['textSecondary', 'background'],
  ['textPlaceholder', 'surface'],
  ['primary', 'surface'],
  ['primary', 'background'],
  ['primary', 'primarySoft'],
  ['onPrimary', 'primary'],
  ['onPrimary', 'primaryPressed'],
  ['danger', 'surface'],
  ['danger', 'dangerSoft'],
  ['warning', 'warningSoft'],
  ['success', 'successSoft'],
  ['disabled', 'disabledSoft'],
  ['text', 'warningSoft'],
  ['textSecondary', 'warningSoft'],
  ['success', 'surface'],
  ['textSecondary', 'primarySoft']
]

/** Spacing scale, px. */
export const space = { xs: 4, sm: 8, md: 12, lg: 16, xl: 24, xxl: 32 } as const

/** Corner radii, px. */
export const radius = { sm: 4, md: 8, lg: 12, pill: 999 } as const

/** Type scale, px at font scale 1. */
export const fontSize = { caption: 14, body: 16, bodyLarge: 17, title: 18, headline: 22, display: 26 } as const
export type FontSizeToken = keyof typeof fontSize

export const lineHeight = 1.6

/** Minimum tap target (WCAG 2.5.5 / platform guidance: 44px); list rows use the larger one. */
export const tapTarget = { min: 44, row: 56 } as const

/** Font-scale factors: standard, and 长辈版 (elderMode; the prefs store switches between them). */
export const FONT_SCALE = { standard: 1, elder: 1.3 } as const
/**
 * 长辈版 must never go below these (the MIIT 适老化 rules): text ≥ 18px (px, never rpx), line spacing ≥ 1.3,
 * tap targets ≥ 60×60px. The elder E2E (e2e/elder.e2e.ts) measures every page against them.
 */
export const ELDER_MIN = { body: 20, caption: 18, tap: 60, lineHeight: 1.3 } as const
/** Standard mode: WCAG 2.2 AA target size (2.5.8) — measured by the same E2E. */
export const STANDARD_MIN = { tap: 24 } as const

const px = (n: number): string => `${Math.round(n)}px`

/** The scaled pixel size of a type token. */
export function scaledFont(token: FontSizeToken, scale: number): number {
  return Math.round(fontSize[token] * scale)
}

/**
 * CSS custom properties for one font scale. <Screen> puts them on the page root; SCSS reads `var(--yb-…)`.
 * Colours, spacing and radii are exposed too, so stylesheets never repeat a literal value.
 */
export function themeVars(scale: number = FONT_SCALE.standard): Record<string, string> {
  const vars: Record<string, string> = {}
  for (const [k, v] of Object.entries(colors)) vars[`--yb-c-${kebab(k)}`] = v
  for (const [k, v] of Object.entries(space)) vars[`--yb-s-${k}`] = px(v)
  for (const [k, v] of Object.entries(radius)) vars[`--yb-r-${k}`] = px(v)
  const elder = scale >= FONT_SCALE.elder
  for (const k of Object.keys(fontSize) as FontSizeToken[]) {
    const size = scaledFont(k, scale)
    vars[`--yb-fs-${kebab(k)}`] = px(elder ? Math.max(size, k === 'caption' ? ELDER_MIN.caption : ELDER_MIN.body) : size)
  }
  vars['--yb-lh'] = String(lineHeight)
  vars['--yb-tap'] = px(Math.max(elder ? ELDER_MIN.tap : tapTarget.min, tapTarget.min * scale))
  vars['--yb-tap-row'] = px(Math.max(tapTarget.row, tapTarget.row * scale))
  return vars
}

function kebab(s: string): string {
  return s.replace(/[A-Z]/g, (c) => `-${c.toLowerCase()}`)
}

/** WCAG 2.1 relative luminance of a #rrggbb colour. */
export function luminance(hex: string): number {
  const n = parseInt(hex.slice(1), 16)
  const ch = [(n >> 16) & 255, (n >> 8) & 255, n & 255].map((c) => {
    const s = c / 255
    return s <= 0.03928 ? s / 12.92 : Math.pow((s + 0.055) / 1.055, 2.4)
  })
  return 0.2126 * ch[0] + 0.7152 * ch[1] + 0.0722 * ch[2]
}

/** WCAG 2.1 contrast ratio of two #rrggbb colours (1–21). */
export function contrastRatio(a: string, b: string): number {
  const [hi, lo] = [luminance(a), luminance(b)].sort((x, y) => y - x)
  return (hi + 0.05) / (lo + 0.05)
}
