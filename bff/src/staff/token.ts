import { randomBytes, timingSafeEqual } from 'node:crypto'
import { existsSync, readFileSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import type { Config } from '../config'

export const DEV_STAFF_TOKEN_FILE = 'staff-token.dev'

/**
 * The window staff's bearer token (issue 3): STAFF_TOKEN from the environment; else, outside production, a
 * development token made once and kept in the data folder (so `npm start` can print it and `npm run staff` can read
 * it). In production without STAFF_TOKEN there is no token and every staff request is refused.
 */
export function resolveStaffToken(config: Config): { token: string | null; source: 'env' | 'dev-file' | 'none' } {
  if (config.staffToken) return { token: config.staffToken, source: 'env' }
  if (config.nodeEnv === 'production') return { token: null, source: 'none' }
  const file = join(config.dataDir, DEV_STAFF_TOKEN_FILE)
  if (existsSync(file)) {
    const t = readFileSync(file, 'utf8').trim()
    if (t.length >= 16) return { token: t, source: 'dev-file' }
  }
  const token = `dev-staff-${randomBytes(18).toString('base64url')}`
  writeFileSync(file, `${token}\n`, { mode: 0o600 })
  return { token, source: 'dev-file' }
}

/** Constant-time comparison of a presented bearer token with the expected one. */
export function staffTokenMatches(expected: string | null, header: string | undefined): boolean {
  if (!expected || !header) return false
  const m = /^Bearer\s+(.+)$/i.exec(header.trim())
  if (!m) return false
  const a = Buffer.from(m[1].trim())
  const b = Buffer.from(expected)
  return a.length === b.length && timingSafeEqual(a, b)
}
