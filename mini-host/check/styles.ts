import postcss from 'postcss'
import selectorParser from 'postcss-selector-parser'

/**
 * The selectors a mini-program stylesheet may use: what the WXSS guide documents (class, id, element, `::before` /
 * `::after`, `element, element` lists) and the descendant combinator; ACSS documents the same set. Anything else — an
 * attribute selector, a pseudo-class such as `:last-child` or `:where()`, a child or sibling combinator, `*`, an
 * element that is not a mini-program component (`div`, `body`, H5's `taro-view-core`) — either fails the platform's
 * compiler (wcsc stops at a selector list inside `:where()`) or is undocumented behaviour a device may not have.
 * H5-only refinements belong in files only the H5 build includes (`*.h5.scss`).
 */
export interface StyleProblem {
  file: string
  line: number
  selector: string
  reason: string
}

/** Mini-program components both platforms render (WeChat and Alipay base components), plus `page`. */
export const MINI_ELEMENTS = new Set([
  'page', 'view', 'text', 'image', 'button', 'input', 'textarea', 'picker', 'picker-view', 'picker-view-column',
  'scroll-view', 'swiper', 'swiper-item', 'icon', 'progress', 'rich-text', 'checkbox', 'checkbox-group', 'radio',
  'radio-group', 'switch', 'slider', 'label', 'form', 'navigator', 'canvas', 'video', 'audio', 'map', 'camera',
  'movable-area', 'movable-view', 'cover-view', 'cover-image', 'web-view', 'block'
])

const PSEUDO_ELEMENTS = new Set(['::before', '::after', ':before', ':after'])

function describe(node: selectorParser.Node): string | null {
  switch (node.type) {
    case 'class':
    case 'id':
    case 'selector':
    case 'root':
    case 'comment':
      return null
    case 'tag':
      return MINI_ELEMENTS.has(node.value.toLowerCase()) ? null : `<${node.value}> is not a mini-program component`
    case 'pseudo':
      return PSEUDO_ELEMENTS.has(node.value.toLowerCase()) ? null : `pseudo-class ${node.value} is not in WXSS/ACSS`
    case 'combinator':
      return node.value.trim() === '' ? null : `combinator "${node.value.trim()}" (only descendant selectors are documented)`
    case 'attribute':
      return `attribute selector [${node.attribute}] is not in WXSS/ACSS`
    case 'universal':
      return 'the universal selector * is not in WXSS/ACSS'
    case 'nesting':
      return 'a nesting selector & left in the output'
    default:
      return `${node.type} selector is not in WXSS/ACSS`
  }
}

/** Every selector of one compiled stylesheet that WXSS/ACSS do not document (keyframe steps are not selectors). */
export function checkStylesheet(css: string, file: string): StyleProblem[] {
  const problems: StyleProblem[] = []
  let root: postcss.Root
  try {
    root = postcss.parse(css, { from: file })
  } catch (e) {
    const err = e as { line?: number; reason?: string; message: string }
    return [{ file, line: err.line ?? 0, selector: '', reason: `does not parse: ${err.reason ?? err.message}` }]
  }
  root.walkRules((rule) => {
    const parent = rule.parent
    if (parent?.type === 'atrule' && /keyframes$/i.test((parent as postcss.AtRule).name)) return
    const line = rule.source?.start?.line ?? 0
    try {
      selectorParser((selectors) => {
        selectors.walk((node) => {
          const reason = describe(node)
          if (reason) problems.push({ file, line, selector: rule.selector.slice(0, 160), reason })
        })
      }).processSync(rule.selector)
    } catch (e) {
      problems.push({ file, line, selector: rule.selector.slice(0, 160), reason: `selector does not parse: ${(e as Error).message}` })
    }
  })
  return problems
}
