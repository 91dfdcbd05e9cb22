/**
 * Photo pre-check: what is wrong with a photo of a paper before it is sent (001 §5.1.2 上传材料 "明示相应电子文档或照片
 * 的具体要求" — the guide asks for 四角完整、文字清晰; a photo that fails that is the commonest reason for 补正).
 *
 * Pure code on a pixel array, no canvas, no sharp, no framework: the app runs it on the pixels each platform's canvas
 * gives (getImageData), the BFF on the re-encoded upload (sharp().raw()), the benchmark on both — one rule, one place.
 *
 * Input: an RGBA, RGB or grey pixel array with its size. Callers pass it already scaled down to about
 * ANALYSIS_LONG_SIDE (the canvas or sharp does that much faster than JS could), but any size works.
 *
 * The checks (each a plain number compared to a threshold; the thresholds were set on the synthetic set made by
 * bench/photo-set.ts and measured by bench/photo-check.ts — see README "Photo pre-check"):
 *  - dark / overExposed: the luminance histogram. Dark: even the lightest part of the photo (the paper) is grey.
 *    Over-exposed: a large part of the document (or, where none is found, of the frame) is clipped white and its
 *    darkest part (the text) is washed out — counted inside the document, a small burnt-out paper on a dark desk counts.
 *  - blurred: directional sharpness on a grey image scaled to BLUR_LONG_SIDE, inside the document where it was found,
 *    its contrast first stretched (so a dark but sharp photo is not also called blurred): the mean squared second
 *    difference along 0°, 45°, 90° and 135° over the pixels on an edge (a card with little text is not blurred because
 *    most of it is plain). Blurred: the weakest direction is soft (focus blur softens all four), or much softer than
 *    the strongest (motion blur smears along the motion only; an isotropic measure such as the variance of the
 *    Laplacian stays high on the edges across the motion, and the text is unreadable all the same).
 *  - cutOff / tooSmall: the document is the largest bright region (Otsu threshold); its quadrilateral is spanned by
 *    the region's four extreme corners. Cut off: the region runs along an image border. Too small: the quadrilateral
 *    covers a small part of the frame. A photo with no darker background (a paper filling the frame on a white table)
 *    gives no such warning: it cannot be judged, and a false alarm is worse than none.
 *  - screen: moiré — a photo of a screen carries a periodic high-frequency pattern (the screen's pixel grid beating
 *    against the camera's). Measured as a spike in the summed Fourier spectrum of rows and columns at periods of
 *    2.5…12 px; print and handwriting spread their energy smoothly over those periods.
 *  - duplicate: a 64-bit difference hash (dHash) of the photo, compared with the hashes of the photos already attached
 *    to the other materials; a Hamming distance ≤ DUPLICATE_MAX_DISTANCE is the same photo (re-compressed, resized).
 *    Written here rather than taken from an npm hash library: those decode files or canvases themselves, and this
 *    module already has the scaled grey image a dHash needs (18 lines).
 */

export interface PixelImage {
  width: number
  height: number
  /** row-major pixels, `channels` bytes per pixel (4 = RGBA as canvas getImageData gives, 3 = RGB, 1 = grey) */
  data: ArrayLike<number>
  channels: 1 | 2 | 3 | 4
}

export type PhotoIssue = 'dark' | 'overExposed' | 'blurred' | 'cutOff' | 'tooSmall' | 'screen' | 'duplicate'

export const PHOTO_ISSUES: readonly PhotoIssue[] = ['dark', 'overExposed', 'blurred', 'cutOff', 'tooSmall', 'screen', 'duplicate']

/** the long side callers scale a photo to before calling checkPhoto (canvas drawImage / sharp resize) */
export const ANALYSIS_LONG_SIDE = 1024
/** the long side of the grey image the blur, framing and hash checks work on */
export const BLUR_LONG_SIDE = 512

