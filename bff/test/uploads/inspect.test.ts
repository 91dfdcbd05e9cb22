import { createHash } from 'node:crypto'
import { deflateSync } from 'node:zlib'
import sharp from 'sharp'
import { UPLOAD_MAX_BYTES, UPLOAD_TARGET_BYTES } from '../../../contract/apply'
import { ErrorCode } from '../../../contract/common'
import { AppError } from '../../src/errors'
import { cleanFileName, inspectUpload, MAX_LONG_SIDE, sniff } from '../../src/uploads/inspect'
import {
  bombJpeg,
  bombPng,
  exeBytes,
  flatPng,
  halvesJpeg,
  handPdf,
  noisyPng,
  pdfkitPdf,
  photoJpeg,
  streamObject
} from '../fixtures/files'

/** The AppError inspectUpload rejects with (fails the test when it resolves). */
async function rejection(p: Promise<unknown>): Promise<AppError> {
  try {
    await p
  } catch (err) {
    if (err instanceof AppError) return err
    throw err
  }
  throw new Error('expected the upload to be refused')
}

const image = { accept: ['image' as const], fileName: 'photo.jpg' }

describe('inspectUpload: type from the bytes only (001 §5.1.2)', () => {
  it('refuses a Windows executable renamed photo.jpg: 415 with what is allowed', async () => {
    const err = await rejection(inspectUpload(exeBytes(), { accept: ['image'], fileName: 'photo.jpg' }))
    expect(err.status).toBe(415)
    expect(err.code).toBe(ErrorCode.UPLOAD_TYPE_UNSUPPORTED)
    expect(err.message).toContain('JPG')
    expect(err.message).not.toContain('PDF')
  })

  it('names PDF among the allowed types only where the material accepts PDF', async () => {
    const text = Buffer.from('hello, this is a text file\n'.repeat(20))
    const both = await rejection(inspectUpload(text, { accept: ['image', 'pdf'], fileName: 'a.pdf' }))
    expect(both.code).toBe(ErrorCode.UPLOAD_TYPE_UNSUPPORTED)
    expect(both.message).toMatch(/照片.*PDF/)
    const pdfOnly = await rejection(inspectUpload(text, { accept: ['pdf'], fileName: 'a.pdf' }))
    expect(pdfOnly.message).toContain('PDF 文件')
    expect(pdfOnly.message).not.toContain('照片')
  })

  it('sniffs JPEG, PNG, WebP, HEIF (AVIF) and PDF from their first bytes', async () => {
    const base = sharp({ create: { width: 300, height: 300, channels: 3, background: '#88aa66' } })
    expect(sniff(await base.clone().jpeg().toBuffer())).toBe('jpeg')
    expect(sniff(await base.clone().png().toBuffer())).toBe('png')
    expect(sniff(await base.clone().webp().toBuffer())).toBe('webp')
    expect(sniff(await base.clone().avif().toBuffer())).toBe('heif')
    expect(sniff(handPdf())).toBe('pdf')
    expect(sniff(exeBytes())).toBeNull()
  })

  it('an empty file is UPLOAD_MISSING, more than 10 MB is 413 UPLOAD_TOO_LARGE', async () => {
    const empty = await rejection(inspectUpload(Buffer.alloc(0), image))
    expect([empty.status, empty.code]).toEqual([400, ErrorCode.UPLOAD_MISSING])
    const big = Buffer.alloc(UPLOAD_MAX_BYTES + 1)
    Buffer.from([0xff, 0xd8, 0xff, 0xe0]).copy(big)
    const tooBig = await rejection(inspectUpload(big, image))
    expect([tooBig.status, tooBig.code]).toEqual([413, ErrorCode.UPLOAD_TOO_LARGE])
    expect(tooBig.message).toContain('10MB')
  })
})

