import Fastify, { type FastifyInstance, type FastifyServerOptions } from 'fastify'
import { serializerCompiler, validatorCompiler } from 'fastify-type-provider-zod'
import type { DestinationStream } from 'pino'
import { createAgencyAdapter, type AgencyAdapter } from './adapters/agency'
import { createCatalogSource, loadRepoCatalog, type CatalogSeed, type SeedOutcome } from './adapters/catalog'
import { createDataSharingAdapter, type DataSharingAdapter } from './adapters/datasharing'
import { createEVoucherAdapter } from './adapters/evoucher'
import { createRecordAdapter } from './adapters/record'
import { createTtsAdapter } from './adapters/tts'
import { createStorage } from './adapters/storage'
import type { FileStorage } from './adapters/storage/types'
import { EmbeddedIdentityAdapter } from './adapters/identity/embedded'
import type { IdentityAdapter } from './adapters/identity/types'
import { EmbeddedSmsAdapter } from './adapters/sms/embedded'
import type { SmsAdapter } from './adapters/sms/types'
import { loadConfig, type Config } from './config'
import { openDatabase, type Db } from './db'
import { registerAuth } from './plugins/auth'
import { registerDocs } from './plugins/docs'
import { registerErrorHandler } from './plugins/errors'
import { registerStatic } from './plugins/static'
import { applyRoutes } from './routes/apply'
import { familyRoutes } from './routes/family'
import { evoucherRoutes } from './routes/evoucher'
import { recordRoutes } from './routes/record'
import { authRoutes } from './routes/auth'
import { catalogRoutes } from './routes/catalog'
import { devRoutes } from './routes/dev'
import { healthRoutes } from './routes/health'
import { searchRoutes } from './routes/search'
import { staffRoutes } from './routes/staff'
import { staffEvaluationRoutes } from './routes/staff-evaluation'
import { evaluationRoutes } from './routes/evaluation'
import { ttsRoutes } from './routes/tts'
import { ApplyService } from './services/apply'
import { AuthService } from './services/auth'
import { CatalogService } from './services/catalog'
import { ComplaintService, EvaluationService } from './services/evaluation'
import { MetricsService } from './services/metrics'
import { FamilyService } from './services/family'
import { EVoucherService, resolveTerminalKey } from './services/evoucher'
import { CertificateStore, RecordService, catalogRegions } from './services/record'
import { NotificationService } from './services/notifications'
import { ReminderService } from './services/reminders'
import { Scheduler } from './services/scheduler'
import { SearchService } from './services/search'
import { TtsService } from './services/tts'
import { resolveStaffToken } from './staff/token'
import { registerMultipart } from './uploads/multipart'
import { calendarCoverage, calendarSource } from './workflow/calendar'

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

/** how often the 好差评 sweep (reminders, default ratings) runs */
const EVALUATION_SWEEP_MS = 10 * 60_000
/** how often any instance sends merged case SMS left behind (each instance sends its own on time) */
const SMS_DIGEST_SWEEP_MS = 60_000

/** What buildApp wired together, for main.ts, tests and the bench. */
export interface AppContext {
  config: Config
  db: Db
  catalog: CatalogService
  search: SearchService
  seed: SeedOutcome
  staticServed: boolean
  /** the clock services use (BuildOptions.clock) */
  clock: () => Date
  /** sign-in, sessions and real-name (001 §3.1.2) */
  auth: AuthService
  sms: SmsAdapter
  identity: IdentityAdapter
  /** drafts, cases, staff actions, results (001 §5) */
  apply: ApplyService
  notifications: NotificationService
  reminders: ReminderService
  /** 好差评 and the bad-rating loop, complaints, the public service metrics (issue 5) */
  evaluation: EvaluationService
  complaints: ComplaintService
  metrics: MetricsService
  storage: FileStorage
  dataSharing: DataSharingAdapter
  agency: AgencyAdapter
  /** family members, proxies and grants: who may act for whom (issue 4) */
  family: FamilyService
  /** 医保电子凭证 and the counters' terminal key (TERMINAL_KEY, a development file, or none in production) (issue 4) */
  evoucher: EVoucherService
  terminal: { key: string | null; source: 'env' | 'dev-file' | 'none' }
  /** 医保云档案 and 参保证明 (issue 4) */
  record: RecordService
  /** the window staff's token and where it came from (STAFF_TOKEN, a development file, or none in production) */
  staff: { token: string | null; source: 'env' | 'dev-file' | 'none' }
  /** read-aloud audio for clients without a Chinese voice (语音版, issue 6) */
  tts: TtsService
  /** periodic work, once per period across instances (issue 7) */
  scheduler: Scheduler
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
  ...PERSONAL_FIELDS.flatMap((f) => [f, `*.${f}`, `*.*.${f}`, `*.*.*.${f}`]),
  // sign-in secrets (001 §3.1.2): tokens anywhere, SMS codes in request bodies
  ...['accessToken', 'refreshToken', 'bindTicket', 'smsCode'].flatMap((f) => [f, `*.${f}`, `*.*.${f}`, `*.*.*.${f}`]),
  'body.code',
  '*.body.code'
]

