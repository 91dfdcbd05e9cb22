import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify'
import helmet, { type HelmetOptions } from 'helmet'
import type { IncomingMessage, ServerResponse } from 'node:http'
import { createHash } from 'node:crypto'
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs'
import { join } from 'node:path'
import { DEMO_ADAPTERS_HEADER } from '../../../contract/common'

/**
 * The edges every response shares (OWASP ASVS 5.0 V3.4, V14.3):
 *  - helmet: a Content-Security-Policy made for the H5 app (scripts from this origin only, plus the inline scripts the
 *    served HTML really contains, by their sha256), frame-ancestors 'none' and X-Frame-Options DENY,
 *    X-Content-Type-Options nosniff, Referrer-Policy no-referrer, Cross-Origin-Opener/Resource-Policy same-origin.
 *    API answers (JSON, files) are never rendered as a page: they get `default-src 'none'` (OWASP REST Security
 *    Cheat Sheet), which is also far fewer header bytes on every catalog answer and 304;
 *  - Strict-Transport-Security only on answers that went out over HTTPS (as the client sees it, through TRUST_PROXY);
 *  - `Cache-Control: no-store` on every answer of a route marked personal (markPersonal below) — set per route, so the
 *    catalog's own caching (ETag, revalidation) is left alone.
 * Every answer pays for one synchronous hook with constant header objects; nothing else here runs on public routes.
 */

declare module 'fastify' {
  interface FastifyContextConfig {
    /** the route's answers carry someone's personal data: never stored by a browser or a proxy */
    personal?: boolean
  }
}

