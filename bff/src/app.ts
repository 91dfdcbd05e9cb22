// Over 400 lines: the wiring of every adapter, service and route plugin in one place, in the order they depend on each other.
import cookie from '@fastify/cookie'
import { hostname } from 'node:os'
import Fastify, { type FastifyInstance, type FastifyServerOptions } from 'fastify'
import { serializerCompiler, validatorCompiler } from 'fastify-type-provider-zod'
import pino, { type DestinationStream } from 'pino'
import { createAgencyAdapter, type AgencyAdapter } from './adapters/agency'
import { createCatalogSource, loadRepoCatalog, type CatalogSeed, type SeedOutcome } from './adapters/catalog'
import { createDataSharingAdapter, type DataSharingAdapter } from './adapters/datasharing'
import { createEVoucherAdapter } from './adapters/evoucher'
import { createRecordAdapter } from './adapters/record'
import { createTtsAdapter } from './adapters/tts'
import { createStorage } from './adapters/storage'
import type { FileStorage } from './adapters/storage/types'
import { EmbeddedIdentityAdapter } from './adapters/identity/embedded'
import { HttpIdentityAdapter } from './adapters/identity/http'
import type { IdentityAdapter } from './adapters/identity/types'
import { createPlatformLogin } from './adapters/platform'
import { EmbeddedSmsAdapter } from './adapters/sms/embedded'
import { HttpSmsAdapter } from './adapters/sms/http'
import type { SmsAdapter } from './adapters/sms/types'
import { ConfigError, demoAdapterProblems, demoAdapters, loadConfig, sharedStorageProblems, type Config } from './config'
import { openDatabase, type Db } from './db'
import { registerAuth } from './plugins/auth'
import { registerDocs } from './plugins/docs'
import { registerErrorHandler } from './plugins/errors'
import { registerSecurityHeaders } from './plugins/security'
import { registerStaffAuth } from './plugins/staff'
import { IdempotencyStore, registerIdempotency } from './plugins/idempotency'
import { registerStatic } from './plugins/static'
import { applyRoutes } from './routes/apply'
import { familyRoutes } from './routes/family'
import { evoucherRoutes } from './routes/evoucher'
import { recordRoutes } from './routes/record'
import { accountRoutes, authRoutes } from './routes/auth'
import { catalogRoutes } from './routes/catalog'
import { devRoutes } from './routes/dev'
import { healthRoutes } from './routes/health'
import { searchRoutes } from './routes/search'
import { staffRoutes } from './routes/staff'
import { staffAccountRoutes } from './routes/staff-accounts'
import { staffEvaluationRoutes } from './routes/staff-evaluation'
import { staffAssignmentRoutes } from './routes/staff-assignment'
import { staffWorkbenchRoutes } from './routes/staff-workbench'
import { WorkbenchService } from './services/workbench'
import { evaluationRoutes } from './routes/evaluation'
import { ttsRoutes } from './routes/tts'
import { AccountService } from './services/account'
import { ApplyService } from './services/apply'
import { StoredFiles } from './services/files'
import { Throttles } from './services/throttle'
import { AuthService } from './services/auth'
import { CatalogService } from './services/catalog'
import { createCaseSystem, type CaseSystem } from './adapters/casesystem'
import { createStaffNotifier } from './adapters/staffnotices'
import { AssignmentService, withAssignment } from './services/assignment'
import { createComplaintSystem, type ComplaintSystem } from './adapters/complaints'
import { createEvaluationSystem, type EvaluationSystem } from './adapters/evaluation'
import { createMetricsSource } from './adapters/metrics'
import { MetricsService } from './services/metrics'
import { FamilyService } from './services/family'
import { EVoucherService, resolveTerminalKey } from './services/evoucher'
import { CertificateStore, RecordService, catalogRegions } from './services/record'
import { NotificationService } from './services/notifications'
import { ReminderService } from './services/reminders'
import { Scheduler } from './services/scheduler'
import { SearchService } from './services/search'
import { TTS_IP_LIMIT, TtsService } from './services/tts'
import { StaffAccounts } from './staff/accounts'
import { resolveStaffToken } from './staff/token'
import { registerMultipart } from './uploads/multipart'
import { calendarCoverage, calendarSource, shanghaiDate } from '../../domain/calendar'
import { CalendarService } from './services/calendar'
import { staffCalendarRoutes } from './routes/staff-calendar'

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

