import { z } from 'zod'
import { errors } from '../../errors'
import { signedPost } from '../http'
import type { IdentityAdapter, RealNameCheck } from './types'

const AnswerSchema = z.object({ result: z.enum(['match', 'mismatch']) })

/**
 * IDENTITY_ADAPTER=http: the agency's real-name service (in front of the 公安 citizen identity check). One signed POST
 * `{name, idNumber}` → `{result: "match" | "mismatch"}`; anything else is an upstream failure (503), never a
 * confirmation — this adapter confirms nothing it cannot check.
 */
export class HttpIdentityAdapter implements IdentityAdapter {
  readonly kind = 'http'

  constructor(private readonly opts: { url: string; key: string }) {}

  async verifyRealName(person: { name: string; idNumber: string }): Promise<RealNameCheck> {
    const parsed = AnswerSchema.safeParse(await signedPost(this.opts.url, this.opts.key, { name: person.name, idNumber: person.idNumber }))
    if (!parsed.success) throw errors.unavailable()
    return parsed.data.result === 'match' ? 'confirmed' : 'mismatch'
  }
}
