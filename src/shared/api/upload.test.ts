import Taro from '@tarojs/taro'
import { http, HttpResponse } from 'msw'
import { z } from 'zod'
import { ErrorCode } from '@contract'
import { server } from '../../../mock/node'
import { API_BASE } from './client'
import { ClientErrorCode } from './errors'
import { h5UploadTransport, miniUploadTransport, UPLOAD_CANCELED, uploadFile } from './upload'

afterEach(() => jest.restoreAllMocks())

const Answer = z.object({ ok: z.literal(true), name: z.string() })

interface FakeTask {
  options: Record<string, unknown> & { success: (r: unknown) => void; fail: (r: unknown) => void }
  progress: (r: { progress: number; totalBytesSent?: number; totalBytesExpectedToSend?: number }) => void
  abort: jest.Mock
}

/** Taro.uploadFile replaced by a task the test drives: progress, success, fail. */
function fakeUploadFile(): { tasks: FakeTask[] } {
  const tasks: FakeTask[] = []
  jest.spyOn(Taro, 'uploadFile').mockImplementation(((options: FakeTask['options']) => {
    const t: FakeTask = { options, progress: () => undefined, abort: jest.fn() }
    tasks.push(t)
    const p = new Promise(() => undefined) as Promise<unknown> & Record<string, unknown>
    p.onProgressUpdate = (cb: FakeTask['progress']) => {
      t.progress = cb
    }
    p.abort = t.abort
    return p
  }) as never)
  return { tasks }
}

describe('mini-program transport (Taro.uploadFile)', () => {
  const file = { path: 'wxfile://tmp_1.jpg', name: '照片1.jpg' }

  it('weapp: field `file`, progress from onProgressUpdate, and the string body parsed', async () => {
    const { tasks } = fakeUploadFile()
    const progress: number[] = []
    const p = uploadFile('/api/v1/drafts/d1/materials/m1', file, Answer, { transport: miniUploadTransport('weapp'), onProgress: (f) => progress.push(f) })
    await Promise.resolve()
    await new Promise((r) => setTimeout(r, 0))
    const t = tasks[0]
    expect(t.options).toMatchObject({ url: `${API_BASE}/api/v1/drafts/d1/materials/m1`, filePath: file.path, name: 'file' })
    // the temp file's own name (tmp_1.jpg) is what the platform puts in the part: the name the citizen sees goes along
    expect(t.options.formData).toEqual({ fileName: '照片1.jpg' })
    expect(t.options).not.toHaveProperty('fileType')
    t.progress({ progress: 30, totalBytesSent: 300, totalBytesExpectedToSend: 1000 })
    t.progress({ progress: 80 })
    // WeChat hands back res.data as a string
    t.options.success({ statusCode: 200, data: JSON.stringify({ ok: true, name: '照片1.jpg' }) })
    await expect(p).resolves.toEqual({ ok: true, name: '照片1.jpg' })
    expect(progress).toEqual([0.3, 0.8, 1])
  })

  it('weapp: a 4xx answer becomes the BFF’s code and Chinese message', async () => {
    const { tasks } = fakeUploadFile()
    const p = miniUploadTransport('weapp')({ path: '/x', file })
    await new Promise((r) => setTimeout(r, 0))
    tasks[0].options.success({ statusCode: 413, data: JSON.stringify({ code: ErrorCode.UPLOAD_TOO_LARGE, message: '文件不能超过 10MB' }) })
    await expect(p).rejects.toMatchObject({ name: 'AppError', code: ErrorCode.UPLOAD_TOO_LARGE, message: '文件不能超过 10MB', status: 413 })
  })

  it('alipay: sends fileType image, and a non-2xx answer arriving in `fail` maps to the contract error', async () => {
    const { tasks } = fakeUploadFile()
    const p = miniUploadTransport('alipay')({ path: '/x', file })
    await new Promise((r) => setTimeout(r, 0))
    expect(tasks[0].options).toMatchObject({ fileType: 'image', name: 'file' })
    tasks[0].options.fail({
      error: 19,
      errorMessage: 'http status error',
      statusCode: 415,
      data: JSON.stringify({ code: ErrorCode.UPLOAD_TYPE_UNSUPPORTED, message: '只支持 JPG、PNG 或 PDF 文件' })
    })
    await expect(p).rejects.toMatchObject({ code: ErrorCode.UPLOAD_TYPE_UNSUPPORTED, message: '只支持 JPG、PNG 或 PDF 文件' })
  })

  it('no answer → NETWORK_ERROR with a Chinese message; a timeout says so', async () => {
    const { tasks } = fakeUploadFile()
    const a = miniUploadTransport('weapp')({ path: '/x', file })
    const b = miniUploadTransport('weapp')({ path: '/x', file })
    await new Promise((r) => setTimeout(r, 0))
    tasks[0].options.fail({ errMsg: 'uploadFile:fail net::ERR_INTERNET_DISCONNECTED' })
    tasks[1].options.fail({ errMsg: 'uploadFile:fail timeout' })
    await expect(a).rejects.toMatchObject({ code: ClientErrorCode.NETWORK, message: '网络不给力，请检查网络后重试' })
    await expect(b).rejects.toMatchObject({ code: ClientErrorCode.NETWORK, message: '网络不给力，请求超时了，请稍后重试' })
  })

  it('cancel: aborts the task and rejects with CANCELED', async () => {
    const { tasks } = fakeUploadFile()
    const ctrl = new AbortController()
    const p = miniUploadTransport('weapp')({ path: '/x', file, signal: ctrl.signal })
    await new Promise((r) => setTimeout(r, 0))
    ctrl.abort()
    await expect(p).rejects.toMatchObject({ code: UPLOAD_CANCELED, message: '已取消上传' })
    expect(tasks[0].abort).toHaveBeenCalledTimes(1)
    // a late callback after the abort changes nothing
    tasks[0].options.success({ statusCode: 200, data: '{}' })
  })
})

