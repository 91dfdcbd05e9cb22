// Worker thread of the embedded TTS adapter (embedded.ts): eSpeak NG compiled to WebAssembly
// (@echogarden/espeak-ng-emscripten, an ES module), loaded once and kept, so only the first request pays for loading
// its 24 MB of voice data. Synthesis is CPU-bound and synchronous: it runs here, off the BFF's event loop.
// Messages in:  { id, text, voice, rate }     out: { id, ok: true, pcm: ArrayBuffer (int16 mono), sampleRate }
//                                                  { id, ok: false, error }
import { parentPort } from 'node:worker_threads'

let enginePromise = null

function engine() {
  if (!enginePromise) {
    enginePromise = import('@echogarden/espeak-ng-emscripten')
      .then(async ({ default: factory }) => {
        const m = await factory()
        return new m.eSpeakNGWorker()
      })
      .catch((err) => {
        enginePromise = null
        throw err
      })
  }
  return enginePromise
}

parentPort.on('message', async ({ id, text, voice, rate }) => {
  try {
    const w = await engine()
    if (w.set_voice(voice) !== 0) throw new Error(`eSpeak has no voice ${voice}`)
    w.set_rate(rate)
    const chunks = []
    let length = 0
    w.synthesize(text, (samples) => {
      if (samples && samples.length) {
        // a view into the WebAssembly memory: copy before the next call reuses it
        chunks.push(Int16Array.from(samples))
        length += samples.length
      }
      return 0
    })
    const pcm = new Int16Array(length)
    let at = 0
    for (const c of chunks) {
      pcm.set(c, at)
      at += c.length
    }
    parentPort.postMessage({ id, ok: true, pcm: pcm.buffer, sampleRate: w.samplerate }, [pcm.buffer])
  } catch (err) {
    parentPort.postMessage({ id, ok: false, error: String(err && err.message ? err.message : err) })
  }
})
