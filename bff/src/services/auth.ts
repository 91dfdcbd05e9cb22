// Over 400 lines: sign-in by SMS, platform login, sessions and 实名认证 share one throttle and token store.
import { randomInt, randomUUID } from 'node:crypto'
import type { AuthUser } from './auth-user'
import type { FastifyBaseLogger } from 'fastify'
import {
  LOGIN_LOCK_MINUTES,
  LOGIN_MAX_FAILURES,
  SMS_CODE_TTL_SECONDS,
  SMS_MAX_WRONG_TRIES,
  SMS_RESEND_SECONDS,
  type LoginRequest,
  type MeResponse,
  type Platform,
  type PlatformLoginResponse,
  type RealnameRequest,
  type SessionResponse,
  type SmsCodeResponse,
  type UserView
} from '../../../contract/auth'
import { maskIdNumber, maskName, maskPhone } from '../../../contract/identity'
import type { IdentityAdapter, PlatformLoginAdapter } from '../adapters/identity/types'
import type { SmsAdapter } from '../adapters/sms/types'
import { isUniqueViolation, type Db } from '../db'
import { AppError, errors } from '../../../domain/errors'
import { Throttles } from './throttle'
import {
  ACCESS_TOKEN_TTL_SECONDS,
  REFRESH_TOKEN_TTL_DAYS,
  TokenService,
  loadTokenSecret,
  randomToken,
  sameDigest,
  sha256Hex
} from './tokens'

/**
 * Sign-in and real-name identity (001 §3.1.2: the platform's user authentication is trusted; a citizen is real-named
 * before applying). The rules live here; every counter and session is a database row (migration 003_auth.sql), so
 * limits and sessions hold across restarts and across several instances on one database. Every read-then-write (a
 * limit counted, then a code inserted; a failure counted, then the lock set) runs in one `db.tx` that first locks what
 * it counts (`db.lock`): the phone, the client IP, the refresh token, the account. A second request about the same
 * phone — on any instance — waits and then sees the first one's rows, so two requests cannot both pass a limit, while
 * sign-ins of different phones run side by side. Log lines of a transaction are written after it commits.
 *
 * SMS codes: 6 digits, valid SMS_CODE_TTL_SECONDS, one per SMS_RESEND_SECONDS per phone, capped per phone and
 * requesting network per 24 h (SMS_PHONE_DAILY_LIMIT), per phone from all networks together at three times that
 * (against SMS bombing from many addresses), and per client IP per hour. Only the latest code of a phone counts.
 * Every limit that could shut a citizen out is keyed by the phone AND the network asking: a stranger who uses up a
 * phone's allowance, or guesses wrong codes, is shut out on their own network, never the citizen on theirs (the
 * stranger cannot lock a citizen out for 24 h with 10 requests).
 * Wrong codes: each wrong code is one wrong try of that code and one login failure of the phone on that network.
 *  - a code is dead after SMS_MAX_WRONG_TRIES wrong tries (SMS_CODE_TRIES_EXCEEDED, also for the right code later);
 *    with at most 3 × SMS_PHONE_DAILY_LIMIT codes a day that bounds guessing to a few hundred tries in 10^6;
 *  - LOGIN_MAX_FAILURES failures of a phone from one network within LOGIN_LOCK_MINUTES lock that network's sign-in
 *    and code sending for that phone for LOGIN_LOCK_MINUTES (LOGIN_LOCKED).
 */

export type { AuthUser } from './auth-user'

export const BIND_TICKET_TTL_SECONDS = 10 * 60
/** latest outbox messages GET /api/v1/dev/outbox returns */
export const OUTBOX_LIMIT = 20

const SECOND = 1000
const MINUTE = 60 * SECOND
const HOUR = 60 * MINUTE
const DAY = 24 * HOUR

export interface AuthDeps {
  db: Db
  sms: SmsAdapter
  identity: IdentityAdapter
  /** mini-program sign-in: the platforms' code exchange (embedded, or WeChat code2session / Alipay oauth token) */
  platformLogin: PlatformLoginAdapter
  now: () => Date
  /** TOKEN_SECRET, or null to use the one kept in the database */
  tokenSecret: string | null
  smsPhoneDailyLimit: number
  smsIpHourlyLimit: number
  log?: FastifyBaseLogger
}

