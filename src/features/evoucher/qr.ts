import { create } from 'qrcode/lib/core/qrcode'

/**
 * The e-voucher's QR code, drawn on the device from the code the BFF issued (the code never leaves the app as an
 * image). Pure functions, so they are unit-tested without a renderer:
 *  - `qrMatrix`: the modules (dark/light) of the code, error correction level M — a 28-digit numeric code fits
 *    version 1 (21 × 21), the largest modules for a counter's scanner;
 *  - `qrSvg` → `svgDataUrl`: an SVG in a base64 data URL for <Image> (H5 and WeChat: the image component takes SVG);
 *  - `qrRuns`: rows of same-colour runs, for drawing with Views where SVG data URLs in <Image> are not documented
 *    (Alipay).
 */
export interface QrMatrix {
  /** modules per side, without the quiet zone */
  size: number
  /** row-major, true = dark */
  dark: boolean[]
}

/** the quiet zone the QR standard asks for: 4 modules on every side */
export const QR_QUIET_ZONE = 4

export function qrMatrix(text: string): QrMatrix {
  const { modules } = create(text, { errorCorrectionLevel: 'M' })
  const dark: boolean[] = []
  for (let i = 0; i < modules.size * modules.size; i++) dark.push(modules.data[i] === 1)
  return { size: modules.size, dark }
}

export function isDark(m: QrMatrix, row: number, col: number): boolean {
  return row >= 0 && col >= 0 && row < m.size && col < m.size && m.dark[row * m.size + col]
}

/**
 * The code as an SVG: one path of horizontal runs of dark modules (`M{x} {y}h{n}v1h-{n}z`) on a white square,
 * `margin` modules of quiet zone around it, integer coordinates and crispEdges so no anti-aliased seams appear.
 */
export function qrSvg(text: string, margin = QR_QUIET_ZONE): string {
  const m = qrMatrix(text)
  const side = m.size + 2 * margin
  let d = ''
  for (let r = 0; r < m.size; r++) {
    let c = 0
    while (c < m.size) {
      if (!isDark(m, r, c)) {
        c += 1
        continue
      }
      let n = 1
      while (isDark(m, r, c + n)) n += 1
      d += `M${c + margin} ${r + margin}h${n}v1h-${n}z`
      c += n
    }
  }
  return (
    `<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 ${side} ${side}" width="${side * 8}" height="${side * 8}" shape-rendering="crispEdges">` +
    `<rect width="${side}" height="${side}" fill="#ffffff"/><path fill="#000000" d="${d}"/></svg>`
  )
}

const B64 = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/'

/** Base64 of an ASCII string (the SVG is ASCII; mini-programs have no btoa). */
export function asciiBase64(s: string): string {
  let out = ''
  for (let i = 0; i < s.length; i += 3) {
    const a = s.charCodeAt(i)
    const b = i + 1 < s.length ? s.charCodeAt(i + 1) : NaN
    const c = i + 2 < s.length ? s.charCodeAt(i + 2) : NaN
    if (a > 0x7f || b > 0x7f || c > 0x7f) throw new Error('asciiBase64: not ASCII')
    const n = (a << 16) | ((Number.isNaN(b) ? 0 : b) << 8) | (Number.isNaN(c) ? 0 : c)
    out += B64[(n >> 18) & 63] + B64[(n >> 12) & 63] + (Number.isNaN(b) ? '=' : B64[(n >> 6) & 63]) + (Number.isNaN(c) ? '=' : B64[n & 63])
  }
  return out
}

export function svgDataUrl(svg: string): string {
  return `data:image/svg+xml;base64,${asciiBase64(svg)}`
}

export interface QrRun {
  dark: boolean
  /** modules */
  length: number
}

/** Each row (quiet zone included) as runs of one colour, for a View-drawn code. */
export function qrRuns(text: string, margin = QR_QUIET_ZONE): QrRun[][] {
  const m = qrMatrix(text)
  const side = m.size + 2 * margin
  const rows: QrRun[][] = []
  for (let r = -margin; r < m.size + margin; r++) {
    const runs: QrRun[] = []
    for (let c = -margin; c < side - margin; c++) {
      const dark = isDark(m, r, c)
      const last = runs[runs.length - 1]
      if (last && last.dark === dark) last.length += 1
      else runs.push({ dark, length: 1 })
    }
    rows.push(runs)
  }
  return rows
}
