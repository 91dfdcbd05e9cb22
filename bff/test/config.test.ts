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
      trustProxy: false
    })
  })

  it('reads every variable, and treats empty ones as unset', () => {
    const c = loadConfig(
      { PORT: '8080', HOST: '127.0.0.1', DATA_DIR: '/var/yb', STATIC_DIR: 'web', LOG_LEVEL: 'warn', NODE_ENV: 'production', CATALOG_SOURCE: 'embedded',
        STAFF_TOKEN: 'staff-token-0123456789', PUBLIC_BASE_URL: 'https://ybzsb.example.gov.cn/', DEFAULT_REGION: '331121', TRUST_PROXY: 'true' },
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
      trustProxy: true
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
    [{ TRUST_PROXY: 'yes' }, /TRUST_PROXY="yes": must be true or false/]
  ])('stops with a clear ConfigError for %p', (env, pattern) => {
    expect(() => loadConfig(env, '/x')).toThrow(ConfigError)
    expect(() => loadConfig(env, '/x')).toThrow(pattern)
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
