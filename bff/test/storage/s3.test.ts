import { createHash } from 'node:crypto'
import { ListObjectsV2Command, S3Client } from '@aws-sdk/client-s3'
import { ErrorCode } from '../../../contract/common'
import { createS3Storage, normalizePrefix, type S3StorageOptions } from '../../src/adapters/storage/s3'
import { AppError } from '../../src/errors'
import { S3RVER_CREDENTIALS, startS3, type S3TestServer } from '../../../scripts/s3rver'

/**
 * The S3 adapter against a real S3-protocol server (s3rver on a free port, objects in a temp folder): the requests
 * the AWS SDK sends are the ones an S3-compatible store receives in production.
 */
const sha256 = (b: Buffer): string => createHash('sha256').update(b).digest('hex')

let s3: S3TestServer
beforeEach(async () => {
  s3 = await startS3()
})
afterEach(async () => {
  await s3.cleanup()
})

function storage(extra: Partial<S3StorageOptions> = {}) {
  return createS3Storage({
    endpoint: s3.endpoint,
    region: 'us-east-1',
    bucket: s3.bucket,
    forcePathStyle: true,
    ...S3RVER_CREDENTIALS,
    // fail fast when the store is down (the production default is 3 attempts)
    maxAttempts: 1,
    connectionTimeoutMs: 2000,
    requestTimeoutMs: 5000,
    ...extra
  })
}

/** the keys in the bucket, listed by a separate client */
async function bucketKeys(): Promise<string[]> {
  const client = new S3Client({ endpoint: s3.endpoint, region: 'us-east-1', forcePathStyle: true, credentials: S3RVER_CREDENTIALS })
  try {
    const out = await client.send(new ListObjectsV2Command({ Bucket: s3.bucket }))
    return (out.Contents ?? []).map((o) => o.Key!).sort()
  } finally {
    client.destroy()
  }
}

async function storageError(p: Promise<unknown>): Promise<AppError> {
  const err = await p.then(
    () => null,
    (e: unknown) => e
  )
  expect(err).toBeInstanceOf(AppError)
  return err as AppError
}

