import fp from 'fastify-plugin'
import { createTtsAdapter } from '../../adapters/tts'
import { TTS_IP_LIMIT, TtsService } from '../../services/tts'

declare module 'fastify' {
  interface FastifyInstance {
    /** read-aloud audio for clients without a Chinese voice (语音版) */
    tts: TtsService
  }
}

/** Read-aloud (语音版): the embedded engine starts on the first request, in a worker thread. */
export const ttsPlugin = fp(
  async (app) => {
    const { config, db, clock } = app
    const tts = new TtsService({
      adapter: createTtsAdapter('embedded'),
      db,
      dataDir: config.dataDir,
      now: clock,
      ipLimit: { count: config.ttsIpLimit, windowMs: TTS_IP_LIMIT.windowMs }
    })
    app.addHook('onClose', async () => {
      await tts.close()
    })
    app.decorate('tts', tts)
  },
  { name: 'yb-tts', dependencies: ['yb-infrastructure'] }
)
