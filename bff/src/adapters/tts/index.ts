import { EmbeddedTtsAdapter } from './embedded'
import type { TtsAdapter } from './types'

export type { TtsAdapter, TtsAudio } from './types'
export { EmbeddedTtsAdapter, encodeWav, readWavInfo, type WavInfo } from './embedded'

/** Picks the text-to-speech adapter; only the embedded one (eSpeak NG in WebAssembly, Mandarin) exists so far. */
export function createTtsAdapter(kind: 'embedded'): TtsAdapter {
  switch (kind) {
    case 'embedded':
      return new EmbeddedTtsAdapter()
  }
}
