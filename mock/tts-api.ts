import { http, HttpResponse } from 'msw'
import { TTS_TEXT_MAX, TtsRequestSchema, normalizeSpeechText } from '../contract'
import { errors, validationError } from '../bff/src/errors'

/**
 * msw handler for read-aloud (语音版, issue 6): POST /api/v1/tts answers like the BFF — 400 TTS_TEXT_EMPTY /
 * TTS_TEXT_TOO_LONG / VALIDATION_FAILED — and with a tiny valid WAV (0.1 s of a quiet 440 Hz tone, 8 kHz mono
 * 16-bit) instead of real speech: the mock bundle carries no speech engine.
 */
export function tinyWav(ms = 100, sampleRate = 8000): ArrayBuffer {
  const samples = Math.round((sampleRate * ms) / 1000)
  const buf = new ArrayBuffer(44 + samples * 2)
  const v = new DataView(buf)
  const ascii = (at: number, s: string): void => {
    for (let i = 0; i < s.length; i++) v.setUint8(at + i, s.charCodeAt(i))
  }
  ascii(0, 'RIFF')
  v.setUint32(4, 36 + samples * 2, true)
  ascii(8, 'WAVE')
  ascii(12, 'fmt ')
  v.setUint32(16, 16, true)
  v.setUint16(20, 1, true)
  v.setUint16(22, 1, true)
  v.setUint32(24, sampleRate, true)
  v.setUint32(28, sampleRate * 2, true)
  v.setUint16(32, 2, true)
  v.setUint16(34, 16, true)
  ascii(36, 'data')
  v.setUint32(40, samples * 2, true)
  for (let i = 0; i < samples; i++) v.setInt16(44 + i * 2, Math.round(2000 * Math.sin((2 * Math.PI * 440 * i) / sampleRate)), true)
  return buf
}

/** the texts the mock was asked to read, newest last (tests look at them) */
export const mockSpokenTexts: string[] = []

export const ttsHandlers = [
  http.post('*/api/v1/tts', async ({ request }) => {
    const parsed = TtsRequestSchema.safeParse(await request.json().catch(() => null))
    const fail = (e: { status: number; toBody(): unknown }) => HttpResponse.json(e.toBody() as Record<string, unknown>, { status: e.status })
    if (!parsed.success) return fail(validationError(parsed.error.issues))
    const text = normalizeSpeechText(parsed.data.text)
    if (!text) return fail(errors.ttsTextEmpty())
    if ([...text].length > TTS_TEXT_MAX) return fail(errors.ttsTextTooLong(TTS_TEXT_MAX))
    mockSpokenTexts.push(text)
    return HttpResponse.arrayBuffer(tinyWav(), { headers: { 'Content-Type': 'audio/wav' } })
  })
]
