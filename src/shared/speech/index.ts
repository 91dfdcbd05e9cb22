import Taro from '@tarojs/taro'
import { TTS_TEXT_MAX, normalizeSpeechText } from '@contract/tts'
import { API_BASE, client } from '../api/client'

/**
 * Read-aloud (语音版, 002; issue 6): which engine reads a page's text, and reading it.
 *  - 'browser': H5 with a Chinese voice in speechSynthesis (zh-CN preferred). Voices load asynchronously, so the
 *    list is awaited through `voiceschanged` for a moment before deciding.
 *  - 'bff': everywhere else (mini-programs, Android WebViews without voices): the BFF's POST /api/v1/tts turns the
 *    text into WAV audio, played with Taro.createInnerAudioContext (mini-programs) or an HTMLAudioElement (H5). The
 *    BFF is probed once, lazily, with a two-character text (cached on the BFF after the first probe anywhere).
 *  - 'none': neither works; the button is hidden.
 * Long texts are read in parts (sentences joined up to a limit), so the first words play quickly.
 */
export type SpeechEngine = 'browser' | 'bff' | 'none'

/** how long to wait for the browser's voice list (Chrome fills it after `voiceschanged`) */
export const VOICES_WAIT_MS = 1500
/** characters per utterance (Chrome cuts long utterances off after ~15 s) and per BFF request (≈ 3 MB of WAV) */
export const BROWSER_PART_MAX = 160
export const BFF_PART_MAX = 300
/** the text the BFF probe reads */
export const PROBE_TEXT = '朗读'
/** speech rate for older listeners (1 = the voice's normal speed) */
const BROWSER_RATE = 0.9

const isH5 = (): boolean => process.env.TARO_ENV === 'h5'

// ---------- splitting ----------

/** Splits a text into parts of at most `max` characters, at sentence ends, then at commas, then anywhere. */
export function splitForSpeech(text: string, max: number): string[] {
  const clean = normalizeSpeechText(text)
  if (!clean) return []
  const sentences = clean.match(/[^。！？!?；;\n]+[。！？!?；;\n]*/g) ?? [clean]
  const pieces: string[] = []
  for (const s of sentences) {
    if ([...s].length <= max) {
      pieces.push(s)
      continue
    }
    for (const clause of s.match(/[^，,、：:]+[，,、：:]*/g) ?? [s]) {
      const chars = [...clause]
      for (let i = 0; i < chars.length; i += max) pieces.push(chars.slice(i, i + max).join(''))
    }
  }
  const parts: string[] = []
  let current = ''
  for (const p of pieces) {
    if (current && [...current].length + [...p].length > max) {
      parts.push(current.trim())
      current = ''
    }
    current += p
  }
  if (current.trim()) parts.push(current.trim())
  return parts.filter(Boolean)
}

// ---------- the browser's voices ----------

function browserSynth(): SpeechSynthesis | null {
  if (!isH5() || typeof window === 'undefined') return null
  const synth = (window as { speechSynthesis?: SpeechSynthesis }).speechSynthesis
  const Utterance = (window as { SpeechSynthesisUtterance?: unknown }).SpeechSynthesisUtterance
  return synth && typeof Utterance === 'function' ? synth : null
}

/** The best Mandarin voice: zh-CN, then zh / cmn / zh-Hans, then zh-TW / zh-SG; Cantonese (zh-HK, yue) is not used. */
export function pickChineseVoice(voices: ReadonlyArray<SpeechSynthesisVoice>): SpeechSynthesisVoice | null {
  const rank = (v: SpeechSynthesisVoice): number => {
    const lang = v.lang.replace('_', '-').toLowerCase()
    if (lang === 'zh-cn' || lang.startsWith('zh-hans-cn') || lang.startsWith('cmn-hans-cn') || lang === 'cmn-cn') return 0
    if (lang === 'zh' || lang === 'cmn' || lang.startsWith('zh-hans') || lang.startsWith('cmn-')) return 1
    if (lang === 'zh-tw' || lang === 'zh-sg' || lang.startsWith('zh-hant-tw')) return 2
    return 9
  }
  const ranked = voices.filter((v) => rank(v) < 9).sort((a, b) => rank(a) - rank(b) || Number(b.localService) - Number(a.localService))
  return ranked[0] ?? null
}

