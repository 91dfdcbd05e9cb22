import Fastify, { type FastifyInstance } from 'fastify'
import { generateKeyPairSync } from 'node:crypto'
import { writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { alipaySignContent, rawNode, rsa2Sign, rsa2Verify } from '../../src/adapters/platform'
import { signatureOf } from '../../src/adapters/http'
import { tempDir, testApp } from '../helpers'

/**
 * The real upstream adapters against local fakes of the platforms' HTTP APIs (Fastify on a free port): WeChat
 * jscode2session, Alipay's OpenAPI gateway (alipay.system.oauth.token, RSA2-signed both ways), and the agency's SMS
 * gateway and real-name service (HMAC-signed JSON).
 */

const WX = { appId: 'wx0123456789abcdef', secret: 'wechat-secret-0123456789abcdef' }
const ALIPAY_APP_ID = '2021000123456789'
const appKeys = generateKeyPairSync('rsa', { modulusLength: 2048 })
const alipayKeys = generateKeyPairSync('rsa', { modulusLength: 2048 })
const GATEWAY_KEY = 'agency-gateway-key-0123456789abcdef'

interface Seen {
  wechat: Array<Record<string, string>>
  alipay: Array<Record<string, string>>
  sms: Array<{ phone: string; text: string }>
  identity: Array<{ name: string; idNumber: string }>
}

/** The fake platforms. `mode.alipay` makes the gateway misbehave. */
async function fakePlatforms(mode: { alipay: 'ok' | 'tampered' | 'unsigned' }): Promise<{ url: string; seen: Seen; close: () => Promise<void> }> {
  const seen: Seen = { wechat: [], alipay: [], sms: [], identity: [] }
  const f: FastifyInstance = Fastify()
  f.addContentTypeParser('application/x-www-form-urlencoded', { parseAs: 'string' }, (_req, body, done) => done(null, Object.fromEntries(new URLSearchParams(String(body)))))
  f.addContentTypeParser('application/json', { parseAs: 'string' }, (req, body, done) => {
    // the agency gateways check the HMAC over the raw body before anything else
    const ok = signatureOf(GATEWAY_KEY, String(req.headers['x-yb-timestamp']), String(body)) === req.headers['x-yb-signature']
    done(ok ? null : Object.assign(new Error('bad signature'), { statusCode: 401 }), ok ? JSON.parse(String(body)) : undefined)
  })
  f.get('/sns/jscode2session', async (req, reply) => {
    const q = req.query as Record<string, string>
    seen.wechat.push(q)
    // WeChat answers JSON as text/plain
    void reply.type('text/plain')
    if (q.appid !== WX.appId || q.secret !== WX.secret) return JSON.stringify({ errcode: 40125, errmsg: 'invalid appsecret' })
    if (q.grant_type !== 'authorization_code') return JSON.stringify({ errcode: 40002, errmsg: 'invalid grant_type' })
    if (q.js_code === 'used-code') return JSON.stringify({ errcode: 40163, errmsg: 'code been used' })
    if (q.js_code === 'busy') return JSON.stringify({ errcode: -1, errmsg: 'system error' })
    return JSON.stringify({ openid: `o-${q.js_code}`, session_key: 'sk' })
  })
  f.post('/gateway.do', async (req, reply) => {
    const p = req.body as Record<string, string>
    seen.alipay.push(p)
    void reply.type('text/html;charset=utf-8')
    // the request must be signed RSA2 by the app's key over the sorted parameters
    if (!rsa2Verify(alipaySignContent(p), p.sign ?? '', appKeys.publicKey)) {
      const node = JSON.stringify({ code: '40002', msg: 'Invalid Arguments', sub_code: 'isv.invalid-signature', sub_msg: '验签出错' })
      return `{"error_response":${node},"sign":"${rsa2Sign(node, alipayKeys.privateKey)}"}`
    }
    if (p.method !== 'alipay.system.oauth.token' || p.app_id !== ALIPAY_APP_ID || p.sign_type !== 'RSA2' || !/^\d{4}-\d\d-\d\d \d\d:\d\d:\d\d$/.test(p.timestamp)) {
      return reply.code(400).send('bad request')
    }
    if (p.code === 'expired-code') {
      const node = JSON.stringify({ code: '40002', msg: 'Invalid Arguments', sub_code: 'isv.code-invalid', sub_msg: '授权码code无效' })
      return `{"error_response":${node},"sign":"${rsa2Sign(node, alipayKeys.privateKey)}"}`
    }
    const node = `{"access_token":"t","alipay_user_id":"x","expires_in":1296000,"re_expires_in":2592000,"refresh_token":"r","user_id":"2088${p.code.length}000${p.code.charCodeAt(0)}"}`
    const sign = rsa2Sign(node, alipayKeys.privateKey)
    if (mode.alipay === 'unsigned') return `{"alipay_system_oauth_token_response":${node}}`
    if (mode.alipay === 'tampered') return `{"alipay_system_oauth_token_response":${node.replace('"user_id":"2088', '"user_id":"2099')},"sign":"${sign}"}`
    return `{"alipay_system_oauth_token_response":${node},"sign":"${sign}"}`
  })
  f.post('/sms/send', async (req) => {
    seen.sms.push(req.body as { phone: string; text: string })
    return { ok: true }
  })
  f.post('/idv/verify', async (req) => {
    const b = req.body as { name: string; idNumber: string }
    seen.identity.push(b)
    return { result: b.name === '张丽华' ? 'match' : 'mismatch' }
  })
  const url = await f.listen({ port: 0, host: '127.0.0.1' })
  return { url, seen, close: () => f.close() }
}

async function productionApp(url: string) {
  const dir = tempDir()
  const privateKeyFile = join(dir, 'app-private.pem')
  const publicKeyFile = join(dir, 'alipay-public.pem')
  writeFileSync(privateKeyFile, appKeys.privateKey.export({ type: 'pkcs8', format: 'pem' }))
  writeFileSync(publicKeyFile, alipayKeys.publicKey.export({ type: 'spki', format: 'pem' }))
  return testApp({
    dataDir: join(dir, 'data'),
    config: {
      nodeEnv: 'production',
      allowDemoAdapters: false,
      sms: { adapter: 'http', url: `${url}/sms/send`, key: GATEWAY_KEY },
      identity: { adapter: 'http', url: `${url}/idv/verify`, key: GATEWAY_KEY },
      platformLogin: {
        adapter: 'platform',
        wechat: { ...WX, apiBase: url },
        alipay: { appId: ALIPAY_APP_ID, privateKeyFile, publicKeyFile, gateway: `${url}/gateway.do` }
      }
    }
  })
}

describe('production adapters against local fakes of the platforms', () => {
  it('WeChat code2session: an openid signs in (bind first); used codes are refused; a busy WeChat is 503', async () => {
    const fake = await fakePlatforms({ alipay: 'ok' })
    const t = await productionApp(fake.url)
    try {
      const login = (platform: string, code: string) => t.app.inject({ method: 'POST', url: '/api/v1/auth/platform-login', payload: { platform, code } })
      const first = await login('weapp', 'wx-code-1')
      expect(first.json().status).toBe('bindPhone')
      expect(fake.seen.wechat[0]).toEqual({ appid: WX.appId, secret: WX.secret, js_code: 'wx-code-1', grant_type: 'authorization_code' })
      expect((await login('weapp', 'used-code')).json().code).toBe('PLATFORM_LOGIN_FAILED')
      expect((await login('weapp', 'busy')).statusCode).toBe(503)
      // the embedded stand-in's behaviour is gone: any code is no longer some account
      expect(fake.seen.wechat).toHaveLength(3)
      // no demonstration header in a real production deployment
      expect(first.headers['x-demo-adapters']).toBeUndefined()
    } finally {
      await t.cleanup()
      await fake.close()
    }
  })

  it('Alipay alipay.system.oauth.token: RSA2-signed request, verified answer; refused codes; tampered or unsigned answers are 503', async () => {
    const fake = await fakePlatforms({ alipay: 'ok' })
    const t = await productionApp(fake.url)
    try {
      const login = (code: string) => t.app.inject({ method: 'POST', url: '/api/v1/auth/platform-login', payload: { platform: 'alipay', code } })
      expect((await login('ali-code-1')).json().status).toBe('bindPhone')
      const sent = fake.seen.alipay[0]
      expect(sent).toMatchObject({ app_id: ALIPAY_APP_ID, method: 'alipay.system.oauth.token', format: 'JSON', charset: 'utf-8', sign_type: 'RSA2', version: '1.0', grant_type: 'authorization_code', code: 'ali-code-1' })
      expect(rsa2Verify(alipaySignContent(sent), sent.sign, appKeys.publicKey)).toBe(true)
      expect((await login('expired-code')).json().code).toBe('PLATFORM_LOGIN_FAILED')
    } finally {
      await t.cleanup()
      await fake.close()
    }
    for (const mode of ['tampered', 'unsigned'] as const) {
      const bad = await fakePlatforms({ alipay: mode })
      const t2 = await productionApp(bad.url)
      try {
        const res = await t2.app.inject({ method: 'POST', url: '/api/v1/auth/platform-login', payload: { platform: 'alipay', code: 'ali-code-2' } })
        expect([mode, res.statusCode]).toEqual([mode, 503])
      } finally {
        await t2.cleanup()
        await bad.close()
      }
    }
  })

  it('SMS codes go through the agency gateway (signed), and 实名认证 through its identity service', async () => {
    const fake = await fakePlatforms({ alipay: 'ok' })
    const t = await productionApp(fake.url)
    try {
      const phone = '13800000051'
      expect((await t.app.inject({ method: 'POST', url: '/api/v1/auth/sms-code', payload: { phone } })).statusCode).toBe(200)
      expect(fake.seen.sms).toHaveLength(1)
      const code = /验证码为 (\d{6})/.exec(fake.seen.sms[0].text)![1]
      const login = await t.app.inject({ method: 'POST', url: '/api/v1/auth/login', payload: { phone, code } })
      expect(login.statusCode).toBe(200)
      const headers = { authorization: `Bearer ${login.json().accessToken}` }
      // an unregistered 身份证号 is no longer confirmed with any name: the service says mismatch
      const wrong = await t.app.inject({ method: 'POST', url: '/api/v1/auth/realname', headers, payload: { name: '王五', idNumber: '331102198803120025' } })
      expect(wrong.json().code).toBe('REALNAME_MISMATCH')
      const right = await t.app.inject({ method: 'POST', url: '/api/v1/auth/realname', headers, payload: { name: '张丽华', idNumber: '331102198803120025' } })
      expect(right.statusCode).toBe(200)
      expect(fake.seen.identity).toEqual([
        { name: '王五', idNumber: '331102198803120025' },
        { name: '张丽华', idNumber: '331102198803120025' }
      ])
      // production: no outbox
      expect((await t.app.inject({ url: `/api/v1/dev/outbox?phone=${phone}` })).statusCode).toBe(404)
    } finally {
      await t.cleanup()
      await fake.close()
    }
  })
})

it('rawNode returns the signed bytes as sent (strings with braces and escapes included)', () => {
  const body = '{"x_response":{"a":"}{\\"","b":{"c":1}},"sign":"s"}'
  expect(rawNode(body, 'x_response')).toBe('{"a":"}{\\"","b":{"c":1}}')
  expect(rawNode(body, 'missing')).toBeNull()
})
