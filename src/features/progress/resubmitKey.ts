import Taro from '@tarojs/taro'
import { IDEMPOTENCY_KEY_PATTERN } from '@contract'

/**
 * The Idempotency-Key of a 补正 resubmit (contract: [A-Za-z0-9_-]{8,128}). Made once per case and kept in storage
 * until the resubmit succeeds: a retry after a lost answer — even after the app was closed — sends the same key,
 * and the BFF answers with the case as it is instead of resubmitting twice.
 */
const storageKey = (applicationId: string): string => `yb-resubmit-key:${applicationId}`

export function newKey(): string {
  const c = (globalThis as { crypto?: Crypto }).crypto
  if (c && typeof c.randomUUID === 'function') return c.randomUUID()
  const bytes = new Uint8Array(16)
  if (c && typeof c.getRandomValues === 'function') c.getRandomValues(bytes)
  // mini-programs have no Web Crypto: the time plus Math.random is unique enough per account
  else for (let i = 0; i < bytes.length; i++) bytes[i] = Math.floor(Math.random() * 256)
  return `${Date.now().toString(36)}-${Array.from(bytes, (b) => b.toString(16).padStart(2, '0')).join('')}`
}

/** The key for this case's resubmit: the kept one, or a new one (kept at once). */
export function resubmitKey(applicationId: string): string {
  try {
    const kept: unknown = Taro.getStorageSync(storageKey(applicationId))
    if (typeof kept === 'string' && IDEMPOTENCY_KEY_PATTERN.test(kept)) return kept
  } catch {
    // storage unavailable: a fresh key still works for this attempt
  }
  const key = newKey()
  try {
    Taro.setStorageSync(storageKey(applicationId), key)
  } catch {
    // keep working without storage
  }
  return key
}

/** After success: the next 补正 of the same case is a new request with a new key. */
export function clearResubmitKey(applicationId: string): void {
  try {
    Taro.removeStorageSync(storageKey(applicationId))
  } catch {
    // ignore
  }
}