interface UserRow {
  id: string
  phone: string
  created_at: string
  real_name: string | null
  real_id_number: string | null
  realname_verified_at: string | null
}

interface CodeRow {
  id: number
  code_hash: string
  created_at: string
  expires_at: string
  wrong_tries: number
  used_at: string | null
}

interface TicketRow {
  platform: Platform
  platform_user_id: string
  expires_at: string
  used_at: string | null
}

/** A transaction's result: errors that follow writes (counters) are returned, not thrown, so the writes commit. */
type Outcome<T> = { ok: T } | { error: AppError }

function unwrap<T>(o: Outcome<T>): T {
  if ('error' in o) throw o.error
  return o.ok
}

/** Work to do once a transaction has committed (log lines): a transaction may run more than once on PostgreSQL. */
type Later = (f: () => void) => void

const iso = (ms: number): string => new Date(ms).toISOString()
const ceilDiv = (a: number, b: number): number => Math.max(1, Math.ceil(a / b))

/** all networks together may ask this many times the per-network daily codes of one phone */
const PHONE_CEILING_FACTOR = 3
/** 实名认证: wrong name/身份证号 pairs an account, or a network, may try per day (OWASP ASVS 5.0 V6.3.1) */
export const REALNAME_MAX_FAILURES = 5
export const REALNAME_MAX_FAILURES_PER_NETWORK = 20

/** The lock of everything counted per phone: its SMS codes, login failures and lock, and its account's creation. */
const phoneLock = (phone: string): string => `phone:${phone}`

/** Names compare with the two middle dots of minority names made one (as the embedded identity adapter does). */
const normName = (n: string): string => n.trim().replace(/•/g, '·').replace(/\s+/g, ' ')

export class AuthService {
  private readonly db: Db
  private readonly now: () => Date
  readonly tokens: TokenService
  private readonly throttles: Throttles

  private constructor(
    private readonly d: AuthDeps,
    secret: string
  ) {
    this.db = d.db
    this.now = d.now
    this.tokens = new TokenService(secret, d.now)
    this.throttles = new Throttles(d.db)
  }

  static async create(deps: AuthDeps): Promise<AuthService> {
    return new AuthService(deps, await loadTokenSecret(deps.db, deps.tokenSecret, deps.now()))
  }

  /** `db.tx(fn)`; what `fn` hands to `later` runs once, after the commit (not on a rolled-back or retried attempt). */
  private async tx<T>(fn: (later: Later) => Promise<T>): Promise<T> {
    let pending: Array<() => void> = []
    const result = await this.db.tx(() => {
      pending = []
      return fn((f) => pending.push(f))
    })
    for (const f of pending) f()
    return result
  }

  // ---------- SMS codes ----------

  /** How many codes went to a phone, a client IP, or a phone from one IP since `since`, and when the first was sent. */
  private async codesSince(by: 'phone' | 'ip_hash' | 'phone_ip', value: string | [string, string], since: string): Promise<{ n: number; first_at: string | null }> {
    const where = by === 'phone_ip' ? 'phone = ? AND ip_hash = ?' : `${by} = ?`
    const args = Array.isArray(value) ? value : [value]
    const row = await this.db
      .prepare<string[], { n: number; first_at: string | null }>(
        `SELECT COUNT(*) AS n, MIN(created_at) AS first_at FROM sms_codes WHERE ${where} AND created_at > ?`
      )
      .get(...args, since)
    return row ?? { n: 0, first_at: null }
  }

  /** the throttle key of sign-in failures: the phone on one network */
  private loginKey(phone: string, ipHash: string): string {
    return `login:${phone}:${ipHash}`
  }

