import type { Platform } from '../../../../contract/auth'

/**
 * Identity upstreams (001 §3.1.2: the platform's user authentication is trusted): the real-name check of a name
 * against a 身份证号 here, and the mini-program platforms' login-code exchange (PlatformLoginAdapter). The embedded
 * adapter answers both from sample data; a deployment uses the HTTP identity adapter and the platforms' own APIs.
 */
export interface PlatformLoginAdapter {
  readonly kind: string
  /**
   * The platform's stable user id (weapp openid, alipay user id / open id) for a login code from Taro.login,
   * or null when the platform refuses the code; throws (503) when the platform cannot be asked.
   */
  exchangePlatformCode(platform: Platform, code: string): Promise<string | null>
}

export type RealNameCheck = 'confirmed' | 'mismatch'

export interface IdentityAdapter {
  readonly kind: string
  /** Whether the name belongs to the 身份证号 (both already validated: GB 11643 check digit, name pattern). */
  verifyRealName(person: { name: string; idNumber: string }): Promise<RealNameCheck>
}
