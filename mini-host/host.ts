import { readFileSync, statSync } from 'node:fs'
import { posix, resolve } from 'node:path'
import vm from 'node:vm'
import { Device } from './device'
import { createMy } from './platform/alipay'
import { type ApiEnv, type Realm } from './platform/shared'
import { createWx } from './platform/weapp'
import { loadTemplates, type Templates, type WxNode } from './templates'
import { build, countNodes, datasetOf, describe, isEl, isHidden, norm, textOf, walk, type El, type Owner } from './tree'
import type { Platform, SetDataRecord } from './types'

/**
 * A headless mini-program host: it runs the BUILT package (dist/weapp or dist/alipay) the way the platform does.
 *  - Logic layer: every JS file of the package is a module in one JavaScript context per launch, wrapped like the
 *    platform wraps it (`require` relative to the file; the browser globals shadowed); only ECMAScript built-ins,
 *    timers, console and the platform's globals exist (`App`, `Page`, `Component`, `getApp`, `getCurrentPages`,
 *    `wx` or `my`) — no `window`, `document`, `fetch`, `URL`, `TextEncoder`.
 *  - Packages: app.json decides the pages; a subpackage's files exist once the package is loaded (on opening one of
 *    its pages, or through preloadRule after a page is shown); a module may require only the main package and its
 *    own subpackage, as on the platform.
 *  - View layer: setData payloads are applied by path (`root.cn.[0].v`) to the view's copy of the data (a JSON
 *    copy — what crosses the bridge), and the page is rendered through the build's own templates (templates.ts);
 *    custom components (Taro's `comp`) are expanded into their own templates with their own instances.
 *  - Events are delivered as the platform does: touchstart, touchend, tap to the innermost element under the finger,
 *    bubbling through every ancestor that binds them (stopping at catch*), each calling the method named in the
 *    template on the instance that owns that element; input/blur/change on the control itself.
 *  - Every uncaught error, console.error, unhandled rejection and template-runtime warning is kept in `errors`.
 */
export interface HostOptions {
  platform: Platform
  /** the build folder; default dist/<platform> */
  root?: string
  device?: Device
  /** the BFF the app talks to; requests to the build's API base (TARO_APP_API_BASE) go here */
  apiBase?: string
  /** the API base the build was made with (default http://127.0.0.1:3000, config/index.ts) */
  buildApiBase?: string
}

interface AppJson {
  pages: string[]
  subPackages?: Array<{ root: string; name?: string; pages: string[] }>
  preloadRule?: Record<string, { network?: string; packages: string[] }>
}

type Fn = (...args: unknown[]) => unknown
type Config = Record<string, unknown>

const BROWSER_GLOBALS = ['window', 'document', 'frames', 'self', 'location', 'localStorage', 'history', 'Caches', 'screen', 'alert', 'confirm', 'prompt', 'XMLHttpRequest', 'WebSocket', 'webkit', 'WeixinJSCore']
const scripts = new Map<string, { mtime: number; script: vm.Script }>()

export interface PageInstance extends Owner {
  route: string
  query: Record<string, string>
  instance: Config
  tree: El | null
  title: string
  scrollTop: number
}

/** One launch of the app: its JavaScript context, its page stack. Killed = dropped whole. */
class Launch {
  alive = true
  readonly ctx: vm.Context
  readonly timers = new Set<NodeJS.Timeout>()
  readonly modules = new Map<string, { exports: unknown }>()
  readonly pageDefs = new Map<string, Config>()
  readonly componentDefs = new Map<string, Config>()
  readonly evaluating: string[] = []
  readonly stack: PageInstance[] = []
  readonly loaded = new Set<string>(['__main__'])
  app: Config | null = null
  global: Record<string, unknown> = {}
  api: Record<string, unknown> = {}
  realm!: Realm

  constructor(readonly host: MiniHost) {
    this.ctx = vm.createContext({})
  }
}

export class MiniHost {
  readonly platform: Platform
  readonly root: string
  readonly device: Device
  readonly appJson: AppJson
  readonly templates: Templates
  readonly apiBase: string | undefined
  readonly buildApiBase: string
  readonly errors: string[] = []
  readonly setDataLog: SetDataRecord[] = []
  /** the largest node count each route rendered */
  readonly nodes = new Map<string, number>()
  /** subpackages loaded (by name or root), in order, and how: open / preload */
  readonly packageLoads: Array<{ pkg: string; how: 'open' | 'preload' }> = []
  readonly inflight = { now: 0, max: 0 }
  /** the time the last launch took to render its first page */
  firstRenderMs = 0
  /** when each render pass that applied setData payloads ended (the view showing them) */
  readonly dataRenderedAt: number[] = []
  private dataPending = false
  private launch: Launch | null = null
  private renderQueued = false
  private renderWaiters: Array<() => void> = []
  private readonly onRejection = (reason: unknown): void => {
    if (this.launch) this.errors.push(`unhandled rejection: ${errText(reason)}`)
  }

  constructor(opts: HostOptions) {
    this.platform = opts.platform
    this.root = opts.root ?? resolve(__dirname, '..', 'dist', opts.platform)
    this.device = opts.device ?? new Device(opts.platform)
    this.apiBase = opts.apiBase?.replace(/\/$/, '')
    this.buildApiBase = (opts.buildApiBase ?? 'http://127.0.0.1:3000').replace(/\/$/, '')
    this.appJson = JSON.parse(readFileSync(`${this.root}/app.json`, 'utf8')) as AppJson
    this.templates = loadTemplates(this.root, opts.platform)
  }

