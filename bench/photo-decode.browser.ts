/**
 * The decode alternatives' page script (bundled by bench/photo-decode.ts with esbuild): each way a browser can turn a
 * photo file into the pre-check's pixels, timed on the same 12 MP JPEG. Each returns the time until the pixels are in
 * hand (`pixelsMs`), the time the main thread was busy or waiting (`mainMs`: everything but a worker's share), and
 * the total with the checks.
 */
import { ANALYSIS_LONG_SIDE, checkPhoto, type PhotoIssue, type PixelImage } from '../domain/photo-check'
import { DECODE_SQUARE, decodeScaledJpeg, drawScaled, photoPixels } from '../src/features/apply/photoPixels.h5'

type Quality = 'low' | 'medium' | 'high' | 'pixelated'

export interface VariantTiming {
  pixelsMs: number
  checksMs: number
  totalMs: number
  /** main thread busy: drawing, reading the pixels, the checks where they run on it, posting to the worker */
  mainMs: number
  width: number
  height: number
}

function context2d(w: number, h: number, willReadFrequently: boolean): OffscreenCanvasRenderingContext2D {
  const ctx = new OffscreenCanvas(w, h).getContext('2d', { willReadFrequently })
  if (!ctx) throw new Error('no 2d context')
  return ctx
}

/** ms the main thread spent drawing and reading in the last variant (the awaited decode runs off it in Chromium) */
let busy = 0

function read(ctx: OffscreenCanvasRenderingContext2D, w: number, h: number): PixelImage {
  return { width: w, height: h, data: ctx.getImageData(0, 0, w, h).data, channels: 4 }
}

/** the long side's target: w × h of a width × height image scaled so its long side is ANALYSIS_LONG_SIDE */
function fit(width: number, height: number): { w: number; h: number } {
  const k = Math.min(1, ANALYSIS_LONG_SIDE / Math.max(width, height))
  return { w: Math.max(1, Math.round(width * k)), h: Math.max(1, Math.round(height * k)) }
}

/** createImageBitmap resized by the given options, then drawn (scaled to the long side if it is not yet) and read */
async function viaBitmap(blob: Blob, opts: ImageBitmapOptions, willReadFrequently = true): Promise<PixelImage> {
  const bmp = await createImageBitmap(blob, opts)
  const { w, h } = fit(bmp.width, bmp.height)
  const b0 = performance.now()
  const ctx = context2d(w, h, willReadFrequently)
  ctx.imageSmoothingQuality = 'medium'
  ctx.drawImage(bmp, 0, 0, w, h)
  bmp.close()
  const px = read(ctx, w, h)
  busy = performance.now() - b0
  return px
}

/** createImageBitmap resized to exactly the target, handed to a bitmaprenderer canvas, which is then drawn and read */
async function viaTransfer(blob: Blob, dims: { w: number; h: number }): Promise<PixelImage> {
  const bmp = await createImageBitmap(blob, { resizeWidth: dims.w, resizeHeight: dims.h, resizeQuality: 'medium' })
  const shown = new OffscreenCanvas(dims.w, dims.h)
  const r = shown.getContext('bitmaprenderer')
  if (!r) throw new Error('no bitmaprenderer')
  const b0 = performance.now()
  r.transferFromImageBitmap(bmp)
  const ctx = context2d(dims.w, dims.h, true)
  ctx.drawImage(shown, 0, 0)
  const px = read(ctx, dims.w, dims.h)
  busy = performance.now() - b0
  return px
}

/** an <img>, decode(), drawImage scaled to a small canvas (the browser may decode the JPEG at a reduced scale) */
async function viaImg(blob: Blob): Promise<PixelImage> {
  const url = URL.createObjectURL(blob)
  try {
    const img = new Image()
    img.src = url
    await img.decode()
    const b0 = performance.now()
    const { w, h } = fit(img.naturalWidth, img.naturalHeight)
    const ctx = context2d(w, h, true)
    ctx.imageSmoothingQuality = 'medium'
    ctx.drawImage(img, 0, 0, w, h)
    const px = read(ctx, w, h)
    busy = performance.now() - b0
    return px
  } finally {
    URL.revokeObjectURL(url)
  }
}

