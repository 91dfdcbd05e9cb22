import { UPLOAD_MAX_BYTES } from '../contract/apply'
import type { Material } from '../contract/catalog'

type UploadAccept = NonNullable<Material['accept']>[number]
import { errors } from './errors'

/** What a material takes, in the words of a refusal (001 §5.1.3: the citizen is told what to send instead). */
export function acceptedFilesText(accept: readonly UploadAccept[]): string {
  const image = accept.includes('image')
  const pdf = accept.includes('pdf')
  if (image && pdf) return '照片（JPG、PNG、HEIC 格式）或 PDF 文件'
  if (pdf) return 'PDF 文件'
  return '照片（JPG、PNG、HEIC 格式）'
}

/**
 * The checks every upload passes before its bytes are decoded: not empty, not over UPLOAD_MAX_BYTES, and of a kind
 * the material takes (a material that says nothing takes photos). `kind` is what the first bytes are, whatever the
 * file's name says. Returns the material's accepted kinds.
 */
export function checkUploadKind(size: number, kind: 'image' | 'pdf' | null, accept: readonly UploadAccept[] | undefined): readonly UploadAccept[] {
  if (size === 0) throw errors.uploadEmpty()
  if (size > UPLOAD_MAX_BYTES) throw errors.uploadTooLarge(UPLOAD_MAX_BYTES / 1024 / 1024)
  const takes = accept && accept.length ? accept : (['image'] as const)
  if (!kind || !takes.includes(kind)) throw errors.uploadTypeUnsupported(acceptedFilesText(takes))
  return takes
}
