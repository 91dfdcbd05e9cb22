import { GUIDE_ELEMENTS, type Guide } from '@contract'

/**
 * 'full': every element open (H5: no node limit, and the browser's find-in-page reaches everything).
 * 'sections' (mini-programs): a long guide starts with its heaviest elements collapsed until the page fits
 * GUIDE_NODE_BUDGET — WeChat advises under 1 000 nodes per page and a small setData, and the longest guide (个人医疗费用
 * 手工（零星）报销) rendered 1 419 nodes in one 86.5 KB setData. Every heading stays, with 展开 / 收起.
 */
export type GuideLayout = 'full' | 'sections'

export function guideLayout(platform: string | undefined = process.env.TARO_ENV): GuideLayout {
  return platform === 'weapp' || platform === 'alipay' ? 'sections' : 'full'
}

/** the view nodes the guide's elements may take, leaving room for the page around them (head, notices, footer) */
export const GUIDE_NODE_BUDGET = 540

/**
 * About the view nodes a value renders as (measured against the rendered guides): a text box and its text for a
 * string; a bullet row (row, dot, its text) around each list item; a label/value pair around each field.
 */
export function weigh(v: unknown): number {
  if (v === null || v === undefined || v === '' || typeof v === 'boolean') return 0
  if (typeof v === 'string' || typeof v === 'number') return 2
  if (Array.isArray(v)) return v.reduce((n: number, x) => n + weigh(x) + 3, 0)
  if (typeof v === 'object') return Object.values(v as Record<string, unknown>).reduce((n: number, x) => n + weigh(x) + 4, 0)
  return 0
}

/** One element's weight: a material card shows its name, tags and rules (its sample and common errors only on a tap). */
function weighElement(guide: Guide, key: keyof Guide): number {
  if (key === 'materials') return 6 + guide.materials.reduce((n, m) => n + 16 + (m.condition ? 2 : 0) + (m.sample || m.commonErrors.length ? 4 : 0), 0)
  return weigh(guide[key])
}

/** The elements a long guide starts with collapsed: the heaviest first, until the rest fits the budget. */
export function collapsedElements(guide: Guide, budget: number = GUIDE_NODE_BUDGET): Set<keyof Guide> {
  const weights = GUIDE_ELEMENTS.map(([key]) => ({ key, w: weighElement(guide, key) + 4 }))
  let total = weights.reduce((n, x) => n + x.w, 0)
  const out = new Set<keyof Guide>()
  for (const { key, w } of [...weights].sort((a, b) => b.w - a.w)) {
    if (total <= budget) break
    out.add(key)
    total -= w - 4
  }
  return out
}
