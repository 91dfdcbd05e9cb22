import { ErrorCode, IDEMPOTENCY_KEY_HEADER, IDEMPOTENCY_KEY_PATTERN } from '@contract'
import { toAppError, type AppError } from './errors'

/**
 * Idempotency-Keys of the writes the app may send again after a lost answer (contract/apply.ts): submit, 补正
 * resubmit, uploads, ratings and complaints. The BFF answers every repeat of a key with its first answer, so a retry
 * after a dropped connection does the write once. A key is kept while a write has no answer (no network, a timeout,
 * the service busy: 5xx, the first try still running) and dropped once the BFF answered — 2xx, or a 4xx the citizen
 * can act on — so the next try after fixing something is a new request, not the replay of the refusal.
 */

/** A fresh key (contract: [A-Za-z0-9_-]{8,128}). */
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

/**
 * Whether a failed write is to be tried again with the same key: it had no answer the BFF keeps (the network, a
 * timeout, 5xx, an answer that could not be read), or the first try is still running. A 4xx is an answer: drop the key.
 */
export function keepsKey(err: AppError): boolean {
  const status = err.status ?? 0
  if (err.code === ErrorCode.IDEMPOTENCY_KEY_IN_PROGRESS) return true
  return !(status >= 400 && status < 500)
}

/** the header of a request sent with `key` */
export function idempotencyHeaders(key: string): Record<string, string> {
  return { [IDEMPOTENCY_KEY_HEADER]: key }
}

/** scope → the key of the write under way in it */
const pending = new Map<string, string>()

/**
 * Sends a write with the key its scope holds (a new one for a new write) and keeps that key for the next try until
 * the write is answered (`keepsKey`). The scope names the write — a route and what is sent, e.g.
 * `rate:<case>:<body>` — so the same write tried again reuses its key, and a changed one is a new write.
 */
export async function withRetryKey<T>(scope: string, send: (key: string) => Promise<T>): Promise<T> {
  let key = pending.get(scope)
  if (!key) {
    key = newIdempotencyKey()
    pending.set(scope, key)
  }
  try {
    const out = await send(key)
    pending.delete(scope)
    return out
  } catch (e) {
    if (!keepsKey(toAppError(e))) pending.delete(scope)
    throw e
  }
}
