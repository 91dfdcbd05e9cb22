import { ANALYSIS_LONG_SIDE } from '../../../domain/photo-check'
import { DECODE_SQUARE, photoPixels } from './photoPixels.h5'
import type { PickedFile } from '@/shared/media'

/**
 * The H5 pixel reader's choice of decoder. jsdom has neither WebCodecs nor a 2d canvas, so both are stand-ins here
 * that record what they were asked; the real decoders run in chromium in bench/photo-decode.ts, which also shows
 * that the three photo families get the same verdicts on both paths.
 */
interface Drawn {
  canvas: [number, number]
  drawn: [number, number]
  source: unknown
}
let draws: Drawn[] = []

class FakeOffscreenCanvas {
  constructor(
    public width: number,
    public height: number
  ) {}
  getContext(): unknown {
    const canvas: [number, number] = [this.width, this.height]
    return {
      imageSmoothingQuality: 'low',
      drawImage: (source: unknown, _x: number, _y: number, w: number, h: number) => draws.push({ canvas, drawn: [w, h], source }),
      getImageData: (_x: number, _y: number, w: number, h: number) => ({ data: new Uint8ClampedArray(w * h * 4).fill(200), width: w, height: h })
    }
  }
}

interface DecoderInit {
  type: string
  desiredWidth: number
  desiredHeight: number
  data: ArrayBuffer
}
let decoders: { init: DecoderInit; closed: boolean; imageClosed: boolean }[] = []
let decodeFails = false

class FakeImageDecoder {
  record: { init: DecoderInit; closed: boolean; imageClosed: boolean }
  constructor(init: DecoderInit) {
    this.record = { init, closed: false, imageClosed: false }
    decoders.push(this.record)
  }
  async decode(): Promise<{ image: unknown }> {
    if (decodeFails) throw new DOMException('cannot decode', 'EncodingError')
    // a 3000 × 4000 photo decoded at 3/8 in the DCT, as Chromium does for DECODE_SQUARE²
    const record = this.record
    return { image: { kind: 'videoframe', displayWidth: 1125, displayHeight: 1500, close: () => (record.imageClosed = true) } }
  }
  close(): void {
    this.record.closed = true
  }
}

const bitmaps: ImageBitmapOptions[] = []
async function fakeCreateImageBitmap(_blob: Blob, opts: ImageBitmapOptions): Promise<unknown> {
  bitmaps.push(opts)
  // resized to 1 024 wide; the height follows a 3 : 4 photo
  return { kind: 'bitmap', width: 1024, height: 1365, close: () => undefined }
}

const g = globalThis as Record<string, unknown>

function picked(type: string): PickedFile {
  const blob = new Blob([new Uint8Array([0xff, 0xd8, 0xff, 0xe0, 1, 2, 3])], { type })
  return { path: '', name: type === 'image/png' ? 'p.png' : 'p.jpg', size: blob.size, mime: type, kind: 'image', blob }
}

beforeEach(() => {
  draws = []
  decoders = []
  bitmaps.length = 0
  decodeFails = false
  g.OffscreenCanvas = FakeOffscreenCanvas
  g.ImageDecoder = FakeImageDecoder
  g.createImageBitmap = fakeCreateImageBitmap
})

afterAll(() => {
  delete g.OffscreenCanvas
  delete g.ImageDecoder
  delete g.createImageBitmap
})

describe('photoPixels (H5)', () => {
  it('decodes a JPEG at a reduced scale with ImageDecoder and draws it down to the analysis size', async () => {
    const px = await photoPixels(picked('image/jpeg'))
    expect(decoders).toHaveLength(1)
    expect(decoders[0]!.init).toMatchObject({ type: 'image/jpeg', desiredWidth: DECODE_SQUARE, desiredHeight: DECODE_SQUARE })
    expect(decoders[0]!.init.data.byteLength).toBe(7)
    expect(bitmaps).toHaveLength(0)
    // 1 125 × 1 500 → the long side at ANALYSIS_LONG_SIDE: only ever scaled down
    expect(draws).toEqual([{ canvas: [768, ANALYSIS_LONG_SIDE], drawn: [768, ANALYSIS_LONG_SIDE], source: expect.objectContaining({ kind: 'videoframe' }) }])
    expect(px).toMatchObject({ width: 768, height: ANALYSIS_LONG_SIDE, channels: 4 })
    expect(px!.data.length).toBe(768 * ANALYSIS_LONG_SIDE * 4)
    // the frame and the decoder hold decoded memory until closed
    expect(decoders[0]).toMatchObject({ closed: true, imageClosed: true })
  })

  it('asks for a square large enough that a 12 MP photo decodes at or over the analysis size', () => {
    // Chromium's JPEG decoder scales by the largest n/8 whose area fits the asked one
    const n = Math.floor(8 * Math.sqrt((DECODE_SQUARE * DECODE_SQUARE) / (3000 * 4000)))
    expect((4000 * n) / 8).toBeGreaterThanOrEqual(ANALYSIS_LONG_SIDE)
  })

  it('takes createImageBitmap for a PNG (no scaled decode there)', async () => {
    const px = await photoPixels(picked('image/png'))
    expect(decoders).toHaveLength(0)
    expect(bitmaps).toEqual([{ resizeWidth: ANALYSIS_LONG_SIDE, resizeQuality: 'medium' }])
    expect(draws[0]!.source).toMatchObject({ kind: 'bitmap' })
    expect(px).toMatchObject({ width: 768, height: ANALYSIS_LONG_SIDE })
  })

  it('falls back to createImageBitmap when ImageDecoder cannot decode the file, and closes the decoder', async () => {
    decodeFails = true
    const px = await photoPixels(picked('image/jpeg'))
    expect(decoders).toHaveLength(1)
    expect(decoders[0]!.closed).toBe(true)
    expect(bitmaps).toHaveLength(1)
    expect(px).toMatchObject({ width: 768, height: ANALYSIS_LONG_SIDE })
  })

  it('falls back to createImageBitmap where the browser has no ImageDecoder (Safari, Firefox, old WebViews)', async () => {
    delete g.ImageDecoder
    const px = await photoPixels(picked('image/jpeg'))
    expect(bitmaps).toHaveLength(1)
    expect(px).toMatchObject({ width: 768, height: ANALYSIS_LONG_SIDE })
  })

  it('gives null (check skipped) where neither decoder can read the photo', async () => {
    delete g.ImageDecoder
    g.createImageBitmap = async () => {
      throw new DOMException('unsupported', 'InvalidStateError')
    }
    expect(await photoPixels(picked('image/heic'))).toBeNull()
  })
})
