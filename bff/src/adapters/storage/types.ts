/**
 * Upstream adapter: where uploaded materials and issued result documents are kept. The embedded implementation
 * writes content-addressed files under the data folder; a provincial deployment replaces it with its object store
 * or the archive of the agency's business system (001 §3.3.1: case data is managed by the agency).
 *
 * Keys are opaque to callers: store the key `put` returns and hand it back to `get`.
 * The same bytes may be `put` many times; implementations keep them once.
 */
export interface FileStorage {
  put(bytes: Buffer): Promise<{ key: string }>
  /** the stored bytes, or null when nothing is stored under `key` (or `key` is not one this storage makes) */
  get(key: string): Promise<Buffer | null>
  has(key: string): Promise<boolean>
}
