import { ANALYSIS_LONG_SIDE, type PixelImage } from '../../../domain/photo-check'
import type { PickedFile } from '@/shared/media'

/**
 * H5 (Taro picks `*.h5.ts` in H5 builds): the photo's pixels for the pre-check, scaled so the long side is
 * ANALYSIS_LONG_SIDE. createImageBitmap decodes (upright by EXIF) and scales (far faster than JS could), and
 * getImageData gives RGBA. OffscreenCanvas where the browser has it, a detached <canvas> otherwise. null when the
 * browser cannot decode the file (HEIC outside Safari) — the check is then skipped and the BFF checks the upload.
 */
export async function photoPixels(file: PickedFile): Promise<PixelImage | null> {
  if (file.kind !== 'image' || !file.blob || typeof createImageBitmap !== 'function') return null
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
