import { hash as argon2Hash, verify as argon2Verify } from '@node-rs/argon2'
import { createCipheriv, createDecipheriv, createHmac, randomBytes, randomUUID } from 'node:crypto'
import { Secret, TOTP } from 'otpauth'
import {
  STAFF_ENROLL_HOURS,
  STAFF_ROLE_LABELS,
  STAFF_SESSION_HOURS,
  STAFF_SESSION_IDLE_MINUTES,
  regionCovers,
  type StaffAccount,
  type StaffRole
} from '../../../contract/staff'
import type { Db } from '../db'
import { errors, fieldsError } from '../../../domain/errors'
import { randomCode, randomToken, sameDigest, sha256Hex } from '../services/tokens'
import { Throttles } from '../services/throttle'

/**
 * Staff accounts (contract/staff.ts): a password hashed with argon2id (@node-rs/argon2, OWASP's parameters: 19 MiB,
 * 2 passes) plus a TOTP code from an authenticator app (otpauth, RFC 6238, SHA-1, 6 digits, 30 s — what every
 * authenticator app reads). TOTP rather than an SMS code: it works on an agency intranet without the SMS gateway, it
 * cannot be redirected by a SIM swap, and OWASP ASVS 5.0 (V6.6) treats SMS codes as the weaker, restricted kind.
 * A code is accepted once (the last accepted time step is kept), and the TOTP secret is stored encrypted (AES-256-GCM
 * under a key derived from TOKEN_SECRET).
 *
 * Tokens: 256-bit random, stored as SHA-256, valid STAFF_SESSION_HOURS at most and ended after
 * STAFF_SESSION_IDLE_MINUTES unused; sign-out revokes one. Failed sign-ins are counted per login name (10 in 15
 * minutes lock that name for 15 minutes) and per network.
 */

export interface StaffActor {
  id: string
  username: string
  name: string
  role: StaffRole
  regionCode: string
}

interface AccountRow {
  id: string
  username: string
  name: string
  role: StaffRole
  region_code: string
  password_hash: string | null
  totp_secret: string | null
  totp_last_step: number | null
  enroll_code_hash: string | null
  enroll_expires_at: string | null
  created_at: string
  created_by: string | null
  enrolled_at: string | null
  disabled_at: string | null
}

const MINUTE = 60_000
const SIGN_IN_MAX_FAILURES = 10
const SIGN_IN_WINDOW_MS = 15 * MINUTE
const ISSUER = '医保掌上办'
/** a small list of the most common passwords (ASVS 5.0 V6.2.4 asks to refuse known-bad ones) */
const COMMON = ['123456789012', 'password1234', 'qwertyuiop12', '1q2w3e4r5t6y', 'admin1234567', 'abc123456789', 'woaini123456', 'iloveyou1234', '000000000000', '111111111111', '1234567890ab', 'passw0rd1234']

/** Why a password is too weak, or null (length is the schema's job: STAFF_PASSWORD_MIN..MAX). */
export function passwordWeakness(password: string, context: { username: string; name: string }): string | null {
  const p = password.toLowerCase()
  if (new Set(password).size < 5) return '重复字符太多'
  if (COMMON.some((c) => p.includes(c))) return '属于常见密码'
  if (p.includes(context.username.toLowerCase())) return '不能包含登录名'
  if (context.name && password.includes(context.name)) return '不能包含姓名'
  if (/^(?:0123456789|1234567890|abcdefghij)/i.test(password)) return '不能是连续字符'
  return null
}

export class StaffAccounts {
  private readonly key: Buffer
  private readonly throttles: Throttles

  constructor(
    private readonly d: { db: Db; now: () => Date; tokenSecret: string; regionName: (code: string) => string | null }
  ) {
    this.key = createHmac('sha256', d.tokenSecret).update('yb-bff staff totp key').digest()
    this.throttles = new Throttles(d.db)
  }

  // ---------- views ----------

  view(r: AccountRow): StaffAccount {
    return {
      id: r.id,
      username: r.username,
      name: r.name,
      role: r.role,
      roleLabel: STAFF_ROLE_LABELS[r.role],
      region: { code: r.region_code, name: this.d.regionName(r.region_code) ?? r.region_code },
      status: r.disabled_at ? 'disabled' : r.enrolled_at ? 'active' : 'invited',
      createdAt: r.created_at
    }
  }

