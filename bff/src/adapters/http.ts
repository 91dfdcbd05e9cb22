import { createHmac } from 'node:crypto'
import { errors } from '../errors'

/** How long an upstream call may take before the citizen is told to try again (503). */
export const UPSTREAM_TIMEOUT_MS = 8000

/**
 * A JSON POST to an agency gateway, signed so the gateway can tell it came from this BFF and was not replayed:
 * `X-Yb-Timestamp` (ms) and `X-Yb-Signature` = hex HMAC-SHA256 of `<timestamp>\n<body>` under the shared key (the key
 * itself never travels). A network failure, a timeout or a non-2xx answer throws 503 UPSTREAM_UNAVAILABLE.
 */
export async function signedPost(url: string, key: string, body: unknown, now: () => Date = () => new Date()): Promise<unknown> {
  const text = JSON.stringify(body)
  const ts = String(now().getTime())
  const signature = createHmac('sha256', key).update(`${ts}\n${text}`).digest('hex')
  let res: Response
  try {
    res = await fetch(url, {
      method: 'POST',
      headers: { 'content-type': 'application/json; charset=utf-8', 'x-yb-timestamp': ts, 'x-yb-signature': signature },
      body: text,
      signal: AbortSignal.timeout(UPSTREAM_TIMEOUT_MS)
    })
  } catch (err) {
    throw Object.assign(errors.unavailable(), { cause: err })
  }
  if (!res.ok) throw Object.assign(errors.unavailable(), { cause: new Error(`${url} answered ${res.status}`) })
  const answer = await res.text()
  try {
    return answer ? (JSON.parse(answer) as unknown) : null
  } catch (err) {
    throw Object.assign(errors.unavailable(), { cause: err })
  }
}

/** The gateway side of `signedPost` (its fakes in tests; an agency's own gateway checks the same way). */
export function signatureOf(key: string, timestamp: string, body: string): string {
  return createHmac('sha256', key).update(`${timestamp}\n${body}`).digest('hex')
}
