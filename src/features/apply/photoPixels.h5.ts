import { ANALYSIS_LONG_SIDE, type PixelImage } from '../../../domain/photo-check'
import type { PickedFile } from '@/shared/media'

/**
 * H5 (Taro picks `*.h5.ts` in H5 builds): the photo's pixels for the pre-check, scaled so the long side is
 * ANALYSIS_LONG_SIDE. A JPEG goes through WebCodecs' ImageDecoder where the browser has it (decodeScaledJpeg), else
 * createImageBitmap decodes (upright by EXIF) and scales (far faster than JS could); getImageData gives RGBA.
 * OffscreenCanvas where the browser has it, a detached <canvas> otherwise. null when the browser cannot decode the
 * file (HEIC outside Safari) — the check is then skipped and the BFF checks the upload.
 */
export async function photoPixels(file: PickedFile): Promise<PixelImage | null> {
  if (file.kind !== 'image' || !file.blob) return null
  const scaled = await decodeScaledJpeg(file.blob, file.mime)
  if (scaled) return scaled
  if (typeof createImageBitmap !== 'function') return null
  let bitmap: ImageBitmap
  try {
    // decoded straight to the analysis width (the height follows the aspect ratio): a 12 MP photo decoded at full
    // size took 2.5× as long in chromium. A portrait photo comes out a little over ANALYSIS_LONG_SIDE high; the
    // draw below scales it to it.
    bitmap = await createImageBitmap(file.blob, { resizeWidth: ANALYSIS_LONG_SIDE, resizeQuality: 'medium' })
  } catch {
    return null
  }
  try {
    return drawScaled(bitmap, bitmap.width, bitmap.height)
  } finally {
    bitmap.close()
  }
}

/** the part of WebCodecs' ImageDecoder used here (not in TypeScript's DOM library yet) */
interface ScaledImageDecoder {
  decode: () => Promise<{ image: CanvasImageSource & { displayWidth: number; displayHeight: number; close: () => void } }>
  close: () => void
}
type ImageDecoderConstructor = new (init: { data: BufferSource; type: string; desiredWidth: number; desiredHeight: number }) => ScaledImageDecoder

/**
 * The square the JPEG is asked to be decoded into. Chromium's JPEG decoder scales in the DCT by n/8, picking the
 * largest n whose picture has at most the asked area (12 MP with 1 024² → 2/8, 750 × 1 000): 1.5 × the analysis side
 * squared keeps the decoded long side at or over ANALYSIS_LONG_SIDE for photos up to about 6 000 px long (3/8 of a
 * 12 MP photo, 1 125 × 1 500), so the canvas only ever scales down, as it does after createImageBitmap.
 */
export const DECODE_SQUARE = Math.round(ANALYSIS_LONG_SIDE * 1.5)

/**
 * A JPEG decoded at a reduced scale by WebCodecs' ImageDecoder (Chromium 94+ and the WebViews built on it, in secure
 * contexts), upright by its EXIF orientation, then drawn to the analysis size. The decoder skips most of the work of
 * a full-size decode: a 12 MP photo's pixels in chromium took a third of createImageBitmap's time (README "Photo
 * pre-check"). createImageBitmap cannot do this: it decodes the whole photo before resizing. null where there is no
 * ImageDecoder, for other types (PNG and WebP decoders have no scaled decode), or when decoding fails — the caller
 * then takes the createImageBitmap path.
 */
export async function decodeScaledJpeg(blob: Blob, mime: string): Promise<PixelImage | null> {
  const Decoder = (globalThis as { ImageDecoder?: ImageDecoderConstructor }).ImageDecoder
  const type = blob.type || mime
  if (typeof Decoder !== 'function' || (type !== 'image/jpeg' && type !== 'image/jpg')) return null
  let decoder: ScaledImageDecoder | null = null
  try {
    decoder = new Decoder({ data: await blob.arrayBuffer(), type: 'image/jpeg', desiredWidth: DECODE_SQUARE, desiredHeight: DECODE_SQUARE })
    const { image } = await decoder.decode()
    try {
      return drawScaled(image, image.displayWidth, image.displayHeight)
    } finally {
      image.close()
    }
  } catch {
    return null
  } finally {
    decoder?.close()
  }
}

export function drawScaled(source: CanvasImageSource, width: number, height: number): PixelImage | null {
  const k = Math.min(1, ANALYSIS_LONG_SIDE / Math.max(width, height))
  const w = Math.max(1, Math.round(width * k))
  const h = Math.max(1, Math.round(height * k))
  let ctx: OffscreenCanvasRenderingContext2D | CanvasRenderingContext2D | null = null
  if (typeof OffscreenCanvas === 'function') {
    ctx = new OffscreenCanvas(w, h).getContext('2d', { willReadFrequently: true })
  } else if (typeof document !== 'undefined') {
    const canvas = document.createElement('canvas')
    canvas.width = w
    canvas.height = h
    ctx = canvas.getContext('2d', { willReadFrequently: true })
  }
  if (!ctx) return null
  ctx.imageSmoothingQuality = 'medium'
  ctx.drawImage(source, 0, 0, w, h)
  const img = ctx.getImageData(0, 0, w, h)
  return { width: w, height: h, data: img.data, channels: 4 }
}
