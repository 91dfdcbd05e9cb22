import { MINUTE, authApp, outbox, post } from './helpers'

/** GET /api/v1/dev/outbox: the embedded SMS adapter's messages, outside production only. */

describe('dev outbox', () => {
  it('lists the latest messages to one phone, newest first, with the phone masked', async () => {
    const ctx = await authApp()
    try {
      await post(ctx.app, '/api/v1/auth/sms-code', { phone: '13800000001' })
      await post(ctx.app, '/api/v1/auth/sms-code', { phone: '13900000002' })
      ctx.clock.advance(MINUTE)
      await post(ctx.app, '/api/v1/auth/sms-code', { phone: '13800000001' })
      const msgs = await outbox(ctx.app, '13800000001')
      expect(msgs).toHaveLength(2)
      expect(msgs.map((m) => m.phone)).toEqual(['138****0001', '138****0001'])
      expect(Date.parse(msgs[0].sentAt) - Date.parse(msgs[1].sentAt)).toBe(MINUTE)
      for (const m of msgs) expect(m.text).toBe(`【医保掌上办】您的登录验证码为 ${m.code}，5 分钟内有效。请勿泄露给他人。`)
      expect(await outbox(ctx.app, '13700000003')).toEqual([])

      const bad = await ctx.app.inject({ url: '/api/v1/dev/outbox?phone=123' })
      expect(bad.statusCode).toBe(400)
      expect(bad.json()).toMatchObject({ code: 'VALIDATION_FAILED', message: '请输入正确的 11 位手机号码' })
    } finally {
      await ctx.cleanup()
    }
  })

  it('does not exist in production (404), while sign-in works', async () => {
    const ctx = await authApp({ config: { nodeEnv: 'production', allowDemoAdapters: true } })
    try {
      expect((await post(ctx.app, '/api/v1/auth/sms-code', { phone: '13800000001' })).statusCode).toBe(200)
      const res = await ctx.app.inject({ url: '/api/v1/dev/outbox?phone=13800000001' })
      expect(res.statusCode).toBe(404)
      expect(res.json().code).toBe('NOT_FOUND')
    } finally {
      await ctx.cleanup()
    }
  })
})
