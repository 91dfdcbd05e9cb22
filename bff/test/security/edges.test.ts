import type { FastifyInstance, InjectOptions } from 'fastify'
import { createHash } from 'node:crypto'
import { mkdirSync, writeFileSync } from 'node:fs'
import { request } from 'node:http'
import { join } from 'node:path'
import { Writable } from 'node:stream'
import { buildApp } from '../../src/app'
import { ConfigError } from '../../src/config'
import { tempDir, testApp } from '../helpers'

/**
 * The edges of the BFF (issue: safe defaults, proxies, headers, edges): what a caller sees before any route's own
 * rules — the security headers, no-store on personal answers, development helpers for this machine only, a production
 * start refused on stand-in adapters, TRUST_PROXY that a forged X-Forwarded-For cannot get around, /docs, 413, logs.
 */

const INLINE = '!function(){document.documentElement.style.fontSize="20px"}();'

/** An H5 build with one inline script (like Taro's rem script) and one external. */
function fakeBuild(dir: string): string {
  const h5 = join(dir, 'h5')
  mkdirSync(join(h5, 'js'), { recursive: true })
  writeFileSync(join(h5, 'index.html'), `<!doctype html><html><head><script>${INLINE}</script><script defer src="/js/app.0123abcd.js"></script></head><body><div id="app"></div></body></html>`)
  writeFileSync(join(h5, 'js', 'app.0123abcd.js'), 'console.log(1)')
  return h5
}

describe('security headers', () => {
  let app: FastifyInstance
  let cleanup: () => Promise<void>
  beforeAll(async () => {
    const dir = tempDir()
    const t = await testApp({ dataDir: dir, staticDir: fakeBuild(dir), config: { trustProxy: 1 } })
    app = t.app
    cleanup = t.cleanup
  })
  afterAll(() => cleanup())

  it('the H5 page gets a CSP that allows its own inline script by hash and nothing else inline, and may not be framed', async () => {
    const res = await app.inject({ url: '/' })
    expect(res.statusCode).toBe(200)
    const csp = String(res.headers['content-security-policy'])
    const hash = createHash('sha256').update(INLINE).digest('base64')
    expect(csp).toContain(`script-src 'self' 'sha256-${hash}'`)
    expect(csp).not.toMatch(/script-src[^;]*'unsafe-inline'/)
    expect(csp).toContain("frame-ancestors 'none'")
    expect(csp).toContain("object-src 'none'")
    expect(res.headers['x-frame-options']).toBe('DENY')
    expect(res.headers['x-content-type-options']).toBe('nosniff')
    expect(res.headers['referrer-policy']).toBe('no-referrer')
    // plain HTTP: no HSTS
    expect(res.headers['strict-transport-security']).toBeUndefined()
  })

  it('an API answer is never a page: default-src none, not framed, sniffing off, and without the page policy', async () => {
    const res = await app.inject({ url: '/api/v1/regions' })
    expect(res.statusCode).toBe(200)
    expect(res.headers['content-security-policy']).toBe("default-src 'none';frame-ancestors 'none'")
    expect(res.headers['x-frame-options']).toBe('DENY')
    expect(res.headers['x-content-type-options']).toBe('nosniff')
    expect(res.headers['x-powered-by']).toBeUndefined()
    // refusals too
    const refused = await app.inject({ url: '/api/v1/me' })
    expect(refused.statusCode).toBe(401)
    expect(refused.headers['content-security-policy']).toBe("default-src 'none';frame-ancestors 'none'")
  })

  it('HSTS when the client reached the service over HTTPS (through the trusted proxy)', async () => {
    const res = await app.inject({ url: '/healthz', headers: { 'x-forwarded-proto': 'https', 'x-forwarded-for': '203.0.113.7' } })
    expect(res.headers['strict-transport-security']).toMatch(/^max-age=31536000/)
  })

  it('every API route but the public catalog answers no-store, even its refusals', async () => {
    const PUBLIC = new Set([
      'GET /healthz',
      'GET /api/v1/regions',
      'GET /api/v1/national-regions',
      'GET /api/v1/departments',
      'GET /api/v1/items',
      'GET /api/v1/items/{id}',
      'GET /api/v1/search',
      'GET /api/v1/search/hot',
      'GET /api/v1/metrics'
    ])
    const doc = (await app.inject({ url: '/docs/json' })).json() as { paths: Record<string, Record<string, unknown>> }
    const routes = Object.entries(doc.paths).flatMap(([path, ops]) => Object.keys(ops).map((m) => `${m.toUpperCase()} ${path}`))
    expect(routes.length).toBeGreaterThan(60)
    const missing: string[] = []
    for (const route of routes) {
      if (PUBLIC.has(route)) continue
      const [method, path] = route.split(' ')
      const res = await app.inject({ method: method as InjectOptions['method'], url: path.replace(/\{[^}]+\}/g, 'x'), payload: method === 'GET' || method === 'DELETE' ? undefined : {} })
      if (!/\bno-store\b/.test(String(res.headers['cache-control']))) missing.push(`${route}: ${res.statusCode} ${String(res.headers['cache-control'])}`)
    }
    expect(missing).toEqual([])
    // the public catalog keeps its own caching
    expect((await app.inject({ url: '/api/v1/metrics' })).headers['cache-control']).toBe('public, max-age=60')
  })

  it('no answer says whether the service runs demonstration adapters outside production', async () => {
    expect((await app.inject({ url: '/healthz' })).headers['x-demo-adapters']).toBeUndefined()
  })
})

