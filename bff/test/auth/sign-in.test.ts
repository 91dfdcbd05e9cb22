import type { FastifyInstance } from 'fastify'
import {
  LOGIN_LOCK_MINUTES,
  LOGIN_MAX_FAILURES,
  SMS_CODE_TTL_SECONDS,
  SMS_MAX_WRONG_TRIES,
  SMS_RESEND_SECONDS
} from '../../../contract/auth'
import { MINUTE, SECOND, authApp, getAuthed, outbox, post, requestCode, signIn, wrongCode, type Session } from './helpers'

/**
 * Sign-in by phone + SMS code (001 §3.1.2): the happy path through every route, and the limits on codes and logins.
 * Time is a test clock (BuildOptions.clock), moved by hand.
 */

const PHONE = '13800000001'
const ZHANG = { name: '张丽华', idNumber: '331102198803120025' } // bff/src/adapters/sample/persons.json

let ctx: Awaited<ReturnType<typeof authApp>>
let app: FastifyInstance
beforeEach(async () => {
  ctx = await authApp()
  app = ctx.app
})
afterEach(async () => {
  await ctx.cleanup()
})

const login = (phone: string, code: string) => post(app, '/api/v1/auth/login', { phone, code })

describe('happy path: sms → outbox → login → me → realname → refresh → logout', () => {
  it('signs a new citizen in, real-names them, rotates and ends the session', async () => {
    const sent = await post(app, '/api/v1/auth/sms-code', { phone: PHONE })
    expect(sent.statusCode).toBe(200)
    expect(sent.json()).toEqual({ resendAfter: SMS_RESEND_SECONDS, expiresIn: SMS_CODE_TTL_SECONDS })

    const [msg] = await outbox(app, PHONE)
    expect(msg.code).toMatch(/^\d{6}$/)
    expect(msg.text).toContain(msg.code!)
    expect(msg.phone).toBe('138****0001')
    expect(msg.sentAt).toBe(ctx.clock.now().toISOString())

    const first = await login(PHONE, msg.code!)
    expect(first.statusCode).toBe(200)
    const s = first.json() as Session
    expect(s.expiresIn).toBe(15 * 60)
    expect(s.accessToken.split('.')).toHaveLength(3) // a JWT
    expect(s.refreshToken.length).toBeGreaterThanOrEqual(40)
    expect(s.user).toEqual({ id: expect.any(String), phone: '138****0001', realName: null, platforms: [] })

    const me = await getAuthed(app, '/api/v1/me', s.accessToken)
    expect(me.statusCode).toBe(200)
    expect(me.json()).toEqual({ user: s.user })

    const rn = await post(app, '/api/v1/auth/realname', ZHANG, s.accessToken)
    expect(rn.statusCode).toBe(200)
    expect(rn.json().user.realName).toEqual({ name: '张**', idNumber: '331102********0025', verifiedAt: ctx.clock.now().toISOString() })
    expect(rn.body).not.toContain(ZHANG.idNumber)
    expect(rn.body).not.toContain(ZHANG.name)
    expect(rn.body).not.toContain(PHONE)

    const me2 = await getAuthed(app, '/api/v1/me', s.accessToken)
    expect(me2.json().user.realName.idNumber).toBe('331102********0025')

    ctx.clock.advance(MINUTE)
    const refreshed = await post(app, '/api/v1/auth/refresh', { refreshToken: s.refreshToken })
    expect(refreshed.statusCode).toBe(200)
    const s2 = refreshed.json() as Session
    expect(s2.refreshToken).not.toBe(s.refreshToken)
    expect(s2.accessToken).not.toBe(s.accessToken)
    expect(s2.user.id).toBe(s.user.id)
    expect((await getAuthed(app, '/api/v1/me', s2.accessToken)).statusCode).toBe(200)

    const out = await post(app, '/api/v1/auth/logout', { refreshToken: s2.refreshToken })
    expect(out.statusCode).toBe(204)
    expect(out.body).toBe('')
    const after = await post(app, '/api/v1/auth/refresh', { refreshToken: s2.refreshToken })
    expect(after.statusCode).toBe(401)
    expect(after.json().code).toBe('REFRESH_TOKEN_INVALID')
    // logout ends the session's access tokens at once, not only after 15 minutes
    const meAfter = await getAuthed(app, '/api/v1/me', s2.accessToken)
    expect(meAfter.statusCode).toBe(401)
    expect(meAfter.json().code).toBe('UNAUTHORIZED')

    // signing in again finds the same account, still real-named
    ctx.clock.advance(MINUTE)
    const again = await signIn(app, PHONE)
    expect(again.user.id).toBe(s.user.id)
    expect(again.user.realName?.name).toBe('张**')
  })

  it('keys accounts by phone: two phones, two accounts', async () => {
    const a = await signIn(app, '13800000001')
    const b = await signIn(app, '13900000002')
    expect(a.user.id).not.toBe(b.user.id)
  })

  it('validates phone and code with Chinese messages', async () => {
    const badPhone = await post(app, '/api/v1/auth/sms-code', { phone: '1380000' })
    expect(badPhone.statusCode).toBe(400)
    expect(badPhone.json()).toMatchObject({ code: 'VALIDATION_FAILED', message: '请输入正确的 11 位手机号码' })
    const badCode = await post(app, '/api/v1/auth/login', { phone: PHONE, code: '12ab' })
    expect(badCode.statusCode).toBe(400)
    expect(badCode.json()).toMatchObject({ code: 'VALIDATION_FAILED', message: '验证码为 6 位数字', fields: { code: '验证码为 6 位数字' } })
  })
})