  private row(id: string): Promise<AccountRow | undefined> {
    return this.d.db.prepare<[string], AccountRow>('SELECT * FROM staff_accounts WHERE id = ?').get(id)
  }

  private byUsername(username: string): Promise<AccountRow | undefined> {
    return this.d.db.prepare<[string], AccountRow>('SELECT * FROM staff_accounts WHERE username = ?').get(username)
  }

  async list(): Promise<StaffAccount[]> {
    return (await this.d.db.prepare<[], AccountRow>('SELECT * FROM staff_accounts ORDER BY created_at, username').all()).map((r) => this.view(r))
  }

  // ---------- secrets ----------

  private seal(secret: string): string {
    const iv = randomBytes(12)
    const c = createCipheriv('aes-256-gcm', this.key, iv)
    const data = Buffer.concat([c.update(secret, 'utf8'), c.final()])
    return `v1.${iv.toString('base64url')}.${data.toString('base64url')}.${c.getAuthTag().toString('base64url')}`
  }

  private unseal(sealed: string): string {
    const [v, iv, data, tag] = sealed.split('.')
    if (v !== 'v1' || !iv || !data || !tag) throw new Error('unknown sealed TOTP secret')
    const d = createDecipheriv('aes-256-gcm', this.key, Buffer.from(iv, 'base64url'))
    d.setAuthTag(Buffer.from(tag, 'base64url'))
    return Buffer.concat([d.update(Buffer.from(data, 'base64url')), d.final()]).toString('utf8')
  }

  private totp(username: string, base32: string): TOTP {
    return new TOTP({ issuer: ISSUER, label: username, algorithm: 'SHA1', digits: 6, period: 30, secret: Secret.fromBase32(base32) })
  }

  /** Sets the password and a new TOTP secret; returns the secret (base32) and its otpauth:// URI, shown once. */
  private async setCredentials(r: AccountRow, password: string): Promise<{ secret: string; uri: string }> {
    const why = passwordWeakness(password, r)
    if (why) throw errors.staffPasswordWeak(why)
    const secret = new Secret({ size: 20 }).base32
    const at = this.d.now().toISOString()
    await this.d.db
      .prepare(
        `UPDATE staff_accounts SET password_hash = ?, totp_secret = ?, totp_last_step = NULL, enroll_code_hash = NULL, enroll_expires_at = NULL, enrolled_at = ?
         WHERE id = ?`
      )
      .run(await argon2Hash(password), this.seal(secret), at, r.id)
    return { secret, uri: this.totp(r.username, secret).toString() }
  }

  private async insert(a: { username: string; name: string; role: StaffRole; region: string; createdBy: string | null }): Promise<AccountRow> {
    if (await this.byUsername(a.username)) throw errors.staffUsernameTaken()
    const id = randomUUID()
    await this.d.db
      .prepare('INSERT INTO staff_accounts (id, username, name, role, region_code, created_at, created_by) VALUES (?, ?, ?, ?, ?, ?, ?)')
      .run(id, a.username, a.name, a.role, a.region, this.d.now().toISOString(), a.createdBy)
    return (await this.row(id))!
  }

  // ---------- the first administrator, accounts, enrolment ----------

  /** The one use of STAFF_TOKEN: the first administrator, while there is none. */
  async bootstrap(req: { username: string; name: string; region: string; password: string }): Promise<{ account: StaffAccount; totp: { secret: string; uri: string } }> {
    const r = await this.d.db.tx(async () => {
      const admins = await this.d.db.prepare<[], { n: number }>("SELECT COUNT(*) AS n FROM staff_accounts WHERE role = 'admin' AND disabled_at IS NULL").get()
      if ((admins?.n ?? 0) > 0) throw errors.staffBootstrapDone()
      return this.insert({ ...req, role: 'admin', createdBy: null })
    })
    const totp = await this.setCredentials(r, req.password)
    return { account: this.view((await this.row(r.id))!), totp }
  }

