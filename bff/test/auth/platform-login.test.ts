import { rmSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { EmbeddedIdentityAdapter } from '../../src/adapters/identity/embedded'
import { BIND_TICKET_TTL_SECONDS } from '../../src/services/auth'
import { tempDir } from '../helpers'
import { MINUTE, SECOND, authApp, post, requestCode, signIn, type Session } from './helpers'

/**
 * Mini-program sign-in (001 §3.1.2): the Taro.login code exchanged by the identity adapter for a platform user id;
 * a bound account signs in at once, an unbound one gets a bindTicket that phone + SMS code login consumes.
 */

let ctx: Awaited<ReturnType<typeof authApp>>
beforeEach(async () => {
  ctx = await authApp()
})
afterEach(async () => {
  await ctx.cleanup()
})

const platformLogin = (platform: string, code: string) => post(ctx.app, '/api/v1/auth/platform-login', { platform, code })

describe('platform-login', () => {
  it('binds an unbound mini-program account through phone + code, then signs it in directly', async () => {
    const first = await platformLogin('weapp', 'wx-device-1')
    expect(first.statusCode).toBe(200)
    const ticket = first.json()
    expect(ticket).toEqual({ status: 'bindPhone', bindTicket: expect.any(String), expiresIn: BIND_TICKET_TTL_SECONDS })

    const bound = await signIn(ctx.app, '13800000001', ticket.bindTicket)
    expect(bound.user.platforms).toEqual(['weapp'])

    const again = await platformLogin('weapp', 'wx-device-1')
    expect(again.statusCode).toBe(200)
    const signedIn = again.json() as { status: string; session: Session }
    expect(signedIn.status).toBe('signedIn')
    expect(signedIn.session.user.id).toBe(bound.user.id)
    expect((await ctx.app.inject({ url: '/api/v1/me', headers: { authorization: `Bearer ${signedIn.session.accessToken}` } })).statusCode).toBe(200)

    // the same code on the other platform is another platform account
    expect((await platformLogin('alipay', 'wx-device-1')).json().status).toBe('bindPhone')
  })

  it('binds an existing phone account too, one account per platform', async () => {
    const plain = await signIn(ctx.app, '13800000001')
    ctx.clock.advance(MINUTE)
    const wx = (await platformLogin('weapp', 'device-a')).json().bindTicket as string
    const afterWx = await signIn(ctx.app, '13800000001', wx)
    expect(afterWx.user.id).toBe(plain.user.id)
    ctx.clock.advance(MINUTE)
    const ali = (await platformLogin('alipay', 'device-a')).json().bindTicket as string
    expect((await signIn(ctx.app, '13800000001', ali)).user.platforms).toEqual(['alipay', 'weapp'])

    // a new WeChat account for the same user replaces the old binding
    ctx.clock.advance(MINUTE)
    const wx2 = (await platformLogin('weapp', 'device-b')).json().bindTicket as string
    await signIn(ctx.app, '13800000001', wx2)
    expect((await platformLogin('weapp', 'device-a')).json().status).toBe('bindPhone')
    expect((await platformLogin('weapp', 'device-b')).json().status).toBe('signedIn')
  })

  it('refuses codes the platform refuses (401 PLATFORM_LOGIN_FAILED) and blank codes (400)', async () => {
    const refused = await platformLogin('weapp', 'invalid-code')
    expect(refused.statusCode).toBe(401)
    expect(refused.json()).toEqual({ code: 'PLATFORM_LOGIN_FAILED', message: '小程序登录失败，请重试或使用手机号验证码登录' })
    const blank = await platformLogin('weapp', '   ')
    expect(blank.statusCode).toBe(400)
    expect(blank.json()).toMatchObject({ code: 'VALIDATION_FAILED', message: '缺少登录凭证' })
    const platform = await platformLogin('qq', 'abc')
    expect(platform.statusCode).toBe(400)
    expect(platform.json().code).toBe('VALIDATION_FAILED')
  })

  it('refuses a used, expired or unknown bindTicket without spending the SMS code', async () => {
    const t = (await platformLogin('weapp', 'device-1')).json().bindTicket as string
    await signIn(ctx.app, '13800000001', t)

    ctx.clock.advance(MINUTE)
    const code = await requestCode(ctx.app, '13800000001')
    const reused = await post(ctx.app, '/api/v1/auth/login', { phone: '13800000001', code, bindTicket: t })
    expect(reused.statusCode).toBe(400)
    expect(reused.json()).toEqual({ code: 'BIND_TICKET_INVALID', message: '小程序账号绑定已超时，请返回重新登录' })
    const unknown = await post(ctx.app, '/api/v1/auth/login', { phone: '13800000001', code, bindTicket: 'made-up' })
    expect(unknown.json().code).toBe('BIND_TICKET_INVALID')
    // the code is still good without the ticket
    expect((await post(ctx.app, '/api/v1/auth/login', { phone: '13800000001', code })).statusCode).toBe(200)

    const late = (await platformLogin('weapp', 'device-2')).json().bindTicket as string
    ctx.clock.advance(BIND_TICKET_TTL_SECONDS * SECOND)
    const lateCode = await requestCode(ctx.app, '13900000002')
    const res = await post(ctx.app, '/api/v1/auth/login', { phone: '13900000002', code: lateCode, bindTicket: late })
    expect(res.json().code).toBe('BIND_TICKET_INVALID')
  })

  it('refuses a stale ticket for a platform account bound meanwhile to another phone', async () => {
    const t1 = (await platformLogin('weapp', 'shared-device')).json().bindTicket as string
    const t2 = (await platformLogin('weapp', 'shared-device')).json().bindTicket as string
    await signIn(ctx.app, '13800000001', t1)
    const code = await requestCode(ctx.app, '13900000002')
    const res = await post(ctx.app, '/api/v1/auth/login', { phone: '13900000002', code, bindTicket: t2 })
    expect(res.json().code).toBe('BIND_TICKET_INVALID')
    expect((await platformLogin('weapp', 'shared-device')).json().session.user.phone).toBe('138****0001')
  })
})

describe('embedded identity adapter: platform codes', () => {
  const adapter = new EmbeddedIdentityAdapter()
  it('maps a code deterministically to a platform user id, distinct per platform and code', async () => {
    const a = await adapter.exchangePlatformCode('weapp', 'abc')
    expect(a).toMatch(/^weapp-dev-[0-9a-f]{24}$/)
    expect(await adapter.exchangePlatformCode('weapp', 'abc')).toBe(a)
    expect(await adapter.exchangePlatformCode('weapp', 'abd')).not.toBe(a)
    expect(await adapter.exchangePlatformCode('alipay', 'abc')).not.toBe(a)
  })
  it.each(['', '  ', 'invalid', 'INVALID-123', 'invalid…'])('refuses %p', async (code) => {
    expect(await adapter.exchangePlatformCode('alipay', code)).toBeNull()
  })
  it('checks names against the sample registry', async () => {
    expect(await adapter.verifyRealName({ name: '张丽华', idNumber: '331102198803120025' })).toBe('confirmed')
    expect(await adapter.verifyRealName({ name: '张丽', idNumber: '331102198803120025' })).toBe('mismatch')
  })
  it('reads another registry file of the same shape, with the middle dots · and • the same', async () => {
    const dir = tempDir()
    try {
      const file = join(dir, 'persons.json')
      writeFileSync(file, JSON.stringify({ note: 'test', persons: [{ idNumber: '65010219900101001x', name: '阿依古丽·买买提', extra: 1 }] }))
      const other = new EmbeddedIdentityAdapter(file)
      expect(await other.verifyRealName({ name: '阿依古丽•买买提', idNumber: '65010219900101001X' })).toBe('confirmed')
      expect(await other.verifyRealName({ name: '阿依古丽', idNumber: '65010219900101001X' })).toBe('mismatch')
      // the sample file's people are not in this registry: confirmed by the development default
      expect(await other.verifyRealName({ name: '王建国', idNumber: '331102198803120025' })).toBe('confirmed')
    } finally {
      rmSync(dir, { recursive: true, force: true })
    }
  })
})
