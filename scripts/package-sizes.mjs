#!/usr/bin/env node
// Sizes of the WeChat mini-program packages of a build (default dist/weapp): the main package (every file not under
// a subpackage root) and each subpackage of app.json `subPackages`. WeChat refuses a main package or subpackage over
// 2 MB, so this exits 1 when one is over the limit. Source maps and the developer-tool project files are not
// uploaded and are not counted.
//
// `--main-limit-kb` sets a tighter budget for the main package (npm run size:weapp: 600 KB — the main package is
// downloaded before the first screen shows).
//
//   node scripts/package-sizes.mjs [dist/weapp] [--limit-kb 2048] [--main-limit-kb 600] [--json]
import { readdirSync, readFileSync, statSync } from 'node:fs'
import { join, relative, resolve, sep } from 'node:path'

const args = process.argv.slice(2)
const json = args.includes('--json')
const limitIdx = args.indexOf('--limit-kb')
const LIMIT = (limitIdx >= 0 ? Number(args[limitIdx + 1]) : 2048) * 1024
const mainIdx = args.indexOf('--main-limit-kb')
const MAIN_LIMIT = mainIdx >= 0 ? Number(args[mainIdx + 1]) * 1024 : LIMIT
const dir = resolve(args.find((a, i) => !a.startsWith('--') && args[i - 1] !== '--limit-kb' && args[i - 1] !== '--main-limit-kb') ?? 'dist/weapp')

const NOT_UPLOADED = [/\.map$/, /^project\.config\.json$/, /^project\.private\.config\.json$/, /\.LICENSE\.txt$/]

function files(root) {
  const out = []
  const walk = (d) => {
    for (const name of readdirSync(d)) {
      const p = join(d, name)
      const st = statSync(p)
      if (st.isDirectory()) walk(p)
      else out.push({ path: relative(root, p).split(sep).join('/'), size: st.size })
    }
  }
  walk(root)
  return out
}

let app
try {
  app = JSON.parse(readFileSync(join(dir, 'app.json'), 'utf8'))
} catch (e) {
  console.error(`package-sizes: no app.json in ${dir} (build first: npm run build:weapp) — ${e.message}`)
  process.exit(2)
}

const roots = (app.subPackages ?? app.subpackages ?? []).map((p) => p.root.replace(/^\/+|\/+$/g, '') + '/')
const sizes = new Map([['main', 0], ...roots.map((r) => [r, 0])])
for (const f of files(dir)) {
  const name = f.path.split('/').pop()
  if (NOT_UPLOADED.some((re) => re.test(name))) continue
  const root = roots.find((r) => f.path.startsWith(r)) ?? 'main'
  sizes.set(root, sizes.get(root) + f.size)
}

const kb = (n) => `${(n / 1024).toFixed(1)} KB`
const rows = [...sizes].map(([name, size]) => ({ package: name === 'main' ? 'main' : name.slice(0, -1), bytes: size, over: size > (name === 'main' ? Math.min(MAIN_LIMIT, LIMIT) : LIMIT) }))
const total = rows.reduce((a, r) => a + r.bytes, 0)
if (json) {
  console.log(JSON.stringify({ dir, limitBytes: LIMIT, packages: rows, totalBytes: total }, null, 2))
} else {
  console.log(`WeChat package sizes of ${relative(process.cwd(), dir) || dir} (limit ${kb(LIMIT)} each${MAIN_LIMIT < LIMIT ? `, main ${kb(MAIN_LIMIT)}` : ''}):`)
  for (const r of rows) console.log(`  ${r.package.padEnd(24)} ${kb(r.bytes).padStart(12)}${r.over ? '  OVER THE LIMIT' : ''}`)
  console.log(`  ${'total'.padEnd(24)} ${kb(total).padStart(12)}`)
}
const over = rows.filter((r) => r.over)
if (over.length) {
  console.error(`package-sizes: ${over.map((r) => r.package).join(', ')} over the limit`)
  process.exit(1)
}