  async sendSmsCode(phone: string, ip: string): Promise<SmsCodeResponse> {
    const now = this.now()
    const t = now.getTime()
    const ipHash = this.tokens.hmac(`ip:${ip}`)
    // housekeeping, outside the transaction (rows of every phone; the limits only count the window): nothing older
    // than the daily window is needed
    await this.db.prepare('DELETE FROM sms_codes WHERE created_at <= ?').run(iso(t - DAY))
    // the limits are counted and the code inserted in one transaction: two instances cannot both pass a limit
    const issued = unwrap(
      await this.tx(async (): Promise<Outcome<{ id: number; code: string }>> => {
        await this.db.lock(phoneLock(phone), `sms-ip:${ipHash}`)
        const locked = await this.lockedMinutes(this.loginKey(phone, ipHash), t)
        if (locked) return { error: errors.loginLocked(locked) }
        const last = await this.db
          .prepare<[string], { created_at: string }>('SELECT created_at FROM sms_codes WHERE phone = ? ORDER BY id DESC LIMIT 1')
          .get(phone)
        if (last) {
          const wait = Date.parse(last.created_at) + SMS_RESEND_SECONDS * SECOND - t
          if (wait > 0) return { error: errors.smsTooFrequent(ceilDiv(wait, SECOND)) }
        }
        const daily = await this.codesSince('phone_ip', [phone, ipHash], iso(t - DAY))
        if (daily.n >= this.d.smsPhoneDailyLimit && daily.first_at) {
          return { error: errors.smsDailyLimit(ceilDiv(Date.parse(daily.first_at) + DAY - t, HOUR)) }
        }
        const everywhere = await this.codesSince('phone', phone, iso(t - DAY))
        if (everywhere.n >= this.d.smsPhoneDailyLimit * PHONE_CEILING_FACTOR && everywhere.first_at) {
          return { error: errors.smsDailyLimit(ceilDiv(Date.parse(everywhere.first_at) + DAY - t, HOUR)) }
        }
        const hourly = await this.codesSince('ip_hash', ipHash, iso(t - HOUR))
        if (hourly.n >= this.d.smsIpHourlyLimit && hourly.first_at) {
          return { error: errors.smsIpLimit(ceilDiv(Date.parse(hourly.first_at) + HOUR - t, MINUTE)) }
        }
        const code = String(randomInt(0, 1_000_000)).padStart(6, '0')
        const r = await this.db
          .prepare<[string, string, string, string, string], { id: number }>(
            'INSERT INTO sms_codes (phone, code_hash, ip_hash, created_at, expires_at) VALUES (?, ?, ?, ?, ?) RETURNING id'
          )
          .get(phone, this.codeHash(phone, code), ipHash, now.toISOString(), iso(t + SMS_CODE_TTL_SECONDS * SECOND))
        if (!r) throw new Error('sms_codes insert returned no id')
        return { ok: { id: Number(r.id), code } }
      })
    )
    try {
      await this.d.sms.send(
        {
          phone,
          code: issued.code,
          text: `【医保掌上办】您的登录验证码为 ${issued.code}，${SMS_CODE_TTL_SECONDS / 60} 分钟内有效。请勿泄露给他人。`
        },
        now
      )
    } catch (err) {
      // not sent: the code does not count against the limits
      await this.db.prepare('DELETE FROM sms_codes WHERE id = ?').run(issued.id)
      this.d.log?.error({ err, sms: this.d.sms.kind }, 'SMS gateway refused a sign-in code')
      throw errors.unavailable()
    }
    this.d.log?.info({ phoneMasked: maskPhone(phone) }, 'sign-in code sent')
    return { resendAfter: SMS_RESEND_SECONDS, expiresIn: SMS_CODE_TTL_SECONDS }
  }

  // ---------- sign-in ----------

