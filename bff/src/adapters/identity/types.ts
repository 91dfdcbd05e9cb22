import type { Platform } from '../../../../contract/auth'

/**
 * Identity upstreams (001 §3.1.2: the platform's user authentication is trusted): the mini-program platforms'
 * login-code exchange and the real-name check of a name against a 身份证号. The embedded adapter answers from
 * sample data; a provincial deployment replaces it (WeChat jscode2session, Alipay oauth token, the 公安 identity check).
 */
export type RealNameCheck = 'confirmed' | 'mismatch'

export interface IdentityAdapter {
  readonly kind: string
  /**
   * The platform's stable user id (weapp openid, alipay user id) for a login code from Taro.login,
   * or null when the platform refuses the code.
   */
  exchangePlatformCode(platform: Platform, code: string): Promise<string | null>
  /** Whether the name belongs to the 身份证号 (both already validated: GB 11643 check digit, name pattern). */
  verifyRealName(person: { name: string; idNumber: string }): Promise<RealNameCheck>
}
