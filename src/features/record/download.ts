import Taro from '@tarojs/taro'
import { ApiErrorSchema, ErrorCode } from '@contract'
import { currentToken, notifyUnauthorized } from '@/shared/api/auth'
import { API_BASE, client } from '@/shared/api/client'
import { appError, ClientErrorCode, MESSAGES, toAppError, type AppError } from '@/shared/api/errors'
import { mockReady } from '@/shared/api/mock-ready'
import { currentPlatform, type MediaPlatform } from '@/shared/media'
import { insuredParams, RECORD_API } from './api'

/**
 * 参保证明 (issue 4: a PDF signed like result documents, verifiable by its QR). The route needs the Bearer token, so a
 * plain link would not do — the same approach as src/features/progress/download.ts (kept apart: capabilities do not
 * import each other):
 *  - H5: fetched as a Blob through the api client (it adds `Authorization`), saved through an <a download>;
 *  - mini-programs: Taro.downloadFile with the header, then Taro.openDocument (the platform's viewer, with its menu
 *    to save or forward).
 * Every failure is an AppError with a Chinese message (409 NOT_INSURED from the BFF as it is).
 */
export const CERTIFICATE_FILE_NAME = '参保证明.pdf'

const notPdf = (): AppError => appError(ClientErrorCode.BAD_RESPONSE, '参保证明暂时无法打开，请稍后重试')

/** What to say for a refused download whose body could not be read (mini-programs write it to a temp file). */
function byStatus(status: number): AppError {
  if (status === 401) return appError(ErrorCode.UNAUTHORIZED, '登录已过期，请重新登录', 401)
  if (status === 403) return appError(ErrorCode.GRANT_REQUIRED, '您没有获得对方“查看医保档案”的授权，请对方在“亲情账户”中授权后再试', 403)
  if (status === 404) return appError(ErrorCode.FAMILY_MEMBER_UNKNOWN, '未找到该家庭成员，请返回刷新后重试', 404)
  if (status === 409) return appError(ErrorCode.NOT_INSURED, '未查询到参保信息，暂不能开具参保证明', 409)
  return appError(ErrorCode.INTERNAL, MESSAGES.server, status)
}

function parseError(status: number, text: string | null): AppError {
  if (status === 401) notifyUnauthorized()
  let body: unknown = null
  try {
    body = text ? JSON.parse(text) : null
  } catch {
    body = null
  }
  const parsed = ApiErrorSchema.safeParse(body)
  return parsed.success ? appError(parsed.data.code, parsed.data.message, status) : byStatus(status)
}

/** H5: the PDF as a Blob, fetched with the token. */
export async function fetchCertificateBlob(insuredId: string): Promise<Blob> {
  let res
  try {
    res = await client.get<Blob>(RECORD_API.certificate, {
      params: insuredParams(insuredId),
      responseType: 'blob',
      headers: { Accept: 'application/pdf' },
      // error bodies arrive as a Blob too: read them here
      validateStatus: () => true
    })
  } catch (e) {
    throw toAppError(e)
  }
  if (res.status < 200 || res.status >= 300) {
    const data: unknown = res.data
    const text = data instanceof Blob ? await data.text().catch(() => null) : typeof data === 'string' ? data : null
    throw parseError(res.status, text)
  }
  const blob = res.data
  if (!(blob instanceof Blob) || blob.size === 0) throw notPdf()
  return blob.type ? blob : new Blob([blob], { type: 'application/pdf' })
}

function saveBlobH5(blob: Blob, fileName: string): void {
  const url = URL.createObjectURL(blob)
  const a = document.createElement('a')
  a.href = url
  a.download = fileName
  a.rel = 'noopener'
  a.style.display = 'none'
  document.body.appendChild(a)
  a.click()
  a.remove()
  setTimeout(() => URL.revokeObjectURL(url), 60_000)
}

interface MiniDownloadResult {
  statusCode?: number
  tempFilePath?: string
  /** Alipay */
  apFilePath?: string
}

function readTempText(path: string | undefined): string | null {
  if (!path) return null
  try {
    const text = Taro.getFileSystemManager().readFileSync(path, 'utf8')
    return typeof text === 'string' ? text : null
  } catch {
    return null
  }
}

async function openMini(insuredId: string): Promise<void> {
  const mock = mockReady()
  if (mock) await mock
  const token = await currentToken()
  const query = insuredId === 'self' ? '' : `?insuredId=${encodeURIComponent(insuredId)}`
  let res: MiniDownloadResult
  try {
    res = (await Taro.downloadFile({
      url: `${API_BASE}${RECORD_API.certificate}${query}`,
      header: token ? { Authorization: `Bearer ${token}` } : {}
    })) as MiniDownloadResult
  } catch (e) {
    const msg = String((e as { errMsg?: string })?.errMsg ?? '')
    throw appError(ClientErrorCode.NETWORK, /timeout|超时/i.test(msg) ? MESSAGES.timeout : MESSAGES.network)
  }
  const status = res.statusCode ?? 200
  const filePath = res.tempFilePath ?? res.apFilePath
  if (status < 200 || status >= 300) throw parseError(status, readTempText(filePath))
  if (!filePath) throw notPdf()
  try {
    await Taro.openDocument({ filePath, fileType: 'pdf', showMenu: true } as Taro.openDocument.Option)
  } catch {
    throw appError(ClientErrorCode.BAD_RESPONSE, '无法打开参保证明，请确认手机可以查看 PDF 文件')
  }
}

/** Downloads (H5) or opens (mini-programs) the 参保证明 of the person acted for. */
export async function openCertificate(insuredId: string, platform: MediaPlatform = currentPlatform()): Promise<void> {
  if (platform === 'h5') {
    saveBlobH5(await fetchCertificateBlob(insuredId), CERTIFICATE_FILE_NAME)
    return
  }
  await openMini(insuredId)
}
