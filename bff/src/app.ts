import Fastify, { type FastifyInstance, type FastifyServerOptions } from 'fastify'
import { serializerCompiler, validatorCompiler } from 'fastify-type-provider-zod'
import type { DestinationStream } from 'pino'
import { createCatalogSource, loadRepoCatalog, type CatalogSeed, type SeedOutcome } from './adapters/catalog'
import { loadConfig, type Config } from './config'
import { openDatabase, type Db } from './db'
import { registerDocs } from './plugins/docs'
import { registerErrorHandler } from './plugins/errors'
import { registerStatic } from './plugins/static'
import { catalogRoutes } from './routes/catalog'
import { healthRoutes } from './routes/health'
import { searchRoutes } from './routes/search'
import { CatalogService } from './services/catalog'
import { SearchService } from './services/search'

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
}

/** What buildApp wired together, for main.ts, tests and the bench. */
export interface AppContext {
  config: Config
  db: Db
  catalog: CatalogService
  search: SearchService
  seed: SeedOutcome
  staticServed: boolean
}

declare module 'fastify' {
  interface FastifyInstance {
    yb: AppContext
  }
}

/**
 * Log redaction: credentials, and personal data fields that later issues send (identity numbers, phones, names),
 * at any depth up to four levels.
 */
const PERSONAL_FIELDS = ['idNumber', 'phone', 'name']
export const REDACT_PATHS = [
  'req.headers.authorization',
  'req.headers.cookie',
  'req.headers["x-api-key"]',
  'res.headers["set-cookie"]',
  ...PERSONAL_FIELDS.flatMap((f) => [f, `*.${f}`, `*.*.${f}`, `*.*.*.${f}`])
]

function loggerOptions(config: Config, logger: BuildOptions['logger']): FastifyServerOptions['logger'] {
  if (logger === false) return false
  const custom = typeof logger === 'object' ? logger : {}
  return {
    level: custom.level ?? config.logLevel,
    redact: { paths: REDACT_PATHS, censor: '[redacted]' },
    ...(custom.stream ? { stream: custom.stream } : {})
  }
}

/**
 * Builds the BFF: routes → services → upstream adapters (the embedded SQLite catalog by default).
 * Opens (and on first run creates and seeds) the data folder. Closing the app closes the database.
 */
export async function buildApp(opts: BuildOptions = {}): Promise<FastifyInstance> {
  const config: Config = {
    ...loadConfig(),
    ...opts.config,
    ...(opts.dataDir ? { dataDir: opts.dataDir } : {}),
    ...(opts.staticDir ? { staticDir: opts.staticDir } : {})
  }
  const app = Fastify({ logger: loggerOptions(config, opts.logger) })
  app.setValidatorCompiler(validatorCompiler)
  app.setSerializerCompiler(serializerCompiler)
  registerErrorHandler(app)

  const db = openDatabase(config.dataDir)
  app.addHook('onClose', async () => {
    db.close()
  })
  try {
    const { source, seed } = createCatalogSource(config.catalogSource, db, opts.loadCatalog ?? loadRepoCatalog)
    if (seed.action !== 'kept') app.log.info({ seed }, 'catalog seeded')
    const catalog = await CatalogService.load(source)
    const search = SearchService.build(db, catalog, await source.synonyms())

    await registerDocs(app)
    await app.register(healthRoutes, { db })
    await app.register(catalogRoutes, { catalog })
    await app.register(searchRoutes, { search })
    const { served } = await registerStatic(app, config.staticDir)

    app.decorate('yb', { config, db, catalog, search, seed, staticServed: served })
  } catch (err) {
    await app.close()
    throw err
  }
  return app
}
