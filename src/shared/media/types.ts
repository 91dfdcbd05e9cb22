/**
 * Files the citizen picks for a material (001 §5.1.2: 上传材料项目 with its rules), on every platform.
 * Used by applying (src/features/apply) and by 补正 uploads (src/features/progress).
 */

/** What a material accepts (contract: Material.accept, default ['image']). */
export type MediaKind = 'image' | 'pdf'

/** Where the file comes from: the camera, the photo album, a file (H5 file input), a WeChat chat (PDFs). */
export type PickSource = 'camera' | 'album' | 'file' | 'chat'

export type MediaPlatform = 'weapp' | 'alipay' | 'h5'

/** A picked (and later compressed) file. */
export interface PickedFile {
  /** mini-programs: the temp file path; H5: an object URL (for previews), '' when the browser has none */
  path: string
  /** shown in the list and sent as the multipart file name */
  name: string
  /** bytes */
  size: number
  /** the MIME type as far as it is known ('' when the platform does not say) */
  mime: string
  kind: MediaKind
  width?: number
  height?: number
  /** H5 only: the bytes to upload */
  blob?: Blob
}

/** The platform this bundle was built for (replaced at build time; 'h5' under jest). */
export function currentPlatform(): MediaPlatform {
  const env = process.env.TARO_ENV
  return env === 'weapp' || env === 'alipay' ? env : 'h5'
}

/** Client-side error codes of picking (the UPLOAD_* codes of the contract are reused where they mean the same). */
export const MediaErrorCode = {
  /** camera or album permission refused */
  PERMISSION: 'MEDIA_PERMISSION_DENIED',
  /** the platform could not read or compress the file */
  UNREADABLE: 'MEDIA_UNREADABLE'
} as const
