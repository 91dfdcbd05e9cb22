import cookie from '@fastify/cookie'
import Fastify, { type FastifyInstance, type FastifyServerOptions } from 'fastify'
import { serializerCompiler, validatorCompiler } from 'fastify-type-provider-zod'
import type { DestinationStream } from 'pino'
import type { CatalogSeed } from './adapters/catalog'
import { ConfigError, demoAdapterProblems, demoAdapters, loadConfig, sharedStorageProblems, type Config } from './config'
import { accountsPlugin } from './plugins/app/accounts'
import { casesPlugin } from './plugins/app/cases'
import { catalogPlugin } from './plugins/app/catalog'
import { evaluationPlugin } from './plugins/app/evaluation'
import { infrastructurePlugin } from './plugins/app/infrastructure'
import { personPlugin } from './plugins/app/person'
import { staffPlugin } from './plugins/app/staff'
import { ttsPlugin } from './plugins/app/tts'
import { registerDocs } from './plugins/docs'
import { registerErrorHandler } from './plugins/errors'
import { loggerOptions } from './plugins/logging'
import { registerSecurityHeaders } from './plugins/security'
import { registerStatic } from './plugins/static'
import { applyRoutes } from './routes/apply'
import { accountRoutes, authRoutes } from './routes/auth'
import { catalogRoutes } from './routes/catalog'
import { devRoutes } from './routes/dev'
import { evaluationRoutes } from './routes/evaluation'
import { evoucherRoutes } from './routes/evoucher'
import { familyRoutes } from './routes/family'
import { healthRoutes } from './routes/health'
import { recordRoutes } from './routes/record'
import { searchRoutes } from './routes/search'
import { staffRoutes } from './routes/staff'
import { staffAccountRoutes } from './routes/staff-accounts'
import { staffAssignmentRoutes } from './routes/staff-assignment'
import { staffCalendarRoutes } from './routes/staff-calendar'
import { staffTerminalRoutes } from './routes/staff-terminals'
import { staffEvaluationRoutes } from './routes/staff-evaluation'
import { staffWorkbenchRoutes } from './routes/staff-workbench'
import { ttsRoutes } from './routes/tts'
import { AccountService } from './services/account'
import { WorkbenchService } from './services/workbench'
import { registerMultipart } from './uploads/multipart'

export { maskIdNumbersIn, redactUrl, REDACT_PATHS } from './plugins/logging'

export interface BuildOptions {
  /** overrides of the environment's configuration (loadConfig) */
  config?: Partial<Config>
  /** shorthand for config.dataDir */
  dataDir?: string
  /** shorthand for config.staticDir */
  staticDir?: string
  /** false: no logs (tests); an object: level and/or a destination stream; default: config.logLevel to stdout */
  logger?: boolean | { level?: string; stream?: DestinationStream }
  /** where the embedded catalog adapter seeds from (default: the repository's catalog/ files) */
  loadCatalog?: () => CatalogSeed
  /** the time services see (SMS code expiry, locks, token lifetimes…); tests move it. Default: the system clock */
  clock?: () => Date
}

/** JSON and other non-multipart bodies (uploads have their own limit, uploads/multipart.ts) */
export const JSON_BODY_LIMIT = 1024 * 1024

declare module 'fastify' {
  interface FastifyInstance {
    /** the H5 app's files were found and are served (plugins/static.ts) */
    staticServed: boolean
    /** what building the app cost, step by step (the start banner and bench/start.ts print it) */
    startTimings: StartTimings
  }
}

/** ms per step of buildApp; `before` is the process's life before buildApp was called (mostly loading modules) */
export interface StartTimings {
  before: number
  /** configuration checks, Fastify and its security headers */
  config: number
  /** open (and on first run create) the database, migrate, file storage */
  database: number
  /** the catalog (seeded or checked against the repository's files) and the agency's advice */
  catalog: number
  /** the search index, had from memory, its stored file or built (searchService.index says which) */
  searchIndex: number
  /** the other capabilities, the routes and the static files */
  routes: number
}

/**
 * TRUST_PROXY as Fastify takes it. A hop count trusts the socket's peer and the hops before it up to the count, the
 * way proxy-addr counts them (hop 0 is the peer), so of `X-Forwarded-For: forged, client` sent through one proxy the
 * client is the right-most entry the proxy appended and the forged left-most one is ignored. A list trusts exactly
 * those addresses. `true` (every hop) is refused by the configuration.
 */
export function trustProxyOption(t: Config['trustProxy']): FastifyServerOptions['trustProxy'] {
  if (t === false) return false
  if (typeof t === 'number') return (_addr: string, hop: number) => hop < t
  return t
}

/**
 * Builds the BFF in the three layers of fastify/demo: the infrastructure (database, storage, scheduler), then one
 * plugin per capability exposing its adapters and services as typed decorators (plugins/app/), then the routes,
 * which validate, authorise and call. Opens (and on first run creates and seeds) the data folder. Closing the app
 * closes the database.
 */
