import path from 'node:path'
import CompressionPlugin from 'compression-webpack-plugin'
import { build, type Plugin as EsbuildPlugin } from 'esbuild'
import { constants } from 'node:zlib'
import type { Compiler } from 'webpack'

/**
 * What the H5 build adds for serving the app fast (the BFF's web shell, bff/src/web; static files, bff/src/plugins/static.ts):
 *  - `server/route-assets.json`: the JS and CSS files of the entry and of each page's chunk group, so the shell can
 *    link a page's stylesheets and preload its scripts (no waterfall behind the router);
 *  - `server/shell.cjs`: the server render of the first screens (src/shell/render.tsx), bundled for Node;
 *  - `.br` and `.gz` next to every text asset, made once here at the highest settings and served by @fastify/static
 *    (`preCompressed`) instead of compressing per request.
 * `server/` is never served to browsers.
 */
export const SERVER_DIR = 'server'
export const ROUTE_ASSETS = `${SERVER_DIR}/route-assets.json`
export const SHELL_BUNDLE = `${SERVER_DIR}/shell.cjs`

export interface RouteAssets {
  entry: { js: string[]; css: string[] }
  /** `/pages/home/index` → the files of its chunk group (without the entry's) */
  routes: Record<string, { js: string[]; css: string[] }>
}

const split = (files: Iterable<string>): { js: string[]; css: string[] } => {
  const all = [...files].filter((f) => !f.endsWith('.map') && !f.endsWith('.txt'))
  return { js: all.filter((f) => f.endsWith('.js')).map((f) => `/${f}`), css: all.filter((f) => f.endsWith('.css')).map((f) => `/${f}`) }
}

/** Writes ROUTE_ASSETS: pages are the `import()` chunk groups Taro's H5 router makes from app.config.ts. */
class RouteAssetsPlugin {
  apply(compiler: Compiler): void {
    const { Compilation, sources } = compiler.webpack
    compiler.hooks.thisCompilation.tap('RouteAssetsPlugin', (compilation) => {
      compilation.hooks.processAssets.tap({ name: 'RouteAssetsPlugin', stage: Compilation.PROCESS_ASSETS_STAGE_SUMMARIZE }, () => {
        const entry = compilation.entrypoints.get('app')
        const out: RouteAssets = { entry: split(entry?.getFiles() ?? []), routes: {} }
        for (const group of compilation.chunkGroups) {
          if (group.isInitial()) continue
          for (const origin of group.origins) {
            const from = (origin.module as { resource?: string } | null)?.resource ?? ''
            if (!/app\.config\.[jt]s$/.test(from) || !origin.request) continue
            out.routes[origin.request.replace(/^\.\//, '/')] = split(group.getFiles())
          }
        }
        compilation.emitAsset(ROUTE_ASSETS, new sources.RawSource(JSON.stringify(out, null, 2)))
      })
    })
  }
}

/** esbuild: the two Taro packages the server render replaces (exact names; subpaths stay the real ones). */
const serverTaro = (root: string): EsbuildPlugin => ({
  name: 'taro-server',
  setup(b) {
    b.onResolve({ filter: /^@tarojs\/components$/ }, () => ({ path: path.join(root, 'src/shell/components-server.ts') }))
    b.onResolve({ filter: /^@tarojs\/taro$/ }, () => ({ path: path.join(root, 'src/shell/taro-server.ts') }))
  }
})

/** Bundles src/shell/render.tsx for Node after webpack has written the app (~1 s). */
class ShellBundlePlugin {
  constructor(private readonly root: string) {}

  apply(compiler: Compiler): void {
    compiler.hooks.afterEmit.tapPromise('ShellBundlePlugin', async (compilation) => {
      await build({
        entryPoints: [path.join(this.root, 'src/shell/render.tsx')],
        outfile: path.join(compilation.outputOptions.path ?? '', SHELL_BUNDLE),
        bundle: true,
        platform: 'node',
        format: 'cjs',
        target: 'node20',
        jsx: 'automatic',
        logLevel: 'warning',
        tsconfig: path.join(this.root, 'tsconfig.json'),
        plugins: [serverTaro(this.root)],
        loader: { '.scss': 'empty', '.css': 'empty' },
        define: {
          'process.env.TARO_ENV': '"h5"',
          'process.env.TARO_APP_API_BASE': '""',
          'process.env.TARO_APP_MOCK': '""',
          'process.env.NODE_ENV': '"production"'
        },
        // page configs call Taro's build-time macro
        banner: { js: 'globalThis.definePageConfig = (c) => c;' }
      })
    })
  }
}

const TEXT_ASSET = /\.(js|css|html|svg|json|txt)$/

type PluginClass = new (...args: never[]) => { apply(compiler: Compiler): void }

/** The plugins of a release H5 build (not the msw mock build), as webpack-chain takes them: class and arguments. */
export function h5WebPlugins(root: string): Array<[PluginClass, unknown[]]> {
  const compressed = { test: TEXT_ASSET, exclude: /^server\//, threshold: 1024, minRatio: 0.9 }
  return [
    [RouteAssetsPlugin, []],
    [ShellBundlePlugin as PluginClass, [root]],
    [
      CompressionPlugin as unknown as PluginClass,
      [{ ...compressed, algorithm: 'brotliCompress', filename: '[path][base].br', compressionOptions: { params: { [constants.BROTLI_PARAM_QUALITY]: 11 } } }]
    ],
    [CompressionPlugin as unknown as PluginClass, [{ ...compressed, algorithm: 'gzip', filename: '[path][base].gz', compressionOptions: { level: 9 } }]]
  ]
}
