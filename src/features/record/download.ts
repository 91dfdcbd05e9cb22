import { ErrorCode } from '@contract'
import { appError } from '@/shared/api/errors'
import { openProtectedPdf } from '@/shared/api/pdf'
import { currentPlatform, type MediaPlatform } from '@/shared/media'
import { insuredParams, RECORD_API } from './api'

/** 参保证明 (a PDF signed like result documents, verifiable by its QR). */
export const CERTIFICATE_FILE_NAME = '参保证明.pdf'

/** What to say for a refused download whose body could not be read (mini-programs write it to a temp file). */
function byStatus(status: number) {
  if (status === 403) return appError(ErrorCode.GRANT_REQUIRED, '您没有获得对方“查看医保档案”的授权，请对方在“亲情账户”中授权后再试', 403)
  if (status === 404) return appError(ErrorCode.FAMILY_MEMBER_UNKNOWN, '未找到该家庭成员，请返回刷新后重试', 404)
  if (status === 409) return appError(ErrorCode.NOT_INSURED, '未查询到参保信息，暂不能开具参保证明', 409)
  return null
}

/** Downloads (H5) or opens (mini-programs) the 参保证明 of the person acted for (src/shared/api/pdf.ts). */
export function openCertificate(insuredId: string, platform: MediaPlatform = currentPlatform()): Promise<void> {
  return openProtectedPdf({ path: RECORD_API.certificate, params: insuredParams(insuredId), fileName: CERTIFICATE_FILE_NAME, title: '参保证明', byStatus }, platform)
}