describe('SMS code sending limits (against SMS bombing)', () => {
  it('sends one code per 60 s per phone, says how many seconds to wait, and only the latest code counts', async () => {
    const first = await requestCode(app, PHONE)
    const again = await post(app, '/api/v1/auth/sms-code', { phone: PHONE })
    expect(again.statusCode).toBe(429)
    expect(again.json()).toEqual({ code: 'SMS_TOO_FREQUENT', message: '验证码发送太频繁，请 60 秒后再试' })
    ctx.clock.advance(45 * SECOND)
    expect((await post(app, '/api/v1/auth/sms-code', { phone: PHONE })).json().message).toBe('验证码发送太频繁，请 15 秒后再试')
    // another phone is not held back
    expect((await post(app, '/api/v1/auth/sms-code', { phone: '13900000002' })).statusCode).toBe(200)

    // a later code replaces the earlier one (draw until it differs: codes are random)
    let second = first
    while (second === first) {
      ctx.clock.advance(SMS_RESEND_SECONDS * SECOND)
      second = await requestCode(app, PHONE)
    }
    const old = await login(PHONE, first)
    expect(old.statusCode).toBe(400)
    expect(old.json().code).toBe('SMS_CODE_WRONG')
    expect((await login(PHONE, second)).statusCode).toBe(200)
  })

  it('caps codes per phone per 24 hours (10 by default), then says how many hours to wait', async () => {
    for (let i = 0; i < 10; i++) {
      expect((await post(app, '/api/v1/auth/sms-code', { phone: PHONE })).statusCode).toBe(200)
      ctx.clock.advance(SMS_RESEND_SECONDS * SECOND)
    }
    const capped = await post(app, '/api/v1/auth/sms-code', { phone: PHONE })
    expect(capped.statusCode).toBe(429)
    expect(capped.json().code).toBe('SMS_TOO_FREQUENT')
    // the first of the ten was sent 10 minutes ago: it leaves the 24-hour window in 23 h 50 min
    expect(capped.json().message).toBe('该手机号今日获取验证码次数已达上限，请 24 小时后再试')
    ctx.clock.advance(24 * 60 * MINUTE - 10 * MINUTE - SECOND)
    expect((await post(app, '/api/v1/auth/sms-code', { phone: PHONE })).statusCode).toBe(429)
    ctx.clock.advance(SECOND)
    expect((await post(app, '/api/v1/auth/sms-code', { phone: PHONE })).statusCode).toBe(200)
  })

  it('caps codes per client IP per hour, across phones', async () => {
    await ctx.cleanup()
    ctx = await authApp({ config: { smsIpHourlyLimit: 3 } })
    app = ctx.app
    const from = (ip: string, phone: string) =>
      app.inject({ method: 'POST', url: '/api/v1/auth/sms-code', payload: { phone }, remoteAddress: ip })
    for (const phone of ['13800000011', '13800000012', '13800000013']) expect((await from('10.1.2.3', phone)).statusCode).toBe(200)
    const capped = await from('10.1.2.3', '13800000014')
    expect(capped.statusCode).toBe(429)
    expect(capped.json()).toEqual({ code: 'SMS_TOO_FREQUENT', message: '当前网络获取验证码过于频繁，请 60 分钟后再试' })
    expect((await from('10.9.9.9', '13800000014')).statusCode).toBe(200)
    ctx.clock.advance(60 * MINUTE)
    expect((await from('10.1.2.3', '13800000015')).statusCode).toBe(200)
  })
})

