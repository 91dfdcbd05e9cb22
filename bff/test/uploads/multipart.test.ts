import Fastify, { type FastifyInstance } from 'fastify'
import { UPLOAD_MAX_BYTES } from '../../../contract/apply'
import { ErrorCode } from '../../../contract/common'
import { registerErrorHandler } from '../../src/plugins/errors'
import { inspectUpload } from '../../src/uploads/inspect'
import { readSingleFile, registerMultipart } from '../../src/uploads/multipart'
import { exeBytes, flatPng, multipartBody, photoJpeg } from '../fixtures/files'

/** A tiny app with just the upload plumbing: POST /upload reads `file` and inspects it. */
async function uploadApp(): Promise<FastifyInstance> {
  const app = Fastify({ logger: false })
  registerErrorHandler(app)
  await registerMultipart(app)
  app.post('/upload', async (req) => {
    const file = await readSingleFile(req)
    const out = await inspectUpload(file.bytes, { accept: ['image'], fileName: file.fileName })
    return { received: file.fileName, receivedBytes: file.bytes.length, fileName: out.fileName, mime: out.mime, size: out.size }
  })
  await app.ready()
  return app
}

describe('readSingleFile (multipart field `file`)', () => {
  let app: FastifyInstance
  beforeAll(async () => {
    app = await uploadApp()
  })
  afterAll(async () => {
    await app.close()
  })

  const post = (m: { body: Buffer; contentType: string }) =>
    app.inject({ method: 'POST', url: '/upload', payload: m.body, headers: { 'content-type': m.contentType } })

  it('keeps a Chinese file name sent as raw UTF-8 (browsers, mini-program uploadFile)', async () => {
    const jpeg = await photoJpeg(800, 600)
    const res = await post(multipartBody([{ name: 'file', file: jpeg, fileName: '身份证正面（张三）.jpg', type: 'image/jpeg' }]))
    expect(res.statusCode).toBe(200)
    const body = res.json()
    expect(body.received).toBe('身份证正面（张三）.jpg')
    expect(body.receivedBytes).toBe(jpeg.length)
    expect(body.fileName).toBe('身份证正面（张三）.jpg')
    expect(body.mime).toBe('image/jpeg')
  })

  it('takes the name from a fileName field sent before the file (mini-programs upload temp files named tmp_….jpg)', async () => {
    const res = await post(
      multipartBody([
        { name: 'fileName', value: '照片1.jpg' },
        { name: 'file', file: await photoJpeg(400, 300), fileName: 'tmp_4f1c0a9b2e.jpg', type: 'image/jpeg' }
      ])
    )
    expect(res.statusCode).toBe(200)
    expect(res.json().received).toBe('照片1.jpg')
  })

  it("keeps a Chinese file name sent as RFC 5987 filename*=UTF-8''…", async () => {
    const res = await post(multipartBody([{ name: 'file', file: await flatPng(400, 300), fileNameStar: '户口本首页.png' }]))
    expect(res.statusCode).toBe(200)
    expect(res.json().fileName).toBe('户口本首页.png')
  })

  it('a 50 MB body is 413 UPLOAD_TOO_LARGE', async () => {
    const big = Buffer.alloc(50 * 1024 * 1024, 0x61)
    const res = await post(multipartBody([{ name: 'file', file: big, fileName: 'big.jpg', type: 'image/jpeg' }]))
    expect(res.statusCode).toBe(413)
    expect(res.json().code).toBe(ErrorCode.UPLOAD_TOO_LARGE)
    expect(res.json().message).toContain('10MB')
  })

  it('exactly the limit is read whole (then judged by its bytes)', async () => {
    const atLimit = Buffer.alloc(UPLOAD_MAX_BYTES, 0x61)
    const res = await post(multipartBody([{ name: 'file', file: atLimit, fileName: 'a.jpg' }]))
    expect(res.statusCode).toBe(415)
    expect(res.json().code).toBe(ErrorCode.UPLOAD_TYPE_UNSUPPORTED)
  })

  it('a renamed executable is 415 through the whole path', async () => {
    const res = await post(multipartBody([{ name: 'file', file: exeBytes(), fileName: 'photo.jpg', type: 'image/jpeg' }]))
    expect(res.statusCode).toBe(415)
    expect(res.json().code).toBe(ErrorCode.UPLOAD_TYPE_UNSUPPORTED)
  })

  it('no file part, a part under another name, or an empty file input is 400 UPLOAD_MISSING', async () => {
    const cases = [
      multipartBody([{ name: 'note', value: '补充说明' }]),
      multipartBody([{ name: 'photo', file: await flatPng(400, 300), fileName: 'a.png' }]),
      multipartBody([{ name: 'file', file: Buffer.alloc(0), fileName: '' }])
    ]
    for (const c of cases) {
      const res = await post(c)
      expect(res.statusCode).toBe(400)
      expect(res.json().code).toBe(ErrorCode.UPLOAD_MISSING)
      expect(res.json().message).toMatch(/文件/)
    }
  })

  it('a request that is not multipart is 400 UPLOAD_MISSING', async () => {
    const res = await app.inject({ method: 'POST', url: '/upload', payload: { file: 'x' } })
    expect(res.statusCode).toBe(400)
    expect(res.json().code).toBe(ErrorCode.UPLOAD_MISSING)
  })

  it('with two files, the first `file` is the upload', async () => {
    const res = await post(
      multipartBody([
        { name: 'file', file: await flatPng(400, 300), fileName: '第一张.png' },
        { name: 'file', file: await flatPng(500, 300), fileName: '第二张.png' }
      ])
    )
    expect(res.statusCode).toBe(200)
    expect(res.json().fileName).toBe('第一张.png')
  })
})