  /** Phone + SMS code; creates the account on first sign-in; with a bindTicket also binds the mini-program account. */
  async login(req: LoginRequest, ip: string): Promise<SessionResponse> {
    const { phone, code } = req
    const t = this.now().getTime()
    const failureKey = this.loginKey(phone, this.tokens.hmac(`ip:${ip}`))
    const nowIso = iso(t)
    // the lock is checked, the failure counted (or the code spent) in one transaction: across instances too
    const signedIn = unwrap(
      await this.tx(async (later): Promise<Outcome<{ user: UserRow; sessionId: string; refreshToken: string }>> => {
        const ticketHash = req.bindTicket !== undefined ? sha256Hex(req.bindTicket) : null
        // the phone's codes, failures and account; a bind ticket is spent once whichever phone signs in with it
        await this.db.lock(phoneLock(phone), ...(ticketHash ? [`bind-ticket:${ticketHash}`] : []))
        const locked = await this.lockedMinutes(failureKey, t)
        if (locked) return { error: errors.loginLocked(locked) }

        let ticket: TicketRow | undefined
        if (ticketHash !== null) {
          ticket = await this.db
            .prepare<[string], TicketRow>('SELECT platform, platform_user_id, expires_at, used_at FROM bind_tickets WHERE ticket_hash = ?')
            .get(ticketHash)
          if (!ticket || ticket.used_at || ticket.expires_at <= nowIso) return { error: errors.bindTicketInvalid() }
          // bound meanwhile to another phone's account: the ticket is stale
          const boundTo = await this.db
            .prepare<[string, string], { phone: string }>(
              'SELECT u.phone FROM platform_accounts p JOIN users u ON u.id = p.user_id WHERE p.platform = ? AND p.platform_user_id = ?'
            )
            .get(ticket.platform, ticket.platform_user_id)
          if (boundTo && boundTo.phone !== phone) return { error: errors.bindTicketInvalid() }
        }

        const row = await this.db
          .prepare<[string], CodeRow>(
            'SELECT id, code_hash, created_at, expires_at, wrong_tries, used_at FROM sms_codes WHERE phone = ? ORDER BY id DESC LIMIT 1'
          )
          .get(phone)
        if (!row || row.used_at) return { error: errors.smsCodeExpired() }
        if (row.wrong_tries >= SMS_MAX_WRONG_TRIES) return { error: errors.smsCodeTriesExceeded(null) }
        if (row.expires_at <= nowIso) return { error: errors.smsCodeExpired() }

        if (!sameDigest(row.code_hash, this.codeHash(phone, code))) {
          const tries = row.wrong_tries + 1
          await this.db.prepare('UPDATE sms_codes SET wrong_tries = ? WHERE id = ?').run(tries, row.id)
          const failure = await this.recordFailure(failureKey, phone, t, later)
          if (tries >= SMS_MAX_WRONG_TRIES) return { error: errors.smsCodeTriesExceeded(failure.lockedMinutes) }
          if (failure.lockedMinutes) return { error: errors.loginLocked(failure.lockedMinutes) }
          return { error: errors.smsCodeWrong(Math.min(SMS_MAX_WRONG_TRIES - tries, failure.left)) }
        }

        await this.db.prepare('UPDATE sms_codes SET used_at = ? WHERE id = ?').run(nowIso, row.id)
        await this.throttles.clear(failureKey)
        const user = (await this.userByPhone(phone)) ?? (await this.createUser(phone, nowIso))
        if (ticket && ticketHash) {
          // one mini-program account per platform per user: a new one replaces the old binding
          await this.db.prepare('DELETE FROM platform_accounts WHERE user_id = ? AND platform = ?').run(user.id, ticket.platform)
          await this.db
            .prepare(
              `INSERT INTO platform_accounts (platform, platform_user_id, user_id, bound_at) VALUES (?, ?, ?, ?)
                 ON CONFLICT (platform, platform_user_id) DO UPDATE SET user_id = excluded.user_id, bound_at = excluded.bound_at`
            )
            .run(ticket.platform, ticket.platform_user_id, user.id, nowIso)
          await this.db.prepare('UPDATE bind_tickets SET used_at = ? WHERE ticket_hash = ?').run(nowIso, ticketHash)
        }
        return { ok: { user, ...(await this.createSession(user.id, t)) } }
      })
    )
    return this.sessionResponse(signedIn.user, signedIn.sessionId, signedIn.refreshToken)
  }

  /** Mini-programs: the Taro.login code → the platform user id → signed in when bound, else a ticket to bind a phone. */
  async platformLogin(platform: Platform, code: string): Promise<PlatformLoginResponse> {
    const platformUserId = await this.d.platformLogin.exchangePlatformCode(platform, code)
    if (!platformUserId) throw errors.platformLoginFailed()
    const t = this.now().getTime()
    const r = await this.tx(
      async (): Promise<{ kind: 'signedIn'; user: UserRow; sessionId: string; refreshToken: string } | { kind: 'bind'; ticket: string }> => {
        const user = await this.db
          .prepare<[string, string], UserRow>(
            'SELECT u.* FROM platform_accounts p JOIN users u ON u.id = p.user_id WHERE p.platform = ? AND p.platform_user_id = ?'
          )
          .get(platform, platformUserId)
        if (user) return { kind: 'signedIn', user, ...(await this.createSession(user.id, t)) }
        await this.db.prepare('DELETE FROM bind_tickets WHERE expires_at <= ?').run(iso(t - DAY))
        const ticket = randomToken()
        await this.db
          .prepare('INSERT INTO bind_tickets (ticket_hash, platform, platform_user_id, created_at, expires_at) VALUES (?, ?, ?, ?, ?)')
          .run(sha256Hex(ticket), platform, platformUserId, iso(t), iso(t + BIND_TICKET_TTL_SECONDS * SECOND))
        return { kind: 'bind', ticket }
      }
    )
    if (r.kind === 'bind') return { status: 'bindPhone', bindTicket: r.ticket, expiresIn: BIND_TICKET_TTL_SECONDS }
    return { status: 'signedIn', session: await this.sessionResponse(r.user, r.sessionId, r.refreshToken) }
  }

