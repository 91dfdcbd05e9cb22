import { createHash, createHmac, randomBytes, timingSafeEqual } from 'node:crypto'
import { SignJWT, errors as joseErrors, jwtVerify } from 'jose'
import type { Db } from '../db'
import { errors } from '../../../domain/errors'

/**
 * Session tokens (001 §3.1.2 sign-in):
 *  - access token: a JWT (jose, HS256) valid 15 minutes, carrying the user id (`sub`) and the session id (`sid`);
 *  - refresh token: opaque random, stored only as a SHA-256 hash, rotated on every refresh (services/auth.ts).
 * The HS256 key is TOKEN_SECRET, or one generated once and kept in the database, so a restart and a second instance
 * on the same database accept the same access tokens.
 */
export const ACCESS_TOKEN_TTL_SECONDS = 15 * 60
export const REFRESH_TOKEN_TTL_DAYS = 30
const ISSUER = 'yb-bff'
const AUDIENCE = 'yb-app'
const SECRET_NAME = 'token-secret'

/** TOKEN_SECRET when set; else the stored secret, made on first use (two instances starting at once agree). */
export async function loadTokenSecret(db: Db, configured: string | null, now: Date): Promise<string> {
  if (configured) return configured
  // the first insert wins; a concurrent one waits for it to commit and then does nothing
  await db
    .prepare('INSERT INTO auth_secrets (name, value, created_at) VALUES (?, ?, ?) ON CONFLICT (name) DO NOTHING')
    .run(SECRET_NAME, randomBytes(48).toString('base64url'), now.toISOString())
  const row = await db.prepare<[string], { value: string }>('SELECT value FROM auth_secrets WHERE name = ?').get(SECRET_NAME)
  if (!row) throw new Error('token secret missing after insert')
  return row.value
}

/** A URL-safe random token (refresh tokens, bind tickets): 256 bits. */
export function randomToken(bytes = 32): string {
  return randomBytes(bytes).toString('base64url')
}

/**
 * A random code a person copies by hand into a form or a command line (a staff enrolment code): hex, so it never
 * starts with '-' (which an option parser reads as an option: `--code -dPY…`) and holds no '_' or look-alike letters.
 */
export function randomCode(bytes = 16): string {
  return randomBytes(bytes).toString('hex')
}

/** How tokens are stored: SHA-256, hex. A leaked table gives no usable token. */
export function sha256Hex(s: string): string {
  return createHash('sha256').update(s).digest('hex')
}

/** Equality of two hex digests without a timing side channel. */
export function sameDigest(a: string, b: string): boolean {
  const x = Buffer.from(a, 'hex')
  const y = Buffer.from(b, 'hex')
  return x.length === y.length && timingSafeEqual(x, y)
}

export interface AccessClaims {
  userId: string
  sessionId: string
}

export class TokenService {
  private readonly key: Uint8Array
  private readonly hmacKey: Buffer

  constructor(
    private readonly secret: string,
    private readonly now: () => Date
  ) {
    this.key = new TextEncoder().encode(secret)
    // a separate key for the HMACs of SMS codes and IPs, derived so the JWT key is never used twice
    this.hmacKey = createHmac('sha256', secret).update('yb-bff hmac key').digest()
  }

  /** the secret other keys are derived from (HMAC with a purpose label), e.g. the staff TOTP encryption key */
  get secretForDerivation(): string {
    return this.secret
  }

  /** HMAC-SHA256 (hex) of a short secret such as an SMS code: 10^6 codes are not enough entropy for a plain hash. */
  hmac(s: string): string {
    return createHmac('sha256', this.hmacKey).update(s).digest('hex')
  }

  async signAccess(claims: AccessClaims): Promise<string> {
    const iat = Math.floor(this.now().getTime() / 1000)
    return new SignJWT({ sid: claims.sessionId })
      .setProtectedHeader({ alg: 'HS256', typ: 'JWT' })
      .setSubject(claims.userId)
      .setIssuer(ISSUER)
      .setAudience(AUDIENCE)
      .setIssuedAt(iat)
      .setExpirationTime(iat + ACCESS_TOKEN_TTL_SECONDS)
      .sign(this.key)
  }

  /** The claims of a valid access token; 401 TOKEN_EXPIRED when it has expired, 401 UNAUTHORIZED otherwise. */
  async verifyAccess(token: string, opts: { allowExpired?: boolean } = {}): Promise<AccessClaims> {
    try {
      const { payload } = await jwtVerify(token, this.key, {
        algorithms: ['HS256'],
        issuer: ISSUER,
        audience: AUDIENCE,
        currentDate: this.now(),
        // signing out with a token that expired meanwhile: the signature still proves which session it was
        ...(opts.allowExpired ? { clockTolerance: REFRESH_TOKEN_TTL_DAYS * 86_400 } : {}),
        requiredClaims: ['sub', 'exp', 'iat']
      })
      if (typeof payload.sub !== 'string' || typeof payload.sid !== 'string') throw errors.tokenInvalid()
      return { userId: payload.sub, sessionId: payload.sid }
    } catch (err) {
      if (err instanceof joseErrors.JWTExpired) throw errors.tokenExpired()
      throw errors.tokenInvalid()
    }
  }
}
