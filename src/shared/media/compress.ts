import Taro from '@tarojs/taro'
import { ErrorCode, UPLOAD_MAX_BYTES, UPLOAD_MIN_SIDE, UPLOAD_TARGET_BYTES } from '@contract'
import { appError, type AppError } from '../api/errors'
import { currentPlatform, MediaErrorCode, type MediaPlatform, type PickedFile } from './types'

/**
 * On-device compression before upload (001 §5.1.2: photos must be clear): a photo leaves the phone at ≤ 1 MB
 * (UPLOAD_TARGET_BYTES) with its long side ≤ 2560 px, which keeps the small print of receipts and 诊断证明 legible
 * while a 12-megapixel original of 4–6 MB would take long on a mobile network.
 *  - mini-programs: Taro.compressImage (quality 80, then 60 once if still too big — never lower, for legibility);
 *    WeChat also scales to the long side with compressedWidth/compressedHeight; Alipay takes a compressLevel.
 *  - H5: browser-image-compression on the main thread (its web worker would load the library from a public CDN).
 * PDFs are sent as they are (≤ 10 MB). Photos already small enough are not touched (no needless quality loss).
 */
export const COMPRESS_TARGET_BYTES = UPLOAD_TARGET_BYTES
export const COMPRESS_MAX_SIDE = 2560
/** JPEG qualities tried in the mini-programs, in order; 60 is the floor below which small print blurs. */
export const MINI_QUALITIES = [80, 60] as const
/** browser-image-compression: start quality and most rounds (each round ×0.95 quality and size ⇒ ≥ ~0.6 of both). */
export const H5_INITIAL_QUALITY = 0.85
export const H5_MAX_ITERATION = 10

export function tooLarge(): AppError {
  return appError(ErrorCode.UPLOAD_TOO_LARGE, `文件超过 ${UPLOAD_MAX_BYTES / 1024 / 1024}MB，请压缩或分页后再上传`)
}

function tooSmall(): AppError {
  return appError(ErrorCode.UPLOAD_DIMENSIONS, `照片太小，看不清内容，请重新拍摄（短边至少 ${UPLOAD_MIN_SIDE} 像素）`)
}

function unreadable(): AppError {
  return appError(MediaErrorCode.UNREADABLE, '无法读取这张照片，请换一张 JPG 或 PNG 格式的照片')
}

function jpgName(name: string): string {
  return `${name.replace(/\.[^./]+$/, '') || '照片'}.jpg`
}

const isJpegOrPng = (mime: string): boolean => mime === 'image/jpeg' || mime === 'image/png'

/** Scales (w, h) so the long side is at most COMPRESS_MAX_SIDE. */
export function fitLongSide(w: number, h: number, max = COMPRESS_MAX_SIDE): { width: number; height: number } {
  const long = Math.max(w, h)
  if (long <= max) return { width: w, height: h }
  const k = max / long
  return { width: Math.round(w * k), height: Math.round(h * k) }
}

// ---------- H5 ----------

type ImageCompression = typeof import('browser-image-compression').default

async function loadCompressor(): Promise<ImageCompression> {
  const mod = await import(/* webpackChunkName: "image-compression" */ 'browser-image-compression')
  return mod.default
}

function objectUrl(blob: Blob): string {
  try {
    return typeof URL !== 'undefined' && typeof URL.createObjectURL === 'function' ? URL.createObjectURL(blob) : ''
  } catch {
    return ''
  }
}

/** The options given to browser-image-compression (exported for the tests). */
export const H5_COMPRESS_OPTIONS = {
  maxSizeMB: COMPRESS_TARGET_BYTES / 1024 / 1024,
  maxWidthOrHeight: COMPRESS_MAX_SIDE,
  useWebWorker: false,
  initialQuality: H5_INITIAL_QUALITY,
  maxIteration: H5_MAX_ITERATION,
  fileType: 'image/jpeg',
  preserveExif: false
} as const

export async function compressH5(file: PickedFile, compressor?: ImageCompression): Promise<PickedFile> {
  if (file.kind === 'pdf') return checkPdf(file)
  if (!file.blob) throw unreadable()
  // JPEG/PNG under the target go as they are; other types (HEIC, WebP…) are re-encoded to JPEG whatever their size
  if (isJpegOrPng(file.mime) && file.size <= COMPRESS_TARGET_BYTES) return file
  const compress = compressor ?? (await loadCompressor())
  let out: Blob
  try {
    out = await compress(file.blob as File, { ...H5_COMPRESS_OPTIONS })
  } catch {
    // a browser that cannot decode HEIC (all but Safari): the BFF converts it (bff/src/uploads/inspect.ts)
    if (/^image\/hei[cf]$/i.test(file.mime) || /\.hei[cf]$/i.test(file.name)) {
      if (file.size > UPLOAD_MAX_BYTES) throw tooLarge()
      return file
    }
    throw unreadable()
  }
  if (out.size > UPLOAD_MAX_BYTES) throw tooLarge()
  return { ...file, blob: out, size: out.size, mime: 'image/jpeg', name: jpgName(file.name), path: objectUrl(out) || file.path }
}