/** Thresholds; set on bench/photo-set.ts, see README "Photo pre-check". */
export const PHOTO_THRESHOLDS = {
  /** dark: the 98th percentile of luminance under this (even the paper, the lightest part, stays grey) */
  darkP98: 120,
  /** over-exposed: at least this share of pixels clipped (≥ 250) … */
  overClipped: 0.3,
  /** … and the 2nd percentile (the text) lighter than this */
  overP2: 120,
  /** over-exposed paper: at least this share of the document region clipped … */
  overDocClipped: 0.4,
  /** … and its 2nd percentile (its darkest text) lighter than this */
  overDocP2: 140,
  /** blurred: the weakest direction's sharpness (contrast-stretched, on the document's edge pixels) under this … */
  blurSharpness: 1200,
  /** … or the weakest direction under this share of the strongest (motion blur) */
  blurAnisotropy: 0.25,
  /** cut off: the document region covers more than this share of an image border */
  cutBorder: 0.2,
  /** too small: the document's quadrilateral covers less than this share of the frame */
  smallArea: 0.18,
  /** screen: the spectrum's strongest peak (period 2.5…12 px) over its neighbourhood, log2, over this */
  screenPeriodicity: 4.6,
  /** duplicate: Hamming distance of two dHashes at most this */
  duplicateMaxDistance: 6
} as const

export interface PhotoMeasures {
  meanLuma: number
  p2: number
  p98: number
  clipped: number
  /**
   * directional sharpness: the mean squared second difference along each of four directions (0°, 45°, 90°, 135°)
   * over the edge pixels of the document, contrast-stretched; the weakest direction's
   */
  sharpness: number
  /** the weakest direction's sharpness over the strongest's (motion blur smears along the motion only) */
  anisotropy: number
  /** share of the document region (its bounding box, 8 % in from each side) clipped white; null when not found */
  docClipped: number | null
  /** 2nd percentile of luminance inside the document region (its darkest text); null when not found */
  docP2: number | null
  /** share of each border (top, right, bottom, left) the document region covers; null when it cannot be judged */
  border: [number, number, number, number] | null
  /** the document quadrilateral's share of the frame; null when it cannot be judged */
  docArea: number | null
  periodicity: number
  /** dHash, 16 hex digits */
  hash: string
}

export interface PhotoCheck {
  issues: PhotoIssue[]
  measures: PhotoMeasures
}

export interface OtherPhoto {
  /** the material the other photo is attached to (its name is shown in the warning) */
  materialId: string
  hash: string
}

export interface PhotoWarning {
  issue: PhotoIssue
  /** for 'duplicate': the material the same photo is already attached to */
  materialId?: string
}

// ---------- grey images ----------

export interface Grey {
  width: number
  height: number
  /** 0…255 */
  data: Float32Array
}

/** Luma (BT.601) of each pixel. */
export function toGrey(img: PixelImage): Grey {
  const { width, height, data, channels } = img
  const n = width * height
  const out = new Float32Array(n)
  if (channels <= 2) {
    for (let i = 0; i < n; i++) out[i] = data[i * channels]!
  } else {
    for (let i = 0, j = 0; i < n; i++, j += channels) out[i] = 0.299 * data[j]! + 0.587 * data[j + 1]! + 0.114 * data[j + 2]!
  }
  return { width, height, data: out }
}

/** Area-average downscale so the long side is at most `longSide` (no-op when already small enough). */
export function shrink(g: Grey, longSide: number): Grey {
  const k = Math.max(g.width, g.height) / longSide
  if (k <= 1) return g
  const w = Math.max(1, Math.round(g.width / k))
  const h = Math.max(1, Math.round(g.height / k))
  return resize(g, w, h)
}

/** Box-filter resize to exactly w × h (each output pixel the mean of the input pixels it covers). */
export function resize(g: Grey, w: number, h: number): Grey {
  const out = new Float32Array(w * h)
  const sx = g.width / w
  const sy = g.height / h
  // each output column's span of input columns, worked out once rather than on every row
  const xs0 = new Int32Array(w)
  const xs1 = new Int32Array(w)
  for (let x = 0; x < w; x++) {
    xs0[x] = Math.floor(x * sx)
    xs1[x] = Math.max(xs0[x]! + 1, Math.floor((x + 1) * sx))
  }
  const src = g.data
  for (let y = 0; y < h; y++) {
    const y0 = Math.floor(y * sy)
    const y1 = Math.max(y0 + 1, Math.floor((y + 1) * sy))
    for (let x = 0; x < w; x++) {
      const x0 = xs0[x]!
      const x1 = xs1[x]!
      let sum = 0
      for (let yy = y0; yy < y1; yy++) {
        const row = yy * g.width
        for (let xx = x0; xx < x1; xx++) sum += src[row + xx]!
      }
      out[y * w + x] = sum / ((y1 - y0) * (x1 - x0))
    }
  }
  return { width: w, height: h, data: out }
}

