import { colors, contrastRatio, CONTRAST_PAIRS, ELDER_MIN, FONT_SCALE, fontSize, tapTarget, themeVars } from './tokens'

describe('design tokens', () => {
  it('computes WCAG contrast ratios correctly (black on white is 21:1, a colour on itself 1:1)', () => {
    expect(contrastRatio('#000000', '#ffffff')).toBeCloseTo(21, 5)
    expect(contrastRatio('#777777', '#777777')).toBeCloseTo(1, 5)
    // #767676 on white is the well-known AA threshold colour (4.54:1)
    expect(contrastRatio('#767676', '#ffffff')).toBeCloseTo(4.54, 2)
  })

  it.each(CONTRAST_PAIRS)('text %s on %s meets WCAG AA (4.5:1)', (fg, bg) => {
    expect(contrastRatio(colors[fg], colors[bg])).toBeGreaterThanOrEqual(4.5)
  })

  it('gives tap targets of at least 44px in standard mode, never smaller when scaled', () => {
    const std = themeVars(FONT_SCALE.standard)
    expect(parseInt(std['--yb-tap'], 10)).toBeGreaterThanOrEqual(44)
    expect(parseInt(std['--yb-tap-row'], 10)).toBeGreaterThanOrEqual(tapTarget.row)
    const elder = themeVars(FONT_SCALE.elder)
    expect(parseInt(elder['--yb-tap'], 10)).toBeGreaterThan(parseInt(std['--yb-tap'], 10))
  })

  it('scales every type size from one font-scale factor, in px (长辈版 later flips the factor)', () => {
    const std = themeVars(1)
    const elder = themeVars(FONT_SCALE.elder)
    for (const [k, px] of Object.entries(fontSize)) {
      const name = `--yb-fs-${k.replace(/[A-Z]/g, (c) => `-${c.toLowerCase()}`)}`
      expect(std[name]).toBe(`${px}px`)
      expect(elder[name]).toBe(`${Math.round(px * FONT_SCALE.elder)}px`)
    }
    // the elder scale reaches the px minimums 长辈版 needs
    expect(Math.round(fontSize.body * FONT_SCALE.elder)).toBeGreaterThanOrEqual(ELDER_MIN.body)
    expect(Math.round(fontSize.caption * FONT_SCALE.elder)).toBeGreaterThanOrEqual(ELDER_MIN.caption)
  })

  it('exposes every colour as a CSS custom property', () => {
    const vars = themeVars()
    expect(vars['--yb-c-primary']).toBe(colors.primary)
    expect(vars['--yb-c-on-primary']).toBe(colors.onPrimary)
    expect(Object.keys(vars).filter((k) => k.startsWith('--yb-c-'))).toHaveLength(Object.keys(colors).length)
  })
})
