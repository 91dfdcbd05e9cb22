/**
 * `npm run check:mini`: the mini-program builds checked by the platforms' rules, as their tools would on open/upload.
 *  - dist/weapp: WeChat's own compilers from `miniprogram-compiler` — `wcc` over every WXML and WXS, `wcsc` over every
 *    WXSS in one call (so @import resolves) — plus the documented-selector rules (mini-host/check/styles.ts);
 *  - dist/alipay: no public compiler exists, so every AXML is parsed and held to Alipay's syntax (mini-host/check/
 *    axml.ts), every ACSS to the same selector rules, every SJS to its module form.
 * Fails (exit 1) on any error; prints one line per platform. `--only weapp|alipay` checks one build.
 */
import { existsSync, readFileSync } from 'node:fs'
import { dirname, join, posix, resolve } from 'node:path'
import { compileWxml, compileWxss, listFiles } from '../mini-host/compilers'
import { checkAxml, checkSjs } from '../mini-host/check/axml'
import { checkStylesheet, type StyleProblem } from '../mini-host/check/styles'

const ROOT = resolve(__dirname, '..')
const only = process.argv.includes('--only') ? process.argv[process.argv.indexOf('--only') + 1] : undefined

function styleProblems(root: string, ext: string): StyleProblem[] {
  return listFiles(root, [ext]).flatMap((f) => checkStylesheet(readFileSync(join(root, f), 'utf8'), f))
}

function printStyle(problems: StyleProblem[]): void {
  for (const p of problems.slice(0, 40)) console.error(`  ${p.file}:${p.line}  ${p.selector}\n      → ${p.reason}`)
  if (problems.length > 40) console.error(`  … and ${problems.length - 40} more`)
}

function checkWeapp(root: string): boolean {
  const wxml = compileWxml(root)
  const wxss = compileWxss(root)
  const styles = styleProblems(root, '.wxss')
  console.log(`weapp: wcc ${wxml.ok ? 'ok' : 'FAILED'} (${wxml.files} WXML/WXS), wcsc ${wxss.ok ? 'ok' : 'FAILED'} (${wxss.files} WXSS in one call), ${styles.length} undocumented selectors`)
  if (!wxml.ok) console.error(`  wcc: ${wxml.error}`)
  if (!wxss.ok) console.error(`  wcsc: ${wxss.error}`)
  printStyle(styles)
  return wxml.ok && wxss.ok && styles.length === 0
}

function checkAlipay(root: string): boolean {
  const exists = (from: string, p: string): boolean => existsSync(join(root, posix.normalize(p.startsWith('/') ? p.slice(1) : posix.join(dirname(from), p))))
  const axmlFiles = listFiles(root, ['.axml'])
  const defined = new Set<string>()
  const calls: Array<{ file: string; name: string }> = []
  const problems = axmlFiles.flatMap((f) => {
    const json = join(root, f.replace(/\.axml$/, '.json'))
    const components = existsSync(json) ? Object.keys((JSON.parse(readFileSync(json, 'utf8')) as { usingComponents?: object }).usingComponents ?? {}) : []
    const r = checkAxml(readFileSync(join(root, f), 'utf8'), f, { exists, components })
    r.templates.forEach((t) => defined.add(t))
    r.calls.forEach((name) => calls.push({ file: f, name }))
    return r.problems
  })
  for (const c of calls) if (!defined.has(c.name)) problems.push({ file: c.file, line: 0, reason: `<template is="${c.name}"> is defined nowhere` })
  const sjs = listFiles(root, ['.sjs'])
  problems.push(...sjs.flatMap((f) => checkSjs(readFileSync(join(root, f), 'utf8'), f)))
  const styles = styleProblems(root, '.acss')
  const errors = problems.filter((p) => !p.warning)
  const warnings = problems.filter((p) => p.warning)
  console.log(
    `alipay: ${axmlFiles.length} AXML + ${sjs.length} SJS parsed, ${errors.length} errors, ${warnings.length} warnings; ${listFiles(root, ['.acss']).length} ACSS, ${styles.length} undocumented selectors`
  )
  for (const p of [...errors, ...warnings].slice(0, 40)) console.error(`  ${p.warning ? 'warning' : 'error'} ${p.file}:${p.line}  ${p.reason}`)
  printStyle(styles)
  return errors.length === 0 && styles.length === 0
}

let ok = true
for (const [platform, check] of [['weapp', checkWeapp], ['alipay', checkAlipay]] as const) {
  if (only && only !== platform) continue
  const root = join(ROOT, 'dist', platform)
  if (!existsSync(join(root, 'app.json'))) {
    console.error(`${platform}: dist/${platform}/app.json is missing — run npm run build:${platform} first`)
    ok = false
    continue
  }
  ok = check(root) && ok
}
process.exit(ok ? 0 : 1)