  // ---------- sessions ----------

  /** Rotates the refresh token. A token used before (stolen or replayed) revokes its whole session. */
  async refresh(refreshToken: string): Promise<SessionResponse> {
    const t = this.now().getTime()
    const nowIso = iso(t)
    const r = unwrap(
      await this.tx(async (later): Promise<Outcome<{ user: UserRow; sessionId: string; refreshToken: string }>> => {
        // a token rotates once: of two refreshes with it at once, the second sees it used (a replay)
        await this.db.lock(`refresh-token:${sha256Hex(refreshToken)}`)
        const row = await this.db
          .prepare<[string], { session_id: string; expires_at: string; used_at: string | null; revoked_at: string | null; user_id: string }>(
            `SELECT rt.session_id, rt.expires_at, rt.used_at, s.revoked_at, s.user_id
               FROM refresh_tokens rt JOIN sessions s ON s.id = rt.session_id WHERE rt.token_hash = ?`
          )
          .get(sha256Hex(refreshToken))
        if (!row || row.revoked_at) return { error: errors.refreshTokenInvalid() }
        if (row.used_at) {
          await this.revokeSession(row.session_id, nowIso, 'refresh-token-reuse')
          later(() => this.d.log?.warn({ sessionId: row.session_id }, 'a rotated refresh token was used again: session revoked'))
          return { error: errors.refreshTokenInvalid() }
        }
        if (row.expires_at <= nowIso) return { error: errors.refreshTokenInvalid() }
        const user = await this.db.prepare<[string], UserRow>('SELECT * FROM users WHERE id = ?').get(row.user_id)
        if (!user) return { error: errors.refreshTokenInvalid() }
        await this.db.prepare('UPDATE refresh_tokens SET used_at = ? WHERE token_hash = ?').run(nowIso, sha256Hex(refreshToken))
        await this.db.prepare('UPDATE sessions SET last_refreshed_at = ? WHERE id = ?').run(nowIso, row.session_id)
        return { ok: { user, sessionId: row.session_id, refreshToken: await this.issueRefreshToken(row.session_id, t) } }
      })
    )
    return this.sessionResponse(r.user, r.sessionId, r.refreshToken)
  }

  /** Revokes the session of the refresh token (its access tokens stop working too). Unknown tokens: nothing to do. */
  async logout(refreshToken: string): Promise<void> {
    const row = await this.db
      .prepare<[string], { session_id: string }>('SELECT session_id FROM refresh_tokens WHERE token_hash = ?')
      .get(sha256Hex(refreshToken))
    if (row) await this.revokeSession(row.session_id, this.now().toISOString(), 'logout')
  }

  /** Revokes the session of an access token (expired or not: signing out must work after a pause). */
  async logoutByAccessToken(authorization: string | undefined): Promise<void> {
    const m = /^Bearer\s+(\S+)\s*$/i.exec(authorization ?? '')
    if (!m) return
    const claims = await this.tokens.verifyAccess(m[1], { allowExpired: true }).catch(() => null)
    if (claims) await this.revokeSession(claims.sessionId, this.now().toISOString(), 'logout')
  }

  /**
   * The account of an `Authorization: Bearer <access token>` header: 401 UNAUTHORIZED when missing, malformed,
   * forged or of a revoked session; 401 TOKEN_EXPIRED when expired (the app refreshes and retries).
   */
  async authenticate(authorization: string | undefined): Promise<AuthUser> {
    const m = /^Bearer\s+(\S+)\s*$/i.exec(authorization ?? '')
    if (!m) throw errors.unauthorized()
    const claims = await this.tokens.verifyAccess(m[1])
    const row = await this.db
      .prepare<[string, string], UserRow & { revoked_at: string | null }>(
        'SELECT u.*, s.revoked_at FROM sessions s JOIN users u ON u.id = s.user_id WHERE s.id = ? AND u.id = ?'
      )
      .get(claims.sessionId, claims.userId)
    if (!row || row.revoked_at) throw errors.tokenInvalid()
    return toAuthUser(row)
  }

