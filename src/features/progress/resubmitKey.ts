import Taro from '@tarojs/taro'
import { IDEMPOTENCY_KEY_PATTERN } from '@contract'
import { newIdempotencyKey } from '@/shared/api/idempotency'

/**
 * The Idempotency-Key of a 补正 resubmit (contract: [A-Za-z0-9_-]{8,128}). Made once per case and kept in storage
 * until the resubmit is answered (shared/api/idempotency.ts keepsKey): a retry after a lost answer — even after the
 * app was closed — sends the same key, and the BFF answers as it did the first time instead of resubmitting twice.
 */
const storageKey = (applicationId: string): string => `yb-resubmit-key:${applicationId}`

/** The key for this case's resubmit: the kept one, or a new one (kept at once). */
export function resubmitKey(applicationId: string): string {
  try {
    const kept: unknown = Taro.getStorageSync(storageKey(applicationId))
    if (typeof kept === 'string' && IDEMPOTENCY_KEY_PATTERN.test(kept)) return kept
  } catch {
    // storage unavailable: a fresh key still works for this attempt
  }
  const key = newIdempotencyKey()
  try {
    Taro.setStorageSync(storageKey(applicationId), key)
  } catch {
    // keep working without storage
  }
  return key
}

/** Once answered (success, or a refusal to act on): the next 补正 of the same case is a new request with a new key. */
export function clearResubmitKey(applicationId: string): void {
  try {
    Taro.removeStorageSync(storageKey(applicationId))
  } catch {
    // ignore
  }
}
