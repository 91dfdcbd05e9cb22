import { join } from 'node:path'
import { Worker } from 'node:worker_threads'
import type { TtsAdapter, TtsAudio } from './types'

/** the worker thread that runs eSpeak NG (an ES module, so it is loaded by Node itself, not by the caller's loader) */
export const ESPEAK_WORKER_FILE = join(__dirname, 'espeak-worker.mjs')

/** eSpeak NG's Mandarin voice; it reads 汉字 with tones from its cmn dictionary, digits as Chinese numbers */
const VOICE = 'cmn'
/** words per minute: a little under eSpeak's 175, for older listeners (about 4 汉字 a second) */
const RATE = 160
/** one synthesis never takes this long (2,000 characters take about 10 s on a loaded 2-core machine) */
const TIMEOUT_MS = 90_000

interface Pending {
  resolve: (audio: TtsAudio) => void
  reject: (err: Error) => void
  timer: NodeJS.Timeout
}

type WorkerReply = { id: number; ok: true; pcm: ArrayBuffer; sampleRate: number } | { id: number; ok: false; error: string }

/**
 * The embedded text-to-speech engine: eSpeak NG (GPL-3.0, as a separate npm package) compiled to WebAssembly, with
 * its Mandarin voice, in a worker thread started on the first request. No network, no native code. The voice is a
 * formant synthesiser: clearly intelligible, robotic in tone; a province with a cloud speech service plugs it in as
 * another TtsAdapter. Requests are served one at a time in order (the worker's message queue).
 */
export class EmbeddedTtsAdapter implements TtsAdapter {
  readonly id = `espeak-ng-wasm/${VOICE}/${RATE}`
  private worker: Worker | null = null
  private nextId = 1
  private readonly pending = new Map<number, Pending>()

  synthesize(text: string): Promise<TtsAudio> {
    const worker = this.start()
    const id = this.nextId++
    return new Promise<TtsAudio>((resolve, reject) => {
      const timer = setTimeout(() => {
        this.pending.delete(id)
        reject(new Error('speech synthesis timed out'))
        // a stuck engine is replaced; the other waiting requests fail with it and may be retried
        void this.stop(new Error('speech synthesis timed out'))
      }, TIMEOUT_MS)
      this.pending.set(id, { resolve, reject, timer })
      worker.ref()
      worker.postMessage({ id, text, voice: VOICE, rate: RATE })
    })
  }

  async close(): Promise<void> {
    await this.stop(new Error('speech engine closed'))
  }

  private start(): Worker {
    if (this.worker) return this.worker
    const worker = new Worker(ESPEAK_WORKER_FILE)
    worker.on('message', (reply: WorkerReply) => this.settle(reply))
    worker.on('error', (err) => void this.stop(err))
    worker.on('exit', () => {
      if (this.worker === worker) void this.stop(new Error('speech engine stopped'))
    })
    this.worker = worker
    return worker
  }

  private settle(reply: WorkerReply): void {
    const p = this.pending.get(reply.id)
    if (!p) return
    this.pending.delete(reply.id)
    clearTimeout(p.timer)
    // an idle worker does not keep the process alive
    if (this.pending.size === 0) this.worker?.unref()
    if (!reply.ok) {
      p.reject(new Error(reply.error))
      return
    }
    const pcm = new Int16Array(reply.pcm)
    p.resolve({
      contentType: 'audio/wav',
      bytes: encodeWav(pcm, reply.sampleRate),
      durationMs: Math.round((pcm.length / reply.sampleRate) * 1000)
    })
  }

  private async stop(reason: Error): Promise<void> {
    const worker = this.worker
    this.worker = null
    for (const [id, p] of this.pending) {
      clearTimeout(p.timer)
      p.reject(reason)
      this.pending.delete(id)
    }
    if (worker) await worker.terminate()
  }
}

/** A RIFF/WAVE file of 16-bit little-endian PCM, mono. */
export function encodeWav(pcm: Int16Array, sampleRate: number): Buffer {
  const dataBytes = pcm.length * 2
  const out = Buffer.alloc(44 + dataBytes)
  out.write('RIFF', 0, 'ascii')
  out.writeUInt32LE(36 + dataBytes, 4)
  out.write('WAVE', 8, 'ascii')
  out.write('fmt ', 12, 'ascii')
  out.writeUInt32LE(16, 16) // fmt chunk size
  out.writeUInt16LE(1, 20) // PCM
  out.writeUInt16LE(1, 22) // mono
  out.writeUInt32LE(sampleRate, 24)
  out.writeUInt32LE(sampleRate * 2, 28) // byte rate
  out.writeUInt16LE(2, 32) // block align
  out.writeUInt16LE(16, 34) // bits per sample
  out.write('data', 36, 'ascii')
  out.writeUInt32LE(dataBytes, 40)
  Buffer.from(pcm.buffer, pcm.byteOffset, dataBytes).copy(out, 44)
  return out
}

export interface WavInfo {
  sampleRate: number
  channels: number
  bitsPerSample: number
  dataBytes: number
  durationMs: number
}

/** Reads a canonical PCM WAV header (the one encodeWav writes); null when the bytes are not one. */
export function readWavInfo(bytes: Buffer): WavInfo | null {
  if (bytes.length < 44 || bytes.toString('ascii', 0, 4) !== 'RIFF' || bytes.toString('ascii', 8, 12) !== 'WAVE') return null
  if (bytes.toString('ascii', 12, 16) !== 'fmt ' || bytes.readUInt16LE(20) !== 1 || bytes.toString('ascii', 36, 40) !== 'data') return null
  const channels = bytes.readUInt16LE(22)
  const sampleRate = bytes.readUInt32LE(24)
  const bitsPerSample = bytes.readUInt16LE(34)
  const dataBytes = bytes.readUInt32LE(40)
  if (bytes.readUInt32LE(4) !== bytes.length - 8 || dataBytes !== bytes.length - 44 || !sampleRate || !channels) return null
  return { sampleRate, channels, bitsPerSample, dataBytes, durationMs: Math.round((dataBytes / (sampleRate * channels * (bitsPerSample / 8))) * 1000) }
}
