import type { FastifyInstance } from 'fastify'
import { existsSync, statSync } from 'node:fs'
import { join } from 'node:path'
import { SMS_RESEND_SECONDS } from '../../../contract/auth'
import { FAMILY_INVITE_SMS_PER_DAY, FAMILY_INVITE_SMS_PER_PERSON_DAY } from '../../src/services/family'
import { SAMPLE, multipart, photo, refresh, signIn } from '../apply/helpers'
import { MINUTE, SECOND, authApp, outbox, wrongCode } from '../auth/helpers'
import { testApp } from '../helpers'

/**
 * Abuse limits that must not turn into a way to shut a citizen out, and files that must go when their records go.
 */

const CITIZEN = '13800000021'
const sms = (app: FastifyInstance, phone: string, ip: string) => app.inject({ method: 'POST', url: '/api/v1/auth/sms-code', remoteAddress: ip, payload: { phone } })
const login = (app: FastifyInstance, phone: string, code: string, ip: string) =>
  app.inject({ method: 'POST', url: '/api/v1/auth/login', remoteAddress: ip, payload: { phone, code } })

describe('a stranger cannot shut a citizen out of sign-in', () => {
  it('using up a phone’s daily codes from one network leaves the citizen’s network its own allowance', async () => {
    const ctx = await authApp()
    try {
      const attacker = '203.0.113.66'
      let sent = 0
      for (let i = 0; i < 12; i++) {
        if ((await sms(ctx.app, CITIZEN, attacker)).statusCode === 200) sent++
        ctx.clock.advance((SMS_RESEND_SECONDS + 1) * SECOND)
      }
      expect(sent).toBe(10)
      expect((await sms(ctx.app, CITIZEN, attacker)).json().code).toBe('SMS_TOO_FREQUENT')
      // the citizen, at home, still gets a code and signs in
      expect((await sms(ctx.app, CITIZEN, '198.51.100.21')).statusCode).toBe(200)
      const code = (await outbox(ctx.app, CITIZEN))[0].code!
      expect((await login(ctx.app, CITIZEN, code, '198.51.100.21')).statusCode).toBe(200)
    } finally {
      await ctx.cleanup()
    }
  })

  it('wrong codes lock the guessing network, not the citizen', async () => {
    const ctx = await authApp()
    try {
      const attacker = '203.0.113.67'
      expect((await sms(ctx.app, CITIZEN, attacker)).statusCode).toBe(200)
      const code = (await outbox(ctx.app, CITIZEN))[0].code!
      const answers: string[] = []
      for (let i = 0; i < 6; i++) answers.push((await login(ctx.app, CITIZEN, wrongCode(code), attacker)).json().code)
      expect(answers.slice(-1)[0]).toBe('LOGIN_LOCKED')
      ctx.clock.advance(MINUTE + SECOND)
      // the stranger's network is locked; the citizen's is not
      expect((await sms(ctx.app, CITIZEN, attacker)).json().code).toBe('LOGIN_LOCKED')
      expect((await sms(ctx.app, CITIZEN, '198.51.100.22')).statusCode).toBe(200)
      const fresh = (await outbox(ctx.app, CITIZEN))[0].code!
      expect((await login(ctx.app, CITIZEN, fresh, '198.51.100.22')).statusCode).toBe(200)
    } finally {
      await ctx.cleanup()
    }
  })

  it('all networks together still have a ceiling against SMS bombing', async () => {
    const ctx = await authApp()
    try {
      let sent = 0
      for (let i = 0; i < 35; i++) {
        if ((await sms(ctx.app, CITIZEN, `203.0.113.${100 + i}`)).statusCode === 200) sent++
        ctx.clock.advance((SMS_RESEND_SECONDS + 1) * SECOND)
      }
      expect(sent).toBe(30)
    } finally {
      await ctx.cleanup()
    }
  })
})