describe('S3 file storage (against s3rver)', () => {
  it('stores under the sha256 of the bytes and reads them back; has() tells what is there', async () => {
    const st = storage()
    const bytes = Buffer.from('身份证正面照片的字节 — S3')
    const { key } = await st.put(bytes)
    expect(key).toBe(sha256(bytes))
    expect(await bucketKeys()).toEqual([key])
    const back = await st.get(key)
    expect(back?.equals(bytes)).toBe(true)
    expect(await st.has(key)).toBe(true)
    expect(await st.has(sha256(Buffer.from('other')))).toBe(false)
  })

  it('deletes an object (a deleted draft or account takes its files along); deleting what is not there is fine', async () => {
    const st = storage()
    const { key } = await st.put(Buffer.from('要删除的材料'))
    expect(await st.has(key)).toBe(true)
    await st.delete(key)
    expect(await st.has(key)).toBe(false)
    expect(await bucketKeys()).not.toContain(key)
    await expect(st.delete(key)).resolves.toBeUndefined()
  })

  it('keeps binary content exactly (every byte value, 1 MiB)', async () => {
    const st = storage()
    const bytes = Buffer.alloc(1024 * 1024)
    for (let i = 0; i < bytes.length; i++) bytes[i] = (i * 31 + (i >> 8)) & 0xff
    const { key } = await st.put(bytes)
    expect(sha256((await st.get(key))!)).toBe(sha256(bytes))
  })

  it('uploads the same bytes once: a second put only asks (HEAD) and sends no PUT', async () => {
    const st = storage()
    const bytes = Buffer.from('同一份材料上传两次')
    const first = await st.put(bytes)
    const puts = () => s3.requests.filter((r) => r.method === 'PUT').length
    expect(puts()).toBe(1)
    const before = s3.requests.length
    const second = await st.put(bytes)
    expect(second.key).toBe(first.key)
    expect(puts()).toBe(1)
    expect(s3.requests.slice(before).map((r) => r.method)).toEqual(['HEAD'])
    // different bytes are uploaded
    await st.put(Buffer.from('另一份材料'))
    expect(puts()).toBe(2)
    expect((await bucketKeys()).length).toBe(2)
  })

  it('answers null for a key with nothing stored, and for keys it never makes (without asking the store)', async () => {
    const st = storage()
    expect(await st.get(sha256(Buffer.from('never stored')))).toBeNull()
    const asked = s3.requests.length
    for (const bad of ['', 'abc', '../../etc/passwd', 'A'.repeat(64), `${'a'.repeat(63)}/`, `${'a'.repeat(64)}x`]) {
      expect(await st.get(bad)).toBeNull()
      expect(await st.has(bad)).toBe(false)
    }
    expect(s3.requests.length).toBe(asked)
  })

  it('puts every key under S3_PREFIX', async () => {
    expect(normalizePrefix('/yb/files/')).toBe('yb/files/')
    expect(normalizePrefix('')).toBe('')
    const st = storage({ prefix: 'yb/files' })
    const bytes = Buffer.from('带前缀的材料')
    const { key } = await st.put(bytes)
    expect(key).toBe(sha256(bytes))
    expect(await bucketKeys()).toEqual([`yb/files/${key}`])
    expect(s3.requests.find((r) => r.method === 'PUT')?.path).toBe(`/${s3.bucket}/yb/files/${key}`)
    expect((await st.get(key))?.equals(bytes)).toBe(true)
    // the same store without the prefix does not see it
    expect(await storage().get(key)).toBeNull()
  })

  it('a store that is down: put, get and has fail with 503 STORAGE_UNAVAILABLE (never a "missing file")', async () => {
    const st = storage()
    const { key } = await st.put(Buffer.from('存好的材料'))
    await s3.stop()
    const ops = [() => st.put(Buffer.from('新材料')), () => st.get(key), () => st.has(key)]
    for (const op of ops) {
      const err = await storageError(op())
      expect(err.status).toBe(503)
      expect(err.code).toBe(ErrorCode.STORAGE_UNAVAILABLE)
      expect(err.message).toContain('稍后')
      // the connection's failure, kept for the logs: refused, or a kept-alive socket the store dropped
      expect(String((err as { cause?: Error }).cause?.message)).toMatch(/ECONNREFUSED|ECONNRESET|socket hang up/)
    }
  })

  it('a full store (507) and a failing one (500) surface as STORAGE_UNAVAILABLE, and the bytes are not kept', async () => {
    const log: Array<{ obj: object; msg: string }> = []
    const st = storage({ log: { error: (obj, msg) => log.push({ obj, msg }) } })
    // MinIO's answer when its drives are full: reads still work, writes are refused
    s3.fault = { status: 507, code: 'XMinioStorageFull', message: 'Storage backend has reached its minimum free drive threshold.', methods: ['PUT'] }
    const full = await storageError(st.put(Buffer.from('存不下的材料')))
    expect(full.code).toBe(ErrorCode.STORAGE_UNAVAILABLE)
    expect(log[0]?.obj).toMatchObject({ status: 507, code: 'XMinioStorageFull', bucket: s3.bucket })
    s3.fault = { status: 500, code: 'InternalError', message: 'We encountered an internal error. Please try again.' }
    expect((await storageError(st.get(sha256(Buffer.from('x'))))).code).toBe(ErrorCode.STORAGE_UNAVAILABLE)
    s3.fault = null
    expect(await bucketKeys()).toEqual([])
  })

  it('a store that refuses (wrong credentials, missing bucket) surfaces as STORAGE_UNAVAILABLE', async () => {
    const wrong = storage({ accessKeyId: 'WRONGKEY', secretAccessKey: 'WRONGSECRET' })
    const denied = await storageError(wrong.put(Buffer.from('拒收的材料')))
    expect(denied.code).toBe(ErrorCode.STORAGE_UNAVAILABLE)
    expect((denied as { cause?: { $metadata?: { httpStatusCode?: number } } }).cause?.$metadata?.httpStatusCode).toBe(403)
    expect((await storageError(wrong.get(sha256(Buffer.from('x'))))).code).toBe(ErrorCode.STORAGE_UNAVAILABLE)

    const noBucket = storage({ bucket: 'no-such-bucket' })
    expect((await storageError(noBucket.put(Buffer.from('没有桶')))).code).toBe(ErrorCode.STORAGE_UNAVAILABLE)
    // GET names the reason: a missing bucket is a configuration error, not a missing file
    expect((await storageError(noBucket.get(sha256(Buffer.from('x'))))).code).toBe(ErrorCode.STORAGE_UNAVAILABLE)
    expect(await bucketKeys()).toEqual([])
  })

  it('sends Content-MD5 with every upload, so a store that checks it rejects bytes damaged on the way', async () => {
    const bytes = Buffer.from('原始字节')
    await storage().put(bytes)
    const put = s3.requests.find((r) => r.method === 'PUT')
    expect(put?.headers['content-md5']).toBe(createHash('md5').update(bytes).digest('base64'))
    expect(put?.headers['content-length']).toBe(String(bytes.length))
  })
})
