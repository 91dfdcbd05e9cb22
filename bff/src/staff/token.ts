import { randomBytes, timingSafeEqual } from 'node:crypto'
import { existsSync, readFileSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import type { Config } from '../config'

export const DEV_STAFF_TOKEN_FILE = 'staff-token.dev'

/**
 * The shared token that creates the first staff administrator (POST /api/v1/staff/bootstrap) and nothing else:
 * STAFF_TOKEN from the environment; else, outside production, a development token made once and kept in the data folder
 * (so `npm start` can print it and `npm run staff -- bootstrap` can read it), accepted from this machine only. In
 * production without STAFF_TOKEN there is none: accounts are opened by an administrator.
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

/** Constant-time comparison of a presented bearer token with the expected one (the bootstrap route). */
export function staffTokenMatches(expected: string | null, header: string | undefined): boolean {
  if (!expected || !header) return false
  const m = /^Bearer\s+(.+)$/i.exec(header.trim())
  if (!m) return false
  const a = Buffer.from(m[1].trim())
  const b = Buffer.from(expected)
  return a.length === b.length && timingSafeEqual(a, b)
}
