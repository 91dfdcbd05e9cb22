import { IDEMPOTENCY_KEY_PATTERN } from '@contract'

/**
 * A fresh Idempotency-Key for one submit attempt (contract: [A-Za-z0-9_-]{8,128}). It is kept in the draft store
 * until the submit succeeds, so a retry after a lost answer sends the same key and the BFF answers with the case
 * it already made instead of a second one.
 */
export function newIdempotencyKey(): string {
  const c = (globalThis as { crypto?: Crypto }).crypto
  let key: string
  if (c && typeof c.randomUUID === 'function') key = c.randomUUID()
  else {
    const bytes = new Uint8Array(16)
    if (c && typeof c.getRandomValues === 'function') c.getRandomValues(bytes)
    // mini-programs have no Web Crypto: the time plus Math.random is unique enough per account
    else for (let i = 0; i < bytes.length; i++) bytes[i] = Math.floor(Math.random() * 256)
    key = `${Date.now().toString(36)}-${Array.from(bytes, (b) => b.toString(16).padStart(2, '0')).join('')}`
  }
  if (!IDEMPOTENCY_KEY_PATTERN.test(key)) throw new Error('bad idempotency key')
  return key
}