describe('实名认证', () => {
  it('throttles wrong names per account: after 5 failures the account waits a day (429 REALNAME_TOO_MANY)', async () => {
    const ctx = await authApp()
    try {
      const s = await signIn(ctx.app, '13800000031')
      const try_ = (name: string) =>
        ctx.app.inject({ method: 'POST', url: '/api/v1/auth/realname', headers: s.headers, payload: { name, idNumber: SAMPLE.zhang.idNumber } })
      const codes: string[] = []
      for (const name of ['王一', '王二', '王三', '王四', '王五', '王六']) codes.push((await try_(name)).json().code)
      expect(codes).toEqual(['REALNAME_MISMATCH', 'REALNAME_MISMATCH', 'REALNAME_MISMATCH', 'REALNAME_MISMATCH', 'REALNAME_MISMATCH', 'REALNAME_TOO_MANY'])
      // even the right name waits: guessing must not be rewarded
      expect((await try_(SAMPLE.zhang.name)).json().code).toBe('REALNAME_TOO_MANY')
      ctx.clock.advance(24 * 60 * MINUTE + SECOND)
      await refresh(ctx.app, s)
      expect((await try_(SAMPLE.zhang.name)).statusCode).toBe(200)
    } finally {
      await ctx.cleanup()
    }
  })
})

describe('family requests send few SMS to someone else’s phone', () => {
  it('8 add/remove cycles: one SMS to the member, the rest in the app only', async () => {
    const t = await testApp()
    try {
      const wang = await signIn(t.app, SAMPLE.wang.phone, SAMPLE.wang)
      const zhang = await signIn(t.app, SAMPLE.zhang.phone, SAMPLE.zhang)
      void wang
      const before = (await outbox(t.app, SAMPLE.wang.phone)).length
      for (let i = 0; i < 8; i++) {
        const add = await t.app.inject({ method: 'POST', url: '/api/v1/family/members', headers: zhang.headers, payload: { relationship: 'parent', name: SAMPLE.wang.name, idNumber: SAMPLE.wang.idNumber } })
        expect(add.statusCode).toBe(201)
        expect((await t.app.inject({ method: 'DELETE', url: `/api/v1/family/members/${add.json().id}`, headers: zhang.headers })).statusCode).toBe(204)
      }
      expect((await outbox(t.app, SAMPLE.wang.phone)).length - before).toBe(FAMILY_INVITE_SMS_PER_PERSON_DAY)
      // every request still reached him in the app
      const inbox = (await t.app.inject({ url: '/api/v1/notifications', headers: wang.headers })).json().notifications as Array<{ title: string }>
      expect(inbox.filter((n) => n.title === '亲情账户授权申请')).toHaveLength(8)
      expect(FAMILY_INVITE_SMS_PER_DAY).toBeLessThanOrEqual(5)
    } finally {
      await t.cleanup()
    }
  })
})

