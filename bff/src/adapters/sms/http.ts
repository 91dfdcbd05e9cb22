import { signedPost } from '../http'
import type { SmsAdapter, SmsMessage } from './types'

/**
 * SMS_ADAPTER=http: the agency's SMS gateway (a provincial 统一短信平台). One signed POST per message,
 * `{phone, text}` (see adapters/http.ts signedPost); a gateway that refuses or cannot be reached makes the caller
 * answer 503 (a sign-in code not sent does not count against the limits).
 */
export class HttpSmsAdapter implements SmsAdapter {
  readonly kind = 'http'

  constructor(private readonly opts: { url: string; key: string }) {}

  async send(message: SmsMessage, at: Date): Promise<void> {
    await signedPost(this.opts.url, this.opts.key, { phone: message.phone, text: message.text }, () => at)
  }
}
