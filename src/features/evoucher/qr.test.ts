import QRCode from 'qrcode'
import { EVOUCHER_CODE_LENGTH, EVOUCHER_CODE_PATTERN } from '@contract'
import { asciiBase64, qrMatrix, qrRuns, qrSvg, QR_QUIET_ZONE, svgDataUrl } from './qr'

/** a code in the national format: 424 + 17 + 2 random digits + province 33 + 0000 */
const CODE = '4241234567890123456789330000'

/** Reads the SVG's path back into a grid of dark modules (quiet zone included). */
function gridOf(svg: string): { side: number; dark: Set<string> } {
  const side = Number(/viewBox="0 0 (\d+) \1"/.exec(svg)?.[1])
  const d = /<path[^>]* d="([^"]*)"/.exec(svg)?.[1] ?? ''
  const dark = new Set<string>()
  for (const m of d.matchAll(/M(\d+) (\d+)h(\d+)v1h-\3z/g)) {
    const [x, y, n] = [Number(m[1]), Number(m[2]), Number(m[3])]
    for (let i = 0; i < n; i++) dark.add(`${y},${x + i}`)
  }
  // every command in the path is a run of the expected form
  expect(d.replace(/M\d+ \d+h(\d+)v1h-\1z/g, '')).toBe('')
  return { side, dark }
}

describe('e-voucher QR (code → modules → SVG)', () => {
  it('takes a national-format code and makes a version-1 symbol (21 × 21) at level M', () => {
    expect(CODE).toHaveLength(EVOUCHER_CODE_LENGTH)
    expect(CODE).toMatch(EVOUCHER_CODE_PATTERN)
    const m = qrMatrix(CODE)
    expect(m.size).toBe(21)
    expect(m.dark).toHaveLength(21 * 21)
  })

  it('draws exactly the modules the qrcode encoder computes, inside a 4-module quiet zone', () => {
    const svg = qrSvg(CODE)
    const { side, dark } = gridOf(svg)
    const ref = QRCode.create(CODE, { errorCorrectionLevel: 'M' }).modules
    expect(side).toBe(ref.size + 2 * QR_QUIET_ZONE)
    let count = 0
    for (let r = 0; r < ref.size; r++) {
      for (let c = 0; c < ref.size; c++) {
        const want = ref.get(r, c) === 1
        if (want) count += 1
        expect([r, c, dark.has(`${r + QR_QUIET_ZONE},${c + QR_QUIET_ZONE}`)]).toEqual([r, c, want])
      }
    }
    expect(dark.size).toBe(count)
    // the three finder patterns: a dark 7-module ring at the top-left, top-right and bottom-left corners
    for (const [r0, c0] of [
      [0, 0],
      [0, ref.size - 7],
      [ref.size - 7, 0]
    ]) {
      for (let i = 0; i < 7; i++) {
        expect(dark.has(`${QR_QUIET_ZONE + r0},${QR_QUIET_ZONE + c0 + i}`)).toBe(true)
        expect(dark.has(`${QR_QUIET_ZONE + r0 + 6},${QR_QUIET_ZONE + c0 + i}`)).toBe(true)
      }
    }
  })

  it('makes a different symbol for a different code (a refreshed code is a new picture)', () => {
    expect(qrSvg('4241234567890123456780330000')).not.toBe(qrSvg(CODE))
  })

  it('puts the SVG in a base64 data URL that decodes back to the same SVG', () => {
    const svg = qrSvg(CODE)
    const url = svgDataUrl(svg)
    expect(url.startsWith('data:image/svg+xml;base64,')).toBe(true)
    expect(Buffer.from(url.slice('data:image/svg+xml;base64,'.length), 'base64').toString('ascii')).toBe(svg)
    for (const s of ['', 'a', 'ab', 'abc', 'abcd', '<svg/>']) expect(asciiBase64(s)).toBe(Buffer.from(s, 'ascii').toString('base64'))
    expect(() => asciiBase64('码')).toThrow()
  })

  it('gives rows of runs for View drawing that cover the same modules', () => {
    const rows = qrRuns(CODE)
    const m = qrMatrix(CODE)
    const side = m.size + 2 * QR_QUIET_ZONE
    expect(rows).toHaveLength(side)
    rows.forEach((runs, r) => {
      expect(runs.reduce((n, x) => n + x.length, 0)).toBe(side)
      let c = 0
      for (const run of runs) {
        for (let i = 0; i < run.length; i++, c++) {
          const mr = r - QR_QUIET_ZONE
          const mc = c - QR_QUIET_ZONE
          const want = mr >= 0 && mc >= 0 && mr < m.size && mc < m.size && m.dark[mr * m.size + mc]
          expect(run.dark).toBe(want)
        }
      }
    })
    // the quiet zone rows are one light run
    expect(rows[0]).toEqual([{ dark: false, length: side }])
  })
})
