import type { WxNode } from './templates'

/**
 * The rendered tree of a page: the output of the build's own templates for the page's data, with custom components
 * expanded into their own templates. Every element knows its owner (the page or component instance whose template
 * declared it): the platform calls a `bindtap="eh"` on that owner.
 */
export interface Owner {
  /** the method a template's event attribute names */
  method(name: string): ((event: unknown) => unknown) | undefined
  /** page route or component path, for messages */
  readonly label: string
}

export interface El {
  tag: string
  attr: Record<string, unknown>
  children: Node[]
  parent: El | null
  owner: Owner
  /** a custom component's host that renders nothing itself (virtualHost) */
  virtual?: boolean
}

export type Node = El | string

export function isEl(n: Node): n is El {
  return typeof n !== 'string'
}

/** the element and its descendants in document order */
export function* walk(el: El): Generator<El> {
  yield el
  for (const c of el.children) if (isEl(c)) yield* walk(c)
}

/** hidden elements are not seen: the `hidden` attribute, or display:none in their inline style */
export function isHidden(el: El): boolean {
  if (el.attr.hidden === true || el.attr.hidden === 'true') return true
  const style = typeof el.attr.style === 'string' ? el.attr.style : ''
  return /display\s*:\s*none/.test(style)
}

/** The text a person sees in an element (whitespace collapsed), hidden parts left out. */
export function textOf(el: El): string {
  if (isHidden(el)) return ''
  let out = ''
  for (const c of el.children) out += isEl(c) ? textOf(c) : c
  return out
}

export const norm = (s: string): string => s.replace(/\s+/g, ' ').trim()

/**
 * The nodes the view layer creates: elements (not the page root, virtual blocks or virtual component hosts) and the
 * text nodes inside them — WeChat's "< 1 000 nodes per page" guidance counts the WXML tree, and a text node is a
 * node of that tree as much as the <text> around it.
 */
export function countNodes(root: El): number {
  let n = 0
  for (const el of walk(root)) {
    if (el !== root && !el.virtual && el.tag !== 'virtual') n += 1
    for (const c of el.children) if (typeof c === 'string' && c.trim() !== '') n += 1
  }
  return n
}

/** Converts wcc's output into elements, expanding custom components through `component`. */
export function build(
  node: WxNode,
  parent: El | null,
  owner: Owner,
  component: (tag: string, attr: Record<string, unknown>, owner: Owner, key: string) => { owner: Owner; tree: WxNode } | null,
  key = '0'
): El {
  const tag = node.tag.startsWith('wx-') ? node.tag.slice(3) : node.tag
  const el: El = { tag, attr: { ...(node.attr ?? {}) }, children: [], parent, owner }
  const comp = component(tag, el.attr, owner, key)
  if (comp) {
    el.virtual = true
    let i = 0
    for (const c of comp.tree.children ?? []) el.children.push(typeof c === 'object' ? build(c, el, comp.owner, component, `${key}.${i++}`) : String(c))
    return el
  }
  let i = 0
  for (const c of node.children ?? []) el.children.push(typeof c === 'object' ? build(c, el, owner, component, `${key}.${i++}`) : String(c))
  return el
}

/** data-* attributes as the platform's dataset (data-foo-bar → fooBar). */
export function datasetOf(el: El): Record<string, unknown> {
  const out: Record<string, unknown> = {}
  for (const [k, v] of Object.entries(el.attr)) {
    if (!k.startsWith('data-')) continue
    out[k.slice(5).replace(/-([a-z])/g, (_m, c: string) => c.toUpperCase())] = v
  }
  return out
}

/** A short description of an element for messages. */
export function describe(el: El): string {
  const cls = typeof el.attr.class === 'string' ? `.${el.attr.class.split(/\s+/).filter(Boolean).slice(0, 2).join('.')}` : ''
  return `<${el.tag}${cls}> “${norm(textOf(el)).slice(0, 40)}”`
}