/** Query parameters never logged as they are (GET /api/v1/dev/outbox?phone=…): personal data and secrets. */
const SECRET_QUERY_KEYS = new Set([...PERSONAL_FIELDS, 'code', 'token', 'accessToken', 'refreshToken', 'bindTicket'])

/** A request URL for the logs: values of personal or secret query parameters replaced by [redacted]. */
export function redactUrl(url: string): string {
  const q = url.indexOf('?')
  if (q < 0) return url
  const params = new URLSearchParams(url.slice(q + 1))
  let changed = false
  for (const key of new Set(params.keys())) {
    if (SECRET_QUERY_KEYS.has(key)) {
      params.set(key, '[redacted]')
      changed = true
    }
  }
  return changed ? `${url.slice(0, q)}?${params.toString()}` : url
}

function loggerOptions(config: Config, logger: BuildOptions['logger']): FastifyServerOptions['logger'] {
  if (logger === false) return false
  const custom = typeof logger === 'object' ? logger : {}
  return {
    level: custom.level ?? config.logLevel,
    redact: { paths: REDACT_PATHS, censor: '[redacted]' },
    // Fastify's request serializer, with the URL's personal query parameters redacted
    serializers: {
      req: (req: { method?: string; url?: string; host?: string; ip?: string; socket?: { remotePort?: number } }) => ({
        method: req.method,
        url: typeof req.url === 'string' ? redactUrl(req.url) : undefined,
        host: req.host,
        remoteAddress: req.ip,
        remotePort: req.socket?.remotePort
      })
    },
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
  const app = Fastify({ logger: loggerOptions(config, opts.logger), trustProxy: config.trustProxy })
  app.setValidatorCompiler(validatorCompiler)
  app.setSerializerCompiler(serializerCompiler)
  registerErrorHandler(app)

  const db = await openDatabase({
    dataDir: config.dataDir,
    databaseUrl: config.databaseUrl,
    databaseSchema: config.databaseSchema,
    databasePoolSize: config.databasePoolSize,
    onConnectionError: (err) => app.log.warn({ err }, 'database connection lost')
  })
  app.addHook('onClose', async () => {
    await db.close()
  })
  try {
    const { source, seed } = await createCatalogSource(config.catalogSource, db, opts.loadCatalog ?? loadRepoCatalog)
    if (seed.action !== 'kept') app.log.info({ seed }, 'catalog seeded')
    const catalog = await CatalogService.load(source)
    const search = await SearchService.build(db, catalog, await source.synonyms())

    await registerDocs(app)
    const clock = opts.clock ?? (() => new Date())
    const sms: SmsAdapter = new EmbeddedSmsAdapter(db)
    const identity: IdentityAdapter = new EmbeddedIdentityAdapter()
    const auth = await AuthService.create({
      db,
      sms,
      identity,
      now: clock,
      tokenSecret: config.tokenSecret,
      smsPhoneDailyLimit: config.smsPhoneDailyLimit,
      smsIpHourlyLimit: config.smsIpHourlyLimit,
      log: app.log
    })
    registerAuth(app, auth)
    await app.register(authRoutes, { auth })
    // the SMS outbox is for development and tests only: in production the route does not exist (404)
    if (config.nodeEnv !== 'production') await app.register(devRoutes, { auth })
    await app.register(healthRoutes, { db })
    await app.register(catalogRoutes, { catalog })
    await app.register(searchRoutes, { search })

    // applying and following a case (001 §5): upstream adapters (embedded defaults), then services, then routes
    const storage = createStorage(config, app.log)
    const dataSharing = createDataSharingAdapter('embedded')
    const agency = createAgencyAdapter('embedded', {
      dataSharing,
      regionName: (code) => {
        try {
          return catalog.region(code).node.name
        } catch {
          return null
        }
      }
    })
    const phoneOf = db.prepare<[string], { phone: string }>('SELECT phone FROM users WHERE id = ?')
    const accountOf = db.prepare<[string], { id: string }>('SELECT id FROM users WHERE real_id_number = ?')
    const notifications = new NotificationService(
      db,
      {
        phoneOf: async (userId) => (await phoneOf.get(userId))?.phone ?? null,
        sendSms: (phone, text) => sms.send({ phone, text }, clock()),
        warn: (msg, err) => app.log.warn({ err }, msg)
      },
      clock
    )
    const family = new FamilyService({ db, identity, dataSharing, notifications, now: clock })
    // 参保证明 are verified by the same route as result documents
    const certificates = new CertificateStore({ db, storage, publicBaseUrl: config.publicBaseUrl ?? `http://127.0.0.1:${config.port}` })
    const apply = new ApplyService({
      access: family,
      otherDocuments: certificates,
      db,
      catalog,
      storage,
      dataSharing,
      agency,
      notifications,
      now: clock,
      defaultRegion: config.defaultRegion,
      publicBaseUrl: config.publicBaseUrl ?? `http://127.0.0.1:${config.port}`
    })
    const reminders = new ReminderService({
      db,
      catalog,
      agency,
      dataSharing,
      apply,
      notifications,
      now: clock,
      accountOf: async (idNumber) => (await accountOf.get(idNumber))?.id ?? null
    })
    // 好差评, complaints, metrics (issue 5). The sweep reminds unrated cases once and records default ratings; it runs
    // every 10 minutes here and before every read that depends on it (so a missed tick changes nothing)
    const evaluation = new EvaluationService({ db, storage, grants: family, notifications, now: clock, rectifyDays: config.evaluationRectifyDays })
    const complaints = new ComplaintService({ db, catalog, grants: family, notifications, now: clock, answerDays: config.complaintAnswerDays, defaultRegion: config.defaultRegion })
    const metrics = new MetricsService({ db, catalog, now: clock })
    // scheduled work runs once per period across all instances on the database (issue 7)
    const scheduler = new Scheduler({ db, now: clock, log: app.log })
    scheduler.every({ name: 'evaluation-sweep', periodMs: EVALUATION_SWEEP_MS, run: () => evaluation.sweep() })
    // merged case SMS: each instance sends its own on time; this sends what a stopped instance left behind
    scheduler.every({ name: 'sms-digest', periodMs: SMS_DIGEST_SWEEP_MS, run: () => notifications.flushDue() })
    app.addHook('onClose', async () => {
      scheduler.stop()
      notifications.stop()
    })
    // e-voucher and personal record (issue 4): every read about a person goes through family (PersonAccess)
    const regions = catalogRegions(catalog)
    const evoucher = new EVoucherService({
      adapter: createEVoucherAdapter('embedded', { db }),
      dataSharing,
      access: family,
      region: regions,
      now: clock,
      ttlSeconds: config.evoucherTtlSeconds
    })
    const record = new RecordService({
      adapter: createRecordAdapter('embedded', { dataSharing, region: regions }),
      access: family,
      certificates,
      region: regions,
      now: clock
    })
    const terminal = resolveTerminalKey(config)
    if (terminal.source === 'none') app.log.warn('TERMINAL_KEY is not set: e-voucher decoding refuses every request')
    const staff = resolveStaffToken(config)
    if (staff.source === 'none') app.log.warn('STAFF_TOKEN is not set: staff routes refuse every request')
    const coverage = calendarCoverage()
    const year = Number(new Date(clock().getTime() + 8 * 3600_000).toISOString().slice(0, 4))
    if (year + 1 > coverage.to) {
      app.log.warn(
        { coverage, nextYear: calendarSource(year + 1) },
        'the official holiday calendar (chinese-days) does not cover next year: due dates then count statutory holidays without 调休; update the package'
      )
    }
    await registerMultipart(app)
    await app.register(applyRoutes, { apply, notifications, reminders, family })
    await app.register(familyRoutes, { family })
    await app.register(evoucherRoutes, { evoucher, terminalKey: terminal.key })
    await app.register(recordRoutes, { record })
    await app.register(staffRoutes, { apply, reminders, catalog, token: staff.token })
    await app.register(evaluationRoutes, { evaluation, complaints, metrics })
    await app.register(staffEvaluationRoutes, { evaluation, complaints, token: staff.token })
    // read-aloud (语音版, issue 6): the embedded engine starts on the first request, in a worker thread
    const tts = new TtsService({ adapter: createTtsAdapter('embedded'), db, dataDir: config.dataDir, now: clock })
    app.addHook('onClose', async () => {
      await tts.close()
    })
    await app.register(ttsRoutes, { tts })
    const { served } = await registerStatic(app, config.staticDir)

    app.decorate('yb', {
      config,
      db,
      catalog,
      search,
      seed,
      staticServed: served,
      clock,
      auth,
      sms,
      identity,
      apply,
      notifications,
      reminders,
      evaluation,
      complaints,
      metrics,
      storage,
      dataSharing,
      agency,
      family,
      evoucher,
      terminal,
      record,
      staff,
      tts,
      scheduler
    })
  } catch (err) {
    await app.close()
    throw err
  }
  return app
}