describe('inspectUpload: corrupt and oversized images', () => {
  it('a JPEG cut in half is 422 UPLOAD_CORRUPT', async () => {
    const jpeg = await photoJpeg(1200, 900)
    const err = await rejection(inspectUpload(jpeg.subarray(0, Math.floor(jpeg.length / 2)), image))
    expect([err.status, err.code]).toEqual([422, ErrorCode.UPLOAD_CORRUPT])
    expect(err.message).toContain('损坏')
  })

  it('a JPEG whose data is damaged in the middle (decodes only with grey blocks) is 422 UPLOAD_CORRUPT, not stored', async () => {
    const jpeg = Buffer.from(await photoJpeg(800, 600))
    jpeg.fill(0, Math.floor(jpeg.length * 0.3), Math.floor(jpeg.length * 0.6))
    const err = await rejection(inspectUpload(jpeg, { accept: ['image'], fileName: 'a.jpg' }))
    expect([err.status, err.code]).toEqual([422, ErrorCode.UPLOAD_CORRUPT])
  })

  it('a PNG cut short is 422 UPLOAD_CORRUPT', async () => {
    const png = await noisyPng(600, 400)
    const err = await rejection(inspectUpload(png.subarray(0, Math.floor(png.length * 0.6)), image))
    expect(err.code).toBe(ErrorCode.UPLOAD_CORRUPT)
  })

  it('a PNG whose header claims 30000×30000 is refused from the header: 422 UPLOAD_DIMENSIONS, no big allocation', async () => {
    const bomb = bombPng(30000, 30000)
    const rss0 = process.memoryUsage().rss
    const t0 = performance.now()
    const err = await rejection(inspectUpload(bomb, image))
    const ms = performance.now() - t0
    const rssGrowthMb = (process.memoryUsage().rss - rss0) / 1024 / 1024
    console.log(`30000×30000 PNG bomb (${bomb.length} bytes): refused in ${ms.toFixed(1)} ms, RSS growth ${rssGrowthMb.toFixed(1)} MB`)
    expect([err.status, err.code]).toEqual([422, ErrorCode.UPLOAD_DIMENSIONS])
    expect(err.message).toContain('过大')
    // decoding it would need 30000 × 30000 × 3 bytes = 2.7 GB
    expect(rssGrowthMb).toBeLessThan(200)
  })

  it('a JPEG whose SOF claims 30000×30000 is 422 UPLOAD_DIMENSIONS', async () => {
    const err = await rejection(inspectUpload(await bombJpeg(30000, 30000), image))
    expect(err.code).toBe(ErrorCode.UPLOAD_DIMENSIONS)
  })

  it('more than 40 megapixels with both sides under 10000 is 422 UPLOAD_DIMENSIONS', async () => {
    const err = await rejection(inspectUpload(bombPng(8000, 6000), image))
    expect(err.code).toBe(ErrorCode.UPLOAD_DIMENSIONS)
    expect(err.message).toContain('4000 万')
  })

  it('a side under 200 px is 422 UPLOAD_DIMENSIONS: too small to read', async () => {
    const tiny = await sharp({ create: { width: 640, height: 120, channels: 3, background: '#ffffff' } }).png().toBuffer()
    const err = await rejection(inspectUpload(tiny, image))
    expect([err.status, err.code]).toEqual([422, ErrorCode.UPLOAD_DIMENSIONS])
    expect(err.message).toContain('太小')
  })
})

