import { EmbeddedTtsAdapter, encodeWav, readWavInfo } from '../../src/adapters/tts'

/** root mean square of the 16-bit samples: silence is ~0, speech is hundreds to thousands */
function rms(wav: Buffer): number {
  const pcm = new Int16Array(wav.buffer.slice(wav.byteOffset + 44, wav.byteOffset + wav.length))
  let sum = 0
  for (const s of pcm) sum += s * s
  return Math.sqrt(sum / pcm.length)
}

describe('the embedded TTS adapter (eSpeak NG in WebAssembly, Mandarin 语音版)', () => {
  const tts = new EmbeddedTtsAdapter()
  afterAll(() => tts.close())

  it('speaks 医保掌上办 as a playable 16-bit mono WAV longer than half a second, with sound in it', async () => {
    const audio = await tts.synthesize('医保掌上办')
    expect(audio.contentType).toBe('audio/wav')
    const info = readWavInfo(audio.bytes)
    expect(info).toMatchObject({ channels: 1, bitsPerSample: 16, sampleRate: 22050 })
    expect(info!.durationMs).toBeGreaterThan(500)
    expect(info!.durationMs).toBeLessThan(5000)
    expect(audio.durationMs).toBe(info!.durationMs)
    expect(rms(audio.bytes)).toBeGreaterThan(300)
  })

  it('reads a longer text for longer, one syllable per 汉字 (about 3 to 8 a second)', async () => {
    const text = '办理医保关系转移接续，参保人需携带本人有效身份证件，到参保地医疗保障经办机构申请。'
    const audio = await tts.synthesize(text)
    const seconds = readWavInfo(audio.bytes)!.durationMs / 1000
    const hanzi = text.replace(/[，。]/g, '').length
    expect(hanzi / seconds).toBeGreaterThan(3)
    expect(hanzi / seconds).toBeLessThan(8)
  })

  it('reads digits as Chinese numbers rather than skipping them', async () => {
    const bare = await tts.synthesize('热线')
    const withNumber = await tts.synthesize('热线12393')
    expect(withNumber.durationMs).toBeGreaterThan(bare.durationMs + 800)
  })

  it('starts again after being closed', async () => {
    await tts.close()
    const audio = await tts.synthesize('你好')
    expect(readWavInfo(audio.bytes)!.durationMs).toBeGreaterThan(300)
  })
})

describe('WAV encoding', () => {
  it('writes a header that readWavInfo reads back, and refuses what is not a WAV', () => {
    const wav = encodeWav(new Int16Array(22050), 22050)
    expect(wav.length).toBe(44 + 44100)
    expect(readWavInfo(wav)).toEqual({ sampleRate: 22050, channels: 1, bitsPerSample: 16, dataBytes: 44100, durationMs: 1000 })
    expect(readWavInfo(Buffer.from('ID3 not a wav at all, certainly not forty-four bytes'))).toBeNull()
    expect(readWavInfo(wav.subarray(0, wav.length - 2))).toBeNull()
  })
})
