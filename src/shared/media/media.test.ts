import Taro from '@tarojs/taro'
import { ErrorCode, UPLOAD_MAX_BYTES } from '@contract'
import {
  compressH5,
  compressMini,
  fromBrowserFiles,
  H5_COMPRESS_OPTIONS,
  inputAccept,
  makeThumbnail,
  MINI_QUALITIES,
  pickFiles,
  pickSources,
  type PickedFile
} from './index'

const MB = 1024 * 1024

afterEach(() => jest.restoreAllMocks())

function blobOf(size: number, type: string): Blob {
  return new Blob([new Uint8Array(size)], { type })
}

/** A stand-in for browser-image-compression (jsdom has no canvas): records the options, returns `out`. */
function fakeCompressor(out: Blob | Error) {
  const fn = jest.fn(async (_f: File, _o: Record<string, unknown>) => {
    if (out instanceof Error) throw out
    return out as File
  }) as unknown as jest.Mock & { getDataUrlFromFile: jest.Mock }
  fn.getDataUrlFromFile = jest.fn(async () => 'data:image/jpeg;base64,AAAA')
  return fn
}

describe('sources offered (001 §5.1.2: camera or album; PDF where the material takes it)', () => {
  it('offers camera and album everywhere, a PDF file on H5 and a chat file in WeChat only when PDF is accepted', () => {
    expect(pickSources(['image'], 'h5').map((s) => s.label)).toEqual(['拍照', '从相册选择'])
    expect(pickSources(['image', 'pdf'], 'h5').map((s) => s.source)).toEqual(['camera', 'album', 'file'])
    expect(pickSources(['image', 'pdf'], 'weapp').map((s) => s.source)).toEqual(['camera', 'album', 'chat'])
    expect(pickSources(['image', 'pdf'], 'alipay').map((s) => s.source)).toEqual(['camera', 'album'])
  })

  it('H5 file input accepts PDF only when the material does', () => {
    expect(inputAccept('album', ['image'])).not.toMatch(/pdf/)
    expect(inputAccept('album', ['image', 'pdf'])).toMatch(/application\/pdf/)
    expect(inputAccept('file', ['image', 'pdf'])).toMatch(/^application\/pdf/)
    expect(inputAccept('camera', ['image', 'pdf'])).toBe('image/*')
  })
})

