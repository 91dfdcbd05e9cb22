import { GRANT_SCOPE_LABELS, type GrantScope } from '../contract/family'
import { errors } from './errors'

/**
 * Acting for a family member (亲情账户): only while the member's grant is active and holds the scope asked for
 * (403 GRANT_REQUIRED names what is missing); a revoked or narrowed grant holds from the next request.
 */
export function requireGrant(member: { status: string; scopes: readonly GrantScope[] }, scope: GrantScope): void {
  if (member.status !== 'active' || !member.scopes.includes(scope)) throw errors.grantRequired(GRANT_SCOPE_LABELS[scope])
}