export async function buildApp(opts: BuildOptions = {}): Promise<FastifyInstance> {
  const timings: StartTimings = { before: Math.round(performance.now()), config: 0, database: 0, catalog: 0, searchIndex: 0, routes: 0 }
  let lapFrom = performance.now()
  const lap = (step: Exclude<keyof StartTimings, 'before'>): void => {
    const now = performance.now()
    timings[step] += Math.round(now - lapFrom)
    lapFrom = now
  }
  const config: Config = {
    ...loadConfig(),
    ...opts.config,
    ...(opts.dataDir ? { dataDir: opts.dataDir } : {}),
    ...(opts.staticDir ? { staticDir: opts.staticDir } : {})
  }
  // a production start with embedded SMS / identity / platform-login stand-ins is refused (also when the
  // configuration came from a caller rather than the environment)
  // and the environment's shared-storage rule (loadConfig) holds for overrides (tests, the bench) too
  const demoProblems = [...demoAdapterProblems(config), ...sharedStorageProblems(config)]
  if (demoProblems.length) throw new ConfigError(demoProblems)
  const app = Fastify({
    logger: loggerOptions(config, opts.logger),
    trustProxy: trustProxyOption(config.trustProxy),
    // a body over the limit is refused with 413 and a JSON code (plugins/errors.ts), not read to its end
    bodyLimit: JSON_BODY_LIMIT
  })
  app.setValidatorCompiler(validatorCompiler)
  app.setSerializerCompiler(serializerCompiler)
  registerErrorHandler(app)
  const demo = config.nodeEnv === 'production' && config.allowDemoAdapters ? demoAdapters(config) : []
  await registerSecurityHeaders(app, { staticDir: config.staticDir, demoAdapters: demo })
  if (demo.length) app.log.warn({ demo }, 'ALLOW_DEMO_ADAPTERS=true: embedded stand-ins in production; every answer says so')

  try {
    // adapters and services, each capability's behind its own typed decorators
    lap('config')
    await app.register(infrastructurePlugin, { config, clock: opts.clock ?? (() => new Date()) })
    lap('database')
    await app.register(catalogPlugin, { loadCatalog: opts.loadCatalog })
    lap('catalog')
    timings.searchIndex = app.searchService.index.ms
    timings.catalog -= timings.searchIndex
    if (config.docs) await registerDocs(app)
    await app.register(accountsPlugin)
    await app.register(casesPlugin)
    await app.register(evaluationPlugin)
    await app.register(personPlugin)
    await app.register(staffPlugin)
    await app.register(ttsPlugin)

    // routes
    // the H5 app's refresh token travels in an HttpOnly cookie that only the sign-in routes read and set (routes/auth.ts):
    // the cookie parser's request hook runs there, not on every route
    await app.register(async (session) => {
      await session.register(cookie)
      await session.register(authRoutes, { auth: app.auth })
    })
    // the SMS outbox is for development and tests only: in production the route does not exist (404)
    if (config.nodeEnv !== 'production') await app.register(devRoutes, { auth: app.auth })
    await app.register(healthRoutes, { db: app.db })
    await app.register(catalogRoutes, { catalog: app.catalog })
    await app.register(searchRoutes, { search: app.searchService })
    // multipart bodies (uploads) only where they are taken: its request hooks would otherwise run on every route,
    // the catalog's included
    await app.register(async (uploads) => {
      await registerMultipart(uploads)
      await uploads.register(applyRoutes, { apply: app.apply, cases: app.cases, queries: app.queries, notifications: app.notifications, reminders: app.reminders, family: app.family })
      await uploads.register(evaluationRoutes, { evaluation: app.evaluation, complaints: app.complaints, metrics: app.metrics })
    })
    await app.register(familyRoutes, { family: app.family })
    await app.register(accountRoutes, { accounts: new AccountService({ db: app.db, apply: app.apply, now: app.clock }) })
    await app.register(evoucherRoutes, {
      evoucher: app.evoucher,
      usage: app.evoucherUsage,
      terminals: app.terminals,
      terminalKeyIsDevelopment: app.terminal.source === 'dev-file'
    })
    await app.register(recordRoutes, { record: app.record })
    // the staff's routes, one line each
    await app.register(staffAccountRoutes, {
      accounts: app.staffAccounts,
      db: app.db,
      bootstrapToken: app.staffBootstrap.token,
      bootstrapTokenIsDevelopment: app.staffBootstrap.source === 'dev-file',
      ipHash: app.staffIpHash
    })
    await app.register(staffRoutes, { cases: app.cases, reminders: app.reminders, catalog: app.catalog, assignment: app.assignment, now: app.clock })
    await app.register(staffEvaluationRoutes, { evaluation: app.evaluation, complaints: app.complaints, metrics: app.metrics })
    await app.register(staffCalendarRoutes, { calendar: app.calendar })
    await app.register(staffTerminalRoutes, { terminals: app.terminals })
    await app.register(staffAssignmentRoutes, { assignment: app.assignment })
    await app.register(staffWorkbenchRoutes, { workbench: new WorkbenchService({ cases: app.cases, now: app.clock }) })
    await app.register(ttsRoutes, { tts: app.tts })
    const { served } = await registerStatic(app, config.staticDir)
    app.decorate('staticServed', served)
    lap('routes')
    app.decorate('startTimings', timings)
  } catch (err) {
    await app.close()
    throw err
  }
  return app
}
