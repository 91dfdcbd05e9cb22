import sax from 'sax'
import { MINI_ELEMENTS } from './styles'

/**
 * Alipay publishes no AXML compiler package, so the Alipay build is checked here: every AXML must parse as the XML
 * the Alipay tools read (balanced tags, quoted attributes, balanced `{{ }}`), use Alipay's directives (`a:if`,
 * `a:for`…, never WeChat's `wx:`), Alipay's event attributes (`onTap` / `catchTap`, camelCase — `bindtap` is WeChat's
 * and does nothing there), only Alipay base components, templates and the custom components its JSON declares, and
 * every `import` / `include` / `import-sjs` must point at a file of the package.
 */
export interface AxmlProblem {
  file: string
  line: number
  reason: string
  /** a warning is printed but does not fail the check: Alipay ignores it rather than rejecting the file */
  warning?: boolean
}

const STRUCTURE = new Set(['template', 'block', 'import', 'include', 'import-sjs', 'slot'])
const DIRECTIVES = new Set(['a:if', 'a:elif', 'a:else', 'a:for', 'a:for-item', 'a:for-index', 'a:key'])

function unbalancedMustache(text: string): boolean {
  let depth = 0
  for (let i = 0; i < text.length - 1; i++) {
    if (text[i] === '{' && text[i + 1] === '{') {
      if (depth > 0) return true
      depth += 1
      i += 1
    } else if (text[i] === '}' && text[i + 1] === '}') {
      if (depth === 0) return true
      depth -= 1
      i += 1
    }
  }
  return depth !== 0
}

export interface AxmlContext {
  /** does `path` (resolved against this file) exist in the package? */
  exists: (fromFile: string, path: string) => boolean
  /** custom components this file's JSON declares */
  components: string[]
}

export function checkAxml(source: string, file: string, ctx: AxmlContext): { problems: AxmlProblem[]; templates: string[]; calls: string[] } {
  const problems: AxmlProblem[] = []
  const templates: string[] = []
  const calls: string[] = []
  const parser = sax.parser(true, { trim: false, position: true })
  const at = (): number => parser.line + 1
  const known = new Set([...MINI_ELEMENTS, ...ctx.components])
  parser.onerror = (e) => {
    // `<view a:else>`: a boolean attribute is AXML (sax carries on with the name as its value)
    if (!/^Attribute without value/.test(e.message)) problems.push({ file, line: at(), reason: `does not parse: ${e.message.split('\n')[0]}` })
    parser.error = null as unknown as Error
    parser.resume()
  }
  parser.onopentag = (tag) => {
    const name = tag.name
    if (!STRUCTURE.has(name) && !known.has(name)) problems.push({ file, line: at(), reason: `<${name}> is neither an Alipay base component nor declared in usingComponents` })
    for (const [attr, raw] of Object.entries(tag.attributes)) {
      const value = String(raw)
      if (attr.startsWith('wx:')) problems.push({ file, line: at(), reason: `WeChat directive ${attr} in AXML (Alipay uses a:${attr.slice(3)})` })
      else if (attr.startsWith('a:') && !DIRECTIVES.has(attr)) problems.push({ file, line: at(), reason: `unknown directive ${attr}` })
      if (/^(bind|catch)[a-z]/.test(attr) && !/^catch[A-Z]/.test(attr)) problems.push({ file, line: at(), reason: `WeChat event binding ${attr} (Alipay binds onXxx / catchXxx)` })
      // Alipay reads on + lower case as a plain attribute, so the handler never runs (Taro's own button template has
      // WeChat's onagreeprivacyauthorization): worth knowing, not a broken file
      if (/^on[a-z]/.test(attr)) problems.push({ file, line: at(), reason: `${attr} is not an Alipay event (on + capitalised name, e.g. onTap): ignored`, warning: true })
      if (unbalancedMustache(value)) problems.push({ file, line: at(), reason: `unbalanced {{ }} in ${attr}="${value.slice(0, 60)}"` })
    }
    if (name === 'template' && typeof tag.attributes.name === 'string') templates.push(String(tag.attributes.name))
    if (name === 'template' && typeof tag.attributes.is === 'string' && !String(tag.attributes.is).includes('{{')) calls.push(String(tag.attributes.is))
    const src = name === 'import' || name === 'include' ? tag.attributes.src : name === 'import-sjs' ? tag.attributes.from : undefined
    if (src !== undefined && !ctx.exists(file, String(src))) problems.push({ file, line: at(), reason: `<${name}> points at ${String(src)}, which is not in the package` })
    if (name === 'import-sjs' && !tag.attributes.name) problems.push({ file, line: at(), reason: '<import-sjs> without a name' })
  }
  parser.ontext = (text) => {
    if (unbalancedMustache(text)) problems.push({ file, line: at(), reason: `unbalanced {{ }} in text "${text.trim().slice(0, 60)}"` })
  }
  // one root is not required in AXML: parse the file as the children of a wrapper
  // a boolean directive right before `/>` (`<view a:else/>`) trips sax's attribute-name rule: give it an empty value
  parser.write(`<axml>${source.replace(/(\s)(a:else)(?=\s*\/?>)/g, '$1$2=""')}</axml>`).close()
  return { problems: problems.filter((p) => !p.reason.includes('<axml>')), templates, calls }
}

/** SJS is ES5 plus ES modules: the module must export with `export default` (Alipay) — not WeChat's module.exports. */
export function checkSjs(source: string, file: string): AxmlProblem[] {
  const problems: AxmlProblem[] = []
  if (!/export\s+default\b/.test(source)) problems.push({ file, line: 1, reason: 'SJS module without `export default`' })
  if (/\bmodule\.exports\b/.test(source)) problems.push({ file, line: 1, reason: 'SJS uses module.exports (WXS syntax)' })
  return problems
}
