import { createHash } from 'node:crypto'
import { existsSync, rmSync } from 'node:fs'
import { join } from 'node:path'
import { createStorage } from '../../src/adapters/storage'
import { ConfigError, loadConfig } from '../../src/config'
import { tempDir } from '../helpers'
import { S3RVER_CREDENTIALS, startS3 } from '../../../scripts/s3rver'

/** STORAGE / S3_* variables, and `createStorage` picking the adapter they name. */
describe('storage configuration', () => {
  it('defaults to the disk', () => {
    const c = loadConfig({}, '/srv/yb')
    expect(c.storage).toBe('disk')
    expect(c.s3).toBeNull()
  })

  it('reads every S3 variable', () => {
    const c = loadConfig({
      STORAGE: 's3',
      S3_ENDPOINT: 'http://minio:9000',
      S3_REGION: 'cn-east-1',
      S3_BUCKET: 'yb-files',
      S3_ACCESS_KEY_ID: 'minio',
      S3_SECRET_ACCESS_KEY: 'minio-secret',
      S3_FORCE_PATH_STYLE: 'true',
      S3_PREFIX: 'lishui/uploads'
    })
    expect(c.storage).toBe('s3')
    expect(c.s3).toEqual({
      endpoint: 'http://minio:9000',
      region: 'cn-east-1',
      bucket: 'yb-files',
      accessKeyId: 'minio',
      secretAccessKey: 'minio-secret',
      forcePathStyle: true,
      prefix: 'lishui/uploads'
    })
  })

  it('AWS S3 with the default credentials: only STORAGE and S3_BUCKET', () => {
    expect(loadConfig({ STORAGE: 's3', S3_BUCKET: 'yb-files' }).s3).toEqual({
      endpoint: null,
      region: 'us-east-1',
      bucket: 'yb-files',
      accessKeyId: null,
      secretAccessKey: null,
      forcePathStyle: false,
      prefix: ''
    })
  })

  function problems(env: Record<string, string>): string[] {
    try {
      loadConfig(env)
    } catch (err) {
      expect(err).toBeInstanceOf(ConfigError)
      return (err as ConfigError).problems
    }
    throw new Error('expected a ConfigError')
  }

  it('names what is wrong', () => {
    expect(problems({ STORAGE: 's3' })).toEqual(['S3_BUCKET="": must be set when STORAGE=s3'])
    expect(problems({ STORAGE: 'oss' })).toEqual(['STORAGE="oss": must be disk or s3'])
    expect(problems({ STORAGE: 's3', S3_BUCKET: 'b1x', S3_ENDPOINT: 'minio:9000' })).toEqual([
      'S3_ENDPOINT="minio:9000": must be a URL like http://minio:9000'
    ])
    expect(problems({ STORAGE: 's3', S3_BUCKET: 'Yb_Files' })[0]).toMatch(/^S3_BUCKET="Yb_Files": must be a bucket name/)
    expect(problems({ STORAGE: 's3', S3_BUCKET: 'yb-files', S3_ACCESS_KEY_ID: 'minio' })).toEqual([
      'S3_ACCESS_KEY_ID/S3_SECRET_ACCESS_KEY: set both or neither'
    ])
    expect(problems({ STORAGE: 's3', S3_BUCKET: 'yb-files', S3_FORCE_PATH_STYLE: 'yes' })).toEqual([
      'S3_FORCE_PATH_STYLE="yes": must be true or false'
    ])
    expect(problems({ S3_PREFIX: 'a b' })[0]).toMatch(/^S3_PREFIX="a b": must be/)
  })
})

describe('createStorage', () => {
  it('disk: files under DATA_DIR/files', async () => {
    const dataDir = tempDir('yb-create-')
    try {
      const storage = createStorage({ ...loadConfig({}), dataDir })
      const { key } = await storage.put(Buffer.from('磁盘'))
      expect(existsSync(join(dataDir, 'files', key.slice(0, 2), key.slice(2, 4), key))).toBe(true)
    } finally {
      rmSync(dataDir, { recursive: true, force: true })
    }
  })

  it('s3: objects in the configured bucket, nothing on the disk', async () => {
    const s3 = await startS3('yb-files')
    const dataDir = tempDir('yb-create-')
    try {
      const config = loadConfig({
        STORAGE: 's3',
        S3_ENDPOINT: s3.endpoint,
        S3_BUCKET: 'yb-files',
        S3_ACCESS_KEY_ID: S3RVER_CREDENTIALS.accessKeyId,
        S3_SECRET_ACCESS_KEY: S3RVER_CREDENTIALS.secretAccessKey,
        S3_FORCE_PATH_STYLE: 'true',
        S3_PREFIX: 'uploads'
      })
      const storage = createStorage({ ...config, dataDir })
      const bytes = Buffer.from('对象存储')
      const { key } = await storage.put(bytes)
      expect(key).toBe(createHash('sha256').update(bytes).digest('hex'))
      expect(s3.requests.filter((r) => r.method === 'PUT').map((r) => r.path)).toEqual([`/yb-files/uploads/${key}`])
      expect((await storage.get(key))?.equals(bytes)).toBe(true)
      expect(existsSync(join(dataDir, 'files'))).toBe(false)
    } finally {
      await s3.cleanup()
      rmSync(dataDir, { recursive: true, force: true })
    }
  })
})