const WORKER_SRC = (checkBundle: string): string => `${checkBundle}
self.onmessage = (e) => {
  const px = e.data
  const t0 = performance.now()
  const r = self.photoCheckModule.checkPhoto({ width: px.width, height: px.height, data: new Uint8ClampedArray(px.buffer), channels: 4 })
  self.postMessage({ warnings: r.warnings, ms: performance.now() - t0 })
}`

let worker: Worker | null = null
function checksWorker(checkBundle: string): Worker {
  if (!worker) worker = new Worker(URL.createObjectURL(new Blob([WORKER_SRC(checkBundle)], { type: 'text/javascript' })))
  return worker
}

async function inWorker(px: PixelImage, checkBundle: string): Promise<void> {
  const w = checksWorker(checkBundle)
  const data = px.data as Uint8ClampedArray
  await new Promise<void>((resolve) => {
    w.onmessage = () => resolve()
    w.postMessage({ width: px.width, height: px.height, buffer: data.buffer }, [data.buffer])
  })
}

export type VariantName =
  | 'app: ImageDecoder scaled JPEG decode → draw to long side'
  | 'ImageDecoder, checks in a Worker'
  | 'current: resizeWidth 1024 medium → draw to long side'
  | 'resizeWidth 1024 low'
  | 'resizeWidth 1024 pixelated'
  | 'long side (resizeHeight 1024) medium'
  | 'long side low'
  | 'short side (resizeWidth 768) medium'
  | 'exact target (both sides) medium'
  | 'exact target low'
  | 'exact target, no willReadFrequently'
  | 'bitmaprenderer transfer, then draw'
  | '<img> decode() + drawImage'
  | 'exact target medium, checks in a Worker'

export const VARIANTS: VariantName[] = [
  'app: ImageDecoder scaled JPEG decode → draw to long side',
  'ImageDecoder, checks in a Worker',
  'current: resizeWidth 1024 medium → draw to long side',
  'resizeWidth 1024 low',
  'resizeWidth 1024 pixelated',
  'long side (resizeHeight 1024) medium',
  'long side low',
  'short side (resizeWidth 768) medium',
  'exact target (both sides) medium',
  'exact target low',
  'exact target, no willReadFrequently',
  'bitmaprenderer transfer, then draw',
  '<img> decode() + drawImage',
  'exact target medium, checks in a Worker'
]

async function runVariant(name: VariantName, blob: Blob, size: { width: number; height: number }, checkBundle: string): Promise<VariantTiming> {
  const dims = fit(size.width, size.height)
  const portrait = size.height > size.width
  const long = (q: Quality): ImageBitmapOptions => (portrait ? { resizeHeight: ANALYSIS_LONG_SIDE, resizeQuality: q } : { resizeWidth: ANALYSIS_LONG_SIDE, resizeQuality: q })
  const exact = (q: Quality): ImageBitmapOptions => ({ resizeWidth: dims.w, resizeHeight: dims.h, resizeQuality: q })
  const t0 = performance.now()
  let px: PixelImage
  switch (name) {
    case 'app: ImageDecoder scaled JPEG decode → draw to long side': {
      // the app's own code; its main-thread share is not separable here, so `mainMs` is the whole wall time (an
      // upper bound) — the next variant splits it
      const b0 = performance.now()
      const got = await photoPixels({ path: '', name: 'p.jpg', size: blob.size, mime: blob.type, kind: 'image', blob })
      busy = performance.now() - b0
      if (!got) throw new Error('no pixels')
      px = got
      break
    }
    case 'ImageDecoder, checks in a Worker': {
      // the app's decoder path step by step: the decode runs off the main thread, drawing and reading on it
      const Decoder = (self as unknown as { ImageDecoder: new (init: object) => { decode: () => Promise<{ image: VideoFrame }>; close: () => void } }).ImageDecoder
      const decoder = new Decoder({ data: await blob.arrayBuffer(), type: 'image/jpeg', desiredWidth: DECODE_SQUARE, desiredHeight: DECODE_SQUARE })
      const { image } = await decoder.decode()
      const b0 = performance.now()
      const got = drawScaled(image, image.displayWidth, image.displayHeight)
      busy = performance.now() - b0
      image.close()
      decoder.close()
      if (!got) throw new Error('no pixels')
      px = got
      break
    }
    case 'current: resizeWidth 1024 medium → draw to long side':
      px = await viaBitmap(blob, { resizeWidth: ANALYSIS_LONG_SIDE, resizeQuality: 'medium' })
      break
    case 'resizeWidth 1024 low':
      px = await viaBitmap(blob, { resizeWidth: ANALYSIS_LONG_SIDE, resizeQuality: 'low' })
      break
    case 'resizeWidth 1024 pixelated':
      px = await viaBitmap(blob, { resizeWidth: ANALYSIS_LONG_SIDE, resizeQuality: 'pixelated' })
      break
    case 'long side (resizeHeight 1024) medium':
      px = await viaBitmap(blob, long('medium'))
      break
    case 'long side low':
      px = await viaBitmap(blob, long('low'))
      break
    case 'short side (resizeWidth 768) medium':
      px = await viaBitmap(blob, portrait ? { resizeWidth: dims.w, resizeQuality: 'medium' } : { resizeHeight: dims.h, resizeQuality: 'medium' })
      break
    case 'exact target (both sides) medium':
    case 'exact target medium, checks in a Worker':
      px = await viaBitmap(blob, exact('medium'))
      break
    case 'exact target low':
      px = await viaBitmap(blob, exact('low'))
      break
    case 'exact target, no willReadFrequently':
      px = await viaBitmap(blob, exact('medium'), false)
      break
    case 'bitmaprenderer transfer, then draw':
      px = await viaTransfer(blob, dims)
      break
    case '<img> decode() + drawImage':
      px = await viaImg(blob)
      break
  }
  const t1 = performance.now()
  if (name === 'exact target medium, checks in a Worker' || name === 'ImageDecoder, checks in a Worker') {
    // main thread: the decode's share that runs on it plus posting; the checks run elsewhere
    const m0 = performance.now()
    const done = inWorker(px, checkBundle)
    const posted = performance.now() - m0
    await done
    const t2 = performance.now()
    return { pixelsMs: t1 - t0, checksMs: t2 - t1, totalMs: t2 - t0, mainMs: busy + posted, width: px.width, height: px.height }
  }
  checkPhoto(px)
  const t2 = performance.now()
  return { pixelsMs: t1 - t0, checksMs: t2 - t1, totalMs: t2 - t0, mainMs: busy + (t2 - t1), width: px.width, height: px.height }
}