  // ---------------------------------------------------------------- app lifecycle

  /** Starts the app (App.onLaunch/onShow) and opens `url` (default: the first page of app.json). */
  async start(url = `/${this.appJson.pages[0]}`): Promise<void> {
    if (this.launch) throw new Error('the app is running: kill() it first')
    const t0 = Date.now()
    const l = new Launch(this)
    this.launch = l
    // an app's forgotten rejection (under jest, the test runner's own handler fails the test instead)
    process.on('unhandledRejection', this.onRejection)
    this.setupGlobals(l)
    this.require(l, '', 'app.js')
    if (!l.app) throw new Error('app.js did not call App()')
    const { route, query } = this.parseUrl(url, '')
    const opts = l.realm.json({ path: route, query, scene: 1001, referrerInfo: {} })
    this.callHook(l, l.app, 'onLaunch', opts)
    this.callHook(l, l.app, 'onShow', opts)
    await this.openPage(l, route, query)
    this.firstRenderMs = Date.now() - t0
  }

  /** The phone kills the app: no onHide, no onUnload; timers stop, answers still on the way are dropped. */
  kill(): void {
    const l = this.launch
    if (!l) return
    l.alive = false
    for (const t of l.timers) clearTimeout(t)
    l.timers.clear()
    this.launch = null
    this.renderWaiters.splice(0).forEach((w) => w())
    process.off('unhandledRejection', this.onRejection)
  }

  /** the package files (JS modules) the running launch has evaluated, in the order it required them */
  modulesEvaluated(): string[] {
    return [...(this.launch?.modules.keys() ?? [])]
  }

  async restart(url?: string): Promise<void> {
    this.kill()
    await this.start(url)
  }

  /** Ends the host and removes the device's files. */
  dispose(): void {
    this.kill()
    this.device.dispose()
  }

  // ---------------------------------------------------------------- the JavaScript context

  private setupGlobals(l: Launch): void {
    const ctx = l.ctx
    const g = vm.runInContext('this', ctx) as Record<string, unknown>
    const ctxJSON = vm.runInContext('JSON', ctx) as JSON
    const CtxArrayBuffer = vm.runInContext('ArrayBuffer', ctx) as ArrayBufferConstructor
    const CtxUint8 = vm.runInContext('Uint8Array', ctx) as Uint8ArrayConstructor
    const CtxClamped = vm.runInContext('Uint8ClampedArray', ctx) as Uint8ClampedArrayConstructor
    l.realm = {
      // plain data rebuilt in the app's realm; ArrayBuffers (already the app's) pass through as they are
      json: <T>(v: T): T => {
        if (v === undefined) return v
        const buffers: unknown[] = []
        const text = JSON.stringify(v, (_k, x: unknown) => {
          if (Object.prototype.toString.call(x) !== '[object ArrayBuffer]') return x
          buffers.push(x)
          return { __ybBuffer: buffers.length - 1 }
        })
        return ctxJSON.parse(text, (_k, x: unknown) =>
          x && typeof x === 'object' && typeof (x as { __ybBuffer?: unknown }).__ybBuffer === 'number' ? buffers[(x as { __ybBuffer: number }).__ybBuffer] : x
        ) as T
      },
      arrayBuffer: (bytes: Buffer) => {
        const ab = new CtxArrayBuffer(bytes.length)
        new CtxUint8(ab).set(bytes)
        return ab
      },
      pixels: (rgba: Uint8ClampedArray) => {
        const out = new CtxClamped(rgba.length)
        out.set(rgba)
        return out
      },
      bytesOf: (data: unknown) => {
        const tag = Object.prototype.toString.call(data)
        if (tag === '[object ArrayBuffer]') return Buffer.from(new Uint8Array(data as ArrayBuffer))
        if (ArrayBuffer.isView(data)) return Buffer.from((data as Uint8Array).buffer, (data as Uint8Array).byteOffset, (data as Uint8Array).byteLength)
        if (/^\[object (Uint8|Int8|Uint16|Int16|Uint32|Int32|Float32|Float64)Array\]$/.test(tag)) {
          const v = data as Uint8Array
          return Buffer.from(new Uint8Array(v.buffer, v.byteOffset, v.byteLength))
        }
        return null
      }
    }
    const later = (fn: () => void, ms = 0): void => void this.timer(l, fn, ms, false)
    const env: ApiEnv = {
      device: this.device,
      realm: l.realm,
      route: () => l.stack[l.stack.length - 1]?.route ?? '',
      later,
      inflight: this.inflight,
      resolveUrl: (url) => (this.apiBase && url.startsWith(this.buildApiBase) ? this.apiBase + url.slice(this.buildApiBase.length) : url),
      setTitle: (title) => {
        const top = l.stack[l.stack.length - 1]
        if (top) top.title = title
      },
      scrollTo: (top) => {
        const page = l.stack[l.stack.length - 1]
        if (page) page.scrollTop = top
      },
      nav: {
        navigateTo: (url) => this.navigate(l, 'navigateTo', url).catch((e: Error) => this.navFailed(e)),
        redirectTo: (url) => this.navigate(l, 'redirectTo', url).catch((e: Error) => this.navFailed(e)),
        reLaunch: (url) => this.navigate(l, 'reLaunch', url).catch((e: Error) => this.navFailed(e)),
        navigateBack: (delta) => this.back(l, delta)
      }
    }
    l.api = this.platform === 'weapp' ? createWx(env) : createMy(env)
    const record = (level: 'error' | 'warn' | 'log') => (...args: unknown[]) => {
      if (level === 'error' && l.alive) this.errors.push(`console.error: ${args.map(errText).join(' ')}`)
      if (level === 'error' && process.env.MINI_HOST_DEBUG) console.error('[app]', ...args)
      if (level !== 'error' && process.env.MINI_HOST_DEBUG) console.log(`[app ${level}]`, ...args)
    }
    const globals: Record<string, unknown> = {
      console: { log: record('log'), info: record('log'), debug: record('log'), warn: record('warn'), error: record('error'), time: () => undefined, timeEnd: () => undefined, group: () => undefined, groupEnd: () => undefined },
      setTimeout: (fn: Fn, ms?: number, ...args: unknown[]) => this.timer(l, () => fn(...args), Number(ms) || 0, false),
      setInterval: (fn: Fn, ms?: number, ...args: unknown[]) => this.timer(l, () => fn(...args), Number(ms) || 0, true),
      clearTimeout: (t: NodeJS.Timeout | undefined) => this.clearTimer(l, t),
      clearInterval: (t: NodeJS.Timeout | undefined) => this.clearTimer(l, t),
      App: (config: Config) => {
        l.app = config
      },
      Page: (config: Config) => {
        const file = l.evaluating[l.evaluating.length - 1] ?? ''
        l.pageDefs.set(file.replace(/\.js$/, ''), config)
      },
      Component: (config: Config) => {
        const file = l.evaluating[l.evaluating.length - 1] ?? ''
        l.componentDefs.set(file.replace(/\.js$/, ''), config)
      },
      Behavior: (config: Config) => config,
      getApp: () => l.app,
      getCurrentPages: () => l.stack.map((p) => p.instance)
    }
    if (this.platform === 'weapp') globals.wx = l.api
    else {
      globals.my = l.api
      // Alipay's logic layer has a navigator (Taro's Alipay runtime reads navigator.swuserAgent)
      globals.navigator = { swuserAgent: 'Mozilla/5.0 (iPhone; CPU iPhone OS 17_0 like Mac OS X) AlipayClient/10.5.0', userAgent: '' }
    }
    Object.assign(g, globals)
    l.global = g
  }

