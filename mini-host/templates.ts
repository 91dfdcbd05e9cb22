import { createHash } from 'node:crypto'
import { cpSync, existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { dirname, join } from 'node:path'
import vm from 'node:vm'
import { compileWxml, listFiles } from './compilers'
import type { Platform } from './types'

/**
 * The view layer's templates. WeChat: every WXML/WXS of the build compiled by `wcc` — the developer tool's own
 * compiler — into the `$gwx` functions the WeChat view layer runs; rendering a page is calling its function with the
 * page's data, which yields the virtual tree the platform would turn into the screen (wxs modules, `wx:for`,
 * `<template is>` and imports evaluated by WeChat's code, not ours).
 *
 * Alipay publishes no AXML compiler, so its build is translated to WXML first and compiled by the same `wcc`:
 * `a:if`/`a:elif`/`a:else`/`a:for*`/`a:key` → `wx:*`, `on<Event>`/`catch<Event>` → `bind<event>`/`catch<event>`
 * (the host delivers them with Alipay's event objects), `<import-sjs name from>` → `<wxs module src>`, SJS
 * `export default` → `module.exports`. Alipay templates may call themselves (Taro's Alipay templates recurse instead
 * of unrolling levels as they must for WeChat), so the translated output lifts wcc's recursion guard. What that cannot
 * show is listed in mini-host/README.md.
 */
export interface WxNode {
  tag: string
  attr?: Record<string, unknown>
  children?: Array<WxNode | string | number>
}

export type TemplateFn = (data: Record<string, unknown>) => WxNode

export interface Templates {
  /** the template function of a WXML/AXML path (without extension), e.g. pages/home/index */
  page(path: string): TemplateFn
  /** what the template runtime warned about (a missing template, a recursion stopped): platform errors */
  warnings: string[]
}

const cache = new Map<string, string>()

/** AXML → WXML (see the header). Exported for its test. */
export function axmlToWxml(src: string): string {
  return src
    .replace(/<import-sjs\s+name="([^"]+)"\s+from="([^"]+)\.sjs"\s*\/>/g, '<wxs module="$1" src="$2.wxs" />')
    .replace(/<import-sjs\s+from="([^"]+)\.sjs"\s+name="([^"]+)"\s*\/>/g, '<wxs module="$2" src="$1.wxs" />')
    .replace(/(\s)a:(if|elif|else|for|for-item|for-index|key)(?=[\s=/>])/g, '$1wx:$2')
    .replace(/(\s)(on|catch)([A-Z][A-Za-z]*)=/g, (_m, sp: string, kind: string, ev: string) => `${sp}${kind === 'on' ? 'bind' : 'catch'}${ev.toLowerCase()}=`)
    .replace(/(<(?:import|include)\s+src="[^"]+)\.axml"/g, '$1.wxml"')
}

export function sjsToWxs(src: string): string {
  return src.replace(/export\s+default\s+/, 'module.exports = ')
}

/** Alipay's translated tree in a folder of its own (compiled by wcc like a WeChat build). */
function translateAlipay(root: string): string {
  const hash = createHash('sha1')
  const files = listFiles(root, ['.axml', '.sjs', '.json'])
  for (const f of files) hash.update(f).update(readFileSync(join(root, f)))
  const out = join(tmpdir(), `yb-mini-host-axml-${hash.digest('hex').slice(0, 16)}`)
  if (existsSync(join(out, '.done'))) return out
  rmSync(out, { recursive: true, force: true })
  for (const f of files) {
    const dest = join(out, f.replace(/\.axml$/, '.wxml').replace(/\.sjs$/, '.wxs'))
    mkdirSync(dirname(dest), { recursive: true })
    const text = readFileSync(join(root, f), 'utf8')
    if (f.endsWith('.axml')) writeFileSync(dest, axmlToWxml(text))
    else if (f.endsWith('.sjs')) writeFileSync(dest, sjsToWxs(text))
    else cpSync(join(root, f), dest)
  }
  writeFileSync(join(out, '.done'), '')
  return out
}

/** The `$gwx` code of a build, compiled once per build content. */
function gwxCode(root: string, platform: Platform): string {
  const src = platform === 'alipay' ? translateAlipay(root) : root
  const key = `${platform}:${src}:${readFileSync(join(root, 'app.json'), 'utf8').length}:${listFiles(root, [platform === 'alipay' ? '.axml' : '.wxml']).length}`
  const hit = cache.get(key)
  if (hit) return hit
  const r = compileWxml(src)
  if (!r.ok) throw new Error(`wcc rejected the ${platform} templates: ${r.error}`)
  let code = r.code
  if (platform === 'alipay') {
    // Alipay renders recursive templates; wcc's runtime stops a template that is already being expanded
    const guard = /if\(p_\[b\]\)\{_wl\(b,x\[0\]\);return\}/g
    if (!guard.test(code)) throw new Error('wcc output changed: the recursion guard to lift for Alipay templates was not found')
    code = code.replace(guard, '')
  }
  cache.set(key, code)
  return code
}

/** Loads the templates of a build into a view-layer context of their own. */
export function loadTemplates(root: string, platform: Platform): Templates {
  const warnings: string[] = []
  const say = (...args: unknown[]): void => {
    const text = args.map(String).join(' ')
    if (/WXMLRT|not found|recursively|limit exceeded/i.test(text)) warnings.push(text)
  }
  const sandbox: Record<string, unknown> = { console: { log: say, warn: say, error: say, info: () => undefined, debug: () => undefined } }
  sandbox.window = sandbox
  const ctx = vm.createContext(sandbox)
  vm.runInContext(gwxCode(root, platform), ctx, { filename: `${platform}-templates.js` })
  const viewJSON = vm.runInContext('JSON', ctx) as JSON
  const gwx = (sandbox as { $gwx: (path: string) => ((env: object, dd: object, global: object) => WxNode) | undefined }).$gwx
  const fns = new Map<string, TemplateFn>()
  return {
    warnings,
    page(path: string): TemplateFn {
      const known = fns.get(path)
      if (known) return known
      const fn = gwx(`${path}.wxml`)
      if (typeof fn !== 'function') throw new Error(`no template for ${path} in the ${platform} build`)
      // the data as the view layer holds it: parsed from the bridge's JSON in the view's own realm (wcc's runtime
      // converts values for WXS by comparing constructors with its own Object and Array)
      const wrapped: TemplateFn = (data) => fn(viewJSON.parse(JSON.stringify(data)) as object, {}, {})
      fns.set(path, wrapped)
      return wrapped
    }
  }
}
