import { createHash } from 'node:crypto'
import { mkdirSync, readdirSync, readFileSync, renameSync, statSync, unlinkSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { TTS_TEXT_MAX, normalizeSpeechText, type TtsAudioType } from '../../../contract/tts'
import type { TtsAdapter } from '../adapters/tts/types'
import type { Db } from '../db'
import { errors } from '../errors'

export interface TtsServiceDeps {
  adapter: TtsAdapter
  /** where syntheses per IP are counted (shared by every instance on the database) */
  db: Db
  /** the BFF's data folder: audio is cached in <dataDir>/tts-cache */
  dataDir: string
  now: () => Date
  /** syntheses (cache misses) one client IP may cause per window; cached audio is never limited */
  ipLimit?: { count: number; windowMs: number }
  /** the most cached files kept; the oldest are removed past it */
  maxCacheFiles?: number
}

export interface SpokenAudio {
  contentType: TtsAudioType
  bytes: Buffer
  /** the cache key: sha256 of the engine id and the normalised text */
  key: string
  cache: 'hit' | 'miss'
}

const EXT: Record<TtsAudioType, string> = { 'audio/wav': 'wav', 'audio/mpeg': 'mp3' }
const TYPE_OF_EXT: Record<string, TtsAudioType> = { wav: 'audio/wav', mp3: 'audio/mpeg' }

/** a guide read in parts is about 7 syntheses; a person browsing a morning's guides stays well under this */
export const TTS_IP_LIMIT = { count: 60, windowMs: 10 * 60_000 }
export const TTS_MAX_CACHE_FILES = 5000

/**
 * Read-aloud audio (语音版, 002; issue 6) for clients without a Chinese voice: validates and normalises the text,
 * serves repeated texts from a file cache keyed by sha256 (guides and form steps are the same for everyone, so most
 * reads are instant), synthesises the others through the TTS adapter (one synthesis per text at a time) and limits
 * syntheses per client IP in the database, so the limit holds across instances. The route is public (the text is what the page shows); the text is never logged.
 */
export class TtsService {
  private readonly dir: string
  private readonly inflight = new Map<string, Promise<SpokenAudio>>()
  private readonly ipLimit: { count: number; windowMs: number }
  private readonly maxFiles: number

  constructor(private readonly deps: TtsServiceDeps) {
    this.dir = join(deps.dataDir, 'tts-cache')
    mkdirSync(this.dir, { recursive: true, mode: 0o700 })
    this.ipLimit = deps.ipLimit ?? TTS_IP_LIMIT
    this.maxFiles = deps.maxCacheFiles ?? TTS_MAX_CACHE_FILES
  }

  /** The cache key of a text as the client sent it (after normalisation). */
  keyOf(text: string): string {
    return createHash('sha256').update(`${this.deps.adapter.id}\n${normalizeSpeechText(text)}`).digest('hex')
  }

  async speak(rawText: string, ip: string): Promise<SpokenAudio> {
    const text = normalizeSpeechText(rawText)
    if (!text) throw errors.ttsTextEmpty()
    // characters as a person counts them (code points), not UTF-16 units
    if ([...text].length > TTS_TEXT_MAX) throw errors.ttsTextTooLong(TTS_TEXT_MAX)
    const key = this.keyOf(text)
    const cached = this.readCache(key)
    if (cached) return cached
    const running = this.inflight.get(key)
    if (running) return running
    await this.countMiss(ip)
    // while the count was written, another request for this text may have started (or finished) its synthesis
    const started = this.inflight.get(key) ?? this.readCache(key)
    if (started) return started
    const job = this.deps.adapter
      .synthesize(text)
      .then((audio): SpokenAudio => {
        this.writeCache(key, audio.contentType, audio.bytes)
        return { contentType: audio.contentType, bytes: audio.bytes, key, cache: 'miss' }
      })
      .finally(() => this.inflight.delete(key))
    this.inflight.set(key, job)
    return job
  }

  async close(): Promise<void> {
    await this.deps.adapter.close()
  }

  /** Counts one synthesis for the IP, or 429 TTS_TOO_FREQUENT when its window is full (check and insert: one tx). */
  private async countMiss(ip: string): Promise<void> {
    const now = this.deps.now().getTime()
    const since = new Date(now - this.ipLimit.windowMs).toISOString()
    const ipHash = createHash('sha256').update(`tts-ip\n${ip}`).digest('hex')
    const { db } = this.deps
    // housekeeping of every IP's rows, outside the transaction (the count below only looks inside the window)
    await db.prepare<[string]>('DELETE FROM tts_syntheses WHERE at <= ?').run(since)
    const oldest = await db.tx(async () => {
      // counted and inserted under the IP's lock: requests from one IP on several instances cannot both pass
      await db.lock(`tts-ip:${ipHash}`)
      const recent = await db
        .prepare<[string, string], { n: number; first: string | null }>('SELECT COUNT(*) AS n, MIN(at) AS first FROM tts_syntheses WHERE ip_hash = ? AND at > ?')
        .get(ipHash, since)
      if (recent && recent.n >= this.ipLimit.count) return recent.first
      await db.prepare<[string, string]>('INSERT INTO tts_syntheses (ip_hash, at) VALUES (?, ?)').run(ipHash, new Date(now).toISOString())
      return null
    })
    if (oldest) throw errors.ttsTooFrequent(Math.max(1, Math.ceil((Date.parse(oldest) + this.ipLimit.windowMs - now) / 1000)))
  }

  private readCache(key: string): SpokenAudio | null {
    for (const ext of Object.keys(TYPE_OF_EXT)) {
      try {
        const bytes = readFileSync(join(this.dir, `${key}.${ext}`))
        if (bytes.length > 0) return { contentType: TYPE_OF_EXT[ext], bytes, key, cache: 'hit' }
      } catch {
        // not cached in this format
      }
    }
    return null
  }

  private writeCache(key: string, type: TtsAudioType, bytes: Buffer): void {
    const file = join(this.dir, `${key}.${EXT[type]}`)
    const tmp = `${file}.${process.pid}.tmp`
    writeFileSync(tmp, bytes, { mode: 0o600 })
    renameSync(tmp, file)
    this.prune()
  }

  /** keeps the cache under maxFiles, removing the least recently written */
  private prune(): void {
    const names = readdirSync(this.dir).filter((n) => !n.endsWith('.tmp'))
    if (names.length <= this.maxFiles) return
    const byAge = names
      .map((n) => {
        try {
          return { n, t: statSync(join(this.dir, n)).mtimeMs }
        } catch {
          return { n, t: 0 }
        }
      })
      .sort((a, b) => a.t - b.t)
    for (const { n } of byAge.slice(0, names.length - this.maxFiles)) {
      try {
        unlinkSync(join(this.dir, n))
      } catch {
        // already gone
      }
    }
  }
}