/** how often abandoned drafts are looked for (DRAFT_RETENTION_DAYS) */
const RETENTION_SWEEP_MS = 6 * 3600_000

/** how often the 好差评 sweep (reminders, default ratings) runs */
const EVALUATION_SWEEP_MS = 10 * 60_000
/** how often any instance sends merged case SMS left behind (each instance sends its own on time) */
const SMS_DIGEST_SWEEP_MS = 60_000
/** how often answers kept for Idempotency-Keys past their time are deleted */
const IDEMPOTENCY_PURGE_MS = 60 * 60_000
/** how often waiting cases are assigned again and the 科长 alerted about those waiting too long */
const ASSIGNMENT_SWEEP_MS = 60_000

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
  /** drafts and query items (001 §5.1, §5.2.1) */
  apply: ApplyService
  /** the agency's case system: cases, staff actions, 补正, results (001 §5.2–5.3) */
  cases: CaseSystem
  /** assigning new manual cases by the agency's rules, and the staff's notices (001 §5.2.3.1) */
  assignment: AssignmentService
  notifications: NotificationService
  reminders: ReminderService
  /** 好差评 and the bad-rating loop, complaints, the public service metrics */
  evaluation: EvaluationSystem
  complaints: ComplaintSystem
  metrics: MetricsService
  storage: FileStorage
  dataSharing: DataSharingAdapter
  agency: AgencyAdapter
  /** family members, proxies and grants: who may act for whom */
  family: FamilyService
  /** 医保电子凭证 and the counters' terminal key (TERMINAL_KEY, a development file, or none in production) */
  evoucher: EVoucherService
  terminal: { key: string | null; source: 'env' | 'dev-file' | 'none' }
  /** 医保云档案 and 参保证明 */
  record: RecordService
  /** the token that creates the first administrator and where it came from (STAFF_TOKEN, a development file, or none) */
  staff: { token: string | null; source: 'env' | 'dev-file' | 'none' }
  /** staff accounts, sign-in and tokens */
  staffAccounts: StaffAccounts
  /** read-aloud audio for clients without a Chinese voice (语音版) */
  tts: TtsService
  /** periodic work, once per period across instances */
  scheduler: Scheduler
  /** the retention sweep (abandoned drafts and their files), as the scheduler runs it */
  retention: (now: Date) => Promise<{ drafts: number }>
  /** the first answers of requests sent with an Idempotency-Key (plugins/idempotency.ts) */
  idempotency: IdempotencyStore
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

/** a 身份证号 anywhere in a text (GB 11643: 17 digits and a check character), not inside a longer number */
const ID_NUMBER_ANYWHERE = /(?<![0-9])([1-9][0-9]{5})([0-9]{8})([0-9]{3}[0-9Xx])(?![0-9])/g

/** Every 身份证号 in a text masked as the app shows it (331102********0025): for log lines, URLs, error messages. */
export function maskIdNumbersIn(text: string): string {
  return text.replace(ID_NUMBER_ANYWHERE, (_m, head: string, _mid: string, tail: string) => `${head}${'*'.repeat(8)}${tail}`)
}

/**
 * A request URL for the logs: values of personal or secret query parameters replaced by [redacted], and any
 * 身份证号 left in the path or another parameter masked (percent-encoded ones too).
 */
export function redactUrl(url: string): string {
  let shown = url
  try {
    // an escaped 身份证号 (%33%33…) is shown decoded, so that it is masked too
    const decoded = decodeURI(url)
    if (maskIdNumbersIn(decoded) !== decoded) shown = decoded
  } catch {
    // a malformed escape: mask what is there
  }
  return maskIdNumbersIn(redactQuery(shown))
}