/** The luminance histogram of the whole image. */
function histogram(g: Grey): Uint32Array {
  return boxHistogram(g, [0, 0, g.width, g.height]).hist
}

function percentile(hist: Uint32Array, total: number, p: number): number {
  const target = total * p
  let acc = 0
  for (let v = 0; v < 256; v++) {
    acc += hist[v]!
    if (acc >= target) return v
  }
  return 255
}

// ---------- the checks ----------

export function exposure(g: Grey): { meanLuma: number; p2: number; p98: number; clipped: number } {
  const hist = histogram(g)
  const n = g.data.length
  let sum = 0
  let clipped = 0
  for (let v = 0; v < 256; v++) {
    sum += v * hist[v]!
    if (v >= 250) clipped += hist[v]!
  }
  return { meanLuma: sum / n, p2: percentile(hist, n, 0.02), p98: percentile(hist, n, 0.98), clipped: clipped / n }
}

/** Otsu's threshold of a histogram. */
function otsu(hist: Uint32Array, total: number): number {
  let sumAll = 0
  for (let v = 0; v < 256; v++) sumAll += v * hist[v]!
  let wB = 0
  let sumB = 0
  let best = 0
  let at = 127
  for (let t = 0; t < 256; t++) {
    wB += hist[t]!
    if (wB === 0) continue
    const wF = total - wB
    if (wF === 0) break
    sumB += t * hist[t]!
    const mB = sumB / wB
    const mF = (sumAll - sumB) / wF
    const between = wB * wF * (mB - mF) * (mB - mF)
    if (between > best) {
      best = between
      at = t
    }
  }
  return at
}

/**
 * The document in the frame: the largest bright connected region after Otsu's threshold on a lightly smoothed copy
 * (text inside the paper is dark: the region is closed by a 7-px box blur first). Its quadrilateral is spanned by the
 * region's extreme points (min/max of x+y and x−y), the corners of a paper seen roughly straight on.
 */
