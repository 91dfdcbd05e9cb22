/**
 * The auth seam. Sign-in is a later issue: it registers a token provider here, and the api client sends
 * `Authorization: Bearer <token>` on every request when the provider returns one. Today nobody registers one,
 * so requests go out anonymous (the catalog is public).
 */
export type TokenProvider = () => string | null | undefined | Promise<string | null | undefined>

let provider: TokenProvider | null = null
let onUnauthorized: (() => void) | null = null

export function setTokenProvider(p: TokenProvider | null): void {
  provider = p
}

export async function currentToken(): Promise<string | null> {
  if (!provider) return null
  try {
    return (await provider()) ?? null
  } catch {
    return null
  }
}

/** Called when the BFF answers 401, e.g. to send the citizen to sign-in (the sign-in issue fills it in). */
export function setUnauthorizedHandler(h: (() => void) | null): void {
  onUnauthorized = h
}

export function notifyUnauthorized(): void {
  onUnauthorized?.()
}