  private timer(l: Launch, fn: () => void, ms: number, repeat: boolean): NodeJS.Timeout {
    const run = (): void => {
      if (!l.alive) return
      if (!repeat) l.timers.delete(t)
      try {
        fn()
      } catch (e) {
        this.errors.push(`uncaught error: ${errText(e)}`)
      }
    }
    const t = repeat ? setInterval(run, ms) : setTimeout(run, ms)
    l.timers.add(t)
    return t
  }

  private clearTimer(l: Launch, t: NodeJS.Timeout | undefined): void {
    if (!t) return
    clearTimeout(t)
    l.timers.delete(t)
  }

  /** the subpackage a file belongs to (its root), or '__main__' */
  packageOf(file: string): string {
    for (const p of this.appJson.subPackages ?? []) if (file.startsWith(`${p.root}/`)) return p.root
    return '__main__'
  }

  /** `require` of the platform: relative to the requiring file, `.js` optional, within the package rules. */
  private require(l: Launch, from: string, request: string): unknown {
    let file = request.startsWith('/') ? request.slice(1) : posix.normalize(posix.join(posix.dirname(from), request))
    if (!file.endsWith('.js')) file += '.js'
    const cached = l.modules.get(file)
    if (cached) return cached.exports
    const pkg = this.packageOf(file)
    const fromPkg = from ? this.packageOf(from) : '__main__'
    // the platform itself (from = '') loads pages and components of any loaded package
    if (from && pkg !== '__main__' && pkg !== fromPkg) throw new Error(`module "${file}" is not defined: ${from || 'app'} (package ${fromPkg}) cannot require a file of subpackage ${pkg}`)
    if (!l.loaded.has(pkg)) throw new Error(`module "${file}" is not defined: subpackage ${pkg} is not loaded`)
    const abs = `${this.root}/${file}`
    let st
    try {
      st = statSync(abs)
    } catch {
      throw new Error(`module "${file}" is not defined (required from ${from || 'app'})`)
    }
    let entry = scripts.get(abs)
    if (!entry || entry.mtime !== st.mtimeMs) {
      const code = readFileSync(abs, 'utf8')
      const script = new vm.Script(`(function (define, require, module, exports, ${BROWSER_GLOBALS.join(', ')}) {${code}\n})`, { filename: abs })
      entry = { mtime: st.mtimeMs, script }
      scripts.set(abs, entry)
    }
    const module = { exports: vm.runInContext('({})', l.ctx) as unknown }
    l.modules.set(file, module)
    const fn = entry.script.runInContext(l.ctx) as Fn
    l.evaluating.push(file)
    try {
      fn.call(module.exports, undefined, (req: string) => this.require(l, file, req), module, module.exports)
    } finally {
      l.evaluating.pop()
    }
    return module.exports
  }