  /** An administrator opens an account; the person enrolls with the code (their password is never the admin's). */
  async create(by: StaffActor, req: { username: string; name: string; role: StaffRole; region: string }): Promise<{ account: StaffAccount; enrollCode: string; enrollExpiresAt: string }> {
    const r = await this.d.db.tx(() => this.insert({ ...req, createdBy: by.id }))
    const code = randomCode(18)
    const expires = new Date(this.d.now().getTime() + STAFF_ENROLL_HOURS * 3600_000).toISOString()
    await this.d.db.prepare('UPDATE staff_accounts SET enroll_code_hash = ?, enroll_expires_at = ? WHERE id = ?').run(sha256Hex(code), expires, r.id)
    return { account: this.view(r), enrollCode: code, enrollExpiresAt: expires }
  }

  async enroll(req: { username: string; enrollCode: string; password: string }): Promise<{ account: StaffAccount; totp: { secret: string; uri: string } }> {
    const r = await this.byUsername(req.username)
    const now = this.d.now().toISOString()
    if (!r || r.disabled_at || !r.enroll_code_hash || !r.enroll_expires_at || r.enroll_expires_at <= now || !sameDigest(r.enroll_code_hash, sha256Hex(req.enrollCode))) {
      throw errors.staffEnrollInvalid()
    }
    const totp = await this.setCredentials(r, req.password)
    return { account: this.view((await this.row(r.id))!), totp }
  }

  async disable(id: string): Promise<StaffAccount> {
    const at = this.d.now().toISOString()
    const { changes } = await this.d.db.prepare('UPDATE staff_accounts SET disabled_at = COALESCE(disabled_at, ?) WHERE id = ?').run(at, id)
    if (!changes) throw errors.staffAccountUnknown()
    await this.d.db.prepare('UPDATE staff_sessions SET revoked_at = ? WHERE staff_id = ? AND revoked_at IS NULL').run(at, id)
    return this.view((await this.row(id))!)
  }

  /**
   * A person moves to another post or region: the administrator of a region covering both the account's region and
   * the new one, never for their own account (another administrator does that). The account's next request acts with
   * the new role; cases already assigned to them stay theirs until a 科长 reassigns them.
   */
  async update(by: StaffActor, id: string, req: { role?: StaffRole; region?: string }): Promise<StaffAccount> {
    const covers = (code: string): boolean => by.regionCode === '000000' || regionCovers(by.regionCode, code)
    const r = await this.row(id)
    if (!r || !covers(r.region_code)) throw errors.staffAccountUnknown()
    if (r.id === by.id) throw fieldsError({ role: '不能调整自己的岗位或区域，请由另一位管理员办理' }, '')
    if (r.disabled_at) throw fieldsError({ role: '该账号已停用，不能调整' }, '')
    if (req.region && !covers(req.region)) throw fieldsError({ region: '只能调整到本辖区内的区域' }, '')
    await this.d.db.prepare('UPDATE staff_accounts SET role = ?, region_code = ? WHERE id = ?').run(req.role ?? r.role, req.region ?? r.region_code, id)
    return this.view((await this.row(id))!)
  }

  // ---------- sign-in and tokens ----------