/** sha256 CSP sources of the inline scripts (no src) in the HTML files the app serves, read once at start. */
export function inlineScriptHashes(staticDir: string): string[] {
  const hashes = new Set<string>()
  const visit = (dir: string, depth: number): void => {
    if (depth > 3 || !existsSync(dir)) return
    for (const name of readdirSync(dir)) {
      const path = join(dir, name)
      if (name.endsWith('.html')) {
        const html = readFileSync(path, 'utf8')
        for (const m of html.matchAll(/<script\b([^>]*)>([\s\S]*?)<\/script>/gi)) {
          if (/\bsrc\s*=/i.test(m[1]) || /type\s*=\s*["']?application\/(ld\+)?json/i.test(m[1])) continue
          if (m[2].length === 0) continue
          hashes.add(`'sha256-${createHash('sha256').update(m[2], 'utf8').digest('base64')}'`)
        }
      } else if (depth < 3 && statSync(path).isDirectory() && !name.startsWith('.')) {
        visit(path, depth + 1)
      }
    }
  }
  visit(staticDir, 0)
  return [...hashes].sort()
}

/** The CSP directives of the pages the BFF serves (the H5 app's HTML); API answers get API_CSP. */
export function cspDirectives(scriptHashes: string[]): Record<string, string[]> {
  return {
    'default-src': ["'self'"],
    'script-src': ["'self'", ...scriptHashes],
    'script-src-attr': ["'none'"],
    // React and Taro set element styles through the CSSOM (allowed); Taro's H5 runtime also writes <style> elements
    // for page and component styles at run time, which needs 'unsafe-inline' for styles (not for scripts)
    'style-src': ["'self'", "'unsafe-inline'"],
    // photos chosen for upload are previewed from blob: URLs, QR codes are data: URLs
    'img-src': ["'self'", 'data:', 'blob:'],
    'font-src': ["'self'", 'data:'],
    'media-src': ["'self'", 'blob:', 'data:'],
    'connect-src': ["'self'"],
    'worker-src': ["'self'", 'blob:'],
    'manifest-src': ["'self'"],
    'object-src': ["'none'"],
    'base-uri': ["'self'"],
    'form-action': ["'self'"],
    'frame-ancestors': ["'none'"]
  }
}

/** API answers are data, never a page: nothing may load from them and nothing may frame them. */
export const API_CSP: Record<string, string[]> = { 'default-src': ["'none'"], 'frame-ancestors': ["'none'"] }

/**
 * The headers helmet sets for these options, worked out once: with no nonces every answer gets the same set, so the
 * per-request cost is one `reply.headers()` instead of helmet's middleware chain (about a tenth of the catalog
 * route's time when it ran per request).
 */
export function helmetHeaders(options: Readonly<HelmetOptions>): Readonly<Record<string, string>> {
  const headers: Record<string, string> = {}
  const res = {
    setHeader: (name: string, value: string | number | readonly string[]) => void (headers[name.toLowerCase()] = String(value)),
    removeHeader: (name: string) => void delete headers[name.toLowerCase()]
  }
  helmet(options)({} as IncomingMessage, res as unknown as ServerResponse, (err?: unknown) => {
    if (err) throw err
  })
  return Object.freeze(headers)
}

export async function registerSecurityHeaders(
  app: FastifyInstance,
  opts: { staticDir: string; demoAdapters: string[] }
): Promise<{ scriptHashes: string[] }> {
  const scriptHashes = inlineScriptHashes(opts.staticDir)
  const shared: HelmetOptions = {
    // HTTPS only, below: a Strict-Transport-Security header on plain HTTP is ignored at best, and misleading
    strictTransportSecurity: false,
    xFrameOptions: { action: 'deny' },
    referrerPolicy: { policy: 'no-referrer' },
    crossOriginEmbedderPolicy: false,
    crossOriginResourcePolicy: { policy: 'same-origin' },
    crossOriginOpenerPolicy: { policy: 'same-origin' }
  }
  const pageHeaders = helmetHeaders({ ...shared, contentSecurityPolicy: { useDefaults: false, directives: cspDirectives(scriptHashes) } })
  const apiHeaders = helmetHeaders({ ...shared, contentSecurityPolicy: { useDefaults: false, directives: API_CSP } })
  // the demonstration warning goes on every answer: it joins the constant headers, worked out once
  const demo = opts.demoAdapters.length ? { [DEMO_ADAPTERS_HEADER]: opts.demoAdapters.join(', ') } : {}
  const api = Object.freeze({ ...apiHeaders, ...demo })
  const page = Object.freeze({ ...pageHeaders, ...demo })
  // One synchronous onRequest hook and no onSend hook for every answer: the scheme is known when the request arrives,
  // so HSTS is decided here too, and no-store is an onSend hook of the personal routes only (markPersonal), so public
  // catalog answers and their 304s pay for neither.
  app.addHook('onRequest', (req, reply, done) => {
    void reply.headers(req.url.startsWith('/api/') ? api : page)
    if (req.protocol === 'https') void reply.header('strict-transport-security', HSTS)
    done()
  })
  return { scriptHashes }
}

const HSTS = 'max-age=31536000; includeSubDomains'

/** onSend of a personal route: `no-store`, unless the route said no-store itself (e-voucher codes) */
function noStore(_req: FastifyRequest, reply: FastifyReply, payload: unknown, done: (err: null, payload: unknown) => void): void {
  if (!/\bno-store\b/.test(String(reply.getHeader('cache-control') ?? ''))) void reply.header('cache-control', 'private, no-store')
  done(null, payload)
}

/**
 * Marks every route registered after it in this plugin (encapsulated) as personal: answered with `no-store`, refusals
 * included (the route's own onSend hook runs for every answer it gives). Call it first thing in a route plugin about
 * someone's data; a route that is not (a public aggregate) sets `config: { personal: false }` itself.
 */
export function markPersonal(app: FastifyInstance): void {
  app.addHook('onRoute', (route) => {
    const personal = route.config?.personal ?? true
    route.config = { ...(route.config ?? {}), personal }
    if (personal) route.onSend = [...toArray(route.onSend), noStore]
  })
}

/** a route option that may hold one hook or several, as a list */
export function toArray<T>(hooks: T | T[] | undefined): T[] {
  return hooks === undefined ? [] : Array.isArray(hooks) ? hooks : [hooks]
}

const LOOPBACK = /^(127\.\d{1,3}\.\d{1,3}\.\d{1,3}|::1|::ffff:127\.\d{1,3}\.\d{1,3}\.\d{1,3})$/
const FORWARDING_HEADERS = ['x-forwarded-for', 'forwarded', 'x-real-ip', 'x-forwarded-host']

/**
 * A caller on this machine itself: the socket's peer is a loopback address, the client IP (after TRUST_PROXY) too, and
 * nothing forwarded the request — a reverse proxy on the same host forwards strangers from loopback, with these headers.
 */
export function isLoopbackRequest(req: FastifyRequest): boolean {
  const peer = req.socket.remoteAddress ?? ''
  if (!LOOPBACK.test(peer) || !LOOPBACK.test(req.ip)) return false
  return FORWARDING_HEADERS.every((h) => req.headers[h] === undefined)
}

/** onRequest hook: development helpers answer only callers on this machine; others get 404 as if absent. */
export async function loopbackOnly(req: FastifyRequest, reply: FastifyReply): Promise<void> {
  if (!isLoopbackRequest(req)) {
    await reply.code(404).type('application/json; charset=utf-8').send({ code: 'NOT_FOUND', message: '未找到请求的内容，请检查网址是否正确' })
  }
}
