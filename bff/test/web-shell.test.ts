import { mkdirSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import type { FastifyInstance } from 'fastify'
import { get, tempDir, testApp } from './helpers'

/**
 * The web shell's page (bff/src/web/shell.ts) around a stand-in server render: where the page's stylesheets and
 * script preloads go in the build's index.html. The real render is covered by e2e/web-shell.e2e.ts.
 */
describe('the web shell page', () => {
  let app: FastifyInstance
  let cleanup: () => Promise<void>
  // the shape of src/index.html as built: the entry's stylesheet, its script links, the boot script, the shell's styles
  const INDEX =
    '<!doctype html><html lang="zh-CN"><head><title>医保掌上办</title><script>first()</script>' +
    '<link href="/css/app.1.css" rel="stylesheet"><link rel="yb-boot" href="/js/app.1.js"><script>boot()</script>' +
    '<style>#yb-shell{}</style></head><body><div id="app"></div></body></html>'
  const RENDER = `module.exports = {
    SHELL_PAGES: { '/pages/home/index': {} },
    renderShell: async () => ({ html: '<div class="home">首页</div>', answers: { k: 1 }, title: '医保掌上办' })
  }`
  const ASSETS = { entry: { js: ['/js/app.1.js'], css: ['/css/app.1.css'] }, routes: { '/pages/home/index': { js: ['/js/home.2.js'], css: ['/css/home.2.css'] } } }

  beforeAll(async () => {
    const staticDir = tempDir('yb-shell-')
    mkdirSync(join(staticDir, 'server'))
    writeFileSync(join(staticDir, 'index.html'), INDEX)
    writeFileSync(join(staticDir, 'server', 'shell.cjs'), RENDER)
    writeFileSync(join(staticDir, 'server', 'route-assets.json'), JSON.stringify(ASSETS))
    ;({ app, cleanup } = await testApp({ staticDir }))
  })
  afterAll(async () => cleanup())

  it('puts the page\'s stylesheets before the boot script, so the body is parsed with all of its CSS in', async () => {
    const res = await get(app, '/')
    expect(res.statusCode).toBe(200)
    const html = res.body
    expect(html).toContain('<div id="yb-shell"><div class="home">首页</div></div>')
    const at = (s: string): number => {
      const i = html.indexOf(s)
      expect(i).toBeGreaterThanOrEqual(0)
      return i
    }
    // entry CSS, then the page's CSS, then the entry's script links and the boot script that waits for both
    expect(at('/css/app.1.css')).toBeLessThan(at('<link rel="stylesheet" href="/css/home.2.css">'))
    expect(at('/css/home.2.css')).toBeLessThan(at('<link rel="yb-boot"'))
    expect(at('/css/home.2.css')).toBeLessThan(at('<script>boot()</script>'))
    // the page's scripts are fetched when the app starts, listed for the boot script
    expect(at('<link rel="yb-preload" href="/js/home.2.js">')).toBeLessThan(at('</head>'))
    expect(html.match(/home\.2\.css/g)).toHaveLength(1)
  })
})