export function framing(g: Grey): { border: [number, number, number, number]; docArea: number; box: Box } | null {
  const small = shrink(g, 160)
  const { width: w, height: h } = small
  const blurred = boxBlur(small, 3)
  const hist = histogram(blurred)
  const t = otsu(hist, w * h)
  // no real contrast between paper and background: nothing to judge
  const mean = (from: number, to: number): number => {
    let s = 0
    let n = 0
    for (let v = from; v <= to; v++) {
      s += v * hist[v]!
      n += hist[v]!
    }
    return n ? s / n : 0
  }
  if (mean(t + 1, 255) - mean(0, t) < 40) return null
  const bright = new Uint8Array(w * h)
  for (let i = 0; i < bright.length; i++) bright[i] = blurred.data[i]! > t ? 1 : 0
  const label = new Int32Array(w * h).fill(-1)
  let bestSize = 0
  let bestLabel = -1
  const stack: number[] = []
  let next = 0
  for (let i = 0; i < bright.length; i++) {
    if (!bright[i] || label[i] !== -1) continue
    let size = 0
    label[i] = next
    stack.push(i)
    while (stack.length) {
      const p = stack.pop()!
      size++
      const x = p % w
      const y = (p - x) / w
      if (x > 0 && bright[p - 1] && label[p - 1] === -1) (label[p - 1] = next), stack.push(p - 1)
      if (x < w - 1 && bright[p + 1] && label[p + 1] === -1) (label[p + 1] = next), stack.push(p + 1)
      if (y > 0 && bright[p - w] && label[p - w] === -1) (label[p - w] = next), stack.push(p - w)
      if (y < h - 1 && bright[p + w] && label[p + w] === -1) (label[p + w] = next), stack.push(p + w)
    }
    if (size > bestSize) {
      bestSize = size
      bestLabel = next
    }
    next++
  }
  if (bestLabel < 0) return null
  const border: [number, number, number, number] = [0, 0, 0, 0]
  const corner = { sMin: Infinity, sMax: -Infinity, dMin: Infinity, dMax: -Infinity }
  let [bx0, by0, bx1, by1] = [w, h, 0, 0]
  const pts: Record<keyof typeof corner, [number, number]> = { sMin: [0, 0], sMax: [0, 0], dMin: [0, 0], dMax: [0, 0] }
  for (let y = 0; y < h; y++) {
    for (let x = 0; x < w; x++) {
      if (label[y * w + x] !== bestLabel) continue
      if (y === 0) border[0]++
      if (x === w - 1) border[1]++
      if (y === h - 1) border[2]++
      if (x === 0) border[3]++
      if (x < bx0) bx0 = x
      if (x > bx1) bx1 = x
      if (y < by0) by0 = y
      if (y > by1) by1 = y
      const s = x + y
      const d = x - y
      if (s < corner.sMin) (corner.sMin = s), (pts.sMin = [x, y])
      if (s > corner.sMax) (corner.sMax = s), (pts.sMax = [x, y])
      if (d < corner.dMin) (corner.dMin = d), (pts.dMin = [x, y])
      if (d > corner.dMax) (corner.dMax = d), (pts.dMax = [x, y])
    }
  }
  border[0] /= w
  border[1] /= h
  border[2] /= w
  border[3] /= h
  // the region runs along all four borders: a paper filling the frame, or a light background — cannot be judged
  if (Math.min(...border) > 0.5) return null
  // quadrilateral top-left (sMin) → top-right (dMax) → bottom-right (sMax) → bottom-left (dMin), shoelace area
  const q = [pts.sMin, pts.dMax, pts.sMax, pts.dMin]
  let area = 0
  for (let i = 0; i < 4; i++) {
    const [x1, y1] = q[i]!
    const [x2, y2] = q[(i + 1) % 4]!
    area += x1 * y2 - x2 * y1
  }
  return { border, docArea: Math.abs(area) / 2 / (w * h), box: [bx0 / w, by0 / h, (bx1 + 1) / w, (by1 + 1) / h] }
}

/** a region of the frame: left, top, right, bottom as shares of its width and height */
export type Box = [number, number, number, number]

/** The pixel rectangle of `box` in `g`, moved in from each side by `inset` of its size. */
function boxPixels(g: Grey, box: Box | null, inset = 0): [number, number, number, number] {
  const [l, t, r, b] = box ?? [0, 0, 1, 1]
  const dx = (r - l) * inset
  const dy = (b - t) * inset
  return [Math.floor((l + dx) * g.width), Math.floor((t + dy) * g.height), Math.ceil((r - dx) * g.width), Math.ceil((b - dy) * g.height)]
}

/** The luminance histogram of the pixel rectangle [x0, y0, x1, y1) of `g`, and its pixel count. */
function boxHistogram(g: Grey, [x0, y0, x1, y1]: [number, number, number, number]): { hist: Uint32Array; n: number } {
  const hist = new Uint32Array(256)
  let n = 0
  for (let y = y0; y < y1; y++) {
    // (v + 0.5) | 0 is Math.round for the 0…255 of a grey image, at a fraction of its cost over ~200 000 pixels
    for (let x = x0, i = y * g.width + x0; x < x1; x++, i++) {
      const v = (g.data[i]! + 0.5) | 0
      hist[v > 255 ? 255 : v < 0 ? 0 : v]! += 1
    }
    n += Math.max(0, x1 - x0)
  }
  return { hist, n }
}

/**
 * Exposure of the document itself: the share of its pixels clipped white and its 2nd percentile (the text), over the
 * region's bounding box moved 8 % in from each side (so the desk at a tilted paper's corners stays out). A washed-out
 * paper on a dark desk is a small part of the frame: counted over the frame its clipping would look small.
 */
export function documentExposure(g: Grey, box: Box): { docClipped: number; docP2: number } {
  const { hist, n } = boxHistogram(g, boxPixels(g, box, 0.08))
  if (n === 0) return { docClipped: 0, docP2: 0 }
  let clipped = 0
  for (let v = 250; v < 256; v++) clipped += hist[v]!
  return { docClipped: clipped / n, docP2: percentile(hist, n, 0.02) }
}

