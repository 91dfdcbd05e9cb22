import { createSign, createVerify, type KeyObject } from 'node:crypto'
import { errors } from '../../errors'
import { UPSTREAM_TIMEOUT_MS } from '../http'

const METHOD = 'alipay.system.oauth.token'
const RESPONSE_NODE = 'alipay_system_oauth_token_response'
/** sub_codes that mean "this auth code is no good" (the citizen signs in again), not "Alipay is unavailable" */
const CODE_REFUSED = new Set(['isv.code-invalid', 'isv.code-expired', 'isv.code-used', 'isv.invalid-auth-code'])

/**
 * The string Alipay's OpenAPI signs (RSA2 = SHA256withRSA): every parameter but `sign` with a non-empty value,
 * sorted by name (byte order), as `name=value` joined by `&`, values not URL-encoded.
 */
export function alipaySignContent(params: Record<string, string>): string {
  return Object.keys(params)
    .filter((k) => k !== 'sign' && params[k] !== '')
    .sort()
    .map((k) => `${k}=${params[k]}`)
    .join('&')
}

export function rsa2Sign(content: string, privateKey: KeyObject | string): string {
  return createSign('RSA-SHA256').update(content, 'utf8').sign(privateKey, 'base64')
}

export function rsa2Verify(content: string, signature: string, publicKey: KeyObject | string): boolean {
  try {
    return createVerify('RSA-SHA256').update(content, 'utf8').verify(publicKey, signature, 'base64')
  } catch {
    return false
  }
}

/** Shanghai wall-clock time as Alipay wants it: `yyyy-MM-dd HH:mm:ss`. */
export function alipayTimestamp(at: Date): string {
  return new Date(at.getTime() + 8 * 3600_000).toISOString().slice(0, 19).replace('T', ' ')
}

/**
 * The raw JSON text of `"<node>": {…}` in an answer, exactly as sent — Alipay signs those bytes, so the answer must
 * not be re-serialised before checking. Strings (with escapes) are skipped when counting braces.
 */
export function rawNode(body: string, node: string): string | null {
  const at = body.indexOf(`"${node}"`)
  if (at < 0) return null
  const start = body.indexOf('{', at + node.length + 2)
  if (start < 0) return null
  let depth = 0
  let inString = false
  for (let i = start; i < body.length; i++) {
    const c = body[i]
    if (inString) {
      if (c === '\\') i++
      else if (c === '"') inString = false
    } else if (c === '"') inString = true
    else if (c === '{') depth++
    else if (c === '}' && --depth === 0) return body.slice(start, i + 1)
  }
  return null
}

/**
 * Alipay mini-program sign-in: alipay.system.oauth.token with the my.getAuthCode code, over the OpenAPI gateway. The
 * request is signed RSA2 with the app's private key; the answer's node is verified against Alipay's public key before
 * anything in it is believed (an unsigned or badly signed answer is an upstream failure, 503). A refused code → null
 * (401 PLATFORM_LOGIN_FAILED). Returns the user's open_id (new apps) or user_id.
 */
export class AlipayLogin {
  constructor(
    private readonly opts: { appId: string; privateKey: KeyObject | string; alipayPublicKey: KeyObject | string; gateway: string },
    private readonly now: () => Date = () => new Date()
  ) {}

  async userId(code: string): Promise<string | null> {
    const params: Record<string, string> = {
      app_id: this.opts.appId,
      method: METHOD,
      format: 'JSON',
      charset: 'utf-8',
      sign_type: 'RSA2',
      timestamp: alipayTimestamp(this.now()),
      version: '1.0',
      grant_type: 'authorization_code',
      code
    }
    params.sign = rsa2Sign(alipaySignContent(params), this.opts.privateKey)
    let text: string
    try {
      const res = await fetch(`${this.opts.gateway}?charset=utf-8`, {
        method: 'POST',
        headers: { 'content-type': 'application/x-www-form-urlencoded;charset=utf-8' },
        body: new URLSearchParams(params).toString(),
        signal: AbortSignal.timeout(UPSTREAM_TIMEOUT_MS)
      })
      if (!res.ok) throw new Error(`Alipay gateway answered ${res.status}`)
      text = await res.text()
    } catch (err) {
      throw Object.assign(errors.unavailable(), { cause: err })
    }
    const node = rawNode(text, RESPONSE_NODE) ?? rawNode(text, 'error_response')
    let parsed: { sign?: string } = {}
    try {
      parsed = JSON.parse(text) as { sign?: string }
    } catch {
      // judged below: no node, no signature
    }
    if (!node || !parsed.sign || !rsa2Verify(node, parsed.sign, this.opts.alipayPublicKey)) {
      throw Object.assign(errors.unavailable(), { cause: new Error('Alipay answer without a valid RSA2 signature') })
    }
    const answer = JSON.parse(node) as { code?: string; sub_code?: string; msg?: string; user_id?: string; open_id?: string }
    if (answer.user_id || answer.open_id) return answer.open_id ?? answer.user_id ?? null
    if (answer.sub_code && CODE_REFUSED.has(answer.sub_code)) return null
    throw Object.assign(errors.unavailable(), { cause: new Error(`${METHOD}: ${answer.code ?? '?'} ${answer.sub_code ?? ''} ${answer.msg ?? ''}`) })
  }
}
