import Taro from '@tarojs/taro'
import { ApiErrorSchema, ErrorCode } from '@contract'
import { currentToken, notifyUnauthorized } from '@/shared/api/auth'
import { API_BASE, client } from '@/shared/api/client'
import { appError, ClientErrorCode, MESSAGES, toAppError, type AppError } from '@/shared/api/errors'
import { mockReady } from '@/shared/api/mock-ready'
import { currentPlatform, type MediaPlatform } from '@/shared/media'
import { PROGRESS_API } from './api'

/**
 * 查看/下载结果文书 (001 §5.3.3: self-service query and download of the result). The document route needs the
 * Bearer token, so a plain link would not do:
 *  - H5: the api client fetches it as a Blob (its interceptor adds `Authorization`), then an object URL is
 *    downloaded through an <a download> (the browser's PDF viewer opens it where it has one);
 *  - mini-programs: Taro.downloadFile with the `Authorization` header, then Taro.openDocument (the platform's PDF
 *    viewer, with its menu to save or forward).
 * Every failure is an AppError with a Chinese message (RESULT_UNKNOWN from the BFF as it is).
 */
export interface ResultDocumentRef {
  applicationId: string
  /** shown as the file name, e.g. 生育津贴结付办理结果通知书 */
  documentName: string
}

const notPdf = (): AppError => appError(ClientErrorCode.BAD_RESPONSE, '结果文书暂时无法打开，请稍后重试')

export function pdfFileName(documentName: string): string {
  const clean = documentName.replace(/[\\/:*?"<>|\s]+/g, '') || '办理结果'
  return clean.toLowerCase().endsWith('.pdf') ? clean : `${clean}.pdf`
}

async function errorFromBlob(status: number, data: unknown): Promise<AppError> {
  let body: unknown = null
  try {
    const text = data instanceof Blob ? await data.text() : typeof data === 'string' ? data : null
    body = text ? JSON.parse(text) : data
  } catch {
    body = null
  }
  const parsed = ApiErrorSchema.safeParse(body)
  if (status === 401) notifyUnauthorized()
  if (parsed.success) return appError(parsed.data.code, parsed.data.message, status)
  return toAppError({ isAxiosError: true, response: { status, data: null } })
}

/** H5: fetch with the token as a Blob; returns the Blob (the caller saves/opens it). */
export async function fetchResultBlob(applicationId: string): Promise<Blob> {
  const res = await client.get<Blob>(PROGRESS_API.result(applicationId), {
    responseType: 'blob',
    headers: { Accept: 'application/pdf' },
    // read error bodies ourselves: they arrive as a Blob too
    validateStatus: () => true
  })
  if (res.status < 200 || res.status >= 300) throw await errorFromBlob(res.status, res.data)
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
  // the download has started by now; free the bytes a little later
  setTimeout(() => URL.revokeObjectURL(url), 60_000)
}

interface MiniDownloadResult {
  statusCode?: number
  tempFilePath?: string
  /** Alipay */
  apFilePath?: string
}

async function openMini(ref: ResultDocumentRef): Promise<void> {
  const mock = mockReady()
  if (mock) await mock
  const token = await currentToken()
  let res: MiniDownloadResult
  try {
    res = (await Taro.downloadFile({
      url: `${API_BASE}${PROGRESS_API.result(ref.applicationId)}`,
      header: token ? { Authorization: `Bearer ${token}` } : {}
    })) as MiniDownloadResult
  } catch (e) {
    const msg = String((e as { errMsg?: string })?.errMsg ?? '')
    throw appError(ClientErrorCode.NETWORK, /timeout|超时/i.test(msg) ? MESSAGES.timeout : MESSAGES.network)
  }
  const status = res.statusCode ?? 200
  if (status === 401) {
    notifyUnauthorized()
    throw appError(ErrorCode.UNAUTHORIZED, '登录已过期，请重新登录', 401)
  }
  // the body of an error was written to the temp file: the status says enough
  if (status === 404) throw appError(ErrorCode.RESULT_UNKNOWN, '结果文书暂未生成，请稍后再试', 404)
  if (status < 200 || status >= 300) throw appError(ErrorCode.INTERNAL, MESSAGES.server, status)
  const filePath = res.tempFilePath ?? res.apFilePath
  if (!filePath) throw notPdf()
  try {
    await Taro.openDocument({ filePath, fileType: 'pdf', showMenu: true } as Taro.openDocument.Option)
  } catch {
    throw appError(ClientErrorCode.BAD_RESPONSE, '无法打开结果文书，请确认手机可以查看 PDF 文件')
  }
}

/** Opens or downloads the result document on the platform this bundle was built for. */
export async function openResultDocument(ref: ResultDocumentRef, platform: MediaPlatform = currentPlatform()): Promise<void> {
  if (platform === 'h5') {
    const blob = await fetchResultBlob(ref.applicationId)
    saveBlobH5(blob, pdfFileName(ref.documentName))
    return
  }
  await openMini(ref)
}
