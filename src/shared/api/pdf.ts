import Taro from '@tarojs/taro'
import { ApiErrorSchema, ErrorCode } from '@contract'
import { currentToken, notifyUnauthorized } from './auth'
import { API_BASE, client, type Params } from './client'
import { appError, ClientErrorCode, MESSAGES, toAppError, type AppError } from './errors'
import { mockReady } from './mock-ready'
import { currentPlatform, type MediaPlatform } from '../media/types'

/**
 * A PDF behind the Bearer token (result documents, 001 §5.3.3; 参保证明), so a plain link would not do:
 *  - H5: the api client fetches it as a Blob (its interceptor adds `Authorization`), then an object URL is
 *    downloaded through an <a download> (the browser's PDF viewer opens it where it has one);
 *  - mini-programs: Taro.downloadFile with the `Authorization` header, then Taro.openDocument (the platform's PDF
 *    viewer, with its menu to save or forward).
 * Every failure is an AppError with a Chinese message: the BFF's own when its body can be read, else `byStatus`.
 */
export interface ProtectedPdf {
  path: string
  params?: Params
  fileName: string
  /** what the document is called in messages: 结果文书, 参保证明 */
  title: string
  /** a Chinese message for a refused download whose body could not be read */
  byStatus?: (status: number) => AppError | null
}

export function pdfFileName(name: string, fallback = '办理结果'): string {
  const clean = name.replace(/[\\/:*?"<>|\s]+/g, '') || fallback
  return clean.toLowerCase().endsWith('.pdf') ? clean : `${clean}.pdf`
}

function statusError(doc: ProtectedPdf, status: number): AppError {
  const own = doc.byStatus?.(status)
  if (own) return own
  if (status === 401) return appError(ErrorCode.UNAUTHORIZED, '登录已过期，请重新登录', 401)
  return toAppError({ isAxiosError: true, response: { status, data: null } })
}

function parseError(doc: ProtectedPdf, status: number, text: string | null): AppError {
  if (status === 401) notifyUnauthorized()
  let body: unknown = null
  try {
    body = text ? JSON.parse(text) : null
  } catch {
    body = null
  }
  const parsed = ApiErrorSchema.safeParse(body)
  return parsed.success ? appError(parsed.data.code, parsed.data.message, status) : statusError(doc, status)
}

const notPdf = (doc: ProtectedPdf): AppError => appError(ClientErrorCode.BAD_RESPONSE, `${doc.title}暂时无法打开，请稍后重试`)

/** H5: the PDF as a Blob, fetched with the token. */
export async function fetchPdfBlob(doc: ProtectedPdf): Promise<Blob> {
  let res
  try {
    res = await client.get<Blob>(doc.path, {
      params: doc.params,
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
    throw parseError(doc, res.status, text)
  }
  const blob = res.data
  if (!(blob instanceof Blob) || blob.size === 0) throw notPdf(doc)
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

/** The error body a mini-program wrote to the temp file, when it can be read. */
function readTempText(path: string | undefined): string | null {
  if (!path) return null
  try {
    const fs: unknown = Taro.getFileSystemManager()
    // mini-programs answer synchronously; where it is not supported (H5) Taro answers with a rejected promise
    if (fs && typeof (fs as Promise<unknown>).then === 'function') {
      void (fs as Promise<unknown>).catch(() => undefined)
      return null
    }
    const text: unknown = (fs as ReturnType<typeof Taro.getFileSystemManager>).readFileSync(path, 'utf8')
    return typeof text === 'string' ? text : null
  } catch {
    return null
  }
}

function queryString(params: Params | undefined): string {
  const q = Object.entries(params ?? {})
    .filter((e): e is [string, string | number] => e[1] !== undefined)
    .map(([k, v]) => `${encodeURIComponent(k)}=${encodeURIComponent(String(v))}`)
    .join('&')
  return q ? `?${q}` : ''
}

async function openMini(doc: ProtectedPdf): Promise<void> {
  const mock = mockReady()
  if (mock) await mock
  const token = await currentToken()
  let res: MiniDownloadResult
  try {
    res = (await Taro.downloadFile({
      url: `${API_BASE}${doc.path}${queryString(doc.params)}`,
      header: token ? { Authorization: `Bearer ${token}` } : {}
    })) as MiniDownloadResult
  } catch (e) {
    const msg = String((e as { errMsg?: string })?.errMsg ?? '')
    throw appError(ClientErrorCode.NETWORK, /timeout|超时/i.test(msg) ? MESSAGES.timeout : MESSAGES.network)
  }
  const status = res.statusCode ?? 200
  const filePath = res.tempFilePath ?? res.apFilePath
  if (status < 200 || status >= 300) throw parseError(doc, status, readTempText(filePath))
  if (!filePath) throw notPdf(doc)
  try {
    await Taro.openDocument({ filePath, fileType: 'pdf', showMenu: true } as Taro.openDocument.Option)
  } catch {
    throw appError(ClientErrorCode.BAD_RESPONSE, `无法打开${doc.title}，请确认手机可以查看 PDF 文件`)
  }
}

/** Opens or downloads the PDF on the platform this bundle was built for. */
export async function openProtectedPdf(doc: ProtectedPdf, platform: MediaPlatform = currentPlatform()): Promise<void> {
  if (platform === 'h5') {
    saveBlobH5(await fetchPdfBlob(doc), doc.fileName)
    return
  }
  await openMini(doc)
}