describe('inspectUpload: photos are re-encoded without metadata', () => {
  it('a 12-megapixel phone photo with GPS and orientation: upright, no EXIF, long side capped, JPEG', async () => {
    const input = await photoJpeg(4000, 3000, { orientation: 6, gps: true })
    const before = await sharp(input).metadata()
    expect(before.exif).toBeDefined()
    expect(before.exif!.includes(Buffer.from('TestPhone'))).toBe(true)
    expect(before.orientation).toBe(6)

    const t0 = performance.now()
    const out = await inspectUpload(input, { accept: ['image'], fileName: 'IMG_0001.JPG' })
    const ms = performance.now() - t0
    console.log(
      `12 MP JPEG with EXIF: ${(input.length / 1024).toFixed(0)} KB in → ${(out.size / 1024).toFixed(0)} KB out ` +
        `(${out.width}×${out.height}) in ${ms.toFixed(0)} ms`
    )

    const after = await sharp(out.bytes).metadata()
    expect(out.mime).toBe('image/jpeg')
    expect(after.format).toBe('jpeg')
    expect(after.exif).toBeUndefined()
    expect(after.xmp).toBeUndefined()
    expect(after.orientation).toBeUndefined()
    expect(out.bytes.includes(Buffer.from('TestPhone'))).toBe(false)
    // orientation 6 = stored landscape, shown portrait: the stored pixels are now upright
    expect(out.height).toBeGreaterThan(out.width!)
    expect(Math.max(out.width!, out.height!)).toBeLessThanOrEqual(MAX_LONG_SIDE)
    expect([after.width, after.height]).toEqual([out.width, out.height])
    expect(out.size).toBe(out.bytes.length)
    expect(out.size).toBeLessThanOrEqual(UPLOAD_TARGET_BYTES)
    expect(out.sha256).toBe(createHash('sha256').update(out.bytes).digest('hex'))
    expect(out.fileName).toBe('IMG_0001.jpg')
  })

  it('applies the orientation to the pixels (stored left half ends up on top for orientation 6)', async () => {
    const out = await inspectUpload(await halvesJpeg(800, 400, 6), image)
    expect([out.width, out.height]).toEqual([400, 800])
    const px = async (top: number): Promise<number[]> => {
      const { data } = await sharp(out.bytes).extract({ left: 190, top, width: 20, height: 20 }).raw().toBuffer({ resolveWithObject: true })
      return [data[0]!, data[1]!, data[2]!]
    }
    const [r1, , b1] = await px(100)
    const [r2, , b2] = await px(680)
    expect(r1).toBeGreaterThan(200)
    expect(b1).toBeLessThan(60)
    expect(b2).toBeGreaterThan(200)
    expect(r2).toBeLessThan(60)
  })

  it('a flat PNG (screenshot) stays PNG and loses its text chunks', async () => {
    const png = await flatPng(1080, 1920, 'GPS 28.45N 119.92E secret-note')
    const out = await inspectUpload(png, { accept: ['image'], fileName: '截图.png' })
    expect(out.mime).toBe('image/png')
    expect([out.width, out.height]).toEqual([1080, 1920])
    expect(out.bytes.includes(Buffer.from('secret-note'))).toBe(false)
    expect(out.fileName).toBe('截图.png')
  })

  it('a photo saved as PNG (over 1 MB as PNG) is stored as JPEG', async () => {
    const out = await inspectUpload(await noisyPng(1600, 1200), { accept: ['image'], fileName: 'scan.png' })
    expect(out.mime).toBe('image/jpeg')
    expect(out.fileName).toBe('scan.jpg')
    expect((await sharp(out.bytes).metadata()).format).toBe('jpeg')
  })

  it('a PNG named .jpg is recognised as PNG and named .png', async () => {
    const out = await inspectUpload(await flatPng(800, 600), { accept: ['image'], fileName: 'photo.jpg' })
    expect(out.mime).toBe('image/png')
    expect(out.fileName).toBe('photo.png')
  })

  it('WebP and AVIF/HEIF photos are converted to JPEG', async () => {
    const src = sharp({ create: { width: 900, height: 700, channels: 3, background: '#446688' } })
    for (const bytes of [await src.clone().webp().toBuffer(), await src.clone().avif().toBuffer()]) {
      const out = await inspectUpload(bytes, { accept: ['image'], fileName: 'IMG_2001.HEIC' })
      expect(out.mime).toBe('image/jpeg')
      expect([out.width, out.height]).toEqual([900, 700])
      expect(out.fileName).toBe('IMG_2001.jpg')
    }
  })

  it('a HEIC container the image library cannot decode is 415 with advice, not a crash', async () => {
    const fake = Buffer.concat([Buffer.from([0, 0, 0, 0x18]), Buffer.from('ftypheic\0\0\0\0mif1heic', 'latin1'), Buffer.alloc(2000, 7)])
    const err = await rejection(inspectUpload(fake, image))
    expect(err.code).toBe(ErrorCode.UPLOAD_TYPE_UNSUPPORTED)
    expect(err.message).toContain('HEIC')
  })

  it('refuses an image where the material takes PDF only', async () => {
    const err = await rejection(inspectUpload(await flatPng(800, 600), { accept: ['pdf'], fileName: 'a.pdf' }))
    expect(err.code).toBe(ErrorCode.UPLOAD_TYPE_UNSUPPORTED)
    expect(err.message).toContain('PDF')
  })
})

