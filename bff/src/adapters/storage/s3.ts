import { createHash } from 'node:crypto'
import { DeleteObjectCommand, GetObjectCommand, HeadObjectCommand, PutObjectCommand, S3Client, S3ServiceException } from '@aws-sdk/client-s3'
import { errors } from '../../errors'
import type { FileStorage, StorageLog } from './types'

const KEY = /^[0-9a-f]{64}$/

export interface S3StorageOptions {
  bucket: string
  /** e.g. us-east-1; S3-compatible stores mostly accept any */
  region: string
  /** an S3-compatible store (MinIO, OSS/COS/OBS S3 endpoints…); null: AWS S3 */
  endpoint?: string | null
  /** both or neither; neither: the SDK's default chain (AWS_* variables, instance or task role) */
  accessKeyId?: string | null
  secretAccessKey?: string | null
  /** bucket in the path (http://host/bucket/key) instead of the host name: MinIO and most self-hosted stores */
  forcePathStyle?: boolean
  /** folder-like prefix of every key, e.g. "yb/files" → yb/files/<sha256> */
  prefix?: string | null
  /** attempts per operation, with the SDK's backoff (default 3) */
  maxAttempts?: number
  /** milliseconds to connect, and to wait for an answer (defaults 5000 and 60000) */
  connectionTimeoutMs?: number
  requestTimeoutMs?: number
  log?: StorageLog
}

/** "yb/files", "/yb/files/" → "yb/files/"; "" → "" */
export function normalizePrefix(prefix: string | null | undefined): string {
  const p = (prefix ?? '').replace(/^\/+|\/+$/g, '')
  return p ? `${p}/` : ''
}

function statusOf(err: unknown): number | undefined {
  return (err as { $metadata?: { httpStatusCode?: number } } | null)?.$metadata?.httpStatusCode
}

/**
 * "Nothing under this key". A GET names the reason (NoSuchKey — but NoSuchBucket is a configuration error, not
 * a missing file); a HEAD has no body, so its 404 is just NotFound.
 */
function isMissing(err: unknown): boolean {
  const name = (err as { name?: string } | null)?.name
  if (name === 'NoSuchKey' || name === 'NotFound') return true
  return statusOf(err) === 404 && name !== 'NoSuchBucket'
}

/**
 * Files in an S3-compatible object store, content-addressed like the disk adapter: the key is the SHA-256 of the
 * bytes, stored as `<prefix><sha256>`. `put` asks first (HEAD) and uploads only bytes the store does not have yet;
 * the upload carries Content-MD5, so the store rejects bytes damaged on the way. Objects are never overwritten
 * with different content (a key names its content), so no versioning or locking is needed.
 *
 * A store that cannot be reached, times out, answers 5xx (down, full: 507) or refuses (403: wrong credentials,
 * missing bucket) makes every operation throw `errors.storageUnavailable()` (503 STORAGE_UNAVAILABLE) with the
 * original error as `cause` and in the log.
 */
export function createS3Storage(opts: S3StorageOptions): FileStorage & { client: S3Client; keyOf(key: string): string } {
  const prefix = normalizePrefix(opts.prefix)
  const client = new S3Client({
    region: opts.region,
    ...(opts.endpoint ? { endpoint: opts.endpoint } : {}),
    forcePathStyle: opts.forcePathStyle ?? false,
    ...(opts.accessKeyId && opts.secretAccessKey
      ? { credentials: { accessKeyId: opts.accessKeyId, secretAccessKey: opts.secretAccessKey } }
      : {}),
    maxAttempts: opts.maxAttempts ?? 3,
    requestHandler: { connectionTimeout: opts.connectionTimeoutMs ?? 5000, requestTimeout: opts.requestTimeoutMs ?? 60_000 },
    // S3-compatible stores do not all know the SDK's newer CRC32 checksum headers: send them only where S3 needs
    // them (integrity comes from Content-MD5, which every S3 implementation checks)
    ...(opts.endpoint ? { requestChecksumCalculation: 'WHEN_REQUIRED' as const, responseChecksumValidation: 'WHEN_REQUIRED' as const } : {})
  })
  const objectKey = (key: string): string => `${prefix}${key}`

  function unavailable(err: unknown, what: string): Error {
    opts.log?.error(
      { err, status: statusOf(err), code: err instanceof S3ServiceException ? err.name : (err as NodeJS.ErrnoException | null)?.code, bucket: opts.bucket },
      `file storage unavailable (s3 ${what})`
    )
    return Object.assign(errors.storageUnavailable(), { cause: err })
  }

  async function exists(key: string): Promise<boolean> {
    try {
      await client.send(new HeadObjectCommand({ Bucket: opts.bucket, Key: objectKey(key) }))
      return true
    } catch (err) {
      if (isMissing(err)) return false
      throw unavailable(err, 'head')
    }
  }

  return {
    client,
    keyOf: objectKey,

    async put(bytes: Buffer): Promise<{ key: string }> {
      const key = createHash('sha256').update(bytes).digest('hex')
      if (await exists(key)) return { key }
      try {
        await client.send(
          new PutObjectCommand({
            Bucket: opts.bucket,
            Key: objectKey(key),
            Body: bytes,
            ContentLength: bytes.length,
            ContentMD5: createHash('md5').update(bytes).digest('base64'),
            ContentType: 'application/octet-stream'
          })
        )
      } catch (err) {
        throw unavailable(err, 'put')
      }
      return { key }
    },

    async get(key: string): Promise<Buffer | null> {
      if (!KEY.test(key)) return null
      try {
        const out = await client.send(new GetObjectCommand({ Bucket: opts.bucket, Key: objectKey(key) }))
        if (!out.Body) return Buffer.alloc(0)
        return Buffer.from(await out.Body.transformToByteArray())
      } catch (err) {
        if (isMissing(err)) return null
        throw unavailable(err, 'get')
      }
    },

    async has(key: string): Promise<boolean> {
      return KEY.test(key) && exists(key)
    },

    async delete(key: string): Promise<void> {
      if (!KEY.test(key)) return
      try {
        await client.send(new DeleteObjectCommand({ Bucket: opts.bucket, Key: objectKey(key) }))
      } catch (err) {
        if (isMissing(err)) return
        throw unavailable(err, 'delete')
      }
    }
  }
}