  /**
   * Password + TOTP → a token. Every wrong part gets the same answer (no telling which was wrong, or whether the name
   * exists); the password is verified even for an unknown name so the answer takes as long.
   */
  async signIn(req: { username: string; password: string; otp: string }, ipHash: string): Promise<{ token: string; expiresAt: string; account: StaffAccount }> {
    const t = this.d.now().getTime()
    const keys = [`staff-login:${req.username}`, `staff-login-ip:${ipHash}`]
    for (const key of keys) {
      const locked = await this.throttles.lockedMs(key, t)
      if (locked) throw errors.staffLocked(Math.ceil(locked / MINUTE))
    }
    const r = await this.byUsername(req.username)
    const passwordOk = await argon2Verify(r?.password_hash ?? DUMMY_HASH, req.password).catch(() => false)
    let step: number | null = null
    if (r && passwordOk && r.totp_secret && !r.disabled_at) {
      const totp = this.totp(r.username, this.unseal(r.totp_secret))
      const delta = totp.validate({ token: req.otp, timestamp: t, window: 1 })
      if (delta !== null) step = TOTP.counter({ period: 30, timestamp: t }) + delta
    }
    // one code, one use: a step at or before the last accepted one is a replay
    const accepted =
      r && step !== null
        ? (await this.d.db
            .prepare('UPDATE staff_accounts SET totp_last_step = ? WHERE id = ? AND (totp_last_step IS NULL OR totp_last_step < ?)')
            .run(step, r.id, step)).changes === 1
        : false
    if (!r || !accepted) {
      await this.d.db.tx(async () => {
        await this.throttles.hit(keys[0], t, { max: SIGN_IN_MAX_FAILURES, windowMs: SIGN_IN_WINDOW_MS, lockMs: SIGN_IN_WINDOW_MS })
        await this.throttles.hit(keys[1], t, { max: SIGN_IN_MAX_FAILURES * 5, windowMs: SIGN_IN_WINDOW_MS, lockMs: SIGN_IN_WINDOW_MS })
      })
      throw errors.staffCredentialsInvalid()
    }
    await this.throttles.clear(keys[0])
    return { ...(await this.openSession(r.id)), account: this.view(r) }
  }

  /** A new token for a staff member who has just proved who they are (signIn). */
  async openSession(staffId: string): Promise<{ token: string; expiresAt: string }> {
    const now = this.d.now()
    const token = `ybst_${randomToken()}`
    const expiresAt = new Date(now.getTime() + STAFF_SESSION_HOURS * 3600_000).toISOString()
    await this.d.db
      .prepare('INSERT INTO staff_sessions (token_hash, staff_id, created_at, last_used_at, expires_at) VALUES (?, ?, ?, ?, ?)')
      .run(sha256Hex(token), staffId, now.toISOString(), now.toISOString(), expiresAt)
    return { token, expiresAt }
  }

  /** The staff member of a bearer token; null when missing, unknown, expired, idle too long, revoked or disabled. */
  async authenticate(authorization: string | undefined): Promise<StaffActor | null> {
    const m = /^Bearer\s+(ybst_[A-Za-z0-9_-]{20,100})\s*$/.exec(authorization ?? '')
    if (!m) return null
    const now = this.d.now()
    const row = await this.d.db
      .prepare<[string], AccountRow & { last_used_at: string; expires_at: string; revoked_at: string | null }>(
        `SELECT a.*, s.last_used_at, s.expires_at, s.revoked_at FROM staff_sessions s JOIN staff_accounts a ON a.id = s.staff_id WHERE s.token_hash = ?`
      )
      .get(sha256Hex(m[1]))
    if (!row || row.revoked_at || row.disabled_at || row.expires_at <= now.toISOString()) return null
    if (Date.parse(row.last_used_at) + STAFF_SESSION_IDLE_MINUTES * MINUTE <= now.getTime()) return null
    // the idle clock restarts with use; written at most once a minute
    if (Date.parse(row.last_used_at) + MINUTE <= now.getTime()) {
      await this.d.db.prepare('UPDATE staff_sessions SET last_used_at = ? WHERE token_hash = ?').run(now.toISOString(), sha256Hex(m[1]))
    }
    return { id: row.id, username: row.username, name: row.name, role: row.role, regionCode: row.region_code }
  }

  async signOut(authorization: string | undefined): Promise<void> {
    const m = /^Bearer\s+(\S+)\s*$/.exec(authorization ?? '')
    if (m) await this.d.db.prepare('UPDATE staff_sessions SET revoked_at = ? WHERE token_hash = ? AND revoked_at IS NULL').run(this.d.now().toISOString(), sha256Hex(m[1]))
  }

  async account(id: string): Promise<StaffAccount> {
    const r = await this.row(id)
    if (!r) throw errors.staffAccountUnknown()
    return this.view(r)
  }
}

/** verified against when the login name is unknown, so both answers take an argon2 verification */
const DUMMY_HASH = '$argon2id$v=19$m=19456,t=2,p=1$B/q3dZTdIDVsdGgbYIvpsA$vhaWIvlB+oUs4Xk0HQd5L6wd6e8Fs3YQasrOtiiMFII'
