#!/usr/bin/env node
// The staff workbench (/staff): a small React app of its own, bundled with esbuild into <STATIC_DIR>/staff/ after the
// Taro H5 build (`npm run build:h5` runs both). It is no part of any mini-program package: the Taro builds never see
// workbench/. Hashed file names, so the BFF's static plugin caches them for a year; index.html is revalidated.
import { build } from 'esbuild'
import { createHash } from 'node:crypto'
import { mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'

const outRoot = process.env.TARO_OUTPUT_ROOT || 'dist/h5'
const out = join(outRoot, 'staff')
rmSync(out, { recursive: true, force: true })
mkdirSync(out, { recursive: true })
const started = Date.now()
const result = await build({
  entryPoints: ['workbench/main.tsx'],
  bundle: true,
  minify: true,
  format: 'esm',
  target: ['chrome73', 'safari12'],
  jsx: 'automatic',
  define: { 'process.env.NODE_ENV': '"production"' },
  outdir: 'workbench-out',
  write: false,
  logLevel: 'warning'
})
// named by a hex content hash (main.3f9c2a1b.js), the form the static plugin caches as immutable
mkdirSync(join(out, 'assets'))
const written = {}
for (const f of result.outputFiles) {
  const ext = f.path.endsWith('.css') ? 'css' : 'js'
  const name = `main.${createHash('sha256').update(f.contents).digest('hex').slice(0, 10)}.${ext}`
  writeFileSync(join(out, 'assets', name), f.contents)
  written[ext] = { name, kb: (f.contents.length / 1024).toFixed(1) }
}
const html = readFileSync('workbench/index.html', 'utf8')
  .replace('<!-- styles -->', written.css ? `<link rel="stylesheet" href="/staff/assets/${written.css.name}">` : '')
  .replace('<!-- scripts -->', `<script type="module" src="/staff/assets/${written.js.name}"></script>`)
writeFileSync(join(out, 'index.html'), html)
console.log(`workbench: ${out}/ in ${Date.now() - started} ms (js ${written.js.kb} KB, css ${written.css?.kb ?? 0} KB)`)