describe('inspectUpload: PDF', () => {
  it('is accepted only where the material accepts PDF, stored byte for byte', async () => {
    const pdf = await pdfkitPdf()
    const out = await inspectUpload(pdf, { accept: ['image', 'pdf'], fileName: '居住证明.PDF' })
    expect(out.mime).toBe('application/pdf')
    expect(out.bytes.equals(pdf)).toBe(true)
    expect([out.width, out.height]).toEqual([null, null])
    expect(out.fileName).toBe('居住证明.pdf')
    expect(out.sha256).toBe(createHash('sha256').update(pdf).digest('hex'))

    const err = await rejection(inspectUpload(pdf, { accept: ['image'], fileName: '居住证明.pdf' }))
    expect([err.status, err.code]).toEqual([415, ErrorCode.UPLOAD_TYPE_UNSUPPORTED])
  })

  it('a fake PDF (header, no end) is 422 UPLOAD_CORRUPT', async () => {
    const fake = Buffer.from('%PDF-1.4\n' + 'not really a pdf\n'.repeat(100))
    const err = await rejection(inspectUpload(fake, { accept: ['pdf'], fileName: 'a.pdf' }))
    expect([err.status, err.code]).toEqual([422, ErrorCode.UPLOAD_CORRUPT])
    expect(err.message).toContain('PDF')
  })

  it('refuses an encrypted PDF', async () => {
    const err = await rejection(inspectUpload(await pdfkitPdf({ userPassword: '123456' }), { accept: ['pdf'], fileName: 'a.pdf' }))
    expect(err.code).toBe(ErrorCode.UPLOAD_TYPE_UNSUPPORTED)
    expect(err.message).toContain('加密')
  })

  it('refuses PDFs with JavaScript, also when the name is #-escaped or packed in an object stream', async () => {
    const plain = handPdf({ catalogExtra: '/OpenAction 4 0 R', objects: ['<< /S /JavaScript /JS (app.alert(1)) >>'] })
    const escaped = handPdf({ catalogExtra: '/OpenAction 4 0 R', objects: ['<< /S /J#61vaScript /J#53 (app.alert(1)) >>'] })
    const packed = handPdf({
      objects: [streamObject('/Type /ObjStm /N 1 /First 4 /Filter /FlateDecode', deflateSync(Buffer.from('5 0 << /S /JavaScript /JS (x) >>')))]
    })
    const launch = handPdf({ catalogExtra: '/OpenAction << /S /Launch /F (cmd.exe) >>' })
    for (const pdf of [plain, escaped, packed, launch]) {
      const err = await rejection(inspectUpload(pdf, { accept: ['pdf'], fileName: 'a.pdf' }))
      expect(err.code).toBe(ErrorCode.UPLOAD_TYPE_UNSUPPORTED)
      expect(err.message).toContain('脚本')
    }
  })

  it('refuses evasions a byte scan alone misses: the parsed document (pdf-lib) is checked object by object', async () => {
    const hex = (b: Buffer): Buffer => Buffer.from(`${b.toString('hex')}>`, 'latin1')
    const evasions: Record<string, Buffer> = {
      // a comment that looks like "stream" hides what follows from a scanner that skips stream data
      'comment-stream': Buffer.from(
        '%PDF-1.4\n1 0 obj <</Type/Catalog/Pages 2 0 R/OpenAction 4 0 R>> endobj\n2 0 obj <</Type/Pages/Kids[3 0 R]/Count 1>> endobj\n' +
          '3 0 obj <</Type/Page/Parent 2 0 R/MediaBox[0 0 100 100]>> endobj\n%stream\n4 0 obj <</S/JavaScript/JS(app.alert(1))>> endobj\n%endstream\n' +
          'trailer <</Root 1 0 R/Size 5>>\n%%EOF\n',
        'latin1'
      ),
      // an object stream that is hex-encoded instead of deflated
      'hex-object-stream': handPdf({
        catalogExtra: '/OpenAction 5 0 R',
        objects: [streamObject('/Type /ObjStm /N 1 /First 4 /Filter /ASCIIHexDecode', hex(Buffer.from('5 0 << /S /Launch /F (calc.exe) >>')))]
      }),
      // an attachment on a page, and a document-level embedded file tree
      attachment: handPdf({ objects: ['<< /Type /Annot /Subtype /FileAttachment /Rect [0 0 10 10] >>'] }),
      // an action that opens another file
      'remote-go-to': handPdf({ catalogExtra: '/OpenAction << /S /GoToR /F (other.pdf) /D [0 /Fit] >>' })
    }
    for (const [name, pdf] of Object.entries(evasions)) {
      const err = await rejection(inspectUpload(pdf, { accept: ['pdf'], fileName: `${name}.pdf` }))
      expect([name, err.code, err.message]).toEqual([name, ErrorCode.UPLOAD_TYPE_UNSUPPORTED, expect.stringContaining('脚本')])
    }
  })

  it('refuses a "PDF" that is only a header and an end (15 bytes), and one without a page', async () => {
    for (const pdf of [Buffer.from('%PDF-1.4\n%%EOF\n', 'latin1'), Buffer.from('%PDF-1.7\n1 0 obj <</Type/Catalog>> endobj\ntrailer <</Root 1 0 R>>\n%%EOF', 'latin1')]) {
      const err = await rejection(inspectUpload(pdf, { accept: ['pdf'], fileName: 'tiny.pdf' }))
      expect(err.code).toBe(ErrorCode.UPLOAD_CORRUPT)
    }
  })

  it('does not mistake "/JS" bytes inside compressed stream data for a script', async () => {
    const data = Buffer.concat([Buffer.alloc(100, 0x41), Buffer.from('/JS /JavaScript /Encrypt '), Buffer.alloc(100, 0x42)])
    const pdf = handPdf({ objects: [streamObject('/Subtype /Image /Width 1 /Height 1', data)] })
    const out = await inspectUpload(pdf, { accept: ['pdf'], fileName: 'scan.pdf' })
    expect(out.mime).toBe('application/pdf')
  })
})

describe('cleanFileName', () => {
  it('keeps Chinese names, drops folders, control and bidi characters, fixes the extension', () => {
    expect(cleanFileName('身份证正面.jpeg', 'image/jpeg')).toBe('身份证正面.jpg')
    expect(cleanFileName('C:\\Users\\张三\\Desktop\\户口本.png', 'image/png')).toBe('户口本.png')
    expect(cleanFileName('../../etc/passwd', 'application/pdf')).toBe('passwd.pdf')
    expect(cleanFileName('invoice\u202Egpj.exe', 'image/jpeg')).toBe('invoicegpj.jpg')
    expect(cleanFileName('a\u0000b\r\n.png', 'image/png')).toBe('ab.png')
    expect(cleanFileName('', 'image/jpeg')).toBe('材料.jpg')
    expect(cleanFileName('.hidden', 'image/jpeg')).toBe('hidden.jpg')
    expect(cleanFileName('...', 'image/jpeg')).toBe('材料.jpg')
    expect(Array.from(cleanFileName('长'.repeat(300) + '.jpg', 'image/jpeg'))).toHaveLength(84)
  })
})