/** The voice list, waiting up to `ms` for `voiceschanged` when it is still empty. */
function loadVoices(synth: SpeechSynthesis, ms: number): Promise<SpeechSynthesisVoice[]> {
  const now = synth.getVoices()
  if (now.length) return Promise.resolve(now)
  return new Promise((resolve) => {
    const done = (): void => {
      clearTimeout(timer)
      synth.removeEventListener?.('voiceschanged', done)
      resolve(synth.getVoices())
    }
    const timer = setTimeout(done, ms)
    synth.addEventListener?.('voiceschanged', done)
  })
}

// ---------- the BFF's audio ----------

/** instanceof fails across realms (jsdom, WebViews' workers): compare the tag */
const isArrayBuffer = (x: unknown): x is ArrayBuffer => Object.prototype.toString.call(x) === '[object ArrayBuffer]'

/** POST /api/v1/tts → audio bytes. Rejects on any failure (network, 4xx/5xx, not audio). */
export async function fetchSpeechAudio(text: string): Promise<ArrayBuffer> {
  if (isH5()) {
    const res = await client.post<ArrayBuffer>('/api/v1/tts', { text }, { responseType: 'arraybuffer', headers: { Accept: 'audio/wav, audio/mpeg' } })
    const type = String(res.headers['content-type'] ?? '')
    if (!type.startsWith('audio/') || !isArrayBuffer(res.data) || res.data.byteLength <= 44) throw new Error('not audio')
    return res.data
  }
  const res = await Taro.request<ArrayBuffer>({
    url: `${API_BASE}/api/v1/tts`,
    method: 'POST',
    data: { text },
    header: { 'Content-Type': 'application/json', Accept: 'audio/wav, audio/mpeg' },
    // WeChat: responseType; Alipay's my.request has none and reads the answer as JSON unless dataType says bytes
    responseType: 'arraybuffer',
    ...(process.env.TARO_ENV === 'alipay' ? { dataType: 'arraybuffer' } : {}),
    timeout: 60_000
  } as Taro.request.Option<ArrayBuffer>)
  if (res.statusCode !== 200 || !isArrayBuffer(res.data) || res.data.byteLength <= 44) throw new Error(`tts answered ${res.statusCode}`)
  return res.data
}

/** Plays one clip; `stop` ends it silently. */
interface Clip {
  ended: Promise<void>
  stop(): void
}

let clipSeq = 0

function playH5(bytes: ArrayBuffer): Clip {
  const url = URL.createObjectURL(new Blob([bytes], { type: 'audio/wav' }))
  const audio = new Audio(url)
  let finish: () => void = () => undefined
  const ended = new Promise<void>((resolve, reject) => {
    finish = resolve
    audio.onended = () => resolve()
    audio.onerror = () => reject(new Error('audio error'))
    audio.play().catch(reject)
  }).finally(() => URL.revokeObjectURL(url))
  return {
    ended,
    stop: () => {
      audio.pause()
      finish()
    }
  }
}

function playMini(bytes: ArrayBuffer): Clip {
  const env = (Taro as unknown as { env?: { USER_DATA_PATH?: string } }).env
  const path = `${env?.USER_DATA_PATH ?? ''}/yb-tts-${(clipSeq = (clipSeq + 1) % 4)}.wav`
  const ctx = Taro.createInnerAudioContext()
  let finish: () => void = () => undefined
  const ended = new Promise<void>((resolve, reject) => {
    finish = resolve
    Taro.getFileSystemManager().writeFile({
      filePath: path,
      data: bytes,
      success: () => {
        ctx.src = path
        ctx.onEnded(() => resolve())
        ctx.onError(() => reject(new Error('audio error')))
        ctx.play()
      },
      fail: () => reject(new Error('cannot write audio'))
    })
  }).finally(() => ctx.destroy())
  return {
    ended,
    stop: () => {
      ctx.stop()
      finish()
    }
  }
}

