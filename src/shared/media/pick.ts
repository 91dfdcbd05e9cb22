import Taro from '@tarojs/taro'
import { ErrorCode } from '@contract'
import { appError, type AppError } from '../api/errors'
import { currentPlatform, MediaErrorCode, type MediaKind, type MediaPlatform, type PickedFile, type PickSource } from './types'

/**
 * Picking files for a material (001 §5.1.2): the camera or the album on every platform, plus
 *  - weapp: Taro.chooseMedia (images), and PDFs from a chat with Taro.chooseMessageFile where the material takes PDF;
 *  - alipay: Taro.chooseImage (my.chooseImage; Alipay has no chooseMedia);
 *  - H5: a file input, `capture` for the camera, accepting PDF where the material's `accept` has 'pdf'.
 * Cancelling the picker is not an error: it resolves to []. Files of a type the material does not take are refused
 * with the contract's UPLOAD_TYPE_UNSUPPORTED and a Chinese message, before anything is uploaded.
 */
export interface PickOptions {
  source: PickSource
  /** what the material accepts (default ['image']) */
  accept?: MediaKind[]
  /** how many files may still be added (maxFiles minus those already there) */
  count: number
}

/** The sources offered for a material on a platform, in order, with their button labels. */
export function pickSources(accept: MediaKind[] = ['image'], platform: MediaPlatform = currentPlatform()): Array<{ source: PickSource; label: string }> {
  const out: Array<{ source: PickSource; label: string }> = [
    { source: 'camera', label: '拍照' },
    { source: 'album', label: '从相册选择' }
  ]
  if (accept.includes('pdf')) {
    if (platform === 'h5') out.push({ source: 'file', label: '选择 PDF 文件' })
    if (platform === 'weapp') out.push({ source: 'chat', label: '从聊天记录选择 PDF' })
  }
  return out
}

export function acceptText(accept: MediaKind[] = ['image']): string {
  return accept.includes('pdf') ? 'JPG、PNG 照片或 PDF 文件' : 'JPG、PNG 照片'
}

export function typeUnsupported(accept: MediaKind[] = ['image']): AppError {
  return appError(ErrorCode.UPLOAD_TYPE_UNSUPPORTED, `只能上传${acceptText(accept)}，请重新选择`)
}

const IMAGE_EXT = /\.(jpe?g|png|heic|heif|webp|gif|bmp)$/i

/** 'image' / 'pdf' from a MIME type or file name, or null for anything else. */
export function kindOf(mime: string, name: string): MediaKind | null {
  const m = mime.toLowerCase()
  if (m === 'application/pdf' || /\.pdf$/i.test(name)) return 'pdf'
  if (m.startsWith('image/') || m === 'image' || IMAGE_EXT.test(name)) return 'image'
  return null
}

function mimeOfName(name: string): string {
  if (/\.pdf$/i.test(name)) return 'application/pdf'
  if (/\.png$/i.test(name)) return 'image/png'
  if (/\.jpe?g$/i.test(name)) return 'image/jpeg'
  return ''
}

function baseName(path: string): string {
  const clean = path.split('?')[0]
  return clean.slice(clean.lastIndexOf('/') + 1) || 'photo.jpg'
}

/** A name for a photo that has none worth showing (temp paths like wxfile://tmp_a1b2.jpg). */
function photoName(path: string, i: number): string {
  const ext = /\.(png|jpe?g)$/i.exec(baseName(path))?.[1]?.toLowerCase() ?? 'jpg'
  return `照片${i + 1}.${ext === 'jpeg' ? 'jpg' : ext}`
}

function isCancel(err: unknown): boolean {
  const msg = String((err as { errMsg?: string; errorMessage?: string })?.errMsg ?? (err as { errorMessage?: string })?.errorMessage ?? '')
  // WeChat: "chooseMedia:fail cancel"; Alipay: error 11 "用户取消操作"
  return /cancel/i.test(msg) || /取消/.test(msg) || (err as { error?: number })?.error === 11
}

function isPermission(err: unknown): boolean {
  const msg = String((err as { errMsg?: string })?.errMsg ?? (err as { errorMessage?: string })?.errorMessage ?? '')
  return /auth|permission|denied|deny|权限/i.test(msg) || (err as { error?: number })?.error === 2001
}

function pickError(err: unknown): AppError | null {
  if (isCancel(err)) return null
  if (isPermission(err)) return appError(MediaErrorCode.PERMISSION, '没有相机或相册的使用权限，请在设置中允许后重试')
  return appError(MediaErrorCode.UNREADABLE, '无法读取所选文件，请重新选择')
}

