import { ensureSignedIn } from '@/shared/session'

/**
 * 001 §3.1.2 / §5.1.1: applying is for signed-in citizens with a verified real-name identity. The session module
 * (src/shared/session) signs in and verifies, then brings the citizen back to `redirect`; it resolves false when it
 * sent them away to do so (this screen then does nothing more).
 */
export async function ensureApplicant(redirect: string): Promise<boolean> {
  const r: unknown = await ensureSignedIn({ realName: true, redirect })
  return r !== false && r !== null && r !== undefined
}