  // ---------- the account and real-name ----------

  async me(userId: string): Promise<MeResponse> {
    const row = await this.db.prepare<[string], UserRow>('SELECT * FROM users WHERE id = ?').get(userId)
    if (!row) throw errors.tokenInvalid()
    return { user: await this.userView(row) }
  }

  /**
   * Real-name (001 §3.1.2): name + 身份证号 (GB 11643 check digit already checked by the request schema) confirmed by
   * the identity adapter. One 身份证号 belongs to one account; an account keeps the person it was real-named as.
   */
  async realname(user: AuthUser, req: RealnameRequest, ip: string): Promise<MeResponse> {
    const name = normName(req.name)
    const idNumber = req.idNumber.trim().toUpperCase()
    if (user.realName) {
      if (user.realName.idNumber === idNumber && normName(user.realName.name) === name) return await this.me(user.id)
      throw errors.realnameSwitch()
    }
    // failed tries are counted per account and per network: guessing the name that goes with a 身份证号 is slow
    const t = this.now().getTime()
    const keys = [`realname:user:${user.id}`, `realname:ip:${this.tokens.hmac(`ip:${ip}`)}`]
    const limits = [REALNAME_MAX_FAILURES, REALNAME_MAX_FAILURES_PER_NETWORK]
    for (const key of keys) if (await this.throttles.lockedMs(key, t)) throw errors.realnameTooMany()
    const fail = async (): Promise<never> => {
      await this.db.tx(async () => {
        for (const [i, key] of keys.entries()) await this.throttles.hit(key, t, { max: limits[i], windowMs: DAY })
      })
      this.d.log?.info({ userId: user.id, idNumberMasked: maskIdNumber(idNumber) }, 'real-name not confirmed')
      // the same answer whether the name is wrong or the 身份证号 is another account's (no account enumeration)
      throw errors.realnameMismatch()
    }
    if ((await this.d.identity.verifyRealName({ name, idNumber })) === 'mismatch') return fail()
    const nowIso = this.now().toISOString()
    let outcome: Outcome<true> | 'taken'
    try {
      outcome = await this.tx(async (): Promise<Outcome<true> | 'taken'> => {
        // an account is real-named once: two devices confirming two persons at once cannot both win
        await this.db.lock(`account:${user.id}`)
        const current = await this.db.prepare<[string], UserRow>('SELECT * FROM users WHERE id = ?').get(user.id)
        if (!current) return { error: errors.tokenInvalid() }
        if (current.real_id_number) {
          // real-named meanwhile (another device): the same person is fine, another is not
          return current.real_id_number === idNumber && current.real_name === name ? { ok: true } : { error: errors.realnameSwitch() }
        }
        const other = await this.db
          .prepare<[string, string], { id: string }>('SELECT id FROM users WHERE real_id_number = ? AND id <> ?')
          .get(idNumber, user.id)
        if (other) return 'taken'
        // the UPDATE is the transaction's last statement: a unique violation ends it (rolled back), nothing continues
        await this.db
          .prepare('UPDATE users SET real_name = ?, real_id_number = ?, realname_verified_at = ? WHERE id = ?')
          .run(name, idNumber, nowIso, user.id)
        return { ok: true }
      })
    } catch (err) {
      // the unique index is the last word when two accounts race for the same 身份证号 (the transaction is over)
      if (!isUniqueViolation(err)) throw err
      outcome = 'taken'
    }
    if (outcome === 'taken') {
      this.d.log?.warn({ userId: user.id, idNumberMasked: maskIdNumber(idNumber) }, 'real-name refused: the 身份证号 is another account\'s')
      return fail()
    }
    unwrap(outcome)
    await this.throttles.clear(keys[0])
    this.d.log?.info({ userId: user.id, idNumberMasked: maskIdNumber(idNumber) }, 'real-name confirmed')
    return await this.me(user.id)
  }

  // ---------- dev outbox ----------

  /** The latest messages to a phone, newest first, masked phone (outside production only; see routes/dev.ts). */
  async outbox(phone: string): Promise<{ phone: string; text: string; code: string | null; sentAt: string }[]> {
    const read = this.d.sms.outbox
    if (!read) return []
    return (await read.call(this.d.sms, phone, OUTBOX_LIMIT)).map((m) => ({ ...m, phone: maskPhone(m.phone) }))
  }

