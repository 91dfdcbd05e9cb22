import type { FastifyInstance } from 'fastify'
import { existsSync } from 'node:fs'
import { join } from 'node:path'
import { TTS_TEXT_MAX } from '../../../contract/tts'
import { readWavInfo } from '../../src/adapters/tts'
import { testApp } from '../helpers'

let app: FastifyInstance
let dataDir: string
let cleanup: () => Promise<void>
beforeAll(async () => {
  ({ app, dataDir, cleanup } = await testApp())
})
afterAll(() => cleanup())

const speak = (payload: unknown) => app.inject({ method: 'POST', url: '/api/v1/tts', payload: payload as Record<string, unknown> })

describe('POST /api/v1/tts (read-aloud for clients without a Chinese voice)', () => {
  it('answers a signed-out caller with playable WAV speech, then serves the same text from the cache', async () => {
    const first = await speak({ text: '医保掌上办' })
    expect(first.statusCode).toBe(200)
    expect(first.headers['content-type']).toBe('audio/wav')
    expect(first.headers['cache-control']).toBe('private, no-store')
    const info = readWavInfo(first.rawPayload)
    expect(info).toMatchObject({ channels: 1, bitsPerSample: 16 })
    expect(info!.durationMs).toBeGreaterThan(500)

    // a cache hit reads the stored file: the synthesizer is not asked again (no timing: the machine may be busy)
    const synthesize = jest.spyOn(app.tts['deps'].adapter, 'synthesize')
    const second = await speak({ text: '医保掌上办' })
    expect(synthesize).not.toHaveBeenCalled()
    synthesize.mockRestore()
    expect(second.statusCode).toBe(200)
    // the answers are alike: nothing tells a caller that this text was read aloud before
    expect(Object.keys(second.headers).sort()).toEqual(Object.keys(first.headers).sort())
    expect(Object.keys(second.headers).filter((h) => /cache|tts/i.test(h) && h !== 'cache-control')).toEqual([])
    expect(second.rawPayload.equals(first.rawPayload)).toBe(true)
    expect(existsSync(join(dataDir, 'tts-cache', `${app.tts.keyOf('医保掌上办')}.wav`))).toBe(true)
  })

  it('refuses empty, too long and missing text with stable codes', async () => {
    const empty = await speak({ text: '   ' })
    expect(empty.statusCode).toBe(400)
    expect(empty.json()).toMatchObject({ code: 'TTS_TEXT_EMPTY', message: '没有可以朗读的内容' })
    const long = await speak({ text: '保'.repeat(TTS_TEXT_MAX + 1) })
    expect(long.statusCode).toBe(400)
    expect(long.json().code).toBe('TTS_TEXT_TOO_LONG')
    expect(long.json().message).toContain(String(TTS_TEXT_MAX))
    const missing = await speak({})
    expect(missing.statusCode).toBe(400)
    expect(missing.json().code).toBe('VALIDATION_FAILED')
  })

  it('is in the API document with its error codes', async () => {
    const doc = (await app.inject({ method: 'GET', url: '/docs/json' })).json() as { paths: Record<string, Record<string, { description?: string }>> }
    const op = doc.paths['/api/v1/tts'].post
    expect(op.description).toContain('TTS_TEXT_TOO_LONG')
  })
})