describe('development helpers answer this machine only', () => {
  let app: FastifyInstance
  let cleanup: () => Promise<void>
  beforeAll(async () => {
    ({ app, cleanup } = await testApp())
  })
  afterAll(() => cleanup())

  it('the SMS outbox: loopback yes; another address, or a request a proxy forwarded, 404', async () => {
    const url = '/api/v1/dev/outbox?phone=13800000001'
    expect((await app.inject({ url })).statusCode).toBe(200)
    expect((await app.inject({ url, remoteAddress: '192.0.2.10' })).statusCode).toBe(404)
    expect((await app.inject({ url, headers: { 'x-forwarded-for': '192.0.2.10' } })).statusCode).toBe(404)
    expect((await app.inject({ url, headers: { forwarded: 'for=192.0.2.10' } })).statusCode).toBe(404)
  })

  it('the development terminal key decodes for loopback callers only; a configured TERMINAL_KEY from anywhere', async () => {
    const dev = app.terminal
    expect(dev.source).toBe('dev-file')
    const decode = (a: FastifyInstance, key: string, remoteAddress?: string) =>
      a.inject({ method: 'POST', url: '/api/v1/evoucher/decode', headers: { 'x-terminal-key': key }, payload: { code: '4240000' }, ...(remoteAddress ? { remoteAddress } : {}) })
    expect((await decode(app, dev.key!)).json().code).toBe('EVOUCHER_UNKNOWN')
    expect((await decode(app, dev.key!, '192.0.2.10')).json().code).toBe('TERMINAL_UNAUTHORIZED')
    // a registered terminal's own key works from its counter; once revoked, from nowhere
    const registered = await app.terminals.register({ id: 'P331102000501', institutionName: '莲都区康民药店', kind: 'pharmacy' })
    expect((await decode(app, registered.key, '192.0.2.10')).json().code).toBe('EVOUCHER_UNKNOWN')
    await app.terminals.revoke('P331102000501')
    expect((await decode(app, registered.key, '192.0.2.10')).json().code).toBe('TERMINAL_UNAUTHORIZED')
    expect((await decode(app, registered.key)).json().code).toBe('TERMINAL_UNAUTHORIZED')
    const configured = await testApp({ config: { terminalKey: 'counter-terminal-key-0123456789' } })
    try {
      expect((await decode(configured.app, 'counter-terminal-key-0123456789', '192.0.2.10')).json().code).toBe('EVOUCHER_UNKNOWN')
    } finally {
      await configured.cleanup()
    }
  })
})

describe('production', () => {
  it('refuses to start on the embedded SMS, identity and platform-login stand-ins, naming the variables', async () => {
    const dir = tempDir()
    const err = await buildApp({ logger: false, dataDir: dir, config: { nodeEnv: 'production' } }).catch((e: unknown) => e)
    expect(err).toBeInstanceOf(ConfigError)
    const text = (err as ConfigError).problems.join('\n')
    expect(text).toContain('SMS_ADAPTER')
    expect(text).toContain('IDENTITY_ADAPTER')
    expect(text).toContain('PLATFORM_LOGIN')
    expect(text).toContain('ALLOW_DEMO_ADAPTERS=true')
  })

  it('with ALLOW_DEMO_ADAPTERS=true: a warning header on every answer; no /docs unless DOCS=true; no outbox', async () => {
    const t = await testApp({ config: { nodeEnv: 'production', allowDemoAdapters: true, docs: false } })
    try {
      for (const url of ['/healthz', '/api/v1/regions', '/api/v1/nothing-here', '/']) {
        expect((await t.app.inject({ url })).headers['x-demo-adapters']).toBe('sms, identity, platform-login')
      }
      expect((await t.app.inject({ url: '/docs' })).statusCode).toBe(404)
      expect((await t.app.inject({ url: '/docs/json' })).statusCode).toBe(404)
      expect((await t.app.inject({ url: '/api/v1/dev/outbox?phone=13800000001' })).statusCode).toBe(404)
    } finally {
      await t.cleanup()
    }
    const withDocs = await testApp({ config: { nodeEnv: 'production', allowDemoAdapters: true, docs: true } })
    try {
      expect((await withDocs.app.inject({ url: '/docs/json' })).statusCode).toBe(200)
    } finally {
      await withDocs.cleanup()
    }
  })
})

