#!/usr/bin/env node
// `npm run size:h5 [dist/h5]`: what each H5 page downloads on a first visit — the entry plus the page's own chunks
// (server/route-assets.json, written by the H5 build) — as built, brotli and gzip (the .br/.gz copies the build
// wrote and the BFF serves). The HTML of the web shell comes on top (a few KB compressed).
import { existsSync, readFileSync, statSync } from 'node:fs'
import { join, resolve } from 'node:path'
import { brotliCompressSync, gzipSync } from 'node:zlib'

const dir = resolve(process.argv[2] ?? 'dist/h5')
const manifestPath = join(dir, 'server', 'route-assets.json')
if (!existsSync(manifestPath)) {
  console.error(`${manifestPath} is missing: run npm run build:h5 first`)
  process.exit(1)
}
const manifest = JSON.parse(readFileSync(manifestPath, 'utf8'))

function size(file) {
  const path = join(dir, file)
  const raw = statSync(path).size
  const copy = (ext, make) => (existsSync(path + ext) ? statSync(path + ext).size : make(readFileSync(path)).length)
  return { raw, br: copy('.br', brotliCompressSync), gz: copy('.gz', gzipSync) }
}
function total(files) {
  return files.reduce((t, f) => {
    const s = size(f)
    return { raw: t.raw + s.raw, br: t.br + s.br, gz: t.gz + s.gz }
  }, { raw: 0, br: 0, gz: 0 })
}
const kb = (n) => (n / 1024).toFixed(1)
const entryFiles = [...manifest.entry.js, ...manifest.entry.css]
const entry = total(entryFiles)
console.log(`H5 first-visit downloads of ${dir} (KB: built / brotli / gzip)`)
console.log(`  ${'entry (every page)'.padEnd(48)} ${kb(entry.raw).padStart(7)} ${kb(entry.br).padStart(7)} ${kb(entry.gz).padStart(7)}`)
const rows = Object.entries(manifest.routes).sort(([a], [b]) => a.localeCompare(b))
for (const [route, files] of rows) {
  const own = total([...files.js, ...files.css].filter((f) => !entryFiles.includes(f)))
  console.log(
    `  ${route.padEnd(48)} ${kb(own.raw).padStart(7)} ${kb(own.br).padStart(7)} ${kb(own.gz).padStart(7)}   with entry: ${kb(own.raw + entry.raw)} / ${kb(own.br + entry.br)} / ${kb(own.gz + entry.gz)}`
  )
}
