import { spawnSync } from 'node:child_process'
import { accessSync, chmodSync, constants, copyFileSync, existsSync, mkdirSync, readdirSync, readFileSync, statSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { dirname, join, relative } from 'node:path'

/**
 * WeChat's own compilers, as the npm package `miniprogram-compiler` ships them (Linux builds of the developer tool's
 * `wcc` for WXML/WXS and `wcsc` for WXSS, "v0.5vv_20200413"). The same binaries check the build (`npm run check:mini`)
 * and render it in the host (`wcc` turns every WXML into the `$gwx` functions the WeChat view layer runs).
 */
const PKG_BIN = join(dirname(require.resolve('miniprogram-compiler/package.json')), 'bin', 'linux')

/** The binary's path, made executable (npm may unpack it without the x bit; a hard-linked copy must not be chmodded). */
function binary(name: 'wcc' | 'wcsc'): string {
  if (process.platform !== 'linux') throw new Error(`miniprogram-compiler's ${name} is run here as its Linux build; this machine is ${process.platform}`)
  const src = join(PKG_BIN, name)
  try {
    accessSync(src, constants.X_OK)
    return src
  } catch {
    const dir = join(tmpdir(), `yb-miniprogram-compiler-${statSync(src).size}`)
    const dest = join(dir, name)
    if (!existsSync(dest)) {
      mkdirSync(dir, { recursive: true })
      copyFileSync(src, dest)
    }
    chmodSync(dest, 0o755)
    return dest
  }
}

/** Every file under `root` whose name ends with one of `exts`, as paths relative to root with forward slashes. */
export function listFiles(root: string, exts: string[]): string[] {
  const out: string[] = []
  const walk = (dir: string): void => {
    for (const name of readdirSync(dir).sort()) {
      const p = join(dir, name)
      if (statSync(p).isDirectory()) walk(p)
      else if (exts.some((e) => name.endsWith(e))) out.push(relative(root, p).split('\\').join('/'))
    }
  }
  walk(root)
  return out
}

/** `-cc` argument of wcc: for every WXML whose JSON declares usingComponents, its path, their count and their names. */
function componentArgs(root: string, wxml: string[]): string {
  const parts: string[] = []
  let count = 0
  for (const f of wxml) {
    const json = join(root, f.replace(/\.wxml$/, '.json'))
    if (!existsSync(json)) continue
    const using = (JSON.parse(readFileSync(json, 'utf8')) as { usingComponents?: Record<string, string> }).usingComponents ?? {}
    const names = Object.keys(using)
    if (!names.length) continue
    count += 1
    parts.push(f, String(names.length), ...names)
  }
  return [String(count), ...parts].join(' ')
}

export interface CompileResult {
  ok: boolean
  /** the compiler's complaint, as it printed it */
  error: string
  files: number
}

export interface WxmlCompileResult extends CompileResult {
  /** JavaScript defining `$gwx(path)` (the WeChat view layer's template functions) */
  code: string
}

/** wcc over every WXML and WXS under root, in one call (templates import each other). */
export function compileWxml(root: string): WxmlCompileResult {
  const wxml = listFiles(root, ['.wxml'])
  const wxs = listFiles(root, ['.wxs'])
  const r = spawnSync(binary('wcc'), ['-d', '-cc', componentArgs(root, wxml), ...wxml, ...wxs, '-gn', '$gwx'], { cwd: root, maxBuffer: 256 * 1024 * 1024 })
  const error = `${r.error?.message ?? ''}${r.stderr?.toString() ?? ''}`.trim()
  return { ok: r.status === 0, error, files: wxml.length + wxs.length, code: r.status === 0 ? r.stdout.toString() : '' }
}

/** wcsc over every WXSS under root in one call, so @import resolves; component stylesheets first, as the tool does. */
export function compileWxss(root: string): CompileResult {
  const all = listFiles(root, ['.wxss'])
  const isComponentStyle = (f: string): boolean => existsSync(join(root, f.replace(/\.wxss$/, '.json')))
  const components = all.filter(isComponentStyle)
  const rest = all.filter((f) => !isComponentStyle(f))
  const r = spawnSync(binary('wcsc'), ['-db', '-pc', String(components.length), ...components, ...rest], { cwd: root, maxBuffer: 256 * 1024 * 1024 })
  // wcsc prints "ERR: file(line:col): error at token …" and exits non-zero on the first stylesheet it rejects
  const error = `${r.error?.message ?? ''}${r.stderr?.toString() ?? ''}`.trim()
  return { ok: r.status === 0 && !/ERR:/.test(error), error, files: all.length }
}