describe('TRUST_PROXY: a forged left-most X-Forwarded-For does not escape the per-IP limits', () => {
  it('SMS codes: 30 per client IP per hour, whatever the client writes before its address', async () => {
    const t = await testApp({ config: { trustProxy: 1 } })
    try {
      let sent = 0
      let refused = 0
      for (let i = 0; i < 36; i++) {
        // through one proxy (the socket's peer, trusted): "<forged>, <the address the proxy saw>"
        const res = await t.app.inject({
          method: 'POST',
          url: '/api/v1/auth/sms-code',
          headers: { 'x-forwarded-for': `10.${i}.0.1, 198.51.100.7` },
          payload: { phone: `1380000${String(1000 + i)}` }
        })
        if (res.statusCode === 200) sent++
        else if (res.json().code === 'SMS_TOO_FREQUENT') refused++
      }
      expect(sent).toBe(30)
      expect(refused).toBe(6)
      // another client behind the same proxy is not affected
      const other = await t.app.inject({ method: 'POST', url: '/api/v1/auth/sms-code', headers: { 'x-forwarded-for': '198.51.100.8' }, payload: { phone: '13900001111' } })
      expect(other.statusCode).toBe(200)
    } finally {
      await t.cleanup()
    }
  })

  it('read-aloud syntheses: the per-IP limit holds through forged entries', async () => {
    const t = await testApp({ config: { trustProxy: ['127.0.0.1'], ttsIpLimit: 2 } })
    try {
      const codes: number[] = []
      for (const [i, text] of ['一', '二', '三'].entries()) {
        const res = await t.app.inject({ method: 'POST', url: '/api/v1/tts', headers: { 'x-forwarded-for': `10.9.${i}.1, 198.51.100.9` }, payload: { text } })
        codes.push(res.statusCode)
      }
      expect(codes).toEqual([200, 200, 429])
    } finally {
      await t.cleanup()
    }
  }, 60_000)
})

describe('edges', () => {
  it('a JSON body over the limit is answered 413 BODY_TOO_LARGE, read to its end rather than reset', async () => {
    const t = await testApp()
    await t.app.listen({ port: 0, host: '127.0.0.1' })
    const port = (t.app.server.address() as { port: number }).port
    try {
      const body = Buffer.alloc(8 * 1024 * 1024, 'a')
      const answer = await new Promise<{ status: number; body: string }>((resolve, reject) => {
        const req = request({ host: '127.0.0.1', port, method: 'POST', path: '/api/v1/auth/sms-code', headers: { 'content-type': 'application/json', 'content-length': body.length } }, (res) => {
          let data = ''
          res.on('data', (c: Buffer) => (data += c.toString()))
          res.on('end', () => resolve({ status: res.statusCode ?? 0, body: data }))
        })
        req.on('error', reject)
        req.end(body)
      })
      expect(answer.status).toBe(413)
      expect(JSON.parse(answer.body)).toEqual({ code: 'BODY_TOO_LARGE', message: expect.stringContaining('太大') })
    } finally {
      await t.cleanup()
    }
  })

  it('a 身份证号 in a URL is never logged whole, in the path, a query parameter or percent-encoded', async () => {
    const lines: string[] = []
    const stream = new Writable({
      write(chunk, _enc, cb) {
        lines.push(String(chunk))
        cb()
      }
    })
    const t = await testApp({ logger: { level: 'trace', stream } })
    try {
      const id = '331102198803120025'
      await t.app.inject({ url: `/api/v1/items/${id}?region=331102` })
      await t.app.inject({ url: `/api/v1/search?q=${id}` })
      await t.app.inject({ url: `/api/v1/nothing/${id}?who=${id}` })
      await t.app.inject({ url: `/api/v1/items/%33%33%31%31%30%32198803120025` })
      await t.app.inject({ method: 'POST', url: `/api/v1/applications/${id}/resubmit`, payload: {} })
      const all = lines.join('\n')
      expect(all).toContain('331102********0025')
      expect(all).not.toContain(id)
      expect(all).not.toContain('%33%33%31%31%30%32198803120025')
    } finally {
      await t.cleanup()
    }
  })
})