  // ---------- internals ----------

  private codeHash(phone: string, code: string): string {
    return this.tokens.hmac(`sms:${phone}:${code}`)
  }

  /** Minutes a sign-in throttle key stays locked, or 0. */
  private async lockedMinutes(key: string, t: number): Promise<number> {
    const left = await this.throttles.lockedMs(key, t)
    return left > 0 ? ceilDiv(left, MINUTE) : 0
  }

  /** One failed login of a phone on a network; LOGIN_MAX_FAILURES within LOGIN_LOCK_MINUTES lock it for LOGIN_LOCK_MINUTES. */
  private async recordFailure(key: string, phone: string, t: number, later: Later): Promise<{ lockedMinutes: number | null; left: number }> {
    const windowMs = LOGIN_LOCK_MINUTES * MINUTE
    const r = await this.throttles.hit(key, t, { max: LOGIN_MAX_FAILURES, windowMs, lockMs: windowMs })
    if (r.lockedMs) {
      later(() => this.d.log?.warn({ phoneMasked: maskPhone(phone) }, 'sign-in locked for one network after repeated wrong codes'))
      return { lockedMinutes: LOGIN_LOCK_MINUTES, left: 0 }
    }
    return { lockedMinutes: null, left: r.left }
  }

  private userByPhone(phone: string): Promise<UserRow | undefined> {
    return this.db.prepare<[string], UserRow>('SELECT * FROM users WHERE phone = ?').get(phone)
  }

  private async createUser(phone: string, nowIso: string): Promise<UserRow> {
    const id = randomUUID()
    await this.db.prepare('INSERT INTO users (id, phone, created_at) VALUES (?, ?, ?)').run(id, phone, nowIso)
    return { id, phone, created_at: nowIso, real_name: null, real_id_number: null, realname_verified_at: null }
  }

  private async createSession(userId: string, t: number): Promise<{ sessionId: string; refreshToken: string }> {
    const sessionId = randomUUID()
    await this.db
      .prepare('INSERT INTO sessions (id, user_id, created_at, last_refreshed_at) VALUES (?, ?, ?, ?)')
      .run(sessionId, userId, iso(t), iso(t))
    return { sessionId, refreshToken: await this.issueRefreshToken(sessionId, t) }
  }

  private async issueRefreshToken(sessionId: string, t: number): Promise<string> {
    const token = randomToken()
    await this.db
      .prepare('INSERT INTO refresh_tokens (token_hash, session_id, created_at, expires_at) VALUES (?, ?, ?, ?)')
      .run(sha256Hex(token), sessionId, iso(t), iso(t + REFRESH_TOKEN_TTL_DAYS * DAY))
    return token
  }

  private async revokeSession(sessionId: string, nowIso: string, reason: string): Promise<void> {
    await this.db
      .prepare('UPDATE sessions SET revoked_at = ?, revoked_reason = ? WHERE id = ? AND revoked_at IS NULL')
      .run(nowIso, reason, sessionId)
  }

  private async sessionResponse(user: UserRow, sessionId: string, refreshToken: string): Promise<SessionResponse> {
    return {
      accessToken: await this.tokens.signAccess({ userId: user.id, sessionId }),
      expiresIn: ACCESS_TOKEN_TTL_SECONDS,
      refreshToken,
      user: await this.userView(user)
    }
  }

  /** What the app sees of an account: phone, name and 身份证号 masked (contract/identity.ts). */
  private async userView(row: UserRow): Promise<UserView> {
    const platforms = (
      await this.db
        .prepare<[string], { platform: Platform }>('SELECT platform FROM platform_accounts WHERE user_id = ? ORDER BY platform')
        .all(row.id)
    ).map((p) => p.platform)
    return {
      id: row.id,
      phone: maskPhone(row.phone),
      realName:
        row.real_name && row.real_id_number
          ? { name: maskName(row.real_name), idNumber: maskIdNumber(row.real_id_number), verifiedAt: row.realname_verified_at ?? '' }
          : null,
      platforms
    }
  }
}

function toAuthUser(row: UserRow): AuthUser {
  return {
    id: row.id,
    phone: row.phone,
    realName: row.real_name && row.real_id_number ? { name: row.real_name, idNumber: row.real_id_number } : null
  }
}
