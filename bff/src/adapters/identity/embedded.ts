import { createHash } from 'node:crypto'
import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import { z } from 'zod'
import type { Platform } from '../../../../contract/auth'
import type { IdentityAdapter, PlatformLoginAdapter, RealNameCheck } from './types'

/** The sample person registry shared by the embedded identity and data-sharing adapters (invented people). */
export const SAMPLE_PERSONS_FILE = join(__dirname, '..', 'sample', 'persons.json')

/** Only what the identity check needs; the file carries more (documents, enrollment…) for other adapters. */
const PersonsFileSchema = z.object({
  persons: z.array(z.object({ idNumber: z.string(), name: z.string() }).passthrough())
})

/** Names compare after trimming and with the two middle dots minority names use (· and •) made one. */
function normName(name: string): string {
  return name.trim().replace(/•/g, '·').replace(/\s+/g, ' ')
}

/**
 * Development defaults, no network:
 *  - platform login: a code maps deterministically to a platform user id (sha256 of platform + code), so the same
 *    code always signs in the same mini-program account; a dev build or a test may send a fixed code per "device".
 *    Codes that are blank or start with "invalid" are refused, like the platform refusing an expired code.
 *    (Real platforms: the code is one-time; jscode2session / alipay.system.oauth.token return the openid / user id.)
 *  - real-name: a 身份证号 in the sample registry must come with its registered name; a valid 身份证号 that is not
 *    registered is confirmed with any valid name. This is the DEVELOPMENT default so a new user can try the app with
 *    their own test data; a real deployment's adapter asks the 公安 identity service and confirms nothing it cannot check.
 */
export class EmbeddedIdentityAdapter implements IdentityAdapter, PlatformLoginAdapter {
  readonly kind = 'embedded'
  private readonly registry: Map<string, string>

  constructor(personsFile: string = SAMPLE_PERSONS_FILE) {
    const parsed = PersonsFileSchema.parse(JSON.parse(readFileSync(personsFile, 'utf8')))
    this.registry = new Map(parsed.persons.map((p) => [p.idNumber.trim().toUpperCase(), normName(p.name)]))
  }

  async exchangePlatformCode(platform: Platform, code: string): Promise<string | null> {
    const c = code.trim()
    if (c === '' || /^invalid/i.test(c)) return null
    return `${platform}-dev-${createHash('sha256').update(`${platform}:${c}`).digest('hex').slice(0, 24)}`
  }

  async verifyRealName(person: { name: string; idNumber: string }): Promise<RealNameCheck> {
    const registered = this.registry.get(person.idNumber.trim().toUpperCase())
    if (registered === undefined) return 'confirmed' // development default: see the class comment
    return registered === normName(person.name) ? 'confirmed' : 'mismatch'
  }
}
