/**
 * Upstream adapter: where uploaded materials and issued result documents are kept. The embedded implementation
 * writes content-addressed files under the data folder; STORAGE=s3 keeps them in any S3-compatible object store
 * (AWS S3, MinIO, OSS/COS/OBS S3 endpoints); a provincial deployment may replace it with the archive of the
 * agency's business system (001 §3.3.1: case data is managed by the agency).
 *
 * Keys are opaque to callers: store the key `put` returns and hand it back to `get`.
 * The same bytes may be `put` many times; implementations keep them once.
 *
 * A store that is down, full or refusing makes `put`/`get`/`has` throw `errors.storageUnavailable()`
 * (503 STORAGE_UNAVAILABLE): callers write their database rows only after `put` succeeded.
 */
export interface FileStorage {
  put(bytes: Buffer): Promise<{ key: string }>
  /** the stored bytes, or null when nothing is stored under `key` (or `key` is not one this storage makes) */
  get(key: string): Promise<Buffer | null>
  has(key: string): Promise<boolean>
  /** removes what is stored under `key` (nothing there: nothing to do); the caller checks no record still refers to it */
  delete(key: string): Promise<void>
}

/** Where adapters report why the store failed (the app's pino logger); the client only sees STORAGE_UNAVAILABLE. */
export interface StorageLog {
  error(obj: object, msg: string): void
}
