import type { TtsAudioType } from '../../../../contract/tts'

/**
 * Upstream adapter: text-to-speech for read-aloud (语音版, 002) where the client has no Chinese voice of its
 * own (mini-programs, Android WebViews). The embedded implementation synthesises Mandarin locally (eSpeak NG compiled
 * to WebAssembly, no network); a province may plug in its cloud speech service with the same interface.
 */
export interface TtsAdapter {
  /** names the engine and voice; part of the cache key, so a different engine never serves another's audio */
  readonly id: string
  /** Mandarin (zh-CN) speech for the text (already normalised, 1..TTS_TEXT_MAX characters) */
  synthesize(text: string): Promise<TtsAudio>
  /** frees the engine (a worker thread for the embedded one); later calls start it again */
  close(): Promise<void>
}

export interface TtsAudio {
  contentType: TtsAudioType
  bytes: Buffer
  /** how long the audio plays */
  durationMs: number
}
