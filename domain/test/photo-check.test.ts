import {
  checkPhoto,
  dHash,
  hammingDistance,
  photoIssueText,
  toGrey,
  type PhotoIssue,
  type PixelImage
} from '../photo-check'
import { prng } from '../../scripts/prng'

/**
 * The pre-check on small synthetic photos made here in JS (no sharp: the domain runs on pixels only): a paper with
 * lines of "print" on a darker table, then the condition each check is for. The full measured set is
 * bench/photo-set.ts + bench/photo-check.ts.
 */
const W = 480
const H = 360

interface Scene {
  /** paper rectangle */
  x0: number
  y0: number
  x1: number
  y1: number
  seed?: number
}

function scene({ x0, y0, x1, y1, seed = 1 }: Scene): Float32Array {
  const rand = prng(seed)
  const g = new Float32Array(W * H)
  for (let y = 0; y < H; y++) {
    for (let x = 0; x < W; x++) {
      const paper = x >= x0 && x < x1 && y >= y0 && y < y1
      g[y * W + x] = paper ? 232 : 70 + 10 * Math.sin(x / 37) * Math.cos(y / 23)
    }
  }
  // print: short strokes in lines, 3 px thick, random lengths (characters)
  const ph = y1 - y0
  for (let line = y0 + ph * 0.1; line < y1 - ph * 0.1; line += Math.max(10, ph / 14)) {
    let x = x0 + (x1 - x0) * 0.08
    while (x < x1 - (x1 - x0) * 0.1) {
      const len = 2 + Math.floor(rand() * 8)
      const vertical = rand() < 0.5
      for (let k = 0; k < len; k++) {
        for (let t = 0; t < 2; t++) {
          const px = Math.round(vertical ? x + t : x + k)
          const py = Math.round(vertical ? line + k : line + t)
          if (px >= 0 && px < W && py >= 0 && py < H) g[py * W + px] = 25
        }
      }
      x += 4 + rand() * 9
    }
  }
  return g
}

function noise(g: Float32Array, sigma: number, seed = 7): Float32Array {
  const rand = prng(seed)
  return g.map((v) => v + (rand() + rand() + rand() - 1.5) * 2 * sigma)
}

function toImage(g: Float32Array): PixelImage {
  const data = new Uint8ClampedArray(W * H * 4)
  for (let i = 0; i < g.length; i++) {
    data[i * 4] = data[i * 4 + 1] = data[i * 4 + 2] = g[i]!
    data[i * 4 + 3] = 255
  }
  return { width: W, height: H, data, channels: 4 }
}

function boxBlur(g: Float32Array, r: number): Float32Array {
  let cur = g
  for (let pass = 0; pass < 3; pass++) {
    const out = new Float32Array(cur.length)
    for (let y = 0; y < H; y++) {
      for (let x = 0; x < W; x++) {
        let s = 0
        let n = 0
        for (let dy = -r; dy <= r; dy++) {
          for (let dx = -r; dx <= r; dx++) {
            const xx = x + dx
            const yy = y + dy
            if (xx < 0 || yy < 0 || xx >= W || yy >= H) continue
            s += cur[yy * W + xx]!
            n++
          }
        }
        out[y * W + x] = s / n
      }
    }
    cur = out
  }
  return cur
}

/** motion blur: each pixel the mean of 2r + 1 pixels along a row (the phone moved sideways) */
function motionBlur(g: Float32Array, r: number): Float32Array {
  const out = new Float32Array(g.length)
  for (let y = 0; y < H; y++) {
    for (let x = 0; x < W; x++) {
      let s = 0
      let n = 0
      for (let dx = Math.max(-r, -x); dx <= Math.min(r, W - 1 - x); dx++) (s += g[y * W + x + dx]!), n++
      out[y * W + x] = s / n
    }
  }
  return out
}

const GOOD: Scene = { x0: 82, y0: 52, x1: 398, y1: 308 }
const issues = (g: Float32Array): PhotoIssue[] => checkPhoto(toImage(noise(g, 3))).warnings.map((w) => w.issue)

