import { ErrorCode } from '@contract'
import { appError } from '@/shared/api/errors'
import { openProtectedPdf, pdfFileName } from '@/shared/api/pdf'
import { currentPlatform, type MediaPlatform } from '@/shared/media'
import { PROGRESS_API } from './api'

export { pdfFileName }

/** 查看/下载结果文书 (001 §5.3.3: self-service query and download of the result). */
export interface ResultDocumentRef {
  applicationId: string
  /** shown as the file name, e.g. 生育津贴结付办理结果通知书 */
  documentName: string
}

/** Opens or downloads the result document on the platform this bundle was built for (src/shared/api/pdf.ts). */
export function openResultDocument(ref: ResultDocumentRef, platform: MediaPlatform = currentPlatform()): Promise<void> {
  return openProtectedPdf(
    {
      path: PROGRESS_API.result(ref.applicationId),
      fileName: pdfFileName(ref.documentName),
      title: '结果文书',
      byStatus: (status) => (status === 404 ? appError(ErrorCode.RESULT_UNKNOWN, '结果文书暂未生成，请稍后再试', 404) : null)
    },
    platform
  )
}