/**
 * Directional sharpness inside `box` (the document where it was found, else the frame): after stretching the box's
 * 1st…99th percentile to 0…255, the mean squared second difference along 0°, 45°, 90° and 135° over the pixels on an
 * edge. Print in focus has steep steps in every direction; focus blur softens all four; motion blur softens the one
 * along the motion and leaves the one across it (and the isotropic Laplacian) high — the text is unreadable all the
 * same. The result is the weakest direction's energy, each diagonal scaled by ½ for its √2 spacing (a ramp's second
 * difference grows with the square of the step).
 */
export function directionalEnergy(g: Grey, box: Box | null): [number, number, number, number] {
  const { width: w, data } = g
  const [x0, y0, x1, y1] = boxPixels(g, box)
  const { hist, n: total } = boxHistogram(g, [x0, y0, x1, y1])
  const lo = percentile(hist, total, 0.01)
  const k = 255 / (Math.max(lo + 1, percentile(hist, total, 0.99)) - lo)
  const e = [0, 0, 0, 0]
  let n = 0
  for (let y = Math.max(1, y0); y < Math.min(g.height - 1, y1); y++) {
    for (let x = Math.max(1, x0), i = y * w + x; x < Math.min(w - 1, x1); x++, i++) {
      const c = 2 * data[i]!
      const gx = Math.abs(data[i + 1]! - data[i - 1]!)
      const gy = Math.abs(data[i + w]! - data[i - w]!)
      if ((gx + gy) * k < 20) continue
      n++
      const h0 = data[i - 1]! + data[i + 1]! - c
      const v0 = data[i - w]! + data[i + w]! - c
      const d1 = data[i - w - 1]! + data[i + w + 1]! - c
      const d2 = data[i - w + 1]! + data[i + w - 1]! - c
      e[0] += h0 * h0
      e[1] += d1 * d1
      e[2] += v0 * v0
      e[3] += d2 * d2
    }
  }
  if (n === 0) return [0, 0, 0, 0]
  const s = (k * k) / n
  return [e[0]! * s, (e[1]! * s) / 4, e[2]! * s, (e[3]! * s) / 4]
}

function boxBlur(g: Grey, r: number): Grey {
  const { width: w, height: h, data } = g
  const tmp = new Float32Array(data.length)
  const out = new Float32Array(data.length)
  for (let y = 0; y < h; y++) {
    for (let x = 0; x < w; x++) {
      let s = 0
      let n = 0
      for (let k = Math.max(0, x - r); k <= Math.min(w - 1, x + r); k++) (s += data[y * w + k]!), n++
      tmp[y * w + x] = s / n
    }
  }
  for (let y = 0; y < h; y++) {
    for (let x = 0; x < w; x++) {
      let s = 0
      let n = 0
      for (let k = Math.max(0, y - r); k <= Math.min(h - 1, y + r); k++) (s += tmp[k * w + x]!), n++
      out[y * w + x] = s / n
    }
  }
  return { width: w, height: h, data: out }
}

/**
 * Periodicity of the fine detail: 48 rows and 48 columns sampled across the image, each Hann-windowed and
 * Fourier-transformed; their power spectra are summed per direction (a screen's grating has the same period on every
 * row; noise and print average out into a smooth spectrum). The score is how far the strongest peak with a period of
 * 2.5…12 px stands above its neighbourhood in the spectrum (log2 of the ratio). Print, paper texture and blur have a spectrum
 * that falls smoothly; a screen's grid puts a spike in it.
 */
export function periodicity(g: Grey): number {
  const { width: w, height: h, data } = g
  const rows: Float32Array[] = []
  const cols: Float32Array[] = []
  for (let k = 0, n = Math.min(48, h); k < n; k++) {
    const y = Math.floor(((k + 0.5) * h) / n)
    rows.push(data.subarray(y * w, (y + 1) * w))
  }
  for (let k = 0, n = Math.min(48, w); k < n; k++) {
    const x = Math.floor(((k + 0.5) * w) / n)
    const col = new Float32Array(h)
    for (let y = 0; y < h; y++) col[y] = data[y * w + x]!
    cols.push(col)
  }
  return Math.max(spike(rows), spike(cols))
}