// ---------- choosing ----------

let bffProbe: Promise<boolean> | null = null
let choice: Promise<SpeechEngine> | null = null

/** Whether the BFF answers with audio; asked once (a failure is asked again on the next page). */
export function probeBffSpeech(): Promise<boolean> {
  bffProbe ??= fetchSpeechAudio(PROBE_TEXT).then(
    () => true,
    () => {
      bffProbe = null
      return false
    }
  )
  return bffProbe
}

/** The engine for this device, decided once. */
export function chooseSpeechEngine(): Promise<SpeechEngine> {
  choice ??= (async (): Promise<SpeechEngine> => {
    const synth = browserSynth()
    if (synth && pickChineseVoice(await loadVoices(synth, VOICES_WAIT_MS))) return 'browser'
    const ok = await probeBffSpeech()
    if (!ok) choice = null
    return ok ? 'bff' : 'none'
  })()
  return choice
}

/** For tests: forget the decision and the probe. */
export function resetSpeechEngine(): void {
  choice = null
  bffProbe = null
}

// ---------- reading ----------

export interface ReadAloudSession {
  /** resolves when the whole text was read or the session was stopped; rejects when it could not be read */
  done: Promise<void>
  stop(): void
}

/** Reads `text` with `engine`; `onPlaying` is called when the first sound starts. */
export function readAloud(text: string, engine: Exclude<SpeechEngine, 'none'>, onPlaying?: () => void): ReadAloudSession {
  return engine === 'browser' ? readWithBrowser(text, onPlaying) : readWithBff(text, onPlaying)
}

function readWithBrowser(text: string, onPlaying?: () => void): ReadAloudSession {
  const synth = browserSynth()
  let stopped = false
  const parts = splitForSpeech(text, BROWSER_PART_MAX)
  const done = (async () => {
    if (!synth) throw new Error('no speechSynthesis')
    const voice = pickChineseVoice(synth.getVoices())
    synth.cancel()
    for (const [i, part] of parts.entries()) {
      if (stopped) return
      await new Promise<void>((resolve, reject) => {
        const u = new SpeechSynthesisUtterance(part)
        u.lang = voice?.lang ?? 'zh-CN'
        if (voice) u.voice = voice
        u.rate = BROWSER_RATE
        if (i === 0) u.onstart = () => onPlaying?.()
        u.onend = () => resolve()
        // 'interrupted' / 'canceled' are our own stop()
        u.onerror = (e) => (stopped || e.error === 'interrupted' || e.error === 'canceled' ? resolve() : reject(new Error(e.error)))
        synth.speak(u)
      })
    }
  })()
  return {
    done,
    stop: () => {
      stopped = true
      synth?.cancel()
    }
  }
}

function readWithBff(text: string, onPlaying?: () => void): ReadAloudSession {
  let stopped = false
  let clip: Clip | null = null
  const parts = splitForSpeech(text, Math.min(BFF_PART_MAX, TTS_TEXT_MAX))
  const play = isH5() ? playH5 : playMini
  const done = (async () => {
    // the next part is fetched while this one plays
    let next: Promise<ArrayBuffer> | null = parts.length ? fetchSpeechAudio(parts[0]) : null
    for (let i = 0; i < parts.length && next; i++) {
      const bytes = await next
      next = i + 1 < parts.length ? fetchSpeechAudio(parts[i + 1]) : null
      // a failed prefetch is reported when its turn comes, not as an unhandled rejection now
      next?.catch(() => undefined)
      if (stopped) return
      clip = play(bytes)
      if (i === 0) onPlaying?.()
      await clip.ended
      clip = null
    }
  })()
  return {
    done,
    stop: () => {
      stopped = true
      clip?.stop()
    }
  }
}