describe('code expiry (5 minutes)', () => {
  it('accepts a code up to its last second', async () => {
    const code = await requestCode(app, PHONE)
    ctx.clock.advance(SMS_CODE_TTL_SECONDS * SECOND - SECOND)
    expect((await login(PHONE, code)).statusCode).toBe(200)
  })

  it('refuses it after 5 minutes with SMS_CODE_EXPIRED, and a used code cannot sign in twice', async () => {
    const code = await requestCode(app, PHONE)
    ctx.clock.advance(SMS_CODE_TTL_SECONDS * SECOND)
    const late = await login(PHONE, code)
    expect(late.statusCode).toBe(400)
    expect(late.json()).toEqual({ code: 'SMS_CODE_EXPIRED', message: '验证码已失效，请重新获取' })

    const fresh = await requestCode(app, PHONE)
    expect((await login(PHONE, fresh)).statusCode).toBe(200)
    const replay = await login(PHONE, fresh)
    expect(replay.statusCode).toBe(400)
    expect(replay.json().code).toBe('SMS_CODE_EXPIRED')
  })

  it('refuses a login for a phone that was never sent a code', async () => {
    const res = await login('13700000009', '123456')
    expect(res.statusCode).toBe(400)
    expect(res.json().code).toBe('SMS_CODE_EXPIRED')
  })
})

describe('wrong codes', () => {
  it('allows 5 wrong tries per code; then the code is dead and a new one must be requested', async () => {
    const code = await requestCode(app, PHONE)
    const wrong = wrongCode(code)
    for (let left = SMS_MAX_WRONG_TRIES - 1; left >= 1; left--) {
      const res = await login(PHONE, wrong)
      expect(res.statusCode).toBe(400)
      expect(res.json()).toEqual({ code: 'SMS_CODE_WRONG', message: `验证码不正确，还可以再试 ${left} 次` })
    }
    const fifth = await login(PHONE, wrong)
    expect(fifth.statusCode).toBe(400)
    // the 5th wrong code is also the phone's 5th failure: it says how long to wait before asking for a new code
    expect(fifth.json()).toEqual({ code: 'SMS_CODE_TRIES_EXCEEDED', message: '验证码错误次数过多，请 15 分钟后重新获取验证码' })
    // the right code no longer signs in
    expect((await login(PHONE, code)).statusCode).not.toBe(200)

    // after the lock the dead code is still refused, as tries exceeded (not merely expired)
    ctx.clock.advance(LOGIN_LOCK_MINUTES * MINUTE)
    const dead = await login(PHONE, code)
    expect(dead.statusCode).toBe(400)
    expect(dead.json()).toEqual({ code: 'SMS_CODE_TRIES_EXCEEDED', message: '验证码错误次数过多，请重新获取验证码' })
    const fresh = await requestCode(app, PHONE)
    expect((await login(PHONE, fresh)).statusCode).toBe(200)
  })
})

