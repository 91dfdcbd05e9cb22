import { idNumberCheckChar } from '../../contract/identity'

/**
 * What happens outside the phone during a journey, through the real BFF's own API: reading the SMS the embedded
 * adapter "sent", the window staff moving a case along (the staff API), and a second person (a family member) on
 * their own phone accepting a request.
 */
export function bffUrl(): string {
  const url = process.env.MINI_BFF_URL
  if (!url) throw new Error('MINI_BFF_URL is not set: the journeys run under mini-host/jest.config.js, which starts the BFF')
  return url
}

export async function call<T = Record<string, unknown>>(method: string, path: string, token: string | null, body?: unknown): Promise<T> {
  const res = await fetch(`${bffUrl()}${path}`, {
    method,
    headers: { ...(token ? { authorization: `Bearer ${token}` } : {}), ...(body !== undefined ? { 'content-type': 'application/json' } : {}) },
    body: body === undefined ? undefined : JSON.stringify(body)
  })
  const json = (res.status === 204 ? {} : await res.json()) as T
  if (!res.ok) throw new Error(`${method} ${path}: ${res.status} ${JSON.stringify(json)}`)
  return json
}

/** The 科长 account mini-host/test/global-setup.ts opened (a journey takes far less than its 30 idle minutes). */
export function staff<T = Record<string, unknown>>(method: string, path: string, body?: unknown): Promise<T> {
  const bearer = process.env.MINI_STAFF_BEARER
  if (!bearer) throw new Error('MINI_STAFF_BEARER is not set: the journeys run under mini-host/jest.config.js, which opens the staff account')
  return call<T>(method, path, bearer, body)
}

export async function smsCode(phone: string): Promise<string> {
  const body = await call<{ messages: Array<{ code: string | null }> }>('GET', `/api/v1/dev/outbox?phone=${phone}`, null)
  const code = body.messages[0]?.code
  if (!code) throw new Error(`no SMS code for ${phone}`)
  return code
}

export async function smsCount(phone: string): Promise<number> {
  return (await call<{ messages: unknown[] }>('GET', `/api/v1/dev/outbox?phone=${phone}`, null)).messages.length
}

/** An invented person with a valid 身份证号 (GB 11643 check digit) of a 丽水 莲都区 resident born on `birth`. */
export function person(name: string, birth: string, seq: number): { name: string; idNumber: string; phone: string } {
  const body = `331102${birth}${String(100 + (seq % 900)).padStart(3, '0')}`
  const phone = `139${String(Date.now() % 1e8).padStart(8, '0')}`.slice(0, 9) + String(seq % 100).padStart(2, '0')
  return { name, idNumber: body + idNumberCheckChar(body), phone }
}

/** A second person on their own phone: signs in by SMS, real-names, and returns the access token. */
export async function signInElsewhere(p: { name: string; idNumber: string; phone: string }): Promise<string> {
  await call('POST', '/api/v1/auth/sms-code', null, { phone: p.phone })
  const s = await call<{ accessToken: string }>('POST', '/api/v1/auth/login', null, { phone: p.phone, code: await smsCode(p.phone) })
  await call('POST', '/api/v1/auth/realname', s.accessToken, { name: p.name, idNumber: p.idNumber })
  return s.accessToken
}