describe('picking', () => {
  it('H5: the chosen files of the file input, refusing a PDF for a photo-only material', async () => {
    const photo = new File([new Uint8Array(10)], 'receipt.jpg', { type: 'image/jpeg' })
    const pdf = new File([new Uint8Array(10)], 'summary.pdf', { type: 'application/pdf' })
    expect(fromBrowserFiles([photo, pdf], ['image', 'pdf']).map((f) => f.kind)).toEqual(['image', 'pdf'])
    expect(() => fromBrowserFiles([pdf], ['image'])).toThrow('只能上传JPG、PNG 照片，请重新选择')
    try {
      fromBrowserFiles([new File(['x'], 'notes.docx', { type: 'application/msword' })], ['image', 'pdf'])
      throw new Error('not refused')
    } catch (e) {
      expect((e as { code: string }).code).toBe(ErrorCode.UPLOAD_TYPE_UNSUPPORTED)
    }
  })

  it('H5: opens a file input with capture for the camera and resolves with its files; [] when cancelled', async () => {
    const p = pickFiles({ source: 'camera', accept: ['image'], count: 3 }, 'h5')
    const input = document.body.querySelector('input[type=file]') as HTMLInputElement
    expect(input.getAttribute('capture')).toBe('environment')
    expect(input.multiple).toBe(false)
    const photo = new File([new Uint8Array(2048)], 'IMG_1.jpg', { type: 'image/jpeg' })
    Object.defineProperty(input, 'files', { value: [photo] })
    input.dispatchEvent(new Event('change'))
    const files = await p
    expect(files).toHaveLength(1)
    expect(files[0]).toMatchObject({ name: 'IMG_1.jpg', size: 2048, kind: 'image', mime: 'image/jpeg' })
    expect(files[0].blob).toBe(photo)
    expect(document.body.querySelector('input[type=file]')).toBeNull()

    const q = pickFiles({ source: 'album', accept: ['image'], count: 2 }, 'h5')
    const again = document.body.querySelector('input[type=file]') as HTMLInputElement
    expect(again.multiple).toBe(true)
    again.dispatchEvent(new Event('cancel'))
    await expect(q).resolves.toEqual([])
  })

  it('weapp: Taro.chooseMedia with the original photo from the chosen source', async () => {
    const spy = jest.spyOn(Taro, 'chooseMedia').mockResolvedValue({
      tempFiles: [{ tempFilePath: 'wxfile://tmp_abc.jpg', size: 3 * MB, width: 4000, height: 3000, fileType: 'image' }],
      type: 'image',
      errMsg: 'chooseMedia:ok'
    } as never)
    const files = await pickFiles({ source: 'camera', count: 2 }, 'weapp')
    expect(spy).toHaveBeenCalledWith(expect.objectContaining({ count: 2, mediaType: ['image'], sourceType: ['camera'], sizeType: ['original'] }))
    expect(files).toEqual([{ path: 'wxfile://tmp_abc.jpg', name: '照片1.jpg', size: 3 * MB, mime: 'image/jpeg', kind: 'image', width: 4000, height: 3000 }])
  })

  it('weapp: cancelling is not an error; a refused permission says what to do', async () => {
    jest.spyOn(Taro, 'chooseMedia').mockRejectedValueOnce({ errMsg: 'chooseMedia:fail cancel' })
    await expect(pickFiles({ source: 'album', count: 1 }, 'weapp')).resolves.toEqual([])
    jest.spyOn(Taro, 'chooseMedia').mockRejectedValueOnce({ errMsg: 'chooseMedia:fail auth deny' })
    await expect(pickFiles({ source: 'camera', count: 1 }, 'weapp')).rejects.toMatchObject({
      code: 'MEDIA_PERMISSION_DENIED',
      message: '没有相机或相册的使用权限，请在设置中允许后重试'
    })
  })

  it('weapp: PDFs from a chat only for materials that take PDF', async () => {
    jest.spyOn(Taro, 'chooseMessageFile').mockResolvedValue({
      tempFiles: [{ path: 'wxfile://tmp_x.pdf', name: '出院小结.pdf', size: 200_000, type: 'file', time: 0 }],
      errMsg: 'ok'
    } as never)
    await expect(pickFiles({ source: 'chat', accept: ['image', 'pdf'], count: 1 }, 'weapp')).resolves.toEqual([
      { path: 'wxfile://tmp_x.pdf', name: '出院小结.pdf', size: 200_000, mime: 'application/pdf', kind: 'pdf' }
    ])
    await expect(pickFiles({ source: 'chat', accept: ['image'], count: 1 }, 'weapp')).rejects.toMatchObject({ code: ErrorCode.UPLOAD_TYPE_UNSUPPORTED })
  })

  it('alipay: Taro.chooseImage (my.chooseImage)', async () => {
    const spy = jest.spyOn(Taro, 'chooseImage').mockResolvedValue({ tempFilePaths: ['https://resource/apml1.jpg'], tempFiles: [{ path: 'x', size: 900 }], errMsg: 'ok' } as never)
    const files = await pickFiles({ source: 'album', count: 1 }, 'alipay')
    expect(spy).toHaveBeenCalledWith(expect.objectContaining({ sourceType: ['album'], count: 1 }))
    expect(files).toEqual([{ path: 'https://resource/apml1.jpg', name: '照片1.jpg', size: 900, mime: 'image/jpeg', kind: 'image' }])
  })

  it('asks for nothing when no more files may be added', async () => {
    const spy = jest.spyOn(Taro, 'chooseMedia')
    await expect(pickFiles({ source: 'album', count: 0 }, 'weapp')).resolves.toEqual([])
    expect(spy).not.toHaveBeenCalled()
  })
})