function spike(lines: Float32Array[]): number {
  const len = lines[0]?.length ?? 0
  if (len < 64) return 0
  let n = 1
  while (n * 2 <= Math.min(len, 1024)) n *= 2
  const power = new Float64Array(n / 2)
  const re = new Float64Array(n)
  const im = new Float64Array(n)
  const { window, cos, sin } = fftTables(n)
  for (const line of lines) {
    const off = (line.length - n) >> 1
    let mean = 0
    for (let i = 0; i < n; i++) mean += line[off + i]!
    mean /= n
    for (let i = 0; i < n; i++) {
      re[i] = (line[off + i]! - mean) * window[i]!
      im[i] = 0
    }
    fft(re, im, cos, sin)
    for (let k = 0; k < n / 2; k++) power[k] += re[k]! * re[k]! + im[k]! * im[k]!
  }
  const lo = Math.ceil(n / 12)
  const hi = Math.floor(n / 2.5)
  // each bin against its neighbourhood (3…8 bins away on both sides): a smoothly falling spectrum (print, blur)
  // stays near 1, a grating's spike stands far above it
  let best = 0
  const around: number[] = []
  for (let k = lo; k <= hi; k++) {
    around.length = 0
    for (let d = 3; d <= 8; d++) {
      if (k - d >= 1) around.push(power[k - d]!)
      if (k + d < n / 2) around.push(power[k + d]!)
    }
    around.sort((a, b) => a - b)
    const local = around[around.length >> 1]!
    if (local > 0) best = Math.max(best, (power[k - 1]! + power[k]! + power[k + 1]!) / 3 / local)
  }
  return Math.log2(Math.max(1, best))
}

/**
 * The Hann window and the FFT's twiddle factors for length n, made once per length (a photo's rows and columns share
 * them): the sines and cosines were most of the spectrum's cost when computed in the butterflies.
 */
const FFT_TABLES = new Map<number, { window: Float64Array; cos: Float64Array; sin: Float64Array }>()
function fftTables(n: number): { window: Float64Array; cos: Float64Array; sin: Float64Array } {
  let t = FFT_TABLES.get(n)
  if (!t) {
    const window = new Float64Array(n)
    for (let i = 0; i < n; i++) window[i] = 0.5 - 0.5 * Math.cos((2 * Math.PI * i) / (n - 1))
    const cos = new Float64Array(n / 2)
    const sin = new Float64Array(n / 2)
    for (let k = 0; k < n / 2; k++) {
      cos[k] = Math.cos((-2 * Math.PI * k) / n)
      sin[k] = Math.sin((-2 * Math.PI * k) / n)
    }
    t = { window, cos, sin }
    FFT_TABLES.set(n, t)
  }
  return t
}

/** In-place iterative radix-2 FFT (n a power of two; cos/sin: fftTables(n)'s twiddles, e^(−2πik/n) for k < n/2). */
function fft(re: Float64Array, im: Float64Array, cos: Float64Array, sin: Float64Array): void {
  const n = re.length
  for (let i = 1, j = 0; i < n; i++) {
    let bit = n >> 1
    for (; j & bit; bit >>= 1) j ^= bit
    j ^= bit
    if (i < j) {
      const r = re[i]!
      re[i] = re[j]!
      re[j] = r
      const m = im[i]!
      im[i] = im[j]!
      im[j] = m
    }
  }
  for (let size = 2; size <= n; size *= 2) {
    const half = size / 2
    // the twiddle for k at this size is the table's entry k · n / size
    const stride = n / size
    for (let start = 0; start < n; start += size) {
      for (let k = 0; k < half; k++) {
        const c = cos[k * stride]!
        const sn = sin[k * stride]!
        const a = start + k
        const b = a + half
        const tr = re[b]! * c - im[b]! * sn
        const ti = re[b]! * sn + im[b]! * c
        re[b] = re[a]! - tr
        im[b] = im[a]! - ti
        re[a] = re[a]! + tr
        im[a] = im[a]! + ti
      }
    }
  }
}

/** dHash: 9 × 8 box-averaged grey, one bit per horizontal neighbour pair (left brighter than right), 16 hex digits. */
export function dHash(g: Grey): string {
  const s = resize(g, 9, 8)
  let hex = ''
  for (let y = 0; y < 8; y++) {
    let byte = 0
    for (let x = 0; x < 8; x++) byte = (byte << 1) | (s.data[y * 9 + x]! > s.data[y * 9 + x + 1]! ? 1 : 0)
    hex += byte.toString(16).padStart(2, '0')
  }
  return hex
}