  private callHook(l: Launch, target: Config | null | undefined, name: string, ...args: unknown[]): unknown {
    const fn = target?.[name]
    if (typeof fn !== 'function' || !l.alive) return undefined
    try {
      return (fn as Fn).apply(target, args)
    } catch (e) {
      this.errors.push(`uncaught error in ${name}: ${errText(e)}`)
      return undefined
    }
  }

  // ---------------------------------------------------------------- pages

  routes(): string[] {
    return [...this.appJson.pages, ...(this.appJson.subPackages ?? []).flatMap((p) => p.pages.map((x) => `${p.root}/${x}`))]
  }

  parseUrl(url: string, from: string): { route: string; query: Record<string, string> } {
    const [path, qs = ''] = url.split('?')
    let route = path.startsWith('/') ? path.slice(1) : posix.normalize(posix.join(posix.dirname(from), path))
    route = route.replace(/\.html$/, '')
    if (!this.routes().includes(route)) throw new Error(`page "${route}" is not found`)
    const query: Record<string, string> = {}
    // the platform hands the query over as written: values are not decoded
    for (const part of qs.split('&').filter(Boolean)) {
      const i = part.indexOf('=')
      query[i < 0 ? part : part.slice(0, i)] = i < 0 ? '' : part.slice(i + 1)
    }
    return { route, query }
  }

  private loadPackage(l: Launch, route: string, how: 'open' | 'preload'): void {
    const pkg = this.packageOf(`${route}.js`)
    if (l.loaded.has(pkg)) return
    l.loaded.add(pkg)
    this.packageLoads.push({ pkg, how })
  }

  private usingComponents(path: string): Record<string, string> {
    try {
      return (JSON.parse(readFileSync(`${this.root}/${path}.json`, 'utf8')) as { usingComponents?: Record<string, string> }).usingComponents ?? {}
    } catch {
      return {}
    }
  }

  private pageJson(route: string): Record<string, unknown> {
    try {
      return JSON.parse(readFileSync(`${this.root}/${route}.json`, 'utf8')) as Record<string, unknown>
    } catch {
      return {}
    }
  }

  /** loads a component (and the components it uses) before the page that uses it, as the platform does */
  private loadComponent(l: Launch, path: string): void {
    if (l.componentDefs.has(path)) return
    this.require(l, '', `/${path}.js`)
    if (!l.componentDefs.has(path)) throw new Error(`${path}.js did not call Component()`)
    for (const [, rel] of Object.entries(this.usingComponents(path))) this.loadComponent(l, posix.normalize(posix.join(posix.dirname(path), rel)))
  }

  private async openPage(l: Launch, route: string, query: Record<string, string>): Promise<PageInstance> {
    this.loadPackage(l, route, 'open')
    for (const [, rel] of Object.entries(this.usingComponents(route))) this.loadComponent(l, posix.normalize(posix.join(posix.dirname(route), rel)))
    if (!l.pageDefs.has(route)) this.require(l, '', `/${route}.js`)
    const def = l.pageDefs.get(route)
    if (!def) throw new Error(`${route}.js did not call Page()`)
    const json = this.pageJson(route)
    const page = this.instantiatePage(l, route, query, def, String(json.navigationBarTitleText ?? json.defaultTitle ?? ''))
    l.stack.push(page)
    this.callHook(l, page.instance, 'onLoad', l.realm.json(query))
    this.callHook(l, page.instance, 'onShow')
    await this.flush()
    this.callHook(l, page.instance, 'onReady')
    // preloadRule: after the page is shown, its packages are downloaded in the background
    for (const name of this.appJson.preloadRule?.[route]?.packages ?? []) {
      const sub = (this.appJson.subPackages ?? []).find((p) => p.name === name || p.root === name)
      if (!sub) this.errors.push(`preloadRule of ${route} names an unknown package ${name}`)
      else this.loadPackage(l, `${sub.root}/x`, 'preload')
    }
    return page
  }

  private instantiatePage(l: Launch, route: string, query: Record<string, string>, def: Config, title: string): PageInstance {
    const viewData: Record<string, unknown> = JSON.parse(JSON.stringify(def.data ?? {})) as Record<string, unknown>
    const instance: Config = {}
    for (const [k, v] of Object.entries(def)) instance[k] = k === 'data' ? l.realm.json(v) : v
    const page: PageInstance = {
      route,
      query,
      instance,
      tree: null,
      title,
      scrollTop: 0,
      label: route,
      method: (name) => (typeof instance[name] === 'function' ? (instance[name] as Fn).bind(instance) : undefined)
    }
    Object.assign(instance, {
      route,
      __route__: route,
      options: l.realm.json(query),
      setData: (data: Record<string, unknown>, cb?: () => void) => this.setData(l, page, instance, viewData, data, cb),
      $spliceData: () => undefined,
      createSelectorQuery: () => (l.api.createSelectorQuery as Fn)(),
      selectComponent: () => null,
      getOpenerEventChannel: () => ({ emit: () => undefined, on: () => undefined, once: () => undefined, off: () => undefined })
    })
    ;(page as PageInstance & { viewData: Record<string, unknown> }).viewData = viewData
    return page
  }

