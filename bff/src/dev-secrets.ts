import { randomBytes, timingSafeEqual } from 'node:crypto'
import { existsSync, readFileSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import type { Config } from './config'

export type SecretSource = 'env' | 'dev-file' | 'none'

/**
 * A shared secret (the counters' terminal key, the staff bootstrap token): the environment's value; else, outside
 * production, a development one made once and kept in the data folder (so `npm start` can print it and scripts can
 * read it), readable by this account only; in production without the variable, none (what it guards is refused).
 */
export function envOrDevSecret(value: string | null, config: Pick<Config, 'nodeEnv' | 'dataDir'>, fileName: string, prefix: string): { value: string | null; source: SecretSource } {
  if (value) return { value, source: 'env' }
  if (config.nodeEnv === 'production') return { value: null, source: 'none' }
  const file = join(config.dataDir, fileName)
  if (existsSync(file)) {
    const kept = readFileSync(file, 'utf8').trim()
    if (kept.length >= 16) return { value: kept, source: 'dev-file' }
  }
  const made = `${prefix}-${randomBytes(18).toString('base64url')}`
  writeFileSync(file, `${made}\n`, { mode: 0o600 })
  return { value: made, source: 'dev-file' }
}

/** Constant-time comparison of a presented secret with the expected one; none expected or presented → false. */
export function secretMatches(expected: string | null, presented: string | undefined): boolean {
  if (!expected || !presented) return false
  const a = Buffer.from(presented.trim())
  const b = Buffer.from(expected)
  return a.length === b.length && timingSafeEqual(a, b)
}