describe('compression on H5 (browser-image-compression: ≤ 1 MB, long side ≤ 2560)', () => {
  const h5File = (size: number, mime: string, name = 'a.jpg'): PickedFile => ({ path: 'blob:a', name, size, mime, kind: 'image', blob: blobOf(size, mime) })

  it('leaves a JPEG already under 1 MB as it is', async () => {
    const c = fakeCompressor(blobOf(1, 'image/jpeg'))
    const f = h5File(800_000, 'image/jpeg')
    await expect(compressH5(f, c as never)).resolves.toBe(f)
    expect(c).not.toHaveBeenCalled()
  })

  it('compresses a large photo to a JPEG with the target size and side, on the main thread', async () => {
    const c = fakeCompressor(blobOf(700_000, 'image/jpeg'))
    const out = await compressH5(h5File(4 * MB, 'image/png', '发票.png'), c as never)
    expect(c).toHaveBeenCalledTimes(1)
    const opts = c.mock.calls[0][1]
    expect(opts).toMatchObject({ maxSizeMB: 1, maxWidthOrHeight: 2560, useWebWorker: false, fileType: 'image/jpeg' })
    // legibility: starts at a high quality and stops after a bounded number of rounds
    expect(opts.initialQuality).toBeGreaterThanOrEqual(0.8)
    expect(opts.maxIteration).toBe(H5_COMPRESS_OPTIONS.maxIteration)
    expect(out).toMatchObject({ name: '发票.jpg', mime: 'image/jpeg', size: 700_000 })
  })

  it('re-encodes a small HEIC/WebP photo to JPEG; says so plainly when the browser cannot read it (HEIC then goes as it is)', async () => {
    const c = fakeCompressor(blobOf(300_000, 'image/jpeg'))
    await expect(compressH5(h5File(500_000, 'image/webp', 'x.webp'), c as never)).resolves.toMatchObject({ mime: 'image/jpeg', name: 'x.jpg' })
    const broken = fakeCompressor(new Error('decode'))
    await expect(compressH5(h5File(2 * MB, 'image/webp', 'x.webp'), broken as never)).rejects.toMatchObject({
      code: 'MEDIA_UNREADABLE',
      message: '无法读取这张照片，请换一张 JPG 或 PNG 格式的照片'
    })
    // HEIC the browser cannot decode goes as it is: the BFF converts it
    const heic = h5File(2 * MB, 'image/heic', 'IMG.HEIC')
    await expect(compressH5(heic, broken as never)).resolves.toBe(heic)
  })

  it('refuses what is still over 10 MB, and PDFs over 10 MB, with the contract code', async () => {
    const c = fakeCompressor(blobOf(UPLOAD_MAX_BYTES + 1, 'image/jpeg'))
    await expect(compressH5(h5File(30 * MB, 'image/jpeg'), c as never)).rejects.toMatchObject({ code: ErrorCode.UPLOAD_TOO_LARGE })
    const pdf: PickedFile = { path: '', name: 'a.pdf', size: UPLOAD_MAX_BYTES + 1, mime: 'application/pdf', kind: 'pdf', blob: blobOf(1, 'application/pdf') }
    await expect(compressH5(pdf, c as never)).rejects.toMatchObject({ code: ErrorCode.UPLOAD_TOO_LARGE, message: '文件超过 10MB，请压缩或分页后再上传' })
    const small = { ...pdf, size: 2 * MB }
    await expect(compressH5(small, c as never)).resolves.toBe(small)
  })

  it('makes a small data-URL thumbnail for photos, none for PDFs', async () => {
    const c = fakeCompressor(blobOf(5000, 'image/jpeg'))
    await expect(makeThumbnail(h5File(2 * MB, 'image/jpeg'), 'h5', c as never)).resolves.toBe('data:image/jpeg;base64,AAAA')
    expect(c.mock.calls[0][1]).toMatchObject({ maxWidthOrHeight: 240 })
    await expect(makeThumbnail({ path: '', name: 'a.pdf', size: 1, mime: 'application/pdf', kind: 'pdf' }, 'h5', c as never)).resolves.toBeNull()
    await expect(makeThumbnail({ path: 'wxfile://t.jpg', name: 'a.jpg', size: 1, mime: '', kind: 'image' }, 'weapp')).resolves.toBe('wxfile://t.jpg')
  })
})

