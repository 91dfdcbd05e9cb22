import type { Config } from '../config'
import { envOrDevSecret, secretMatches, type SecretSource } from '../dev-secrets'

export const DEV_STAFF_TOKEN_FILE = 'staff-token.dev'

/**
 * The shared token that creates the first staff administrator (POST /api/v1/staff/bootstrap) and nothing else:
 * STAFF_TOKEN from the environment; else, outside production, a development token made once and kept in the data folder
 * (so `npm start` can print it and `npm run staff -- bootstrap` can read it), accepted from this machine only. In
 * production without STAFF_TOKEN there is none: accounts are opened by an administrator.
 */
export function resolveStaffToken(config: Config): { token: string | null; source: SecretSource } {
  const { value, source } = envOrDevSecret(config.staffToken, config, DEV_STAFF_TOKEN_FILE, 'dev-staff')
  return { token: value, source }
}

/** Constant-time comparison of a presented bearer token with the expected one (the bootstrap route). */
export function staffTokenMatches(expected: string | null, header: string | undefined): boolean {
  if (!expected || !header) return false
  const m = /^Bearer\s+(.+)$/i.exec(header.trim())
  return m !== null && secretMatches(expected, m[1])
}