export function hammingDistance(a: string, b: string): number {
  if (a.length !== b.length) return Infinity
  let d = 0
  for (let i = 0; i < a.length; i += 2) {
    let x = parseInt(a.slice(i, i + 2), 16) ^ parseInt(b.slice(i, i + 2), 16)
    while (x) {
      d += x & 1
      x >>= 1
    }
  }
  return d
}

// ---------- all together ----------

/** Every measure of a photo (the benchmark prints them; checkPhoto compares them with PHOTO_THRESHOLDS). */
export function measurePhoto(img: PixelImage): PhotoMeasures {
  const full = shrink(toGrey(img), ANALYSIS_LONG_SIDE)
  const g = shrink(full, BLUR_LONG_SIDE)
  const frame = framing(g)
  const doc = frame ? documentExposure(g, frame.box) : null
  const energy = directionalEnergy(g, frame?.box ?? null)
  const weakest = Math.min(...energy)
  const strongest = Math.max(...energy)
  return {
    ...exposure(g),
    sharpness: weakest,
    anisotropy: strongest > 0 ? weakest / strongest : 1,
    docClipped: doc?.docClipped ?? null,
    docP2: doc?.docP2 ?? null,
    border: frame?.border ?? null,
    docArea: frame?.docArea ?? null,
    periodicity: periodicity(full),
    hash: dHash(g)
  }
}

/** The issues of a photo's measures, most important first (what the citizen is told first). */
export function judgePhoto(m: PhotoMeasures, others: OtherPhoto[] = []): PhotoWarning[] {
  const t = PHOTO_THRESHOLDS
  const out: PhotoWarning[] = []
  const dark = m.p98 < t.darkP98
  if (dark) out.push({ issue: 'dark' })
  else if ((m.clipped >= t.overClipped && m.p2 > t.overP2) || (m.docClipped !== null && m.docClipped >= t.overDocClipped && m.docP2! > t.overDocP2)) {
    out.push({ issue: 'overExposed' })
  }
  // in a dark photo the sensor's noise and the JPEG's quantisation flatten the print's steps in every direction: only
  // a direction much softer than the others (motion) is judged there; the citizen is told 太暗 anyway
  if ((!dark && m.sharpness < t.blurSharpness) || m.anisotropy < t.blurAnisotropy) out.push({ issue: 'blurred' })
  if (m.border && Math.max(...m.border) > t.cutBorder) out.push({ issue: 'cutOff' })
  else if (m.docArea !== null && m.docArea < t.smallArea) out.push({ issue: 'tooSmall' })
  if (m.periodicity > t.screenPeriodicity) out.push({ issue: 'screen' })
  const same = others.find((o) => hammingDistance(o.hash, m.hash) <= t.duplicateMaxDistance)
  if (same) out.push({ issue: 'duplicate', materialId: same.materialId })
  return out
}

export function checkPhoto(img: PixelImage, others: OtherPhoto[] = []): { warnings: PhotoWarning[]; measures: PhotoMeasures } {
  const measures = measurePhoto(img)
  return { warnings: judgePhoto(measures, others), measures }
}

/** What the citizen reads for each issue (plain words; `name` is the other material's name for a duplicate). */
export function photoIssueText(w: PhotoWarning, materialName?: (id: string) => string | undefined): string {
  switch (w.issue) {
    case 'dark':
      return '照片太暗，看不清字'
    case 'overExposed':
      return '照片太亮（曝光过度），字被冲淡了'
    case 'blurred':
      return '照片模糊，字看不清'
    case 'cutOff':
      return '证件没有拍全，四角要完整'
    case 'tooSmall':
      return '材料在照片里太小，请靠近一些拍'
    case 'screen':
      return '像是翻拍屏幕，请拍摄原件'
    case 'duplicate': {
      const name = (w.materialId && materialName?.(w.materialId)) || '另一项材料'
      return `这张和「${name}」那张是同一张照片`
    }
    default: {
      const never: never = w.issue
      return never
    }
  }
}
