/**
 * The photo pre-check's test set, made deterministically with sharp (the same seed, the same photos): synthetic
 * papers — an invoice-like page of text lines and a table, an ID-like card with a portrait box — photographed on a
 * table, in eight conditions. Each photo is labelled with the issues it was made to have.
 *
 *   good ×2 (slight tilt, light and noise vary) · dark · over-exposed · blurred · cut off · too small · screen (moiré)
 *
 * 12 papers × 8 = 96 photos of 1600 × 1200 (or 1200 × 1600). Nothing is written to disk unless asked:
 * `npx tsx bench/photo-set.ts <folder>` saves them as JPEG to look at.
 */
import sharp from 'sharp'
import type { PhotoIssue } from '../domain/photo-check'
import { prng } from '../scripts/prng'

export type Condition = 'good' | 'dark' | 'overExposed' | 'blurred' | 'cutOff' | 'tooSmall' | 'screen'

export interface TestPhoto {
  name: string
  /** the paper it shows (two photos of one paper are not duplicates unless they are the same photo) */
  paper: number
  condition: Condition
  /** the issues this photo was made to have */
  expected: PhotoIssue[]
  jpeg: Buffer
}

const CONDITIONS: Condition[] = ['good', 'good', 'dark', 'overExposed', 'blurred', 'cutOff', 'tooSmall', 'screen']
const WORDS = ['医疗保障', '门诊费用', '住院结算', '收费票据', '金额合计', '医保统筹', '个人自付', '诊断证明', '出院小结', '身份证号', '参保地', '就诊日期']

function esc(s: string): string {
  return s.replace(/[<>&]/g, '')
}

/** An SVG paper: white page, a title, lines of text, a ruled table (kind 0), or a card with a portrait box (kind 1). */
function paperSvg(rand: () => number, kind: number): { svg: string; width: number; height: number } {
  const width = kind === 0 ? 840 : 1010
  const height = kind === 0 ? 1188 : 640
  const pick = (): string => WORDS[Math.floor(rand() * WORDS.length)]!
  const parts: string[] = []
  const bg = kind === 0 ? '#fbfbf7' : `rgb(${225 + Math.floor(rand() * 20)},${232 + Math.floor(rand() * 15)},${240 + Math.floor(rand() * 12)})`
  parts.push(`<rect width="${width}" height="${height}" fill="${bg}"/>`)
  const font = `font-family="Noto Sans CJK SC, sans-serif" fill="#1a1a1a"`
  if (kind === 0) {
    parts.push(`<text x="${width / 2}" y="90" font-size="44" text-anchor="middle" ${font}>${esc(pick())}${esc(pick())}</text>`)
    let y = 170
    for (let i = 0; i < 8; i++, y += 46) {
      const n = 2 + Math.floor(rand() * 3)
      const line = Array.from({ length: n }, pick).join('，')
      parts.push(`<text x="60" y="${y}" font-size="26" ${font}>${esc(line)} ${Math.floor(rand() * 9e5)}</text>`)
    }
    // a ruled table with numbers
    const top = y + 20
    const rows = 8
    const rowH = 48
    for (let r = 0; r <= rows; r++) parts.push(`<line x1="60" y1="${top + r * rowH}" x2="${width - 60}" y2="${top + r * rowH}" stroke="#333" stroke-width="2"/>`)
    for (const x of [60, 300, 520, width - 60]) parts.push(`<line x1="${x}" y1="${top}" x2="${x}" y2="${top + rows * rowH}" stroke="#333" stroke-width="2"/>`)
    for (let r = 0; r < rows; r++) {
      parts.push(`<text x="72" y="${top + r * rowH + 34}" font-size="24" ${font}>${esc(pick())}</text>`)
      parts.push(`<text x="312" y="${top + r * rowH + 34}" font-size="24" ${font}>${(rand() * 9999).toFixed(2)}</text>`)
      parts.push(`<text x="532" y="${top + r * rowH + 34}" font-size="24" ${font}>${(rand() * 999).toFixed(2)}</text>`)
    }
    parts.push(`<circle cx="${width - 180}" cy="${height - 150}" r="80" fill="none" stroke="#c0392b" stroke-width="6"/>`)
  } else {
    parts.push(`<text x="60" y="90" font-size="40" ${font}>${esc(pick())}${esc(pick())}</text>`)
    parts.push(`<rect x="${width - 300}" y="140" width="230" height="290" fill="#c9ced6" stroke="#555" stroke-width="3"/>`)
    parts.push(`<circle cx="${width - 185}" cy="250" r="62" fill="#7d8796"/>`)
    let y = 170
    for (let i = 0; i < 7; i++, y += 56) {
      parts.push(`<text x="60" y="${y}" font-size="30" ${font}>${esc(pick())}：${esc(pick())}${Math.floor(rand() * 9e4)}</text>`)
    }
    parts.push(`<text x="60" y="${height - 50}" font-size="34" letter-spacing="6" ${font}>${Math.floor(rand() * 9e8)}${Math.floor(rand() * 9e8)}</text>`)
  }
  return { svg: `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}">${parts.join('')}</svg>`, width, height }
}