describe('H5 transport (axios, FormData)', () => {
  it('posts the file in the multipart field `file` and parses the answer', async () => {
    let received: { name: string; size: number; type: string } | null = null
    server.use(
      http.post('*/api/v1/drafts/:id/materials/:materialId', async ({ request, params }) => {
        const form = await request.formData()
        const f = form.get('file') as File
        received = { name: f.name, size: f.size, type: f.type }
        return HttpResponse.json({ ok: true, name: `${String(params.materialId)}:${f.name}` })
      })
    )
    const blob = new Blob([new Uint8Array(4096)], { type: 'image/jpeg' })
    const progress: number[] = []
    const out = await uploadFile('/api/v1/drafts/d1/materials/receipts', { path: '', name: '发票.jpg', blob }, Answer, {
      transport: h5UploadTransport,
      onProgress: (f) => progress.push(f)
    })
    expect(out).toEqual({ ok: true, name: 'receipts:发票.jpg' })
    expect(received).toEqual({ name: '发票.jpg', size: 4096, type: 'image/jpeg' })
    expect(progress[progress.length - 1]).toBe(1)
  })

  it('maps a 4xx to the BFF’s error and a cancelled upload to CANCELED', async () => {
    server.use(
      http.post('*/api/v1/up/bad', () =>
        HttpResponse.json({ code: ErrorCode.UPLOAD_CORRUPT, message: '文件已损坏，无法打开，请重新拍摄' }, { status: 422 })
      ),
      http.post('*/api/v1/up/slow', async () => {
        await new Promise((r) => setTimeout(r, 2000))
        return HttpResponse.json({ ok: true, name: 'late' })
      })
    )
    const blob = new Blob([new Uint8Array(10)], { type: 'image/jpeg' })
    await expect(h5UploadTransport({ path: '/api/v1/up/bad', file: { path: '', name: 'a.jpg', blob } })).rejects.toMatchObject({
      code: ErrorCode.UPLOAD_CORRUPT,
      message: '文件已损坏，无法打开，请重新拍摄'
    })
    const ctrl = new AbortController()
    const p = h5UploadTransport({ path: '/api/v1/up/slow', file: { path: '', name: 'a.jpg', blob }, signal: ctrl.signal })
    setTimeout(() => ctrl.abort(), 30)
    await expect(p).rejects.toMatchObject({ code: UPLOAD_CANCELED })
  })
})