/** Keeps the files the material takes; refuses the pick when one is of another type. */
function checkKinds(files: PickedFile[], accept: MediaKind[]): PickedFile[] {
  for (const f of files) if (!accept.includes(f.kind)) throw typeUnsupported(accept)
  return files
}

async function pickWeapp(opts: PickOptions, accept: MediaKind[]): Promise<PickedFile[]> {
  if (opts.source === 'chat') {
    const res = await Taro.chooseMessageFile({ count: opts.count, type: 'file', extension: ['pdf', 'jpg', 'jpeg', 'png'] })
    return res.tempFiles.map((f) => {
      const kind = kindOf('', f.name)
      if (!kind) throw typeUnsupported(accept)
      return { path: f.path, name: f.name, size: f.size, mime: mimeOfName(f.name), kind }
    })
  }
  const res = await Taro.chooseMedia({
    count: opts.count,
    mediaType: ['image'],
    sourceType: [opts.source === 'camera' ? 'camera' : 'album'],
    // the original: our own compression keeps documents legible (compress.ts)
    sizeType: ['original'],
    camera: 'back'
  })
  return res.tempFiles.map((f, i) => ({
    path: f.tempFilePath,
    name: photoName(f.tempFilePath, i),
    size: f.size,
    mime: mimeOfName(f.tempFilePath),
    kind: 'image' as const,
    ...(f.width && f.height ? { width: f.width, height: f.height } : {})
  }))
}

async function pickAlipay(opts: PickOptions): Promise<PickedFile[]> {
  const res = await Taro.chooseImage({
    count: opts.count,
    sizeType: ['original'],
    sourceType: [opts.source === 'camera' ? 'camera' : 'album']
  })
  const paths = res.tempFilePaths ?? (res as unknown as { apFilePaths?: string[] }).apFilePaths ?? []
  return paths.map((p, i) => ({
    path: p,
    name: photoName(p, i),
    size: res.tempFiles?.[i]?.size ?? 0,
    mime: mimeOfName(p),
    kind: 'image' as const
  }))
}

/** The `accept` attribute of the H5 file input. */
export function inputAccept(source: PickSource, accept: MediaKind[]): string {
  if (source === 'camera') return 'image/*'
  const images = 'image/jpeg,image/png,image/*'
  if (source === 'file') return accept.includes('image') ? `application/pdf,.pdf,${images}` : 'application/pdf,.pdf'
  return accept.includes('pdf') ? `${images},application/pdf,.pdf` : images
}

function objectUrl(blob: Blob): string {
  try {
    return typeof URL !== 'undefined' && typeof URL.createObjectURL === 'function' ? URL.createObjectURL(blob) : ''
  } catch {
    return ''
  }
}

/** H5: File objects → PickedFile (exported for the tests and for drag-and-drop). */
export function fromBrowserFiles(files: File[], accept: MediaKind[]): PickedFile[] {
  return checkKinds(
    files.map((f) => {
      const kind = kindOf(f.type, f.name)
      if (!kind) throw typeUnsupported(accept)
      return { path: objectUrl(f), name: f.name || 'photo.jpg', size: f.size, mime: f.type || mimeOfName(f.name), kind, blob: f }
    }),
    accept
  )
}

/** H5: opens a file input (must run inside the tap that asked for it) and resolves with the chosen files. */
function pickH5(opts: PickOptions, accept: MediaKind[]): Promise<PickedFile[]> {
  return new Promise((resolve, reject) => {
    const input = document.createElement('input')
    input.type = 'file'
    input.accept = inputAccept(opts.source, accept)
    input.multiple = opts.count > 1 && opts.source !== 'camera'
    if (opts.source === 'camera') input.setAttribute('capture', 'environment')
    input.style.display = 'none'
    const done = () => input.remove()
    input.addEventListener('change', () => {
      const files = Array.from(input.files ?? []).slice(0, opts.count)
      done()
      try {
        resolve(fromBrowserFiles(files, accept))
      } catch (e) {
        reject(e)
      }
    })
    input.addEventListener('cancel', () => {
      done()
      resolve([])
    })
    document.body.appendChild(input)
    input.click()
  })
}

/** Opens the picker for a source; [] when the citizen cancels. Rejects with an AppError (Chinese message). */
export async function pickFiles(opts: PickOptions, platform: MediaPlatform = currentPlatform()): Promise<PickedFile[]> {
  const accept = opts.accept ?? ['image']
  if (opts.count < 1) return []
  try {
    if (platform === 'h5') return await pickH5(opts, accept)
    const files = platform === 'alipay' ? await pickAlipay(opts) : await pickWeapp(opts, accept)
    return checkKinds(files, accept)
  } catch (e) {
    if ((e as { name?: string })?.name === 'AppError') throw e
    const err = pickError(e)
    if (!err) return []
    throw err
  }
}