describe('photo pre-check (001 §5.1.2: 文字清晰、四角完整)', () => {
  it('a good photo of a paper has no warning', () => {
    expect(issues(scene(GOOD))).toEqual([])
    expect(issues(scene({ ...GOOD, seed: 9 }))).toEqual([])
  })

  it('dark: even the paper is grey → 照片太暗', () => {
    const dark = scene(GOOD).map((v) => v * 0.3)
    expect(issues(dark)).toContain('dark')
  })

  it('over-exposed: the paper clipped white and the print washed out', () => {
    const over = scene(GOOD).map((v) => Math.min(255, v * 2.2 + 90))
    expect(issues(over)).toContain('overExposed')
    expect(issues(over)).not.toContain('dark')
  })

  it('over-exposed: a washed-out paper on a dark desk, a small part of the frame, is judged inside the paper', () => {
    const paper: Scene = { x0: 130, y0: 90, x1: 350, y1: 270 }
    const inside = (i: number): boolean => {
      const x = i % W
      const y = Math.floor(i / W)
      return x >= paper.x0 && x < paper.x1 && y >= paper.y0 && y < paper.y1
    }
    const burnt = scene(paper).map((v, i) => (inside(i) ? Math.min(255, v * 2.4 + 100) : v))
    // under a third of the frame is clipped: counted over the frame it would pass
    expect(burnt.filter((v) => v >= 250).length / burnt.length).toBeLessThan(0.3)
    expect(issues(burnt)).toContain('overExposed')
    expect(issues(scene(paper))).not.toContain('overExposed')
  })

  it('blurred: the print has soft edges (focus) or is smeared in one direction (motion); a dark but sharp photo is not called blurred', () => {
    expect(issues(boxBlur(scene(GOOD), 2))).toContain('blurred')
    expect(issues(motionBlur(scene(GOOD), 5))).toContain('blurred')
    expect(issues(scene(GOOD).map((v) => v * 0.3))).not.toContain('blurred')
  })

  it('cut off: the paper runs past a border of the frame; too small: it covers little of the frame', () => {
    expect(issues(scene({ x0: 150, y0: 45, x1: 480, y1: 315 }))).toContain('cutOff')
    expect(issues(scene({ x0: 195, y0: 135, x1: 285, y1: 218 }))).toContain('tooSmall')
    // a paper filling the frame edge to edge cannot be judged: no warning rather than a false one
    expect(issues(scene({ x0: 0, y0: 0, x1: W, y1: H }))).not.toContain('cutOff')
  })

  it('screen: a periodic grating over the picture (moiré) → 像是翻拍屏幕', () => {
    const g = scene(GOOD).map((v, i) => {
      const x = i % W
      const y = Math.floor(i / W)
      return 30 + v * 0.8 * (0.82 + 0.18 * Math.sin(((x * 0.97 + y * 0.22) * 2 * Math.PI) / 5))
    })
    expect(issues(g)).toContain('screen')
    expect(issues(scene(GOOD))).not.toContain('screen')
  })

  it('duplicate: the same photo (noisier, dimmer) matches by dHash; another paper does not', () => {
    const a = checkPhoto(toImage(noise(scene(GOOD), 2, 1)))
    const again = checkPhoto(toImage(noise(scene(GOOD).map((v) => v * 0.9), 5, 2)), [{ materialId: 'id-card', hash: a.measures.hash }])
    expect(again.warnings).toContainEqual({ issue: 'duplicate', materialId: 'id-card' })
    const other = checkPhoto(toImage(noise(scene({ x0: 45, y0: 112, x1: 315, y1: 345, seed: 4 }), 2)), [{ materialId: 'id-card', hash: a.measures.hash }])
    expect(other.warnings.map((w) => w.issue)).not.toContain('duplicate')
    expect(hammingDistance(dHash(toGrey(toImage(scene(GOOD)))), a.measures.hash)).toBeLessThanOrEqual(6)
  })

  it('says each issue in plain Chinese, naming the other material of a duplicate', () => {
    expect(photoIssueText({ issue: 'dark' })).toBe('照片太暗，看不清字')
    expect(photoIssueText({ issue: 'blurred' })).toBe('照片模糊，字看不清')
    expect(photoIssueText({ issue: 'cutOff' })).toBe('证件没有拍全，四角要完整')
    expect(photoIssueText({ issue: 'screen' })).toBe('像是翻拍屏幕，请拍摄原件')
    expect(photoIssueText({ issue: 'duplicate', materialId: 'id-card' }, (id) => (id === 'id-card' ? '身份证' : undefined))).toBe(
      '这张和「身份证」那张是同一张照片'
    )
  })

  it('RGB, RGBA and grey input give the same measures', () => {
    const g = noise(scene(GOOD), 3)
    const rgba = toImage(g)
    const grey: PixelImage = { width: W, height: H, data: Uint8ClampedArray.from(g), channels: 1 }
    const rgb: PixelImage = { width: W, height: H, data: Uint8ClampedArray.from({ length: W * H * 3 }, (_, i) => g[Math.floor(i / 3)]!), channels: 3 }
    const m = checkPhoto(rgba).measures
    expect(checkPhoto(grey).measures.hash).toBe(m.hash)
    expect(checkPhoto(rgb).measures.sharpness).toBeCloseTo(m.sharpness, 0)
  })
})
