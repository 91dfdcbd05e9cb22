import fastifyStatic from '@fastify/static'
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify'
import { existsSync } from 'node:fs'
import { basename, join } from 'node:path'
import { errors } from '../../../domain/errors'
import { sendRepresentation } from '../http/conditional'
import { WebShell } from '../web/shell'
import { isApiPath } from './errors'

/** Build output with a content hash in its name, e.g. js/app.3f9c2a1b.js: safe to cache for a year. */
const HASHED = /[.-][0-9a-f]{8,}\.[a-z0-9]+$/i

/** /staff and the pages under it belong to the staff workbench, not to the citizens' H5 app */
export function isWorkbenchPath(path: string): boolean {
  return path === '/staff' || path.startsWith('/staff/')
}

export function cacheControlFor(filePath: string): string {
  // the build's precompressed copies (app.3f9c2a1b.js.br) are cached like the file they stand for
  const name = basename(filePath).replace(/\.(br|gz)$/, '')
  if (name.endsWith('.html')) return 'no-cache'
  if (HASHED.test(name)) return 'public, max-age=31536000, immutable'
  return 'no-cache'
}

const NOT_BUILT = `<!doctype html>
<html lang="zh-CN"><head><meta charset="utf-8"><title>医保掌上办</title></head>
<body style="font-family:sans-serif;max-width:40em;margin:2em auto;line-height:1.6">
<h1>医保掌上办 BFF 已启动</h1>
<p>H5 应用尚未构建。请在项目目录运行 <code>npm run build:h5</code>（或直接运行 <code>npm start</code>，会自动构建），然后刷新本页。</p>
<p>The H5 app is not built yet: run <code>npm run build:h5</code> (or <code>npm start</code>, which builds it when missing), then reload.
The API is up: see <a href="/docs">/docs</a>.</p>
</body></html>`

/**
 * Serves the H5 app from STATIC_DIR at `/` when it has been built (index.html present): hashed assets are cached
 * for a year (immutable), index.html is revalidated every time (no-cache + ETag), and the `.br`/`.gz` copies the
 * build wrote are sent to clients that accept them (`preCompressed`). Page paths (unknown GET paths outside /api
 * without a file extension) get the web shell when the page has one (home, search, guides: bff/src/web/shell.ts),
 * else index.html. `server/` (the shell's server render and route list) is never served. Without a build, `/` says
 * how to make one. Everything else that no route answers gets 404 NOT_FOUND.
 */
export async function registerStatic(app: FastifyInstance, staticDir: string): Promise<{ served: boolean }> {
  const served = existsSync(join(staticDir, 'index.html'))
  if (served) {
    await app.register(fastifyStatic, {
      root: staticDir,
      prefix: '/',
      cacheControl: false,
      etag: true,
      lastModified: true,
      preCompressed: true,
      // the page routes below answer `/` (index: false), so home gets its shell too
      index: false,
      allowedPath: (path) => !path.startsWith('/server/'),
      setHeaders: (res, path) => {
        void res.setHeader('Cache-Control', cacheControlFor(path))
      }
    })
  } else {
    app.get('/', { schema: { hide: true } }, async (_req, reply) => reply.type('text/html; charset=utf-8').send(NOT_BUILT))
  }

  const shell = served ? WebShell.load(app, staticDir) : null
  if (served) app.log.info({ webShell: shell !== null }, 'H5 app served')
  const sendPage = async (req: FastifyRequest, reply: FastifyReply): Promise<FastifyReply> => {
    const page = req.method === 'GET' && shell ? await shell.page(req.url).catch((err: unknown) => (req.log.warn({ err }, 'web shell failed'), null)) : null
    if (page) return sendRepresentation(req, reply, page, 'no-cache')
    return reply.sendFile('index.html')
  }
  if (served) app.get('/', { schema: { hide: true } }, sendPage)
  const workbench = served && existsSync(join(staticDir, 'staff', 'index.html'))
  const sendWorkbench = async (_req: FastifyRequest, reply: FastifyReply): Promise<FastifyReply> => reply.header('Cache-Control', 'no-cache').sendFile('staff/index.html')
  // the folder itself (the static files would answer 403 for a directory)
  if (workbench) app.get('/staff/', { schema: { hide: true } }, sendWorkbench)

  app.setNotFoundHandler(async (req, reply) => {
    const path = req.url.split('?')[0]
    const isPage = (req.method === 'GET' || req.method === 'HEAD') && !isApiPath(path) && !path.startsWith('/docs')
    if (served && isPage && !basename(path).includes('.')) {
      // the staff workbench is an app of its own (scripts/build-workbench.mjs): its pages get its index.html
      if (workbench && isWorkbenchPath(path)) return sendWorkbench(req, reply)
      return sendPage(req, reply)
    }
    const e = errors.notFound()
    return reply.code(e.status).type('application/json; charset=utf-8').send(e.toBody())
  })
  return { served }
}
