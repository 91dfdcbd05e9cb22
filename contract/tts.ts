import { z } from 'zod'

/**
 * Read-aloud (语音版, 002; issue 6): the app reads a page's text aloud. H5 uses the browser's speechSynthesis with a
 * zh-CN voice when it has one; otherwise (mini-programs, Android WebViews without voices) the BFF turns the text
 * into playable audio: `POST /api/v1/tts {text}` → audio/wav bytes.
 */

/** the most characters one request may read (a guide's 16 elements fit; longer pages are read in parts) */
export const TTS_TEXT_MAX = 2000

/** the audio types the BFF may answer with (the embedded engine answers WAV, 16-bit PCM mono) */
export const TTS_AUDIO_TYPES = ['audio/wav', 'audio/mpeg'] as const
export type TtsAudioType = (typeof TTS_AUDIO_TYPES)[number]

/** The body of POST /api/v1/tts. Emptiness and length are checked by the service (TTS_TEXT_EMPTY / TTS_TEXT_TOO_LONG). */
export const TtsRequestSchema = z.object({
  text: z.string({ required_error: '请提供要朗读的文字', invalid_type_error: '朗读内容应为文字' })
})
export type TtsRequest = z.infer<typeof TtsRequestSchema>

/**
 * The text as it is read: markup-like characters and emoji dropped, runs of white space folded, trimmed.
 * The app and the BFF both use it, so the cache key and the length limit see the same text.
 */
export function normalizeSpeechText(text: string): string {
  return text
    .normalize('NFKC')
    .replace(/[\p{Extended_Pictographic}\u200B-\u200F\uFEFF<>{}[\]\\|^~`]/gu, ' ')
    .replace(/\s+/g, ' ')
    .trim()
}