/**
 * One photo of a family through an H5 path, checked: 'bitmap' the createImageBitmap path (resized to 1 024 wide,
 * then drawn to the long side), 'decoder' the ImageDecoder path the app takes for a JPEG in Chromium.
 */
async function verdicts(b64: string, way: 'bitmap' | 'decoder'): Promise<PhotoIssue[]> {
  const blob = new Blob([Uint8Array.from(atob(b64), (c) => c.charCodeAt(0))], { type: 'image/jpeg' })
  const px = way === 'decoder' ? await decodeScaledJpeg(blob, blob.type) : await viaBitmap(blob, { resizeWidth: ANALYSIS_LONG_SIDE, resizeQuality: 'medium' })
  if (!px) throw new Error('no pixels')
  return checkPhoto(px).warnings.map((w) => w.issue)
}

/**
 * A JPEG stored sideways with an EXIF orientation through both paths: the sizes each gives and the mean difference
 * of their red channels (the ImageDecoder path must turn the photo upright as createImageBitmap does).
 */
async function uprightBoth(b64: string): Promise<{ decoder: string; bitmap: string; meanDiff: number }> {
  const blob = new Blob([Uint8Array.from(atob(b64), (c) => c.charCodeAt(0))], { type: 'image/jpeg' })
  const a = await decodeScaledJpeg(blob, blob.type)
  const b = await viaBitmap(blob, { resizeWidth: ANALYSIS_LONG_SIDE, resizeQuality: 'medium' })
  if (!a) throw new Error('no pixels')
  let diff = 0
  const n = Math.min(a.data.length, b.data.length)
  for (let i = 0; i < n; i += 4) diff += Math.abs(a.data[i]! - b.data[i]!)
  return { decoder: `${a.width}×${a.height}`, bitmap: `${b.width}×${b.height}`, meanDiff: Math.round((diff / (n / 4)) * 100) / 100 }
}

const page = window as unknown as { runVariant: typeof runVariant; verdicts: typeof verdicts; uprightBoth: typeof uprightBoth; VARIANTS: VariantName[] }
page.runVariant = runVariant
page.verdicts = verdicts
page.uprightBoth = uprightBoth
page.VARIANTS = VARIANTS
