import { ConfigError, loadConfig } from '../src/config'

describe('config from the environment', () => {
  it('has the documented defaults, with folders resolved against the working directory', () => {
    expect(loadConfig({}, '/srv/yb')).toEqual({
      port: 3000,
      // loopback unless HOST says otherwise: `npm start` on a laptop in a café is not offered to the network
      host: '127.0.0.1',
      dataDir: '/srv/yb/data',
      staticDir: '/srv/yb/dist/h5',
      searchIndexDir: null,
      logLevel: 'info',
      nodeEnv: 'development',
      catalogSource: 'embedded',
      caseSystem: { adapter: 'embedded' },
      evaluationSystem: 'embedded',
      complaintSystem: 'embedded',
      metricsSource: 'embedded',
      staffToken: null,
      publicBaseUrl: null,
      defaultRegion: '331100',
      tokenSecret: null,
      smsPhoneDailyLimit: 10,
      smsIpHourlyLimit: 30,
      evaluationRectifyDays: 15,
      complaintAnswerDays: 5,
      terminalKey: null,
      terminalInfo: { id: 'T000000000001', institutionName: '医保经办机构服务窗口', kind: 'settlement' },
      evoucherTtlSeconds: 60,
      trustProxy: false,
      ttsIpLimit: 60,
      unassignedAlertMinutes: 30,
      docs: true,
      draftRetentionDays: 90,
      allowDemoAdapters: false,
      sms: { adapter: 'embedded' },
      identity: { adapter: 'embedded' },
      platformLogin: { adapter: 'embedded' },
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
      { PORT: '8080', HOST: '127.0.0.1', DATA_DIR: '/var/yb', STATIC_DIR: 'web', SEARCH_INDEX_DIR: 'index', LOG_LEVEL: 'warn', NODE_ENV: 'production', CATALOG_SOURCE: 'embedded',
        CASE_SYSTEM: 'http', CASE_SYSTEM_URL: 'https://jb.example.gov.cn/api/', CASE_SYSTEM_KEY: 'case-system-key-0123', EVALUATION_SYSTEM: 'embedded',
        STAFF_TOKEN: 'staff-token-0123456789', PUBLIC_BASE_URL: 'https://ybzsb.example.gov.cn/', DEFAULT_REGION: '331121', TRUST_PROXY: '10.0.0.5, 10.0.1.0/24',
        TTS_IP_LIMIT: '30', DRAFT_RETENTION_DAYS: '30', ALLOW_DEMO_ADAPTERS: 'true', DOCS: 'true',
        EVALUATION_RECTIFY_DAYS: '10', COMPLAINT_ANSWER_DAYS: '7', UNASSIGNED_ALERT_MINUTES: '45', TERMINAL_KEY: 'terminal-key-0123456789', EVOUCHER_TTL_SECONDS: '90',
        DATABASE_URL: 'postgres://yb:secret@db.internal:5432/yb', DATABASE_SCHEMA: 'yb_lishui', DATABASE_POOL_SIZE: '20', STORAGE_DISK_SHARED: 'true' },
      '/srv/yb'
    )
    expect(c).toEqual({
      port: 8080,
      host: '127.0.0.1',
      dataDir: '/var/yb',
      staticDir: '/srv/yb/web',
      searchIndexDir: '/srv/yb/index',
      logLevel: 'warn',
      nodeEnv: 'production',
      catalogSource: 'embedded',
      caseSystem: { adapter: 'http', url: 'https://jb.example.gov.cn/api', key: 'case-system-key-0123' },
      evaluationSystem: 'embedded',
      complaintSystem: 'embedded',
      metricsSource: 'embedded',
      staffToken: 'staff-token-0123456789',
      publicBaseUrl: 'https://ybzsb.example.gov.cn',
      defaultRegion: '331121',
      tokenSecret: null,
      smsPhoneDailyLimit: 10,
      smsIpHourlyLimit: 30,
      evaluationRectifyDays: 10,
      complaintAnswerDays: 7,
      terminalKey: 'terminal-key-0123456789',
      terminalInfo: { id: 'T000000000001', institutionName: '医保经办机构服务窗口', kind: 'settlement' },
      evoucherTtlSeconds: 90,
      trustProxy: ['10.0.0.5', '10.0.1.0/24'],
      ttsIpLimit: 30,
      unassignedAlertMinutes: 45,
      docs: true,
      draftRetentionDays: 30,
      allowDemoAdapters: true,
      sms: { adapter: 'embedded' },
      identity: { adapter: 'embedded' },
      platformLogin: { adapter: 'embedded' },
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
    [{ CASE_SYSTEM: 'http' }, /CASE_SYSTEM_URL\/CASE_SYSTEM_KEY: both must be set when CASE_SYSTEM=http/],
    [{ STAFF_TOKEN: 'short' }, /STAFF_TOKEN="short": must be at least 16 characters/],
    [{ PUBLIC_BASE_URL: 'not a url' }, /PUBLIC_BASE_URL/],
    [{ DEFAULT_REGION: '3311' }, /DEFAULT_REGION="3311": must be a 6-digit region code/],
    [{ TRUST_PROXY: 'yes' }, /TRUST_PROXY="yes": must be false, a hop count/],
    // "every hop" would let a client forge its IP past the per-IP limits
    [{ TRUST_PROXY: 'true' }, /TRUST_PROXY="true": must be a hop count \(e.g. 1\) or the proxies' addresses/],
    [{ TRUST_PROXY: '10.0.0.5,10.0.0.0/33' }, /TRUST_PROXY/],
    [{ DRAFT_RETENTION_DAYS: '0' }, /DRAFT_RETENTION_DAYS="0": must be between 1 and 3650/],
    [{ SMS_ADAPTER: 'http' }, /SMS_GATEWAY_URL\/SMS_GATEWAY_KEY: both must be set when SMS_ADAPTER=http/],
    [{ PLATFORM_LOGIN: 'platform' }, /PLATFORM_LOGIN=platform: set WECHAT_APPID/],
    [{ WECHAT_APPID: 'wx123' }, /WECHAT_APPID="wx123"/],
    [{ EVALUATION_RECTIFY_DAYS: '0' }, /EVALUATION_RECTIFY_DAYS="0": must be between 1 and 60/],
    [{ COMPLAINT_ANSWER_DAYS: '2.5' }, /COMPLAINT_ANSWER_DAYS="2.5": must be an integer/],
    [{ UNASSIGNED_ALERT_MINUTES: '0' }, /UNASSIGNED_ALERT_MINUTES="0": must be between 1 and 1440/],
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

  it('takes a hop count or a list of addresses for TRUST_PROXY', () => {
    expect(loadConfig({ TRUST_PROXY: '1' }, '/x').trustProxy).toBe(1)
    expect(loadConfig({ TRUST_PROXY: '::1,127.0.0.1/8' }, '/x').trustProxy).toEqual(['::1', '127.0.0.1/8'])
    expect(loadConfig({ TRUST_PROXY: 'false' }, '/x').trustProxy).toBe(false)
  })

  it('refuses a production start on embedded SMS, identity or platform-login adapters, naming the variables', () => {
    const problems = (env: NodeJS.ProcessEnv): string[] => {
      try {
        loadConfig(env, '/x')
        return []
      } catch (err) {
        return (err as ConfigError).problems
      }
    }
    const all = problems({ NODE_ENV: 'production' })
    expect(all).toHaveLength(3)
    expect(all.join('\n')).toMatch(/SMS_ADAPTER=embedded.*SMS_ADAPTER=http/)
    expect(all.join('\n')).toMatch(/IDENTITY_ADAPTER=embedded.*IDENTITY_ADAPTER=http/)
    expect(all.join('\n')).toMatch(/PLATFORM_LOGIN=embedded.*PLATFORM_LOGIN=platform/)
    const real = {
      NODE_ENV: 'production',
      SMS_ADAPTER: 'http', SMS_GATEWAY_URL: 'https://sms.example.gov.cn/send', SMS_GATEWAY_KEY: 'sms-key-0123456789abcdef',
      IDENTITY_ADAPTER: 'http', IDENTITY_GATEWAY_URL: 'https://idv.example.gov.cn/verify', IDENTITY_GATEWAY_KEY: 'idv-key-0123456789abcdef',
      PLATFORM_LOGIN: 'platform', WECHAT_APPID: 'wx0123456789abcdef', WECHAT_SECRET: 'secret-0123456789abcdef'
    }
    expect(problems(real)).toEqual([])
    expect(problems({ ...real, SMS_ADAPTER: 'embedded' })).toEqual([expect.stringMatching(/^SMS_ADAPTER=embedded/)])
    // a demonstration says so explicitly
    expect(problems({ NODE_ENV: 'production', ALLOW_DEMO_ADAPTERS: 'true' })).toEqual([])
    // /docs is off in production unless DOCS=true
    expect(loadConfig({ ...real }, '/x').docs).toBe(false)
    expect(loadConfig({ ...real, DOCS: 'true' }, '/x').docs).toBe(true)
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
