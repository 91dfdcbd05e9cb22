import type { FastifyInstance } from 'fastify'
import { existsSync, readFileSync } from 'node:fs'
import { join } from 'node:path'
import { representation, type Representation } from '../http/representation'

/**
 * The web shell: the H5 app's first screens (home, search results, a guide) sent as HTML that shows the page before
 * any JavaScript runs. The page is rendered by the app's own components on the server (src/shell/render.tsx, built by
 * the H5 build into `server/shell.cjs`) with the answers of the BFF's own routes (in-process, through
 * `app.inject`), placed over the app's mount point, and handed over to the app once it has drawn the same page
 * (src/shared/shell/handoff.ts). With the page come links to its stylesheets and preloads of its scripts
 * (`server/route-assets.json`), so the router's chunks are on their way with the entry.
 *
 * Pages are kept as bytes with a strong ETag and compressed copies (home and guides: they change only with the
 * catalog or a release; search results are rendered per request and not kept). A build without the server bundle,
 * an unknown route or a failed answer gets the plain index.html.
 */

interface RenderModule {
  renderShell(
    route: string,
    params: Record<string, string>,
    call: (req: { method: string; url: string }) => Promise<{ status: number; body: string; headers: Record<string, string> }>
  ): Promise<{ html: string; answers: Record<string, unknown>; title: string } | null>
  SHELL_PAGES: Record<string, unknown>
}

interface RouteAssets {
  entry: { js: string[]; css: string[] }
  routes: Record<string, { js: string[]; css: string[] }>
}

/** kept pages (home and guides per region): bounded by the catalog, but capped anyway */
export const SHELL_CACHE_MAX = 500
/** routes whose pages depend on what the citizen typed: rendered per request, never kept */
const UNCACHED = new Set(['/pages/search/index'])
/** the first of the entry's script links in index.html (src/index.html): the page's stylesheets go before it */
const BOOT_LINK = '<link rel="yb-boot"'

const escapeHtml = (s: string): string => s.replace(/[&<>"]/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;' })[c]!)
/** JSON inside <script type="application/json">: nothing in it may close the element */
const scriptJson = (v: unknown): string => JSON.stringify(v).replace(/</g, '\\u003c').replace(/\u2028/g, '\\u2028').replace(/\u2029/g, '\\u2029')

export class WebShell {
  private readonly cache = new Map<string, Representation>()

  private constructor(
    private readonly app: FastifyInstance,
    private readonly template: string,
    private readonly assets: RouteAssets,
    private readonly render: RenderModule
  ) {}

  /** null when the build has no server render (a build from before, or a mock build) */
  static load(app: FastifyInstance, staticDir: string): WebShell | null {
    const bundle = join(staticDir, 'server', 'shell.cjs')
    const manifest = join(staticDir, 'server', 'route-assets.json')
    const index = join(staticDir, 'index.html')
    if (!existsSync(bundle) || !existsSync(manifest) || !existsSync(index)) return null
    try {
      // a CommonJS bundle the H5 build wrote; loaded at start, after the build
      // eslint-disable-next-line @typescript-eslint/no-var-requires
      const render = require(bundle) as RenderModule
      return new WebShell(app, readFileSync(index, 'utf8'), JSON.parse(readFileSync(manifest, 'utf8')) as RouteAssets, render)
    } catch (err) {
      app.log.warn({ err }, 'the web shell could not be loaded: pages are served without it')
      return null
    }
  }

  /** The page for a GET of `url` (path and query), or null when it has no shell. */
  async page(url: string): Promise<Representation | null> {
    const u = new URL(url, 'http://shell.invalid')
    const route = u.pathname === '/' ? '/pages/home/index' : u.pathname.replace(/\/+$/, '')
    if (!(route in this.render.SHELL_PAGES)) return null
    const params = Object.fromEntries([...u.searchParams.entries()].filter(([k]) => k !== 'stamp').sort(([a], [b]) => a.localeCompare(b)))
    const key = `${route}?${new URLSearchParams(params).toString()}`
    const kept = this.cache.get(key)
    if (kept) return kept
    const out = await this.render.renderShell(route, params, async ({ method, url: apiUrl }) => {
      const res = await this.app.inject({ method: method as 'GET', url: apiUrl, headers: { accept: 'application/json' } })
      return { status: res.statusCode, body: res.body, headers: res.headers as Record<string, string> }
    })
    if (!out) return null
    const rep = representation(this.compose(route, out), 'text/html; charset=utf-8', { quality: UNCACHED.has(route) ? 5 : 11 })
    if (!UNCACHED.has(route)) {
      if (this.cache.size >= SHELL_CACHE_MAX) this.cache.delete(this.cache.keys().next().value!)
      this.cache.set(key, rep)
    }
    return rep
  }

  private compose(route: string, out: { html: string; answers: Record<string, unknown>; title: string }): string {
    const files = this.assets.routes[route] ?? { js: [], css: [] }
    const css = files.css.map((href) => `<link rel="stylesheet" href="${href}">`).join('')
    // fetched when the app starts, with the entry (the boot script of src/index.html)
    const preload = files.js.map((href) => `<link rel="yb-preload" href="${href}">`).join('')
    const html = this.template
      .replace(/<html([^>]*)>/, (_m, attrs: string) => `<html${attrs} class="yb-shell-on">`)
      .replace(/<title>[^<]*<\/title>/, `<title>${escapeHtml(out.title)}</title>`)
      .replace('</head>', `${preload}</head>`)
    // The page's stylesheets go beside the entry's, before the boot script: an inline script waits for the stylesheets
    // above it, so the body is parsed only once all of them are in. Placed after the script, the body could be parsed
    // and DOMContentLoaded fire while the page's own CSS was still on its way, and Chromium lays a page with a form
    // field out at DOMContentLoaded (search results: 13 forced style-and-layout calls there, none from the page's
    // scripts): the whole page was then laid out once without that CSS and again with it, in two long tasks.
    const at = html.indexOf(BOOT_LINK)
    return (at >= 0 ? html.slice(0, at) + css + html.slice(at) : html.replace('</head>', `${css}</head>`))
      .replace(
        /<div id="app"><\/div>/,
        `<div id="app"></div><div id="yb-shell">${out.html}</div><script type="application/json" id="yb-shell-data">${scriptJson(out.answers)}</script>`
      )
  }
}
