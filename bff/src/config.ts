import { isIP } from 'node:net'
import { resolve } from 'node:path'
import { z } from 'zod'

/**
 * The BFF's configuration, read once from the environment and validated.
 * A bad value stops the start with a message that names the variable (see `ConfigError`).
 */
const LOG_LEVELS = ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'] as const

export const EnvSchema = z.object({
  PORT: z.coerce
    .number({ invalid_type_error: 'must be a number' })
    .int('must be an integer')
    .min(0, 'must be between 0 and 65535')
    .max(65535, 'must be between 0 and 65535')
    .default(3000),
  /** loopback only by default: a laptop in a café must not offer the BFF to the whole network; 0.0.0.0 says so explicitly */
  HOST: z.string().min(1, 'must not be empty').default('127.0.0.1'),
  DATA_DIR: z.string().min(1, 'must not be empty').default('./data'),
  STATIC_DIR: z.string().min(1, 'must not be empty').default('./dist/h5'),
  /** where the built search index is kept between starts (services/search-index.ts); unset: DATA_DIR/search-index */
  SEARCH_INDEX_DIR: z.string().min(1, 'must not be empty').optional(),
  LOG_LEVEL: z.enum(LOG_LEVELS).default('info'),
  NODE_ENV: z.enum(['development', 'production', 'test']).default('development'),
  /** where the catalog comes from; only the embedded SQLite adapter exists so far */
  CATALOG_SOURCE: z.enum(['embedded']).default('embedded'),
  /** the agency's systems behind the BFF (README "Connecting an agency's own systems"): embedded stand-ins by default */
  CASE_SYSTEM: z.enum(['embedded', 'http'], { errorMap: () => ({ message: 'must be embedded or http' }) }).default('embedded'),
  CASE_SYSTEM_URL: z.string().url('must be a URL like https://jb.example.gov.cn/api/cases').optional(),
  CASE_SYSTEM_KEY: z.string().min(16, 'must be at least 16 characters').optional(),
  EVALUATION_SYSTEM: z.enum(['embedded']).default('embedded'),
  COMPLAINT_SYSTEM: z.enum(['embedded']).default('embedded'),
  METRICS_SOURCE: z.enum(['embedded']).default('embedded'),
  /** the window staff's bearer token for /api/v1/staff; without it a development token is made (never in production) */
  STAFF_TOKEN: z.string().min(16, 'must be at least 16 characters').optional(),
  /** the public address of this service, printed in the QR code of result documents */
  PUBLIC_BASE_URL: z.string().url('must be a URL like https://ybzsb.example.gov.cn').optional(),
  /** the region a draft is for when the app does not say (丽水市, the city of 001) */
  DEFAULT_REGION: z.string().regex(/^\d{6}$/, 'must be a 6-digit region code').default('331100'),
  /** HS256 key of access tokens; unset: one is generated once and kept in the database (shared by every instance) */
  TOKEN_SECRET: z.string().min(32, 'must be at least 32 characters').optional(),
  /** SMS sign-in codes a phone may receive per 24 hours, and a client IP per hour (against SMS bombing) */
  SMS_PHONE_DAILY_LIMIT: z.coerce.number({ invalid_type_error: 'must be a number' }).int('must be an integer').min(1, 'must be at least 1').default(10),
  SMS_IP_HOURLY_LIMIT: z.coerce.number({ invalid_type_error: 'must be a number' }).int('must be an integer').min(1, 'must be at least 1').default(30),
  /** working days staff have to rectify or explain a bad rating (差评整改, 000 §8.2.1), counted from the rating */
  EVALUATION_RECTIFY_DAYS: z.coerce.number({ invalid_type_error: 'must be a number' }).int('must be an integer').min(1, 'must be between 1 and 60').max(60, 'must be between 1 and 60').default(15),
  /** working days the agency has to answer a complaint (投诉, 003 §11.3; the seeds set no figure), counted from filing */
  COMPLAINT_ANSWER_DAYS: z.coerce.number({ invalid_type_error: 'must be a number' }).int('must be an integer').min(1, 'must be between 1 and 60').max(60, 'must be between 1 and 60').default(5),
  /** minutes a new manual case may wait unassigned before the 科长 of its region is alerted (001 §5.2.3.1) */
  UNASSIGNED_ALERT_MINUTES: z.coerce.number({ invalid_type_error: 'must be a number' }).int('must be an integer').min(1, 'must be between 1 and 1440').max(1440, 'must be between 1 and 1440').default(30),
  /** the key counters' scanners send as X-Terminal-Key to decode e-voucher codes; unset: a development key (never in production) */
  TERMINAL_KEY: z.string().min(16, 'must be at least 16 characters').optional(),
  /** the terminal TERMINAL_KEY belongs to, as the citizen's 使用记录 shows it: its id, institution and what it is for */
  TERMINAL_ID: z.string().trim().min(4, 'must be 4 to 32 characters').max(32, 'must be 4 to 32 characters').default('T000000000001'),
  TERMINAL_INSTITUTION: z.string().trim().min(2, 'must be 2 to 60 characters').max(60, 'must be 2 to 60 characters').default('医保经办机构服务窗口'),
  TERMINAL_KIND: z.enum(['registration', 'settlement', 'pharmacy'], { errorMap: () => ({ message: 'must be registration, settlement or pharmacy' }) }).default('settlement'),
  /** how long an e-voucher code lives (the app refreshes it before expiry) */
  EVOUCHER_TTL_SECONDS: z.coerce
    .number({ invalid_type_error: 'must be a number' })
    .int('must be an integer')
    .min(15, 'must be between 15 and 600')
    .max(600, 'must be between 15 and 600')
    .default(60),
  /**
   * behind reverse proxies: how many (a hop count, e.g. 1) or which (addresses/CIDRs, e.g. 10.0.0.5,10.0.1.0/24) may
   * tell the client IP in X-Forwarded-For (Fastify trustProxy). Never "every hop": a client could then forge its IP
   * past the per-IP SMS and read-aloud limits.
   */
  TRUST_PROXY: z
    .string()
    .refine((v) => v !== 'true', 'must be a hop count (e.g. 1) or the proxies\' addresses (e.g. 10.0.0.5,10.0.1.0/24), never true: "every hop" lets a client forge its IP past the per-IP limits')
    .refine((v) => v === 'true' || v === 'false' || /^\d{1,2}$/.test(v) || v.split(',').every((a) => isTrustedAddress(a.trim())), 'must be false, a hop count (1–99) or a comma-separated list of IP addresses or CIDR ranges')
    .default('false'),
  /** read-aloud syntheses one client IP may cause per 10 minutes (cached texts are free) */
  TTS_IP_LIMIT: z.coerce.number({ invalid_type_error: 'must be a number' }).int('must be an integer').min(1, 'must be between 1 and 10000').max(10_000, 'must be between 1 and 10000').default(60),
  /** /docs (OpenAPI) in production: off unless true (it maps every route for an attacker); always on outside production */
  DOCS: z.enum(['true', 'false'], { errorMap: () => ({ message: 'must be true or false' }) }).optional(),
  /** days an untouched draft and its files are kept before the scheduler removes them */
  DRAFT_RETENTION_DAYS: z.coerce.number({ invalid_type_error: 'must be a number' }).int('must be an integer').min(1, 'must be between 1 and 3650').max(3650, 'must be between 1 and 3650').default(90),
  /** production may run the embedded SMS / identity / platform-login stand-ins only when this says so (a demo) */
  ALLOW_DEMO_ADAPTERS: z.enum(['true', 'false'], { errorMap: () => ({ message: 'must be true or false' }) }).default('false'),
  /** who sends SMS: the embedded outbox (development), or the agency's SMS gateway over HTTP */
  SMS_ADAPTER: z.enum(['embedded', 'http'], { errorMap: () => ({ message: 'must be embedded or http' }) }).default('embedded'),
  SMS_GATEWAY_URL: z.string().url('must be a URL like https://sms.example.gov.cn/api/send').optional(),
  SMS_GATEWAY_KEY: z.string().min(16, 'must be at least 16 characters').optional(),
  /** who checks 实名认证: the embedded sample registry (development), or the agency's identity service over HTTP */
  IDENTITY_ADAPTER: z.enum(['embedded', 'http'], { errorMap: () => ({ message: 'must be embedded or http' }) }).default('embedded'),
  IDENTITY_GATEWAY_URL: z.string().url('must be a URL like https://idv.example.gov.cn/api/verify').optional(),
  IDENTITY_GATEWAY_KEY: z.string().min(16, 'must be at least 16 characters').optional(),
  /** mini-program sign-in: embedded (any code, development) or platform (WeChat code2session, Alipay oauth token) */
  PLATFORM_LOGIN: z.enum(['embedded', 'platform'], { errorMap: () => ({ message: 'must be embedded or platform' }) }).default('embedded'),
  WECHAT_APPID: z.string().regex(/^wx[0-9a-f]{16}$/, 'must be a mini-program AppID like wx0123456789abcdef').optional(),
  WECHAT_SECRET: z.string().min(16, 'must be at least 16 characters').optional(),
  /** the WeChat API's address (tests point it at a local fake) */
  WECHAT_API_BASE: z.string().url('must be a URL').default('https://api.weixin.qq.com'),
  ALIPAY_APP_ID: z.string().regex(/^\d{16}$/, 'must be a 16-digit Alipay AppID').optional(),
  /** PEM files: the app's RSA private key (signs requests, RSA2) and Alipay's public key (verifies answers) */
  ALIPAY_PRIVATE_KEY_FILE: z.string().min(1).optional(),
  ALIPAY_PUBLIC_KEY_FILE: z.string().min(1).optional(),
  ALIPAY_GATEWAY: z.string().url('must be a URL').default('https://openapi.alipay.com/gateway.do'),
  /** PostgreSQL instead of the embedded SQLite file (several instances on one database) */
  DATABASE_URL: z
    .string()
    .regex(/^postgres(ql)?:\/\//, 'must be a URL like postgres://user:password@host:5432/yb')
    .optional(),
  /** the PostgreSQL schema of the BFF's tables (default public); @data-dir: one schema per DATA_DIR (tests, demos) */
  DATABASE_SCHEMA: z
    .string()
    .regex(/^(@data-dir|[a-z_][a-z0-9_]{0,62})$/, 'must be a lower-case SQL name like yb, or @data-dir')
    .optional(),
  /** connections each instance keeps to PostgreSQL */
  DATABASE_POOL_SIZE: z.coerce.number({ invalid_type_error: 'must be a number' }).int('must be an integer').min(1, 'must be between 1 and 200').max(200, 'must be between 1 and 200').default(10),
  /** where uploads and result documents are kept: disk (DATA_DIR/files) or an S3-compatible object store */
  STORAGE: z.enum(['disk', 's3'], { errorMap: () => ({ message: 'must be disk or s3' }) }).default('disk'),
  /** with DATABASE_URL and STORAGE=disk: DATA_DIR/files is one folder every instance sees (a network mount), or only one instance runs */
  STORAGE_DISK_SHARED: z.enum(['true', 'false'], { errorMap: () => ({ message: 'must be true or false' }) }).default('false'),
  /** an S3-compatible store's address (MinIO, OSS/COS/OBS…); unset: AWS S3 */
  S3_ENDPOINT: z.string().regex(/^https?:\/\/[^\s/]+(\/\S*)?$/, 'must be a URL like http://minio:9000').optional(),
  S3_REGION: z.string().regex(/^[a-z0-9-]{1,40}$/, 'must be a region name like us-east-1').default('us-east-1'),
  /** required with STORAGE=s3 */
  S3_BUCKET: z.string().regex(/^[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]$/, 'must be a bucket name: 3-63 lower-case letters, digits, dots or hyphens').optional(),
  /** both or neither; neither: the AWS SDK's default credentials (AWS_* variables, instance role) */
  S3_ACCESS_KEY_ID: z.string().min(1, 'must not be empty').optional(),
  S3_SECRET_ACCESS_KEY: z.string().min(1, 'must not be empty').optional(),
  /** bucket in the path instead of the host name: true for MinIO and most self-hosted stores */
  S3_FORCE_PATH_STYLE: z.enum(['true', 'false'], { errorMap: () => ({ message: 'must be true or false' }) }).default('false'),
  /** a prefix of every object key, e.g. yb/files */
  S3_PREFIX: z.string().regex(/^[A-Za-z0-9!_.*'()/-]{1,200}$/, 'must be up to 200 letters, digits, slashes or !_.*\'()-').optional()
})

/** One TRUST_PROXY entry: an IPv4/IPv6 address, or one with a /prefix. */
function isTrustedAddress(a: string): boolean {
  const [ip, bits, extra] = a.split('/')
  if (extra !== undefined || !isIP(ip)) return false
  if (bits === undefined) return true
  const n = Number(bits)
  return /^\d{1,3}$/.test(bits) && n >= 0 && n <= (isIP(ip) === 4 ? 32 : 128)
}

export interface Config {
  port: number
  host: string
  /** absolute */
  dataDir: string
  /** absolute */
  staticDir: string
  /** absolute: where the built search index is kept between starts; null: <dataDir>/search-index */
  searchIndexDir: string | null
  logLevel: (typeof LOG_LEVELS)[number]
  nodeEnv: 'development' | 'production' | 'test'
  catalogSource: 'embedded'
  caseSystem: { adapter: 'embedded' } | { adapter: 'http'; url: string; key: string }
  evaluationSystem: 'embedded'
  complaintSystem: 'embedded'
  metricsSource: 'embedded'
  staffToken: string | null
  /** null: derived from the listening address */
  publicBaseUrl: string | null
  defaultRegion: string
  /** null: generated once and stored in the database */
  tokenSecret: string | null
  smsPhoneDailyLimit: number
  smsIpHourlyLimit: number
  evaluationRectifyDays: number
  complaintAnswerDays: number
  unassignedAlertMinutes: number
  /** null: a development key in the data folder, or none in production */
  terminalKey: string | null
  /** the terminal TERMINAL_KEY belongs to (more terminals are registered in the database: scripts/terminal.ts) */
  terminalInfo: { id: string; institutionName: string; kind: 'registration' | 'settlement' | 'pharmacy' }
  evoucherTtlSeconds: number
  /** Fastify trustProxy: false, a hop count, or the proxies' addresses — never true */
  trustProxy: false | number | string[]
  ttsIpLimit: number
  /** /docs served */
  docs: boolean
  draftRetentionDays: number
  allowDemoAdapters: boolean
  sms: { adapter: 'embedded' } | { adapter: 'http'; url: string; key: string }
  identity: { adapter: 'embedded' } | { adapter: 'http'; url: string; key: string }
  platformLogin:
    | { adapter: 'embedded' }
    | {
        adapter: 'platform'
        wechat: { appId: string; secret: string; apiBase: string } | null
        alipay: { appId: string; privateKeyFile: string; publicKeyFile: string; gateway: string } | null
      }
  /** null: SQLite in the data folder */
  databaseUrl: string | null
  databaseSchema: string
  databasePoolSize: number
  /** disk: DATA_DIR/files; s3: the object store in `s3` */
  storage: 'disk' | 's3'
  /** STORAGE_DISK_SHARED: DATA_DIR/files is seen by every instance on the database (or there is one instance) */
  storageDiskShared: boolean
  /** set when storage is s3 */
  s3: S3Config | null
}

export interface S3Config {
  /** null: AWS S3 */
  endpoint: string | null
  region: string
  bucket: string
  /** null (both): the AWS SDK's default credentials */
  accessKeyId: string | null
  secretAccessKey: string | null
  forcePathStyle: boolean
  /** '' or a prefix of every key */
  prefix: string
}

/**
 * In production the embedded stand-ins for SMS, 实名认证 and mini-program sign-in would let anyone sign in as anyone
 * (codes readable in an outbox, any name accepted, any platform code accepted). A production start with one of them is
 * refused, naming the variable that selects the real adapter, unless ALLOW_DEMO_ADAPTERS=true says it is a demo.
 */
export function demoAdapterProblems(c: Pick<Config, 'nodeEnv' | 'allowDemoAdapters' | 'sms' | 'identity' | 'platformLogin'>): string[] {
  if (c.nodeEnv !== 'production' || c.allowDemoAdapters) return []
  const out: string[] = []
  if (c.sms.adapter === 'embedded') {
    out.push('SMS_ADAPTER=embedded: the embedded SMS adapter only keeps an outbox; set SMS_ADAPTER=http with SMS_GATEWAY_URL and SMS_GATEWAY_KEY (or ALLOW_DEMO_ADAPTERS=true for a demonstration)')
  }
  if (c.identity.adapter === 'embedded') {
    out.push('IDENTITY_ADAPTER=embedded: the embedded identity adapter confirms any unregistered 身份证号; set IDENTITY_ADAPTER=http with IDENTITY_GATEWAY_URL and IDENTITY_GATEWAY_KEY (or ALLOW_DEMO_ADAPTERS=true)')
  }
  if (c.platformLogin.adapter === 'embedded') {
    out.push('PLATFORM_LOGIN=embedded: the embedded platform login accepts any code; set PLATFORM_LOGIN=platform with WECHAT_APPID/WECHAT_SECRET and/or ALIPAY_APP_ID/ALIPAY_PRIVATE_KEY_FILE/ALIPAY_PUBLIC_KEY_FILE (or ALLOW_DEMO_ADAPTERS=true)')
  }
  return out
}

/** the adapters that are embedded stand-ins (for the demo warning header) */
export function demoAdapters(c: Pick<Config, 'sms' | 'identity' | 'platformLogin'>): string[] {
  return [
    ...(c.sms.adapter === 'embedded' ? ['sms'] : []),
    ...(c.identity.adapter === 'embedded' ? ['identity'] : []),
    ...(c.platformLogin.adapter === 'embedded' ? ['platform-login'] : [])
  ]
}

export class ConfigError extends Error {
  constructor(readonly problems: string[]) {
    super(`Invalid environment for the BFF (环境变量配置有误):\n${problems.map((p) => `  - ${p}`).join('\n')}`)
    this.name = 'ConfigError'
  }
}

/** Empty strings count as unset, so `PORT= npm start` means the default, not an error. */
function withoutEmpty(env: NodeJS.ProcessEnv): Record<string, string> {
  const out: Record<string, string> = {}
  for (const key of Object.keys(EnvSchema.shape)) {
    const v = env[key]
    if (v !== undefined && v.trim() !== '') out[key] = v.trim()
  }
  return out
}

export function loadConfig(env: NodeJS.ProcessEnv = process.env, cwd: string = process.cwd()): Config {
  const parsed = EnvSchema.safeParse(withoutEmpty(env))
  if (!parsed.success) {
    throw new ConfigError(
      parsed.error.issues.map((i) => {
        const key = String(i.path[0] ?? '?')
        return `${key}=${JSON.stringify(env[key] ?? '')}: ${i.message}`
      })
    )
  }
  const e = parsed.data
  const storageProblems: string[] = []
  if (e.STORAGE === 's3' && !e.S3_BUCKET) storageProblems.push('S3_BUCKET="": must be set when STORAGE=s3')
  if (!e.S3_ACCESS_KEY_ID !== !e.S3_SECRET_ACCESS_KEY) {
    storageProblems.push('S3_ACCESS_KEY_ID/S3_SECRET_ACCESS_KEY: set both or neither')
  }
  if (e.SMS_ADAPTER === 'http' && (!e.SMS_GATEWAY_URL || !e.SMS_GATEWAY_KEY)) storageProblems.push('SMS_GATEWAY_URL/SMS_GATEWAY_KEY: both must be set when SMS_ADAPTER=http')
  if (e.CASE_SYSTEM === 'http' && (!e.CASE_SYSTEM_URL || !e.CASE_SYSTEM_KEY)) storageProblems.push('CASE_SYSTEM_URL/CASE_SYSTEM_KEY: both must be set when CASE_SYSTEM=http')
  if (e.IDENTITY_ADAPTER === 'http' && (!e.IDENTITY_GATEWAY_URL || !e.IDENTITY_GATEWAY_KEY)) {
    storageProblems.push('IDENTITY_GATEWAY_URL/IDENTITY_GATEWAY_KEY: both must be set when IDENTITY_ADAPTER=http')
  }
  const wechat = e.WECHAT_APPID && e.WECHAT_SECRET ? { appId: e.WECHAT_APPID, secret: e.WECHAT_SECRET, apiBase: e.WECHAT_API_BASE.replace(/\/+$/, '') } : null
  const alipay =
    e.ALIPAY_APP_ID && e.ALIPAY_PRIVATE_KEY_FILE && e.ALIPAY_PUBLIC_KEY_FILE
      ? { appId: e.ALIPAY_APP_ID, privateKeyFile: resolve(cwd, e.ALIPAY_PRIVATE_KEY_FILE), publicKeyFile: resolve(cwd, e.ALIPAY_PUBLIC_KEY_FILE), gateway: e.ALIPAY_GATEWAY }
      : null
  if (!e.WECHAT_APPID !== !e.WECHAT_SECRET) storageProblems.push('WECHAT_APPID/WECHAT_SECRET: set both or neither')
  if (e.PLATFORM_LOGIN === 'platform' && !wechat && !alipay) {
    storageProblems.push('PLATFORM_LOGIN=platform: set WECHAT_APPID + WECHAT_SECRET, and/or ALIPAY_APP_ID + ALIPAY_PRIVATE_KEY_FILE + ALIPAY_PUBLIC_KEY_FILE')
  }
  storageProblems.push(...sharedStorageProblems({ databaseUrl: e.DATABASE_URL ?? null, storage: e.STORAGE, storageDiskShared: e.STORAGE_DISK_SHARED === 'true' }))
  if (storageProblems.length) throw new ConfigError(storageProblems)
  const config: Config = {
    port: e.PORT,
    host: e.HOST,
    dataDir: resolve(cwd, e.DATA_DIR),
    staticDir: resolve(cwd, e.STATIC_DIR),
    searchIndexDir: e.SEARCH_INDEX_DIR ? resolve(cwd, e.SEARCH_INDEX_DIR) : null,
    logLevel: e.LOG_LEVEL,
    nodeEnv: e.NODE_ENV,
    catalogSource: e.CATALOG_SOURCE,
    caseSystem: e.CASE_SYSTEM === 'http' ? { adapter: 'http', url: e.CASE_SYSTEM_URL!.replace(/\/+$/, ''), key: e.CASE_SYSTEM_KEY! } : { adapter: 'embedded' },
    evaluationSystem: e.EVALUATION_SYSTEM,
    complaintSystem: e.COMPLAINT_SYSTEM,
    metricsSource: e.METRICS_SOURCE,
    staffToken: e.STAFF_TOKEN ?? null,
    publicBaseUrl: e.PUBLIC_BASE_URL ? e.PUBLIC_BASE_URL.replace(/\/+$/, '') : null,
    defaultRegion: e.DEFAULT_REGION,
    tokenSecret: e.TOKEN_SECRET ?? null,
    smsPhoneDailyLimit: e.SMS_PHONE_DAILY_LIMIT,
    smsIpHourlyLimit: e.SMS_IP_HOURLY_LIMIT,
    evaluationRectifyDays: e.EVALUATION_RECTIFY_DAYS,
    complaintAnswerDays: e.COMPLAINT_ANSWER_DAYS,
    unassignedAlertMinutes: e.UNASSIGNED_ALERT_MINUTES,
    terminalKey: e.TERMINAL_KEY ?? null,
    terminalInfo: { id: e.TERMINAL_ID, institutionName: e.TERMINAL_INSTITUTION, kind: e.TERMINAL_KIND },
    evoucherTtlSeconds: e.EVOUCHER_TTL_SECONDS,
    trustProxy: e.TRUST_PROXY === 'false' ? false : /^\d+$/.test(e.TRUST_PROXY) ? Number(e.TRUST_PROXY) : e.TRUST_PROXY.split(',').map((a) => a.trim()),
    ttsIpLimit: e.TTS_IP_LIMIT,
    docs: e.NODE_ENV !== 'production' || e.DOCS === 'true',
    draftRetentionDays: e.DRAFT_RETENTION_DAYS,
    allowDemoAdapters: e.ALLOW_DEMO_ADAPTERS === 'true',
    sms: e.SMS_ADAPTER === 'http' ? { adapter: 'http', url: e.SMS_GATEWAY_URL!, key: e.SMS_GATEWAY_KEY! } : { adapter: 'embedded' },
    identity: e.IDENTITY_ADAPTER === 'http' ? { adapter: 'http', url: e.IDENTITY_GATEWAY_URL!, key: e.IDENTITY_GATEWAY_KEY! } : { adapter: 'embedded' },
    platformLogin: e.PLATFORM_LOGIN === 'platform' ? { adapter: 'platform', wechat, alipay } : { adapter: 'embedded' },
    databaseUrl: e.DATABASE_URL ?? null,
    databaseSchema: e.DATABASE_SCHEMA ?? 'public',
    databasePoolSize: e.DATABASE_POOL_SIZE,
    storage: e.STORAGE,
    storageDiskShared: e.STORAGE_DISK_SHARED === 'true',
    s3:
      e.STORAGE === 's3' && e.S3_BUCKET
        ? {
            endpoint: e.S3_ENDPOINT ?? null,
            region: e.S3_REGION,
            bucket: e.S3_BUCKET,
            accessKeyId: e.S3_ACCESS_KEY_ID ?? null,
            secretAccessKey: e.S3_SECRET_ACCESS_KEY ?? null,
            forcePathStyle: e.S3_FORCE_PATH_STYLE === 'true',
            prefix: e.S3_PREFIX ?? ''
          }
        : null
  }
  const demo = demoAdapterProblems(config)
  if (demo.length) throw new ConfigError(demo)
  return config
}

/**
 * A database several instances share (DATABASE_URL) with files on this machine's disk would split the files: an
 * upload or a result document kept by instance A is missing on instance B. So that combination needs the disk
 * declared shared (a network mount every instance sees, or a deployment of one instance); else the BFF does not start.
 */
export function sharedStorageProblems(c: Pick<Config, 'databaseUrl' | 'storage' | 'storageDiskShared'>): string[] {
  if (!c.databaseUrl || c.storage !== 'disk' || c.storageDiskShared) return []
  return [
    'DATABASE_URL with STORAGE=disk: several instances on this database would each keep files in their own DATA_DIR/files, ' +
      'so a file stored by one is missing on another. Set STORAGE=s3 (with S3_BUCKET…), or STORAGE_DISK_SHARED=true when ' +
      'DATA_DIR/files is a network folder every instance sees or only one instance runs ' +
      '(多实例共用数据库时，文件须存放在共享存储：请设置 STORAGE=s3，或在 DATA_DIR/files 为共享目录、仅运行一个实例时设置 STORAGE_DISK_SHARED=true)'
  ]
}