describe('compression in the mini-programs (Taro.compressImage)', () => {
  function fs(sizes: Record<string, number>) {
    jest.spyOn(Taro, 'getFileInfo').mockImplementation(((o: { filePath: string }) => Promise.resolve({ size: sizes[o.filePath] ?? 0, digest: '', errMsg: 'ok' })) as never)
  }

  it('weapp: scales the long side to 2560 at quality 80 and stops when under 1 MB', async () => {
    jest.spyOn(Taro, 'getImageInfo').mockResolvedValue({ width: 3000, height: 4000 } as never)
    fs({ 'tmp/a.jpg': 5 * MB, 'tmp/c80.jpg': 800_000 })
    const spy = jest.spyOn(Taro, 'compressImage').mockResolvedValue({ tempFilePath: 'tmp/c80.jpg', errMsg: 'ok' } as never)
    const out = await compressMini({ path: 'tmp/a.jpg', name: '照片1.jpg', size: 0, mime: '', kind: 'image' }, 'weapp')
    expect(spy).toHaveBeenCalledTimes(1)
    expect(spy).toHaveBeenCalledWith({ src: 'tmp/a.jpg', quality: 80, compressedHeight: 2560 })
    expect(out).toMatchObject({ path: 'tmp/c80.jpg', size: 800_000, width: 1920, height: 2560, mime: 'image/jpeg' })
  })

  it('weapp: tries quality 60 once when 80 is still too big, never lower', async () => {
    jest.spyOn(Taro, 'getImageInfo').mockResolvedValue({ width: 4000, height: 3000 } as never)
    fs({ 'tmp/c80.jpg': 1.6 * MB, 'tmp/c60.jpg': 1.2 * MB })
    const spy = jest
      .spyOn(Taro, 'compressImage')
      .mockResolvedValueOnce({ tempFilePath: 'tmp/c80.jpg', errMsg: 'ok' } as never)
      .mockResolvedValueOnce({ tempFilePath: 'tmp/c60.jpg', errMsg: 'ok' } as never)
    const out = await compressMini({ path: 'tmp/a.jpg', name: 'a.jpg', size: 6 * MB, mime: 'image/jpeg', kind: 'image' }, 'weapp')
    expect(spy.mock.calls.map((c) => (c[0] as { quality: number }).quality)).toEqual([...MINI_QUALITIES])
    expect(Math.min(...MINI_QUALITIES)).toBeGreaterThanOrEqual(60)
    expect(out.path).toBe('tmp/c60.jpg')
    expect(out.size).toBe(1.2 * MB) // over the target but within the BFF's limit: sent, legible
  })

  it('leaves a small photo alone and refuses one too small to read', async () => {
    const spy = jest.spyOn(Taro, 'compressImage')
    jest.spyOn(Taro, 'getImageInfo').mockResolvedValueOnce({ width: 1200, height: 1600 } as never)
    const f: PickedFile = { path: 'tmp/s.jpg', name: 's.jpg', size: 400_000, mime: 'image/jpeg', kind: 'image' }
    await expect(compressMini(f, 'weapp')).resolves.toMatchObject({ path: 'tmp/s.jpg', width: 1200 })
    expect(spy).not.toHaveBeenCalled()
    jest.spyOn(Taro, 'getImageInfo').mockResolvedValueOnce({ width: 150, height: 120 } as never)
    await expect(compressMini(f, 'weapp')).rejects.toMatchObject({ code: ErrorCode.UPLOAD_DIMENSIONS })
  })

  it('alipay: my.compressImage with apFilePaths and a high-quality level', async () => {
    jest.spyOn(Taro, 'getImageInfo').mockResolvedValue({ width: 4000, height: 3000 } as never)
    fs({ 'ap/1.jpg': 700_000 })
    const spy = jest.spyOn(Taro, 'compressImage').mockResolvedValue({ apFilePaths: ['ap/1.jpg'] } as never)
    const out = await compressMini({ path: 'ap/0.jpg', name: 'a.jpg', size: 4 * MB, mime: '', kind: 'image' }, 'alipay')
    expect(spy).toHaveBeenCalledWith({ apFilePaths: ['ap/0.jpg'], compressLevel: 2 })
    expect(out).toMatchObject({ path: 'ap/1.jpg', size: 700_000 })
  })
})
