import { Secret, TOTP } from 'otpauth'

/**
 * The staff API from a script: what the staff CLI, the E2E tests and the fault drills share. `signInWithSecret`
 * computes the one-time code from a TOTP secret the way an authenticator app does — for automation that holds the
 * secret (tests, drills); a person types the code from their phone (`npm run staff -- login`).
 */

export class StaffApiError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string
  ) {
    super(`${status} ${code} ${message}`)
  }
}

export async function staffRequest(base: string, method: string, path: string, token: string | null, body?: unknown): Promise<unknown> {
  const res = await fetch(`${base}${path}`, {
    method,
    headers: { ...(token ? { Authorization: `Bearer ${token}` } : {}), ...(body !== undefined ? { 'Content-Type': 'application/json' } : {}) },
    body: body !== undefined ? JSON.stringify(body) : undefined
  })
  const text = await res.text()
  const data: unknown = text ? JSON.parse(text) : null
  if (!res.ok) {
    const e = data as { code?: string; message?: string } | null
    throw new StaffApiError(res.status, e?.code ?? '', e?.message ?? text)
  }
  return data
}

/** The current one-time code of a TOTP secret (base32), as an authenticator app shows it. */
export function totpCode(secret: string, at: Date = new Date()): string {
  return new TOTP({ algorithm: 'SHA1', digits: 6, period: 30, secret: Secret.fromBase32(secret) }).generate({ timestamp: at.getTime() })
}

export interface StaffCredentials {
  username: string
  password: string
  /** the TOTP secret (base32) */
  secret: string
}

/** Signs in with password and the code of `secret`; a code already used (the same 30 s step) waits for the next step. */
export async function signInWithSecret(base: string, c: StaffCredentials): Promise<string> {
  for (let attempt = 0; attempt < 3; attempt++) {
    try {
      const s = (await staffRequest(base, 'POST', '/api/v1/staff/session', null, { username: c.username, password: c.password, otp: totpCode(c.secret) })) as { token: string }
      return s.token
    } catch (err) {
      if (!(err instanceof StaffApiError) || err.code !== 'STAFF_CREDENTIALS_INVALID' || attempt === 2) throw err
      // the code of this step was used already (one use per code): wait for the next one
      await new Promise((r) => setTimeout(r, 30_000 - (Date.now() % 30_000) + 200))
    }
  }
  throw new Error('unreachable')
}

/**
 * For automation on a fresh BFF: the first administrator (through STAFF_TOKEN), then one account per role asked for,
 * each enrolled and signed in. Returns each account's credentials and a token.
 */
export async function staffAccountsFor<R extends string>(
  base: string,
  staffToken: string,
  roles: Array<{ role: R; name: string; region: string }>
): Promise<Record<R | 'admin', StaffCredentials & { token: string }>> {
  const password = 'Automation-only-passphrase-7413'
  const admin = (await staffRequest(base, 'POST', '/api/v1/staff/bootstrap', staffToken, { username: 'admin', name: '系统管理员', region: '330000', password })) as {
    totp: { secret: string }
  }
  const adminToken = await signInWithSecret(base, { username: 'admin', password, secret: admin.totp.secret })
  const out = {} as Record<R, StaffCredentials & { token: string }>
  for (const [i, r] of roles.entries()) {
    const username = `${String(r.role).toLowerCase()}${i}`
    const created = (await staffRequest(base, 'POST', '/api/v1/staff/accounts', adminToken, { username, name: r.name, role: r.role, region: r.region })) as { enrollCode: string }
    const enrolled = (await staffRequest(base, 'POST', '/api/v1/staff/enroll', null, { username, enrollCode: created.enrollCode, password })) as { totp: { secret: string } }
    const creds = { username, password, secret: enrolled.totp.secret }
    out[r.role] = { ...creds, token: await signInWithSecret(base, creds) }
  }
  // the first administrator too: a test that needs more accounts or assignment rules opens them as a person would
  return { ...out, admin: { username: 'admin', password, secret: admin.totp.secret, token: adminToken } }
}
