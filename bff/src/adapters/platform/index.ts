import { createPrivateKey, createPublicKey } from 'node:crypto'
import { readFileSync } from 'node:fs'
import type { Platform } from '../../../../contract/auth'
import type { Config } from '../../config'
import { EmbeddedIdentityAdapter } from '../identity/embedded'
import type { PlatformLoginAdapter } from '../identity/types'
import { AlipayLogin } from './alipay'
import { WeChatLogin } from './wechat'

export { AlipayLogin, alipaySignContent, rawNode, rsa2Sign, rsa2Verify } from './alipay'
export { WeChatLogin } from './wechat'

/**
 * PLATFORM_LOGIN=platform: each mini-program platform's own code exchange (WeChat code2session, Alipay
 * alipay.system.oauth.token). A platform that is not configured refuses its codes (PLATFORM_LOGIN_FAILED).
 */
export class PlatformApisLogin implements PlatformLoginAdapter {
  readonly kind = 'platform'

  constructor(private readonly apis: { weapp: WeChatLogin | null; alipay: AlipayLogin | null }) {}

  async exchangePlatformCode(platform: Platform, code: string): Promise<string | null> {
    if (platform === 'weapp') return this.apis.weapp ? this.apis.weapp.openId(code) : null
    return this.apis.alipay ? this.apis.alipay.userId(code) : null
  }
}

export function createPlatformLogin(config: Config['platformLogin'], embedded: EmbeddedIdentityAdapter): PlatformLoginAdapter {
  if (config.adapter === 'embedded') return embedded
  const alipay = config.alipay
  return new PlatformApisLogin({
    weapp: config.wechat ? new WeChatLogin(config.wechat) : null,
    alipay: alipay
      ? new AlipayLogin({
          appId: alipay.appId,
          privateKey: createPrivateKey(readFileSync(alipay.privateKeyFile)),
          alipayPublicKey: createPublicKey(readFileSync(alipay.publicKeyFile)),
          gateway: alipay.gateway
        })
      : null
  })
}
