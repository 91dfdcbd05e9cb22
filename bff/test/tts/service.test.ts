import { existsSync, readdirSync, rmSync } from 'node:fs'
import { join } from 'node:path'
import { TTS_TEXT_MAX } from '../../../contract/tts'
import { encodeWav } from '../../src/adapters/tts'
import type { TtsAdapter, TtsAudio } from '../../src/adapters/tts'
import { openDatabase, type Db } from '../../src/db'
import { AppError } from '../../../domain/errors'
import { TtsService } from '../../src/services/tts'
import { MINUTE, testClock } from '../auth/helpers'
import { tempDir } from '../helpers'
import { envDatabase } from '../pg'

/** an adapter that counts calls and answers a short tone-free WAV whose length follows the text */
class CountingTts implements TtsAdapter {
  readonly id = 'counting'
  calls: string[] = []
  release: (() => void) | null = null
  gate: Promise<void> | null = null
  async synthesize(text: string): Promise<TtsAudio> {
    this.calls.push(text)
    if (this.gate) await this.gate
    const bytes = encodeWav(new Int16Array(100 * [...text].length), 8000)
    return { contentType: 'audio/wav', bytes, durationMs: 0 }
  }
  async close(): Promise<void> {}
}

async function codeOf(p: Promise<unknown>): Promise<string> {
  try {
    await p
    return 'resolved'
  } catch (e) {
    return e instanceof AppError ? `${e.status} ${e.code}` : String(e)
  }
}

describe('TtsService (read-aloud)', () => {
  let dir: string
  let db: Db
  beforeEach(async () => {
    dir = tempDir('yb-tts-')
    db = await openDatabase(envDatabase(dir))
  })
  afterEach(async () => {
    await db.close()
    rmSync(dir, { recursive: true, force: true })
  })

  it('synthesises a text once and serves it from the sha256-keyed file cache after that, across restarts', async () => {
    const adapter = new CountingTts()
    const tts = new TtsService({ adapter, db, dataDir: dir, now: () => new Date() })
    const first = await tts.speak('医保掌上办', '1.1.1.1')
    expect(first.cache).toBe('miss')
    // the same text with other white space is the same text
    const again = await tts.speak('  医保掌上办\n', '1.1.1.1')
    expect(again.cache).toBe('hit')
    expect(again.bytes.equals(first.bytes)).toBe(true)
    expect(adapter.calls).toEqual(['医保掌上办'])
    expect(first.key).toMatch(/^[0-9a-f]{64}$/)
    expect(existsSync(join(dir, 'tts-cache', `${first.key}.wav`))).toBe(true)
    const restarted = new TtsService({ adapter, db, dataDir: dir, now: () => new Date() })
    expect((await restarted.speak('医保掌上办', '2.2.2.2')).cache).toBe('hit')
    expect(adapter.calls).toHaveLength(1)
  })

  it('keys the cache by engine too: another engine does not serve this one’s audio', async () => {
    const a = new CountingTts()
    await new TtsService({ adapter: a, db, dataDir: dir, now: () => new Date() }).speak('你好', 'x')
    const b = new CountingTts()
    Object.defineProperty(b, 'id', { value: 'another-engine' })
    expect((await new TtsService({ adapter: b, db, dataDir: dir, now: () => new Date() }).speak('你好', 'x')).cache).toBe('miss')
  })

  it('runs one synthesis for the same text requested twice at once', async () => {
    const adapter = new CountingTts()
    adapter.gate = new Promise((r) => (adapter.release = r))
    const tts = new TtsService({ adapter, db, dataDir: dir, now: () => new Date() })
    const both = Promise.all([tts.speak('参保证明', 'a'), tts.speak('参保证明', 'b')])
    await new Promise((r) => setImmediate(r))
    adapter.release!()
    const [x, y] = await both
    expect(adapter.calls).toHaveLength(1)
    expect(x.bytes.equals(y.bytes)).toBe(true)
  })

  it('refuses empty and too long texts with their codes, counting characters as a person does', async () => {
    const adapter = new CountingTts()
    const tts = new TtsService({ adapter, db, dataDir: dir, now: () => new Date() })
    expect(await codeOf(tts.speak('', 'a'))).toBe('400 TTS_TEXT_EMPTY')
    expect(await codeOf(tts.speak(' \n\t 👍 ', 'a'))).toBe('400 TTS_TEXT_EMPTY')
    expect(await codeOf(tts.speak('字'.repeat(TTS_TEXT_MAX + 1), 'a'))).toBe('400 TTS_TEXT_TOO_LONG')
    // 𠀀 is one character (two UTF-16 units): 2,000 of them are within the limit
    expect(await codeOf(tts.speak('𠀀'.repeat(TTS_TEXT_MAX), 'a'))).toBe('resolved')
    expect(await codeOf(tts.speak('字'.repeat(TTS_TEXT_MAX), 'a'))).toBe('resolved')
    expect(adapter.calls).toHaveLength(2)
  })

  it('limits syntheses per client IP, never cached reads, and lets the IP go on after the window', async () => {
    const clock = testClock()
    const adapter = new CountingTts()
    const tts = new TtsService({ adapter, db, dataDir: dir, now: clock.now, ipLimit: { count: 3, windowMs: 10 * MINUTE } })
    for (const t of ['一', '二', '三']) await tts.speak(t, '9.9.9.9')
    expect(await codeOf(tts.speak('四', '9.9.9.9'))).toBe('429 TTS_TOO_FREQUENT')
    // cached audio is still served, and another client is not affected
    expect((await tts.speak('一', '9.9.9.9')).cache).toBe('hit')
    expect((await tts.speak('四', '8.8.8.8')).cache).toBe('miss')
    // the count lives in the database: a second instance on it sees the same full window
    const other = new TtsService({ adapter, db, dataDir: tempDir('yb-tts-'), now: clock.now, ipLimit: { count: 3, windowMs: 10 * MINUTE } })
    expect(await codeOf(other.speak('六', '9.9.9.9'))).toBe('429 TTS_TOO_FREQUENT')
    clock.advance(10 * MINUTE + 1)
    expect((await tts.speak('五', '9.9.9.9')).cache).toBe('miss')
  })

  it('keeps at most maxCacheFiles files, dropping the oldest', async () => {
    const adapter = new CountingTts()
    const tts = new TtsService({ adapter, db, dataDir: dir, now: () => new Date(), maxCacheFiles: 3 })
    for (const t of ['一', '二', '三', '四', '五']) {
      await tts.speak(t, 'a')
      await new Promise((r) => setTimeout(r, 15))
    }
    const files = readdirSync(join(dir, 'tts-cache'))
    expect(files).toHaveLength(3)
    expect(files).toContain(`${tts.keyOf('五')}.wav`)
    expect(files).not.toContain(`${tts.keyOf('一')}.wav`)
  })
})