/** a table top: a dark wood-ish or grey colour with some coarse texture */
async function background(rand: () => number, width: number, height: number): Promise<Buffer> {
  const base = [
    [92, 64, 45],
    [60, 62, 70],
    [110, 84, 60],
    [45, 50, 48]
  ][Math.floor(rand() * 4)]!
  const small = Buffer.alloc(48 * 36 * 3)
  for (let i = 0; i < 48 * 36; i++) {
    const k = 0.85 + rand() * 0.3
    small[i * 3] = Math.min(255, base[0]! * k)
    small[i * 3 + 1] = Math.min(255, base[1]! * k)
    small[i * 3 + 2] = Math.min(255, base[2]! * k)
  }
  return sharp(small, { raw: { width: 48, height: 36, channels: 3 } }).resize(width, height, { kernel: 'cubic' }).raw().toBuffer()
}

/** Gaussian-ish sensor noise (sum of uniforms), σ in grey levels. */
function addNoise(px: Buffer, rand: () => number, sigma: number): void {
  for (let i = 0; i < px.length; i++) {
    const n = (rand() + rand() + rand() - 1.5) * 2 * sigma
    px[i] = Math.max(0, Math.min(255, px[i]! + n))
  }
}

/** the screen's grid beating against the sensor: a tilted grating, a little out of phase per colour channel */
function addMoire(px: Buffer, width: number, height: number, rand: () => number): void {
  const period = 4 + rand() * 6
  const angle = (rand() - 0.5) * 0.6
  const amp = 0.14 + rand() * 0.1
  const c = Math.cos(angle)
  const s = Math.sin(angle)
  const w = (2 * Math.PI) / period
  for (let y = 0; y < height; y++) {
    for (let x = 0; x < width; x++) {
      const u = (x * c + y * s) * w
      const i = (y * width + x) * 3
      for (let ch = 0; ch < 3; ch++) {
        const m = 1 - amp + amp * Math.sin(u + ch * 2.1)
        // a screen glows bluish and never gives full black
        const v = 30 + px[i + ch]! * 0.82 * m + (ch === 2 ? 12 : 0)
        px[i + ch] = Math.max(0, Math.min(255, v))
      }
    }
  }
}

