import { existsSync, readFileSync } from 'node:fs'
import { inflateSync } from 'node:zlib'

/**
 * Fonts for result documents.
 *
 * Primary: Noto Sans SC (SIL OFL) from @fontsource/noto-sans-sc, the chinese-simplified subset (≈ 8 000 glyphs:
 * GB 2312 and more, plus ASCII). fontkit can read WOFF, but its pure-JS inflate takes ≈ 2 s per document for this
 * 1.5 MB file, so the WOFF is unpacked to a plain TrueType file once per process with Node's zlib (the WOFF 1.0
 * container is a table directory with zlib-compressed tables) and that buffer is handed to pdfkit.
 *
 * Fallback: characters the subset lacks (rare name characters such as 𠮷) are drawn with a system CJK font when one
 * is installed (Debian/Ubuntu `fonts-noto-cjk`); without one they would show as blank boxes.
 */

export const PRIMARY_FONT_FILE = 'noto-sans-sc-chinese-simplified-400-normal.woff'

/** System fonts tried in order for characters outside the primary font: [path, PostScript name inside a collection]. */
export const FALLBACK_FONT_CANDIDATES: ReadonlyArray<readonly [string, string]> = [
  ['/usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc', 'NotoSansCJKsc-Regular'],
  ['/usr/share/fonts/noto-cjk/NotoSansCJK-Regular.ttc', 'NotoSansCJKsc-Regular'],
  ['/usr/share/fonts/google-noto-cjk/NotoSansCJK-Regular.ttc', 'NotoSansCJKsc-Regular'],
  ['/usr/share/fonts/truetype/wqy/wqy-microhei.ttc', 'WenQuanYiMicroHei']
]

/** WOFF 1.0 → SFNT (TrueType/OpenType) bytes. Throws on anything that is not a well-formed WOFF. */
export function woffToSfnt(woff: Buffer): Buffer {
  if (woff.toString('latin1', 0, 4) !== 'wOFF') throw new Error('not a WOFF 1.0 file')
  const flavor = woff.readUInt32BE(4)
  const numTables = woff.readUInt16BE(12)
  const tables: Array<{ tag: number; checksum: number; data: Buffer }> = []
  for (let i = 0; i < numTables; i++) {
    const at = 44 + i * 20
    const tag = woff.readUInt32BE(at)
    const offset = woff.readUInt32BE(at + 4)
    const compLength = woff.readUInt32BE(at + 8)
    const origLength = woff.readUInt32BE(at + 12)
    const checksum = woff.readUInt32BE(at + 16)
    const raw = woff.subarray(offset, offset + compLength)
    const data = compLength < origLength ? inflateSync(raw) : Buffer.from(raw)
    if (data.length !== origLength) throw new Error('WOFF table has the wrong length')
    tables.push({ tag, checksum, data })
  }
  // the SFNT table directory must be sorted by tag
  tables.sort((a, b) => a.tag - b.tag)
  const pad4 = (n: number): number => (n + 3) & ~3
  const headerSize = 12 + 16 * numTables
  const total = tables.reduce((sum, t) => sum + pad4(t.data.length), headerSize)
  const out = Buffer.alloc(total)
  let entrySelector = 0
  while (1 << (entrySelector + 1) <= numTables) entrySelector++
  const searchRange = (1 << entrySelector) * 16
  out.writeUInt32BE(flavor, 0)
  out.writeUInt16BE(numTables, 4)
  out.writeUInt16BE(searchRange, 6)
  out.writeUInt16BE(entrySelector, 8)
  out.writeUInt16BE(numTables * 16 - searchRange, 10)
  let offset = headerSize
  tables.forEach((t, i) => {
    const rec = 12 + i * 16
    out.writeUInt32BE(t.tag, rec)
    out.writeUInt32BE(t.checksum, rec + 4)
    out.writeUInt32BE(offset, rec + 8)
    out.writeUInt32BE(t.data.length, rec + 12)
    t.data.copy(out, offset)
    offset += pad4(t.data.length)
  })
  return out
}

let primary: Buffer | null = null
/** The primary font as TrueType bytes (unpacked once per process, ≈ 5 MB kept in memory). */
export function primaryFont(): Buffer {
  primary ??= woffToSfnt(readFileSync(require.resolve(`@fontsource/noto-sans-sc/files/${PRIMARY_FONT_FILE}`)))
  return primary
}

let fallback: { path: string; family: string } | null | undefined
/** The first installed fallback font, or null when none is. */
export function fallbackFont(): { path: string; family: string } | null {
  if (fallback === undefined) {
    const found = FALLBACK_FONT_CANDIDATES.find(([path]) => existsSync(path))
    fallback = found ? { path: found[0], family: found[1] } : null
  }
  return fallback
}