  private setData(l: Launch, page: PageInstance, instance: Config, viewData: Record<string, unknown>, data: Record<string, unknown>, cb?: () => void): void {
    if (!l.alive) return
    if (!data || typeof data !== 'object') {
      this.errors.push(`setData on ${page.route} with ${typeof data}`)
      return
    }
    const json = JSON.stringify(data)
    const bytes = Buffer.byteLength(json)
    this.setDataLog.push({ page: page.route, bytes, at: Date.now() })
    this.dataPending = true
    // WeChat refuses a setData over 1 MB (its guidance: keep each under 256 KB)
    if (bytes > 1024 * 1024) {
      this.errors.push(`setData on ${page.route} of ${bytes} bytes exceeds 1 MB`)
      return
    }
    const copy = JSON.parse(json) as Record<string, unknown>
    for (const [path, value] of Object.entries(data)) {
      setPath(instance.data as Record<string, unknown>, path, value)
      setPath(viewData, path, copy[path])
    }
    this.scheduleRender(l, cb)
  }

  private scheduleRender(l: Launch, cb?: () => void): void {
    if (cb) this.renderWaiters.push(() => this.timer(l, cb, 0, false))
    if (this.renderQueued) return
    this.renderQueued = true
    setImmediate(() => {
      this.renderQueued = false
      if (!l.alive) return
      for (const p of l.stack) this.render(l, p)
      if (this.dataPending) this.dataRenderedAt.push(Date.now())
      this.dataPending = false
      this.renderWaiters.splice(0).forEach((w) => w())
    })
  }

  /** resolves once the pending renders are done */
  flush(): Promise<void> {
    const l = this.launch
    if (!l) return Promise.resolve()
    return new Promise((res) => {
      this.renderWaiters.push(res)
      this.scheduleRender(l)
    })
  }

  private readonly compInstances = new Map<string, { instance: Config; owner: Owner; used: boolean }>()

  private render(l: Launch, page: PageInstance): void {
    const viewData = (page as PageInstance & { viewData: Record<string, unknown> }).viewData
    let tree: WxNode
    try {
      tree = this.templates.page(page.route)(viewData)
    } catch (e) {
      this.errors.push(`render of ${page.route} failed: ${errText(e)}`)
      return
    }
    for (const c of this.compInstances.values()) c.used = false
    const using = new Map<string, Record<string, string>>()
    const usingOf = (owner: Owner): Record<string, string> => {
      let u = using.get(owner.label)
      if (!u) using.set(owner.label, (u = this.usingComponents(owner.label)))
      return u
    }
    const component = (tag: string, attr: Record<string, unknown>, owner: Owner, key: string) => {
      const rel = usingOf(owner)[tag]
      if (!rel) return null
      const path = posix.normalize(posix.join(posix.dirname(owner.label), rel))
      const id = `${page.route}|${path}|${(attr.i as { sid?: string } | undefined)?.sid ?? key}`
      let c = this.compInstances.get(id)
      if (!c) c = this.instantiateComponent(l, path, id)
      c.used = true
      const props = (l.componentDefs.get(path)?.properties ?? {}) as Record<string, unknown>
      const data = c.instance.data as Record<string, unknown>
      for (const name of Object.keys(props)) if (name in attr) data[name] = attr[name]
      return { owner: c.owner, tree: this.templates.page(path)(data) }
    }
    const root = build(tree, null, page, component)
    for (const [id, c] of this.compInstances) {
      if (id.startsWith(`${page.route}|`) && !c.used) {
        this.compInstances.delete(id)
        const def = l.componentDefs.get(c.owner.label)
        const detached = ((def?.lifetimes as Config) ?? def)?.detached
        if (typeof detached === 'function') (detached as Fn).call(c.instance)
      }
    }
    page.tree = root
    const n = countNodes(root)
    this.nodes.set(page.route, Math.max(this.nodes.get(page.route) ?? 0, n))
    for (const w of this.templates.warnings.splice(0)) this.errors.push(`template runtime on ${page.route}: ${w}`)
  }

  private instantiateComponent(l: Launch, path: string, id: string): { instance: Config; owner: Owner; used: boolean } {
    const def = l.componentDefs.get(path) ?? {}
    const data: Record<string, unknown> = { ...((def.data as object) ?? {}) }
    for (const [name, p] of Object.entries((def.properties ?? {}) as Record<string, { value?: unknown }>)) data[name] = p?.value
    const instance: Config = { data, properties: data, is: path, id }
    for (const [k, v] of Object.entries((def.methods ?? {}) as Record<string, unknown>)) instance[k] = v
    instance.setData = (d: Record<string, unknown>, cb?: () => void) => {
      const bytes = Buffer.byteLength(JSON.stringify(d))
      this.setDataLog.push({ page: `${l.stack[l.stack.length - 1]?.route ?? ''} (${path})`, bytes, at: Date.now() })
      this.dataPending = true
      for (const [k, v] of Object.entries(d)) setPath(data, k, JSON.parse(JSON.stringify(v ?? null)))
      this.scheduleRender(l, cb)
    }
    instance.triggerEvent = () => undefined
    instance.createSelectorQuery = () => (l.api.createSelectorQuery as Fn)()
    const owner: Owner = { label: path, method: (name) => (typeof instance[name] === 'function' ? (instance[name] as Fn).bind(instance) : undefined) }
    const entry = { instance, owner, used: true }
    this.compInstances.set(id, entry)
    const life = ((def.lifetimes as Config) ?? def) as Config
    const hook = (name: string) => {
      const fn = life[name]
      if (typeof fn !== 'function') return
      try {
        (fn as Fn).call(instance)
      } catch (e) {
        this.errors.push(`uncaught error in ${path} ${name}: ${errText(e)}`)
      }
    }
    hook('created')
    this.timer(l, () => hook('attached'), 0, false)
    return entry
  }