describe('login lock (5 failures → 15 minutes)', () => {
  it('counts failures across codes, locks login and code sending, and unlocks after 15 minutes', async () => {
    const a = await requestCode(app, PHONE)
    for (const left of [4, 3, 2]) expect((await login(PHONE, wrongCode(a))).json().message).toBe(`验证码不正确，还可以再试 ${left} 次`)
    ctx.clock.advance(SMS_RESEND_SECONDS * SECOND)
    const b = await requestCode(app, PHONE)
    // a fresh code, but the phone has one failure left
    expect((await login(PHONE, wrongCode(b))).json().message).toBe('验证码不正确，还可以再试 1 次')
    const locking = await login(PHONE, wrongCode(b))
    expect(locking.statusCode).toBe(429)
    expect(locking.json()).toEqual({ code: 'LOGIN_LOCKED', message: `登录失败次数过多，请 ${LOGIN_LOCK_MINUTES} 分钟后再试` })

    // locked: even the right code, and no new codes
    const right = await login(PHONE, b)
    expect(right.statusCode).toBe(429)
    expect(right.json().code).toBe('LOGIN_LOCKED')
    const send = await post(app, '/api/v1/auth/sms-code', { phone: PHONE })
    expect(send.statusCode).toBe(429)
    expect(send.json().code).toBe('LOGIN_LOCKED')
    // another phone is not locked
    expect((await signIn(app, '13900000002')).user.phone).toBe('139****0002')

    ctx.clock.advance(14 * MINUTE + 30 * SECOND)
    expect((await login(PHONE, b)).json()).toEqual({ code: 'LOGIN_LOCKED', message: '登录失败次数过多，请 1 分钟后再试' })
    ctx.clock.advance(30 * SECOND)
    const c = await requestCode(app, PHONE)
    expect((await login(PHONE, c)).statusCode).toBe(200)

    // a success clears the failures: the next wrong code has the full count again
    ctx.clock.advance(SMS_RESEND_SECONDS * SECOND)
    const d = await requestCode(app, PHONE)
    expect((await login(PHONE, wrongCode(d))).json().message).toBe(`验证码不正确，还可以再试 ${LOGIN_MAX_FAILURES - 1} 次`)
  })

  it('forgets failures older than the 15-minute window', async () => {
    const a = await requestCode(app, PHONE)
    for (let i = 0; i < 4; i++) await login(PHONE, wrongCode(a))
    ctx.clock.advance(LOGIN_LOCK_MINUTES * MINUTE)
    const b = await requestCode(app, PHONE)
    const res = await login(PHONE, wrongCode(b))
    expect(res.json()).toEqual({ code: 'SMS_CODE_WRONG', message: '验证码不正确，还可以再试 4 次' })
  })

  it('keeps the counters in the database: a restarted app on the same data still sees the lock', async () => {
    const a = await requestCode(app, PHONE)
    for (let i = 0; i < LOGIN_MAX_FAILURES; i++) await login(PHONE, wrongCode(a))
    await app.close()
    const restarted = await authApp({ dataDir: ctx.dataDir, clock: ctx.clock.now })
    try {
      const res = await post(restarted.app, '/api/v1/auth/sms-code', { phone: PHONE })
      expect(res.statusCode).toBe(429)
      expect(res.json().code).toBe('LOGIN_LOCKED')
    } finally {
      await restarted.app.close()
    }
  })
})

describe('limits across instances on one database', () => {
  it('two instances answering at the same time cannot both pass the per-IP code limit or the failure count', async () => {
    await ctx.cleanup()
    ctx = await authApp({ config: { smsIpHourlyLimit: 3 } })
    app = ctx.app
    // a second BFF on the same database (the same data folder: the same SQLite file or PostgreSQL schema)
    const second = await authApp({ dataDir: ctx.dataDir, clock: ctx.clock.now, config: { smsIpHourlyLimit: 3 } })
    try {
      const apps = [app, second.app]
      const phones = Array.from({ length: 8 }, (_, i) => `1380000003${i}`)
      const sends = await Promise.all(
        phones.map((phone, i) =>
          apps[i % 2].inject({ method: 'POST', url: '/api/v1/auth/sms-code', payload: { phone }, remoteAddress: '10.1.2.3' })
        )
      )
      expect(sends.map((r) => r.statusCode).sort()).toEqual([200, 200, 200, 429, 429, 429, 429, 429])
      for (const r of sends.filter((x) => x.statusCode === 429)) expect(r.json().code).toBe('SMS_TOO_FREQUENT')

      // wrong codes sent to both instances at once: each failure is counted once, whichever instance saw it
      const phone = phones[sends.findIndex((r) => r.statusCode === 200)]
      const code = (await outbox(second.app, phone))[0].code!
      const tries = await Promise.all(
        Array.from({ length: 10 }, (_, i) => post(apps[i % 2], '/api/v1/auth/login', { phone, code: wrongCode(code) }))
      )
      const answers = tries.map((r) => r.json() as { code: string; message: string })
      const wrong = answers.filter((a) => a.code === 'SMS_CODE_WRONG').map((a) => a.message)
      expect(wrong.sort()).toEqual([1, 2, 3, 4].map((n) => `验证码不正确，还可以再试 ${n} 次`))
      expect(answers.filter((a) => a.code === 'SMS_CODE_TRIES_EXCEEDED')).toHaveLength(1)
      expect(answers.filter((a) => a.code === 'LOGIN_LOCKED')).toHaveLength(5)
      // the lock holds on both instances, even for the right code
      for (const a of apps) expect((await post(a, '/api/v1/auth/login', { phone, code })).json().code).toBe('LOGIN_LOCKED')
    } finally {
      await second.app.close()
    }
  })
})
