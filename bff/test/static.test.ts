import { mkdirSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { brotliCompressSync, brotliDecompressSync } from 'node:zlib'
import type { FastifyInstance } from 'fastify'
import { cacheControlFor } from '../src/plugins/static'
import { get, tempDir, testApp } from './helpers'

describe('serving the H5 build', () => {
  let app: FastifyInstance
  let cleanup: () => Promise<void>
  const INDEX = '<!doctype html><html><body><div id="app">医保掌上办</div></body></html>'
  const STAFF_INDEX = '<!doctype html><html><body><div id="root">医保经办工作台</div></body></html>'
  beforeAll(async () => {
    const staticDir = tempDir('yb-h5-')
    mkdirSync(join(staticDir, 'js'))
    writeFileSync(join(staticDir, 'index.html'), INDEX)
    writeFileSync(join(staticDir, 'js', 'app.3f9c2a1b.js'), 'console.log(1)')
    writeFileSync(join(staticDir, 'js', 'app.3f9c2a1b.js.br'), brotliCompressSync('console.log(1)'))
    writeFileSync(join(staticDir, 'favicon.ico'), 'ico')
    mkdirSync(join(staticDir, 'staff', 'assets'), { recursive: true })
    writeFileSync(join(staticDir, 'staff', 'index.html'), STAFF_INDEX)
    writeFileSync(join(staticDir, 'staff', 'assets', 'main.7ec5d702ab.js'), 'console.log(2)')
    ;({ app, cleanup } = await testApp({ staticDir }))
    expect(app.staticServed).toBe(true)
  })
  afterAll(async () => cleanup())

  it('serves index.html at / without caching it', async () => {
    const res = await get(app, '/')
    expect(res.statusCode).toBe(200)
    expect(res.headers['content-type']).toMatch(/text\/html/)
    expect(res.headers['cache-control']).toBe('no-cache')
    expect(res.body).toBe(INDEX)
  })

  it('caches hashed assets for a year, other files not', async () => {
    const js = await get(app, '/js/app.3f9c2a1b.js')
    expect(js.statusCode).toBe(200)
    expect(js.headers['cache-control']).toBe('public, max-age=31536000, immutable')
    const ico = await get(app, '/favicon.ico')
    expect(ico.statusCode).toBe(200)
    expect(ico.headers['cache-control']).toBe('no-cache')
  })

  it('sends the build\'s brotli copy to clients that accept it, cached like the file', async () => {
    const br = await app.inject({ method: 'GET', url: '/js/app.3f9c2a1b.js', headers: { 'accept-encoding': 'gzip, br' } })
    expect(br.headers['content-encoding']).toBe('br')
    expect(br.headers['cache-control']).toBe('public, max-age=31536000, immutable')
    expect(brotliDecompressSync(br.rawPayload).toString()).toBe('console.log(1)')
    expect(cacheControlFor('/x/js/app.3f9c2a1b.js.gz')).toBe('public, max-age=31536000, immutable')
    expect(cacheControlFor('/x/index.html.br')).toBe('no-cache')
  })

  it('never serves the build\'s server folder', async () => {
    mkdirSync(join(app.config.staticDir, 'server'), { recursive: true })
    writeFileSync(join(app.config.staticDir, 'server', 'shell.cjs'), 'module.exports = {}')
    expect((await get(app, '/server/shell.cjs')).statusCode).toBe(404)
  })

  it('answers client-side routes with index.html', async () => {
    for (const url of ['/pages/item/index?id=offsite-care-filing', '/search', '/pages/region/index']) {
      const res = await get(app, url)
      expect(res.statusCode).toBe(200)
      expect(res.body).toBe(INDEX)
      expect(res.headers['cache-control']).toBe('no-cache')
    }
  })

  it('answers the staff workbench’s pages with its own index.html, and caches its hashed bundle', async () => {
    for (const url of ['/staff', '/staff/', '/staff/cases/abc']) {
      const res = await get(app, url)
      expect({ url, status: res.statusCode, body: res.body, cache: res.headers['cache-control'] }).toEqual({ url, status: 200, body: STAFF_INDEX, cache: 'no-cache' })
    }
    const js = await get(app, '/staff/assets/main.7ec5d702ab.js')
    expect(js.headers['cache-control']).toBe('public, max-age=31536000, immutable')
    expect((await get(app, '/staffing')).body).toBe(INDEX)
  })

  it('does not answer missing files or /api paths with index.html', async () => {
    const missing = await get(app, '/js/app.00000000.js')
    expect(missing.statusCode).toBe(404)
    expect(missing.json()).toMatchObject({ code: 'NOT_FOUND' })
    const api = await get(app, '/api/v1/unknown')
    expect(api.statusCode).toBe(404)
    expect(api.json()).toMatchObject({ code: 'NOT_FOUND' })
    expect((await app.inject({ method: 'POST', url: '/pages/x' })).statusCode).toBe(404)
  })

  it('still answers the API and /healthz', async () => {
    expect((await get(app, '/healthz')).json()).toEqual({ status: 'ok' })
    expect((await get(app, '/api/v1/regions')).statusCode).toBe(200)
  })

  it('classifies files for caching', () => {
    expect(cacheControlFor('/x/index.html')).toBe('no-cache')
    expect(cacheControlFor('/x/css/app.a1b2c3d4.css')).toBe('public, max-age=31536000, immutable')
    expect(cacheControlFor('/x/static/images/logo.0123456789abcdef.png')).toBe('public, max-age=31536000, immutable')
    expect(cacheControlFor('/x/js/app.js')).toBe('no-cache')
    expect(cacheControlFor('/x/manifest.json')).toBe('no-cache')
  })
})

describe('without an H5 build', () => {
  it('says at / how to build it, and answers other pages with 404', async () => {
    const { app, cleanup } = await testApp()
    try {
      expect(app.staticServed).toBe(false)
      const res = await get(app, '/')
      expect(res.statusCode).toBe(200)
      expect(res.headers['content-type']).toMatch(/text\/html/)
      expect(res.body).toContain('npm run build:h5')
      expect(res.body).toContain('H5 应用尚未构建')
      expect((await get(app, '/pages/item/index')).statusCode).toBe(404)
    } finally {
      await cleanup()
    }
  })
})
