import type { Page } from 'playwright-core'

/**
 * Keyboard and switch access measured in chromium (WCAG 2.1.1 Keyboard, 2.4.3 Focus Order, 2.4.7 Focus Visible,
 * 1.4.11 Non-text Contrast): what a person pressing Tab reaches, in which order, and whether they can see where they
 * are. Used by e2e/a11y.e2e.ts on the pages a citizen goes through.
 */

/** What a person operates: the roles the app gives its controls, and native and Taro form controls. */
export const CONTROL_SELECTOR = [
  '[role=button]',
  '[role=link]',
  '[role=switch]',
  '[role=checkbox]',
  '[role=radio]',
  '[role=tab]',
  '[role=listbox]',
  'button',
  'a[href]',
  // Taro's HTML components render an Input as a bare <input>; Stencil's (Textarea, and every component in jsdom) wrap
  // the native field in taro-*-core, which then stands for it (inHost)
  'input:not([type=hidden])',
  'textarea',
  'taro-input-core',
  'taro-textarea-core'
].join(',')

/** a native field inside Taro's Stencil element: the element is the control */
const HOSTS = 'taro-input-core, taro-textarea-core'

export interface FocusStop {
  /** a short description: tag, role, name */
  what: string
  /** index of the control in document order among the visible controls */
  index: number
  ring: { width: number; color: string; against: string; contrast: number }
}

/** The visible controls of the page in document order (reading order), described. */
export async function visibleControls(page: Page): Promise<string[]> {
  await installProbe(page)
  return page.evaluate(([sel, hosts]) => {
    const shown = (el: Element) => {
      const cs = getComputedStyle(el)
      return el.getClientRects().length > 0 && cs.visibility !== 'hidden' && !el.closest('[aria-hidden="true"]')
    }
    return Array.from(document.querySelectorAll(sel))
      .filter((el) => shown(el) && !el.parentElement?.closest('taro-button-core') && !el.parentElement?.closest(hosts))
      .map((el) => (window as unknown as { __ybDescribe: (e: Element) => string }).__ybDescribe(el))
  }, [CONTROL_SELECTOR, HOSTS] as const)
}

/** Installs the page-side helpers (describe a control, measure the focus ring against what surrounds it). */
export async function installProbe(page: Page): Promise<void> {
  await page.evaluate(([sel, hosts]) => {
    const w = window as unknown as Record<string, unknown>
    const rgb = (c: string): [number, number, number, number] | null => {
      const m = c.match(/rgba?\(([^)]+)\)/)
      if (!m) return null
      const p = m[1].split(/[ ,/]+/).filter(Boolean).map(Number)
      return [p[0], p[1], p[2], p.length > 3 ? p[3] : 1]
    }
    const lum = ([r, g, b]: number[]) => {
      const ch = [r, g, b].map((v) => {
        const s = v / 255
        return s <= 0.03928 ? s / 12.92 : Math.pow((s + 0.055) / 1.055, 2.4)
      })
      return 0.2126 * ch[0] + 0.7152 * ch[1] + 0.0722 * ch[2]
    }
    const contrast = (a: number[], b: number[]) => {
      const [hi, lo] = [lum(a), lum(b)].sort((x, y) => y - x)
      return (hi + 0.05) / (lo + 0.05)
    }
    /** the opaque background a thing drawn on `el` sits on */
    const background = (el: Element | null): number[] => {
      for (let e = el; e; e = e.parentElement) {
        const c = rgb(getComputedStyle(e).backgroundColor)
        if (c && c[3] > 0.5) return c
      }
      return [255, 255, 255]
    }
    w.__ybDescribe = (el: Element) => {
      const name = (el.getAttribute('aria-label') ?? (el as HTMLElement).innerText ?? '').replace(/\s+/g, ' ').trim().slice(0, 24)
      return `${el.tagName.toLowerCase()}${el.getAttribute('role') ? `[${el.getAttribute('role')}]` : ''} “${name}”`
    }
    /** the control that has the focus (the Taro element around a native input), and its ring */
    w.__ybFocused = () => {
      let el = document.activeElement as Element | null
      if (!el || el === document.body) return null
      const host = el.parentElement?.closest(hosts)
      if (host) el = host
      if (!el.matches(sel)) return { what: (w.__ybDescribe as (e: Element) => string)(el), control: false, ring: null }
      const cs = getComputedStyle(el)
      const width = cs.outlineStyle === 'none' ? 0 : parseFloat(cs.outlineWidth)
      const color = rgb(cs.outlineColor) ?? [0, 0, 0, 0]
      // a ring drawn outside the control sits on what is around it; one drawn inside, on the control itself
      const against = parseFloat(cs.outlineOffset) < 0 ? background(el) : background(el.parentElement)
      const all = Array.from(document.querySelectorAll(sel)).filter(
        (e) => e.getClientRects().length > 0 && !e.parentElement?.closest('taro-button-core') && !e.parentElement?.closest(hosts)
      )
      return {
        what: (w.__ybDescribe as (e: Element) => string)(el),
        control: true,
        index: all.indexOf(el),
        ring: { width, color: cs.outlineColor, against: `rgb(${against.slice(0, 3).join(', ')})`, contrast: color[3] > 0 ? contrast(color, against) : 1 }
      }
    }
  }, [CONTROL_SELECTOR, HOSTS] as const)
}

interface Focused {
  what: string
  control: boolean
  index?: number
  ring: FocusStop['ring'] | null
}

/**
 * Presses Tab from the top of the page until the focus leaves the page's controls or comes round again, and returns
 * every stop. `max` bounds it (a page with more controls than that fails the order check).
 */
export async function tabThrough(page: Page, max = 120): Promise<Array<FocusStop | { what: string; index: -1; ring: null }>> {
  await installProbe(page)
  // from the top: the focus on the document itself
  await page.evaluate(() => {
    (document.activeElement as HTMLElement | null)?.blur()
    window.scrollTo(0, 0)
  })
  const stops: Array<FocusStop | { what: string; index: -1; ring: null }> = []
  const seen = new Set<number>()
  for (let i = 0; i < max; i++) {
    await page.keyboard.press('Tab')
    const f = (await page.evaluate(() => (window as unknown as { __ybFocused: () => unknown }).__ybFocused())) as Focused | null
    // back on the document, or on Taro's page container (focusable on purpose: a scrollable region): round once
    if (!f || (!f.control && /^div “/.test(f.what))) {
      if (stops.length > 0) break
      continue
    }
    if (!f.control) {
      // something focusable that is not a control: reported as it is
      stops.push({ what: f.what, index: -1, ring: null })
      continue
    }
    if (seen.has(f.index!)) break
    seen.add(f.index!)
    stops.push({ what: f.what, index: f.index!, ring: f.ring! })
  }
  return stops
}

/** Tabs until the focused control's description matches, then returns (throws after `max` presses). */
export async function tabTo(page: Page, what: RegExp, max = 120): Promise<void> {
  await installProbe(page)
  for (let i = 0; i < max; i++) {
    await page.keyboard.press('Tab')
    const f = (await page.evaluate(() => (window as unknown as { __ybFocused: () => unknown }).__ybFocused())) as Focused | null
    if (f && what.test(f.what)) return
  }
  throw new Error(`Tab never reached ${what}`)
}