/** One photo of the tuning set: paper `paper` (0…), in `condition`, the `variant`-th of that condition for the paper. */
export async function tuningPhoto(paper: number, condition: Condition, variant = 0): Promise<TestPhoto> {
  const rand = prng(1000 + paper * 31 + variant * 7)
  const kind = paper % 2
  const portrait = kind === 0
  const W = portrait ? 1200 : 1600
  const H = portrait ? 1600 : 1200
  const doc = paperSvg(prng(50 + paper), kind)
  // how much of the frame the paper's long side takes
  let fill = 0.62 + rand() * 0.18
  if (condition === 'tooSmall') fill = 0.28 + rand() * 0.1
  if (condition === 'cutOff') fill = 0.75 + rand() * 0.2
  const tilt = (rand() - 0.5) * (condition === 'good' ? 10 : 6)
  const scale = (fill * Math.max(W, H)) / Math.max(doc.width, doc.height)
  const rendered = await sharp(Buffer.from(doc.svg), { density: 72 * scale })
    .flatten({ background: '#ffffff' })
    .rotate(tilt, { background: { r: 0, g: 0, b: 0, alpha: 0 } })
    .png()
    .toBuffer({ resolveWithObject: true })
  const dw = rendered.info.width
  const dh = rendered.info.height
  // centred with a little play; cut off: pushed past one or two borders
  let left = Math.round((W - dw) / 2 + (rand() - 0.5) * Math.max(0, W - dw) * 0.5)
  let top = Math.round((H - dh) / 2 + (rand() - 0.5) * Math.max(0, H - dh) * 0.5)
  if (condition === 'cutOff') {
    // one or two sides past the border by 12–30 % of the paper
    const out = (): number => 0.12 + rand() * 0.18
    const side = Math.floor(rand() * 4)
    if (side === 0 || side === 2) left = Math.round(side === 0 ? -dw * out() : W - dw * (1 - out()))
    if (side !== 0) top = Math.round(side === 1 || side === 2 ? -dh * out() : H - dh * (1 - out()))
  }
  const bg = await background(rand, W, H)
  const visible = await sharp(rendered.data)
    .extract({
      left: Math.max(0, -left),
      top: Math.max(0, -top),
      width: Math.min(dw, W - left) - Math.max(0, -left),
      height: Math.min(dh, H - top) - Math.max(0, -top)
    })
    .png()
    .toBuffer()
  let px = await sharp(bg, { raw: { width: W, height: H, channels: 3 } })
    .composite([{ input: visible, left: Math.max(0, left), top: Math.max(0, top) }])
    .removeAlpha()
    .raw()
    .toBuffer()

  // light: uneven (a gradient across the frame), then the condition's exposure
  const gain = condition === 'dark' ? 0.18 + rand() * 0.17 : condition === 'overExposed' ? 1.7 + rand() * 0.6 : 0.88 + rand() * 0.14
  const lift = condition === 'overExposed' ? 40 + rand() * 40 : 0
  const gx = (rand() - 0.5) * 0.25
  for (let y = 0; y < H; y++) {
    for (let x = 0; x < W; x++) {
      const shade = 1 + gx * ((x / W) * 2 - 1)
      const i = (y * W + x) * 3
      for (let ch = 0; ch < 3; ch++) px[i + ch] = Math.max(0, Math.min(255, px[i + ch]! * gain * shade + lift))
    }
  }
  if (condition === 'screen') addMoire(px, W, H, rand)
  addNoise(px, rand, condition === 'dark' ? 3 : 2 + rand() * 3)
  let img = sharp(px, { raw: { width: W, height: H, channels: 3 } })
  if (condition === 'blurred') img = img.blur(2.5 + rand() * 3)
  else img = img.blur(0.6)
  px = await img.raw().toBuffer()
  const jpeg = await sharp(px, { raw: { width: W, height: H, channels: 3 } }).jpeg({ quality: 88 }).toBuffer()
  const expected: PhotoIssue[] = condition === 'good' ? [] : [condition]
  return { name: `p${String(paper).padStart(2, '0')}-${condition}${variant ? `-${variant}` : ''}`, paper, condition, expected, jpeg }
}

export async function makePhotoSet(papers = 12): Promise<TestPhoto[]> {
  const out: TestPhoto[] = []
  for (let p = 0; p < papers; p++) {
    const seen = new Map<Condition, number>()
    for (const c of CONDITIONS) {
      const v = seen.get(c) ?? 0
      seen.set(c, v + 1)
      out.push(await tuningPhoto(p, c, v))
    }
  }
  return out
}

if (process.argv[1] && /photo-set\.ts$/.test(process.argv[1])) {
  const dir = process.argv[2]
  void (async () => {
    const { mkdirSync, writeFileSync } = await import('node:fs')
    const set = await makePhotoSet()
    if (dir) {
      mkdirSync(dir, { recursive: true })
      for (const p of set) writeFileSync(`${dir}/${p.name}.jpg`, p.jpeg)
    }
    console.log(`${set.length} photos${dir ? ` written to ${dir}` : ''}`)
  })()
}