function redactQuery(url: string): string {
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
    // Fastify's request serializer, with the URL's personal query parameters redacted and 身份证号 masked; errors
    // (a route-not-found message repeats the URL) with 身份证号 masked in their message and stack
    serializers: {
      err: (err: Error) => {
        const out = pino.stdSerializers.err(err)
        return { ...out, message: maskIdNumbersIn(out.message ?? ''), stack: maskIdNumbersIn(out.stack ?? '') }
      },
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
  // the H5 app's refresh token travels in an HttpOnly cookie (routes/auth.ts)
  await app.register(cookie)
  if (demo.length) app.log.warn({ demo }, 'ALLOW_DEMO_ADAPTERS=true: embedded stand-ins in production; every answer says so')

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

    if (config.docs) await registerDocs(app)
    const clock = opts.clock ?? (() => new Date())
    const sms: SmsAdapter = config.sms.adapter === 'http' ? new HttpSmsAdapter(config.sms) : new EmbeddedSmsAdapter(db)
    const embeddedIdentity = new EmbeddedIdentityAdapter()
    const identity: IdentityAdapter = config.identity.adapter === 'http' ? new HttpIdentityAdapter(config.identity) : embeddedIdentity
    const auth = await AuthService.create({
      db,
      sms,
      identity,
      platformLogin: createPlatformLogin(config.platformLogin, embeddedIdentity),
      now: clock,
      tokenSecret: config.tokenSecret,
      smsPhoneDailyLimit: config.smsPhoneDailyLimit,
      smsIpHourlyLimit: config.smsIpHourlyLimit,
      log: app.log
    })
    registerAuth(app, auth)
    // before any route: routes that the app retries declare `config.idempotency` and get the claim as a preHandler
    const idempotency = new IdempotencyStore({ db, now: clock, address: config.port ? `${hostname()}:${config.port}` : null })
    await registerIdempotency(app, idempotency)
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
    const files = new StoredFiles({ db, storage, warn: (msg, err) => app.log.warn({ err }, msg) })
    const applyDeps = {
      access: family,
      files,
      otherDocuments: certificates,
      db,
      catalog,
      storage,
      dataSharing,
      agency,
      notifications,
      now: clock,
      defaultRegion: config.defaultRegion,
      publicBaseUrl: config.publicBaseUrl ?? `http://127.0.0.1:${config.port}`,
      log: app.log
    }
    const apply = new ApplyService(applyDeps)
    const caseSystem = createCaseSystem(config.caseSystem, { ...applyDeps, drafts: apply })
    // set below, once the staff accounts exist: a new manual case is assigned before its submit answers
    let assignment: AssignmentService | null = null
    const cases = withAssignment(caseSystem, () => assignment!)
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
    // 好差评, complaints, metrics. The sweep reminds unrated cases once and records default ratings; it runs
    // every 10 minutes here and before every read that depends on it (so a missed tick changes nothing)
    const evaluation = createEvaluationSystem(config.evaluationSystem, { db, storage, grants: family, notifications, now: clock, rectifyDays: config.evaluationRectifyDays })
    const complaints = createComplaintSystem(config.complaintSystem, {
      db,
      catalog,
      grants: family,
      notifications,
      now: clock,
      answerDays: config.complaintAnswerDays,
      defaultRegion: config.defaultRegion
    })
    const metrics = new MetricsService({ source: createMetricsSource(config.metricsSource, { db }), catalog, now: clock })
    // scheduled work runs once per period across all instances on the database
    const scheduler = new Scheduler({ db, now: clock, log: app.log })
    scheduler.every({ name: 'evaluation-sweep', periodMs: EVALUATION_SWEEP_MS, run: () => evaluation.sweep() })
    // merged case SMS: each instance sends its own on time; this sends what a stopped instance left behind
    scheduler.every({ name: 'sms-digest', periodMs: SMS_DIGEST_SWEEP_MS, run: () => notifications.flushDue() })
    // retention: drafts nobody touched for DRAFT_RETENTION_DAYS go with their files; expired throttle rows too
    scheduler.every({ name: 'retention', periodMs: RETENTION_SWEEP_MS, run: () => retention(clock()) })
    const throttles = new Throttles(db)
    const retention = async (now: Date): Promise<{ drafts: number }> => {
      const drafts = await apply.removeAbandonedDrafts(new Date(now.getTime() - config.draftRetentionDays * 86_400_000))
      await throttles.purge(now.getTime())
      if (drafts) app.log.info({ drafts }, 'abandoned drafts removed (DRAFT_RETENTION_DAYS)')
      return { drafts }
    }
    scheduler.every({ name: 'idempotency-purge', periodMs: IDEMPOTENCY_PURGE_MS, run: () => idempotency.purge() })
    app.addHook('onClose', async () => {
      scheduler.stop()
      notifications.stop()
    })
    // e-voucher and personal record: every read about a person goes through family (PersonAccess)
    const regions = catalogRegions(catalog)
    const evoucher = new EVoucherService({
      db,
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
    if (staff.source === 'none') app.log.info('STAFF_TOKEN is not set: staff accounts are opened by an administrator only (no bootstrap)')
    // staff accounts: one per person, argon2id + TOTP, tokens of their own; every staff request is audited
    const staffAccounts = new StaffAccounts({
      db,
      now: clock,
      tokenSecret: auth.tokens.secretForDerivation,
      regionName: (code) => {
        try {
          return catalog.region(code).fullName
        } catch {
          return code === '330000' ? '浙江省' : null
        }
      }
    })
    const ipHash = (ip: string): string => auth.tokens.hmac(`ip:${ip}`)
    registerStaffAuth(app, { accounts: staffAccounts, db, now: clock, ipHash })
    assignment = new AssignmentService({
      db,
      cases: caseSystem,
      accounts: staffAccounts,
      notifier: createStaffNotifier('embedded', { db }),
      now: clock,
      alertMinutes: config.unassignedAlertMinutes,
      regionName: (code) => {
        try {
          return catalog.region(code).fullName
        } catch {
          return code
        }
      },
      warn: (msg, err) => app.log.warn({ err }, msg)
    })
    const assigning = assignment
    scheduler.every({ name: 'assignment-sweep', periodMs: ASSIGNMENT_SWEEP_MS, run: () => assigning.sweep() })
    // the imported holiday arrangements count from the first request; warn while next year has none (due dates then
    // ignore 调休)
    const calendar = new CalendarService({ db, now: clock })
    for (const problem of await calendar.reload()) app.log.error({ problem }, 'a stored holiday calendar was not loaded')
    const calendarWarning = calendar.warning()
    if (calendarWarning) app.log.warn({ coverage: calendarCoverage(), nextYear: calendarSource(Number(shanghaiDate(clock()).slice(0, 4)) + 1) }, calendarWarning)
    // multipart bodies (uploads) only where they are taken: its request hooks would otherwise run on every route,
    // the catalog's included
    await app.register(async (uploads) => {
      await registerMultipart(uploads)
      await uploads.register(applyRoutes, { apply, cases, notifications, reminders, family })
      await uploads.register(evaluationRoutes, { evaluation, complaints, metrics })
    })
    await app.register(familyRoutes, { family })
    await app.register(accountRoutes, { accounts: new AccountService({ db, apply, now: clock }) })
    await app.register(evoucherRoutes, { evoucher, terminalKey: terminal.key, terminalKeyIsDevelopment: terminal.source === 'dev-file' })
    await app.register(recordRoutes, { record })
    await app.register(staffAccountRoutes, { accounts: staffAccounts, db, bootstrapToken: staff.token, bootstrapTokenIsDevelopment: staff.source === 'dev-file', ipHash })
    await app.register(staffRoutes, { cases, reminders, catalog, assignment })
    await app.register(staffEvaluationRoutes, { evaluation, complaints })
    await app.register(staffCalendarRoutes, { calendar })
    await app.register(staffAssignmentRoutes, { assignment })
    await app.register(staffWorkbenchRoutes, { workbench: new WorkbenchService({ cases, now: clock }) })
    // read-aloud (语音版): the embedded engine starts on the first request, in a worker thread
    const tts = new TtsService({
      adapter: createTtsAdapter('embedded'),
      db,
      dataDir: config.dataDir,
      now: clock,
      ipLimit: { count: config.ttsIpLimit, windowMs: TTS_IP_LIMIT.windowMs }
    })
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
      cases,
      assignment,
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
      staffAccounts,
      tts,
      scheduler,
      retention,
      idempotency
    })
  } catch (err) {
    await app.close()
    throw err
  }
  return app
}
