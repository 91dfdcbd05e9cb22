import type { FastifyInstance } from 'fastify'
import type { ZodTypeProvider } from 'fastify-type-provider-zod'
import { TTS_TEXT_MAX, TtsRequestSchema } from '../../../contract/tts'
import type { TtsService } from '../services/tts'
import { markPersonal } from '../plugins/security'

/**
 * Read-aloud (语音版, 002; issue 6): the text of a guide, form step, case progress or result → playable audio, for
 * clients without a Chinese voice (mini-programs, Android WebViews). Public: the text is what the page shows.
 */
export async function ttsRoutes(app: FastifyInstance, opts: { tts: TtsService }): Promise<void> {
  const { tts } = opts
  // progress and result texts read aloud are about one person
  markPersonal(app)
  const r = app.withTypeProvider<ZodTypeProvider>()

  r.post(
    '/api/v1/tts',
    {
      // 2,000 汉字 are 6 KB in UTF-8; room for JSON escapes, nothing more
      bodyLimit: 64 * 1024,
      schema: {
        tags: ['tts'],
        summary: '朗读：把页面文字转换为语音（audio/wav）',
        description:
          `请求体 {text}，最多 ${TTS_TEXT_MAX} 个字。返回可直接播放的音频（audio/wav，16 位单声道；或 audio/mpeg）。` +
          `空内容返回 400 TTS_TEXT_EMPTY，超长返回 400 TTS_TEXT_TOO_LONG，同一网络合成过于频繁返回 429 TTS_TOO_FREQUENT。` +
          `相同文字的音频会被缓存；响应不透露某段文字此前是否被朗读过。`,
        // no response schemas: the 200 body is audio bytes, which the typed reply would refuse; errors are ApiError
        body: TtsRequestSchema
      }
    },
    async (req, reply) => {
      const audio = await tts.speak(req.body.text, req.ip)
      return reply
        .type(audio.contentType)
        // progress and result texts are about one person: no shared cache may keep them
        .header('Cache-Control', 'private, no-store')
        // no header says whether the audio was cached: that would tell anyone whether someone read this text before
        .send(audio.bytes)
    }
  )
}