  // ---------------------------------------------------------------- navigation

  private async navigate(l: Launch, how: 'navigateTo' | 'redirectTo' | 'reLaunch', url: string): Promise<void> {
    if (!l.alive) throw new Error('app killed')
    if (process.env.MINI_HOST_DEBUG) console.log(`[host] ${how} ${url}`)
    const top = l.stack[l.stack.length - 1]
    const { route, query } = this.parseUrl(url, top?.route ?? '')
    if (how === 'navigateTo' && l.stack.length >= 10) throw new Error('webview count limit exceed')
    if (how === 'navigateTo' && top) this.callHook(l, top.instance, 'onHide')
    if (how === 'redirectTo' && top) this.unload(l, l.stack.pop()!)
    if (how === 'reLaunch') while (l.stack.length) this.unload(l, l.stack.pop()!)
    await this.openPage(l, route, query)
  }

  /** a navigation the platform refuses (unknown page, stack full) is the app's to handle; a page that cannot load is not */
  private navFailed(e: Error): never {
    if (!/is not found|limit exceed|killed/.test(e.message)) this.errors.push(`page failed to open: ${errText(e)}`)
    throw e
  }

  private async back(l: Launch, delta: number): Promise<void> {
    if (process.env.MINI_HOST_DEBUG) console.log(`[host] navigateBack ${delta}`)
    if (l.stack.length <= 1) throw new Error('cannot navigate back at first page.')
    const n = Math.min(Math.max(1, delta || 1), l.stack.length - 1)
    for (let i = 0; i < n; i++) this.unload(l, l.stack.pop()!)
    const top = l.stack[l.stack.length - 1]
    this.callHook(l, top.instance, 'onShow')
    await this.flush()
  }

  private unload(l: Launch, page: PageInstance): void {
    this.callHook(l, page.instance, 'onUnload')
    for (const id of [...this.compInstances.keys()]) if (id.startsWith(`${page.route}|`)) this.compInstances.delete(id)
  }

  // ---------------------------------------------------------------- what a test sees and does

  private get live(): Launch {
    if (!this.launch) throw new Error('the app is not running')
    return this.launch
  }

  get stack(): PageInstance[] {
    return this.live.stack
  }

  get page(): PageInstance {
    const s = this.live.stack
    if (!s.length) throw new Error('no page is open')
    return s[s.length - 1]
  }

  /** the page's tree as indented lines (debugging a journey) */
  dump(max = 400): string {
    const lines: string[] = []
    const visit = (el: El, depth: number): void => {
      if (lines.length >= max) return
      const attrs = ['class', 'placeholder', 'value', 'type', 'disabled', 'bindtap', 'bindinput', 'bindchange']
        .filter((k) => el.attr[k] !== undefined && el.attr[k] !== '')
        .map((k) => `${k}=${JSON.stringify(el.attr[k]).slice(0, 40)}`)
        .join(' ')
      const own = el.children.filter((c): c is string => typeof c === 'string').join('').trim()
      lines.push(`${'  '.repeat(depth)}<${el.tag}${attrs ? ' ' + attrs : ''}>${own ? ' ' + own.slice(0, 60) : ''}`)
      for (const c of el.children) if (isEl(c)) visit(c, depth + 1)
    }
    if (this.page.tree) visit(this.page.tree, 0)
    return lines.join('\n')
  }

  /** what the person sees on the page on top */
  text(): string {
    return this.page.tree ? norm(textOf(this.page.tree)) : ''
  }

  /** the innermost visible elements whose text contains `what` (or equals it with exact) */
  findAll(what: string | RegExp, opts: { exact?: boolean } = {}): El[] {
    const root = this.page.tree
    if (!root) return []
    const match = (el: El): boolean => {
      const t = norm(textOf(el))
      if (typeof what !== 'string') return what.test(t)
      return opts.exact ? t === what : t.includes(what)
    }
    const out: El[] = []
    // substring: a match's ancestors all match, so non-matching subtrees are skipped; exact/RegExp: every element
    const prune = typeof what === 'string' && !opts.exact
    const visit = (el: El): boolean => {
      if (isHidden(el)) return false
      if (prune && !match(el)) return false
      let inner = false
      for (const c of el.children) if (isEl(c) && visit(c)) inner = true
      if (inner) return true
      if (!match(el)) return false
      out.push(el)
      return true
    }
    visit(root)
    return out
  }

  /** `what` inside the smallest block around the text `within` that holds it (the card of a material, a row) */
  findWithin(within: string | RegExp, what: string | RegExp, opts: { exact?: boolean } = {}): El[] {
    const anchor = this.findAll(within)[0]
    for (let box: El | null = anchor?.parent ?? null; box; box = box.parent) {
      const hits = this.findAll(what, opts).filter((el) => isInside(el, box!) || el === box)
      if (hits.length) return hits
    }
    return []
  }