// ---------- mini-programs ----------

async function fileSize(path: string): Promise<number> {
  try {
    const r = (await Taro.getFileInfo({ filePath: path })) as { size?: number }
    return r.size ?? 0
  } catch {
    return 0
  }
}

async function imageSize(path: string): Promise<{ width: number; height: number } | null> {
  try {
    const r = await Taro.getImageInfo({ src: path })
    return { width: r.width, height: r.height }
  } catch {
    return null
  }
}

async function compressOnce(
  platform: Exclude<MediaPlatform, 'h5'>,
  src: string,
  quality: number,
  dims: { width: number; height: number } | null
): Promise<string> {
  if (platform === 'alipay') {
    // my.compressImage: apFilePaths + compressLevel (2 = high quality, 1 = medium)
    const r = (await Taro.compressImage({ apFilePaths: [src], compressLevel: quality >= 80 ? 2 : 1 } as never)) as unknown as {
      apFilePaths?: string[]
      tempFilePath?: string
    }
    return r.apFilePaths?.[0] ?? r.tempFilePath ?? src
  }
  const fit = dims ? fitLongSide(dims.width, dims.height) : null
  const r = await Taro.compressImage({
    src,
    quality,
    ...(fit && dims ? (dims.width >= dims.height ? { compressedWidth: fit.width } : { compressedHeight: fit.height }) : {})
  })
  return r.tempFilePath
}

export async function compressMini(file: PickedFile, platform: Exclude<MediaPlatform, 'h5'>): Promise<PickedFile> {
  if (file.kind === 'pdf') return checkPdf(file.size ? file : { ...file, size: await fileSize(file.path) })
  const dims = file.width && file.height ? { width: file.width, height: file.height } : await imageSize(file.path)
  if (dims && Math.min(dims.width, dims.height) < UPLOAD_MIN_SIDE) throw tooSmall()
  const size = file.size || (await fileSize(file.path))
  const long = dims ? Math.max(dims.width, dims.height) : 0
  if (size > 0 && size <= COMPRESS_TARGET_BYTES && long <= COMPRESS_MAX_SIDE) return { ...file, size, ...(dims ?? {}) }
  let current: PickedFile = { ...file, size }
  const fit = dims ? fitLongSide(dims.width, dims.height) : null
  for (const quality of MINI_QUALITIES) {
    let path: string
    try {
      path = await compressOnce(platform, file.path, quality, dims)
    } catch {
      // the platform could not compress it: send the original when the BFF will take it
      break
    }
    const s = await fileSize(path)
    current = { ...file, path, size: s || size, mime: 'image/jpeg', name: jpgName(file.name), ...(fit ?? {}) }
    if (current.size <= COMPRESS_TARGET_BYTES) break
  }
  if (current.size > UPLOAD_MAX_BYTES) throw tooLarge()
  return current
}

function checkPdf(file: PickedFile): PickedFile {
  if (file.size > UPLOAD_MAX_BYTES) throw tooLarge()
  return file
}

/** Compresses a picked file for upload on the current platform; rejects with an AppError (Chinese message). */
export function prepareForUpload(file: PickedFile, platform: MediaPlatform = currentPlatform()): Promise<PickedFile> {
  if (platform === 'h5') return compressH5(file)
  return compressMini(file, platform)
}

/**
 * A small preview for lists: H5 a ≤ 240 px JPEG data URL (kept in storage, so it survives a reload), mini-programs
 * the local file path; null for PDFs or when it cannot be made.
 */
export async function makeThumbnail(file: PickedFile, platform: MediaPlatform = currentPlatform(), compressor?: ImageCompression): Promise<string | null> {
  if (file.kind !== 'image') return null
  if (platform !== 'h5') return file.path || null
  if (!file.blob) return file.path || null
  try {
    const compress = compressor ?? (await loadCompressor())
    const small = await compress(file.blob as File, { maxWidthOrHeight: 240, maxSizeMB: 0.03, useWebWorker: false, fileType: 'image/jpeg', initialQuality: 0.7 })
    return await compress.getDataUrlFromFile(small)
  } catch {
    return file.path || null
  }
}
