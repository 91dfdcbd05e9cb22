import Taro from '@tarojs/taro'
import { ANALYSIS_LONG_SIDE, type PixelImage } from '../../../domain/photo-check'
import type { PickedFile } from '@/shared/media'

/**
 * Mini-programs (WeChat from base library 2.16.1, Alipay from 2.7.0 — both through Taro.createOffscreenCanvas): the
 * photo's pixels for the pre-check, scaled so the long side is ANALYSIS_LONG_SIDE, from an offscreen 2d canvas
 * (canvas.createImage loads the temp file, drawImage scales, getImageData gives RGBA). A client without the API, or
 * one that cannot load the file, gives null: the check is skipped silently and the BFF still checks the upload.
 * H5 has its own version (photoPixels.h5.ts).
 */
interface MiniImage {
  width: number
  height: number
  src: string
  onload: (() => void) | null
  onerror: ((e: unknown) => void) | null
}
interface MiniCanvas {
  createImage: () => MiniImage
  getContext: (kind: '2d') => {
    drawImage: (img: MiniImage, x: number, y: number, w: number, h: number) => void
    getImageData: (x: number, y: number, w: number, h: number) => { data: Uint8ClampedArray; width: number; height: number }
  } | null
}

export async function photoPixels(file: PickedFile): Promise<PixelImage | null> {
  if (file.kind !== 'image' || !file.path) return null
  // only the mini-programs have this canvas (jest runs the app as H5 without a browser's canvas)
  if (process.env.TARO_ENV !== 'weapp' && process.env.TARO_ENV !== 'alipay') return null
  const create = (Taro as unknown as { createOffscreenCanvas?: (o: { type: '2d'; width: number; height: number }) => MiniCanvas })
    .createOffscreenCanvas
  if (typeof create !== 'function') return null
  try {
    let { width, height } = file
    if (!width || !height) ({ width, height } = await Taro.getImageInfo({ src: file.path }))
    const k = Math.min(1, ANALYSIS_LONG_SIDE / Math.max(width, height))
    const w = Math.max(1, Math.round(width * k))
    const h = Math.max(1, Math.round(height * k))
    const canvas = create({ type: '2d', width: w, height: h })
    const ctx = canvas.getContext('2d')
    if (!ctx) return null
    const img = canvas.createImage()
    await new Promise<void>((resolve, reject) => {
      img.onload = () => resolve()
      img.onerror = reject
      img.src = file.path
    })
    ctx.drawImage(img, 0, 0, w, h)
    const data = ctx.getImageData(0, 0, w, h)
    return { width: data.width, height: data.height, data: data.data, channels: 4 }
  } catch {
    return null
  }
}