  /** Waits until something on the page shows `what`; returns the first such element. */
  async waitFor(what: string | RegExp, opts: { exact?: boolean; timeout?: number; page?: string } = {}): Promise<El> {
    const deadline = Date.now() + (opts.timeout ?? 15_000)
    for (;;) {
      await this.flush()
      if (this.launch && this.launch.stack.length && (!opts.page || this.page.route === opts.page)) {
        const hit = this.findAll(what, opts)[0]
        if (hit) return hit
      }
      if (Date.now() > deadline) {
        const where = this.launch?.stack.length ? `${this.page.route}: ${this.text().slice(0, 600)}` : 'no page'
        throw new Error(`“${String(what)}” did not appear${opts.page ? ` on ${opts.page}` : ''} (${where})\nerrors: ${this.errors.join('\n')}`)
      }
      await sleep(25)
    }
  }

  /** Waits until `route` is the page on top. */
  async waitForPage(route: string, timeout = 15_000): Promise<PageInstance> {
    const r = route.replace(/^\//, '')
    const deadline = Date.now() + timeout
    while (!(this.launch && this.launch.stack.length && this.page.route === r)) {
      if (Date.now() > deadline) throw new Error(`page ${r} did not open (on ${this.launch?.stack.map((p) => p.route).join(' > ')})\nerrors: ${this.errors.join('\n')}`)
      await sleep(25)
    }
    await this.flush()
    return this.page
  }

  /** Waits until nothing is in flight and no render is pending for a moment. */
  async settle(quietMs = 60, timeout = 15_000): Promise<void> {
    const deadline = Date.now() + timeout
    let quietSince = Date.now()
    for (;;) {
      await this.flush()
      if (this.inflight.now > 0) quietSince = Date.now()
      if (Date.now() - quietSince >= quietMs) return
      if (Date.now() > deadline) return
      await sleep(15)
    }
  }

  private event(type: string, target: El, current: El, detail: object): unknown {
    const base = { type, timeStamp: Date.now() % 1e7, detail, mark: {} }
    const touch = { identifier: 0, pageX: 100, pageY: 100, clientX: 100, clientY: 100, force: 1 }
    const touches = type.startsWith('touch') || type === 'tap' || type === 'longpress' ? { touches: type === 'touchend' ? [] : [touch], changedTouches: [touch] } : {}
    if (this.platform === 'weapp') {
      return this.live.realm.json({
        ...base,
        ...touches,
        target: { id: String(target.attr.id ?? ''), offsetLeft: 0, offsetTop: 0, dataset: datasetOf(target) },
        currentTarget: { id: String(current.attr.id ?? ''), offsetLeft: 0, offsetTop: 0, dataset: datasetOf(current) },
        mut: false
      })
    }
    return this.live.realm.json({
      ...base,
      ...touches,
      target: { id: String(target.attr.id ?? ''), tagName: target.tag, dataset: datasetOf(target), targetDataset: datasetOf(target) },
      currentTarget: { id: String(current.attr.id ?? ''), tagName: current.tag, dataset: datasetOf(current) }
    })
  }

  /** Delivers one event: bubbling ones through every binding ancestor (catch stops them), others on the target only. */
  dispatch(target: El, type: string, detail: object = {}, bubbles = true): void {
    const l = this.live
    for (let el: El | null = target; el; el = el.parent) {
      const catchName = el.attr[`catch${type}`]
      const bindName = el.attr[`bind${type}`]
      const name = (catchName ?? bindName) as string | undefined
      if (typeof name === 'string' && name) {
        const fn = el.owner.method(name)
        if (!fn) this.errors.push(`${el.owner.label} has no method ${name} for ${type} on ${describe(el)}`)
        else {
          try {
            fn(this.event(type, target, el, detail))
          } catch (e) {
            this.errors.push(`uncaught error in ${type} handler: ${errText(e)}`)
          }
        }
      }
      if (catchName || !bubbles || !l.alive) break
    }
  }

  /** A person taps the text `what`: touchstart, touchend, tap on the innermost element showing it. */
  async tap(what: string | RegExp | El, opts: { exact?: boolean; nth?: number; timeout?: number; within?: string | RegExp } = {}): Promise<void> {
    const el = typeof what === 'object' && !(what instanceof RegExp) ? what : await this.pick(what, opts)
    for (let p: El | null = el; p; p = p.parent) {
      if ((p.tag === 'button' || p.tag === 'checkbox' || p.tag === 'radio' || p.tag === 'switch') && (p.attr.disabled === true || p.attr.disabled === 'true')) throw new Error(`${describe(el)} is disabled`)
    }
    this.dispatch(el, 'touchstart', {}, true)
    this.dispatch(el, 'touchend', {}, true)
    this.dispatch(el, 'tap', { x: 100, y: 100 }, true)
    await this.settle()
  }

  private async pick(what: string | RegExp, opts: { exact?: boolean; nth?: number; timeout?: number; within?: string | RegExp }): Promise<El> {
    await this.waitFor(what, opts)
    if (opts.within) await this.waitFor(opts.within, { timeout: opts.timeout })
    const all = opts.within ? this.findWithin(opts.within, what, opts) : this.findAll(what, opts)
    const el = all[opts.nth ?? 0]
    if (!el) throw new Error(`no ${(opts.nth ?? 0) + 1}th “${String(what)}” on ${this.page.route}`)
    return el
  }

  /**
   * The control a person fills in for `label`, as they would find it: the input/textarea right after a text that
   * reads exactly `label` (the field's label), else one whose placeholder shows it, else the first one after a text
   * containing it.
   */
  async field(label: string | RegExp, opts: { exact?: boolean; timeout?: number } = {}): Promise<El> {
    const matches = (t: string): boolean => (typeof label === 'string' ? (opts.exact ? t === label : t.includes(label)) : label.test(t))
    const deadline = Date.now() + (opts.timeout ?? 15_000)
    const after = (root: El, at: El | undefined): El | null => {
      if (!at) return null
      let seen = false
      for (const el of walk(root)) {
        if (el === at) seen = true
        else if (seen && (el.tag === 'input' || el.tag === 'textarea') && !isInside(el, at) && !isHidden(el)) return el
      }
      return null
    }
    for (;;) {
      await this.flush()
      const root = this.page.tree
      if (root) {
        const labelled = typeof label === 'string' ? after(root, this.findAll(label, { exact: true })[0]) : null
        if (labelled) return labelled
        const inputs = [...walk(root)].filter((el) => (el.tag === 'input' || el.tag === 'textarea') && !isHidden(el))
        const byPlaceholder = inputs.find((el) => typeof el.attr.placeholder === 'string' && matches(el.attr.placeholder))
        if (byPlaceholder) return byPlaceholder
        const near = after(root, this.findAll(label, opts)[0])
        if (near) return near
      }
      if (Date.now() > deadline) throw new Error(`no input for “${String(label)}” on ${this.page.route}: ${this.text().slice(0, 300)}`)
      await sleep(25)
    }
  }

  /** Types `value` into the field under `label`: focus, one input event per character group, blur. */
  async fill(label: string | RegExp, value: string, opts: { exact?: boolean; perChar?: boolean } = {}): Promise<void> {
    const el = await this.field(label, opts)
    this.dispatch(el, 'focus', { value: '', height: 0 }, false)
    if (opts.perChar) {
      let typed = ''
      for (const ch of value) {
        typed += ch
        this.dispatch(el, 'input', { value: typed, cursor: typed.length, keyCode: 0 }, false)
        await this.flush()
      }
    } else this.dispatch(el, 'input', { value, cursor: value.length, keyCode: 0 }, false)
    await this.flush()
    this.dispatch(el, 'blur', { value, cursor: value.length }, false)
    await this.settle()
  }

  /** A picker the person opens at the text `label` (its row, or the label before it) and sets to `value`. */
  async choose(label: string | RegExp, value: unknown): Promise<void> {
    const at = await this.pick(label, {})
    let el: El | null = null
    for (let p: El | null = at; p && !el; p = p.parent) if (p.tag === 'picker') el = p
    if (!el) {
      let seen = false
      for (const e of walk(this.page.tree!)) {
        if (e === at) seen = true
        else if (seen && e.tag === 'picker') {
          el = e
          break
        }
      }
    }
    if (!el) throw new Error(`no picker for “${String(label)}”`)
    this.dispatch(el, 'change', { value }, false)
    await this.settle()
  }

  /** The person scrolls the page (onPageScroll, as the platform reports it while scrolling). */
  scroll(scrollTop: number): void {
    const p = this.page
    p.scrollTop = scrollTop
    this.callHook(this.live, p.instance, 'onPageScroll', this.live.realm.json({ scrollTop }))
  }

  /** The person reaches the bottom of the page. */
  reachBottom(): void {
    this.callHook(this.live, this.page.instance, 'onReachBottom')
  }

  /** Opens a page as the platform does for a shared link or a notification: the stack starts again from it. */
  async open(url: string): Promise<void> {
    await this.navigate(this.live, 'reLaunch', url)
    await this.settle()
  }

  /** The back gesture / the navigation bar's back button. */
  async goBack(): Promise<void> {
    await this.back(this.live, 1)
    await this.settle()
  }
}

function isInside(el: El, ancestor: El): boolean {
  for (let p: El | null = el.parent; p; p = p.parent) if (p === ancestor) return true
  return false
}

/** Applies one setData key path (`a.b[0].c`, Taro's `root.cn.[0].v`) to an object. */
export function setPath(target: Record<string, unknown>, path: string, value: unknown): void {
  const keys: Array<string | number> = []
  for (const part of path.split('.')) {
    const m = /^([^[\]]*)((?:\[\d+\])*)$/.exec(part)
    if (!m) {
      keys.push(part)
      continue
    }
    if (m[1]) keys.push(m[1])
    for (const idx of m[2].match(/\d+/g) ?? []) keys.push(Number(idx))
  }
  let cur: Record<string | number, unknown> = target
  for (let i = 0; i < keys.length - 1; i++) {
    const k = keys[i]
    let next = cur[k]
    if (next === null || typeof next !== 'object') {
      next = typeof keys[i + 1] === 'number' ? [] : {}
      cur[k] = next
    }
    cur = next as Record<string | number, unknown>
  }
  cur[keys[keys.length - 1]] = value
}

export function errText(e: unknown): string {
  if (e && typeof e === 'object' && 'stack' in e && typeof (e as Error).stack === 'string') return String((e as Error).stack).split('\n').slice(0, 4).join(' | ')
  if (e && typeof e === 'object') {
    try {
      return JSON.stringify(e)
    } catch {
      return String(e)
    }
  }
  return String(e)
}

export const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms))