describe('files and retention', () => {
  let t: Awaited<ReturnType<typeof testApp>>
  beforeAll(async () => {
    t = await testApp()
  })
  afterAll(() => t.cleanup())

  const fileOf = (key: string) => join(t.dataDir, 'files', key.slice(0, 2), key.slice(2, 4), key)

  async function draftWithUpload(s: { headers: Record<string, string> }, seed: number, bytes?: Buffer): Promise<{ draftId: string; uploadId: string; key: string }> {
    const d = await t.app.inject({ method: 'POST', url: '/api/v1/drafts', headers: s.headers, payload: { itemId: 'special-drug-filing', region: '331121' } })
    const draftId = d.json().id as string
    const mp = multipart('p.jpg', bytes ?? (await photo(400 + seed, 300)), 'image/jpeg')
    const up = await t.app.inject({ method: 'POST', url: `/api/v1/drafts/${draftId}/materials/disease-proof`, headers: { ...s.headers, ...mp.headers }, payload: mp.payload })
    expect(up.statusCode).toBe(200)
    const upload = up.json().uploads[0]
    const row = await t.app.db.prepare<[string], { storage_key: string }>('SELECT storage_key FROM uploads WHERE id = ?').get(upload.id)
    return { draftId, uploadId: upload.id, key: row!.storage_key }
  }

  it('the data folder is 0700, the database and stored files 0600', async () => {
    const s = await signIn(t.app, '13800000041', { name: '李明', idNumber: '330802199001010037' })
    const { key } = await draftWithUpload(s, 1)
    expect(statSync(t.dataDir).mode & 0o777).toBe(0o700)
    if (t.app.db.dialect === 'sqlite') {
      expect(statSync(join(t.dataDir, 'yb.sqlite')).mode & 0o777).toBe(0o600)
      expect(statSync(join(t.dataDir, 'yb.sqlite-wal')).mode & 0o777).toBe(0o600)
    }
    expect(statSync(fileOf(key)).mode & 0o777).toBe(0o600)
    expect(statSync(join(t.dataDir, 'files')).mode & 0o777).toBe(0o700)
  })

  it('deleting a material, a draft or the account deletes its files', async () => {
    const s = await signIn(t.app, '13800000042', { name: '赵敏', idNumber: '330802199202020039' })
    const a = await draftWithUpload(s, 2)
    expect(existsSync(fileOf(a.key))).toBe(true)
    await t.app.inject({ method: 'DELETE', url: `/api/v1/drafts/${a.draftId}/uploads/${a.uploadId}`, headers: s.headers })
    expect(existsSync(fileOf(a.key))).toBe(false)

    const b = await draftWithUpload(s, 3)
    expect((await t.app.inject({ method: 'DELETE', url: `/api/v1/drafts/${b.draftId}`, headers: s.headers })).statusCode).toBe(204)
    expect(existsSync(fileOf(b.key))).toBe(false)

    const c = await draftWithUpload(s, 4)
    expect((await t.app.inject({ method: 'DELETE', url: '/api/v1/me', headers: s.headers })).statusCode).toBe(204)
    expect(existsSync(fileOf(c.key))).toBe(false)
    // the account no longer signs in with its old token, and nothing of the person is left in its row
    expect((await t.app.inject({ url: '/api/v1/me', headers: s.headers })).statusCode).toBe(401)
    const row = await t.app.db.prepare<[], { n: number }>("SELECT COUNT(*) AS n FROM users WHERE phone = '13800000042' OR real_id_number = '330802199202020039'").get()
    expect(row?.n).toBe(0)
  })

  it('a file two drafts share stays until the last one goes', async () => {
    const s = await signIn(t.app, '13800000043', { name: '钱多', idNumber: '330802199303030033' })
    const same = await photo(405, 300)
    const a = await draftWithUpload(s, 5, same)
    const d2 = await t.app.inject({ method: 'POST', url: '/api/v1/drafts', headers: s.headers, payload: { itemId: 'referral-filing', region: '331121' } })
    const mp = multipart('same.jpg', same, 'image/jpeg')
    const up = await t.app.inject({ method: 'POST', url: `/api/v1/drafts/${d2.json().id}/materials/referral-certificate`, headers: { ...s.headers, ...mp.headers }, payload: mp.payload })
    expect(up.statusCode).toBe(200)
    const shared = await t.app.db.prepare<[string], { n: number }>('SELECT COUNT(*) AS n FROM uploads WHERE storage_key = ?').get(a.key)
    expect(shared?.n).toBe(2)
    await t.app.inject({ method: 'DELETE', url: `/api/v1/drafts/${a.draftId}`, headers: s.headers })
    expect(existsSync(fileOf(a.key))).toBe(true)
    await t.app.inject({ method: 'DELETE', url: `/api/v1/drafts/${d2.json().id}`, headers: s.headers })
    expect(existsSync(fileOf(a.key))).toBe(false)
  })

  it('the scheduler removes drafts untouched for DRAFT_RETENTION_DAYS (default 90), with their files', async () => {
    const s = await signIn(t.app, '13800000044', { name: '孙丽', idNumber: '330802199404040038' })
    const old = await draftWithUpload(s, 6)
    const now = new Date()
    expect((await t.app.retention(new Date(now.getTime() + 89 * 86_400_000))).drafts).toBe(0)
    expect(existsSync(fileOf(old.key))).toBe(true)
    const swept = await t.app.retention(new Date(now.getTime() + 91 * 86_400_000))
    expect(swept.drafts).toBeGreaterThanOrEqual(1)
    expect(existsSync(fileOf(old.key))).toBe(false)
    expect((await t.app.inject({ url: `/api/v1/drafts/${old.draftId}`, headers: s.headers })).json().code).toBe('DRAFT_UNKNOWN')
    expect(t.app.config.draftRetentionDays).toBe(90)
  })
})
