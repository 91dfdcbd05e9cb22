import { ConfigError, loadConfig } from '../src/config'

describe('config from the environment', () => {
  it('has the documented defaults, with folders resolved against the working directory', () => {
    expect(loadConfig({}, '/srv/yb')).toEqual({
      port: 3000,
      host: '0.0.0.0',
      dataDir: '/srv/yb/data',
      staticDir: '/srv/yb/dist/h5',
      logLevel: 'info',
      nodeEnv: 'development',
      catalogSource: 'embedded',
      staffToken: null,
      publicBaseUrl: null,
      defaultRegion: '331100',
      tokenSecret: null,
      smsPhoneDailyLimit: 10,
      smsIpHourlyLimit: 30,
      evaluationRectifyDays: 15,
      complaintAnswerDays: 5,
      terminalKey: null,
      evoucherTtlSeconds: 60,
      trustProxy: false,
      databaseUrl: null,
      databaseSchema: 'public',
      databasePoolSize: 10,
      storage: 'disk',
      storageDiskShared: false,
      s3: null
    })
  })

  it('reads every variable, and treats empty ones as unset', () => {
    const c = loadConfig(
      { PORT: '8080', HOST: '127.0.0.1', DATA_DIR: '/var/yb', STATIC_DIR: 'web', LOG_LEVEL: 'warn', NODE_ENV: 'production', CATALOG_SOURCE: 'embedded',
        STAFF_TOKEN: 'staff-token-0123456789', PUBLIC_BASE_URL: 'https://ybzsb.example.gov.cn/', DEFAULT_REGION: '331121', TRUST_PROXY: 'true',
        EVALUATION_RECTIFY_DAYS: '10', COMPLAINT_ANSWER_DAYS: '7', TERMINAL_KEY: 'terminal-key-0123456789', EVOUCHER_TTL_SECONDS: '90',
        DATABASE_URL: 'postgres://yb:secret@db.internal:5432/yb', DATABASE_SCHEMA: 'yb_lishui', DATABASE_POOL_SIZE: '20', STORAGE_DISK_SHARED: 'true' },
      '/srv/yb'
    )
    expect(c).toEqual({
      port: 8080,
      host: '127.0.0.1',
      dataDir: '/var/yb',
      staticDir: '/srv/yb/web',
      logLevel: 'warn',
      nodeEnv: 'production',
      catalogSource: 'embedded',
      staffToken: 'staff-token-0123456789',
      publicBaseUrl: 'https://ybzsb.example.gov.cn',
      defaultRegion: '331121',
      tokenSecret: null,
      smsPhoneDailyLimit: 10,
      smsIpHourlyLimit: 30,
      evaluationRectifyDays: 10,
      complaintAnswerDays: 7,
      terminalKey: 'terminal-key-0123456789',
      evoucherTtlSeconds: 90,
      trustProxy: true,
      databaseUrl: 'postgres://yb:secret@db.internal:5432/yb',
      databaseSchema: 'yb_lishui',
      databasePoolSize: 20,
      storage: 'disk',
      storageDiskShared: true,
      s3: null
    })
    expect(loadConfig({ PORT: '', LOG_LEVEL: '  ' }, '/x')).toMatchObject({ port: 3000, logLevel: 'info' })
  })

  it.each([
    [{ PORT: 'abc' }, /PORT="abc"/],
    [{ PORT: '70000' }, /PORT="70000": must be between 0 and 65535/],
    [{ PORT: '30.5' }, /PORT/],
    [{ LOG_LEVEL: 'loud' }, /LOG_LEVEL="loud"/],
    [{ NODE_ENV: 'staging' }, /NODE_ENV/],
    [{ CATALOG_SOURCE: 'provincial' }, /CATALOG_SOURCE="provincial"/],
    [{ STAFF_TOKEN: 'short' }, /STAFF_TOKEN="short": must be at least 16 characters/],
    [{ PUBLIC_BASE_URL: 'not a url' }, /PUBLIC_BASE_URL/],
    [{ DEFAULT_REGION: '3311' }, /DEFAULT_REGION="3311": must be a 6-digit region code/],
    [{ TRUST_PROXY: 'yes' }, /TRUST_PROXY="yes": must be true or false/],
    [{ EVALUATION_RECTIFY_DAYS: '0' }, /EVALUATION_RECTIFY_DAYS="0": must be between 1 and 60/],
    [{ COMPLAINT_ANSWER_DAYS: '2.5' }, /COMPLAINT_ANSWER_DAYS="2.5": must be an integer/],
    [{ TERMINAL_KEY: 'short' }, /TERMINAL_KEY="short": must be at least 16 characters/],
    [{ EVOUCHER_TTL_SECONDS: '5' }, /EVOUCHER_TTL_SECONDS="5": must be between 15 and 600/],
    [{ EVOUCHER_TTL_SECONDS: 'soon' }, /EVOUCHER_TTL_SECONDS="soon": must be a number/],
    [{ DATABASE_URL: 'mysql://db/yb' }, /DATABASE_URL="mysql:\/\/db\/yb": must be a URL like postgres:\/\//],
    [{ DATABASE_SCHEMA: 'Drop Table' }, /DATABASE_SCHEMA="Drop Table": must be a lower-case SQL name/],
    [{ DATABASE_POOL_SIZE: '0' }, /DATABASE_POOL_SIZE="0": must be between 1 and 200/],
    [{ STORAGE_DISK_SHARED: 'yes' }, /STORAGE_DISK_SHARED="yes": must be true or false/]
  ])('stops with a clear ConfigError for %p', (env, pattern) => {
    expect(() => loadConfig(env, '/x')).toThrow(ConfigError)
    expect(() => loadConfig(env, '/x')).toThrow(pattern)
  })

  it('refuses a shared database with files on this machine’s disk unless the disk is declared shared', () => {
    const db = { DATABASE_URL: 'postgres://yb@db.internal/yb' }
    expect(() => loadConfig(db, '/x')).toThrow(ConfigError)
    expect(() => loadConfig(db, '/x')).toThrow(/DATABASE_URL with STORAGE=disk.*STORAGE=s3.*STORAGE_DISK_SHARED=true/s)
    expect(loadConfig({ ...db, STORAGE_DISK_SHARED: 'true' }, '/x')).toMatchObject({ storage: 'disk', storageDiskShared: true })
    expect(loadConfig({ ...db, STORAGE: 's3', S3_BUCKET: 'yb-files' }, '/x')).toMatchObject({ storage: 's3' })
    // SQLite (one instance, one folder) needs no declaration
    expect(loadConfig({}, '/x')).toMatchObject({ storage: 'disk', storageDiskShared: false })
  })

  it('lists every bad variable at once', () => {
    try {
      loadConfig({ PORT: '-1', LOG_LEVEL: 'loud' }, '/x')
      throw new Error('expected a ConfigError')
    } catch (err) {
      expect(err).toBeInstanceOf(ConfigError)
      expect((err as ConfigError).problems).toHaveLength(2)
    }
  })
})
