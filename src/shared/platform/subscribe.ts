import Taro from '@tarojs/taro'

/**
 * WeChat subscription messages (订阅消息) for case progress (001 §5.3.2: the result is sent to the citizen). WeChat
 * only shows the consent dialog from a tap, so this runs inside the 提交 tap, before anything is awaited. The
 * template ids come from the build env TARO_APP_SUBSCRIBE_TEMPLATE_IDS (comma-separated, at most 3 per request);
 * without them, and outside WeChat, nothing is asked. A refusal never blocks the submit.
 */
function envTemplateIds(): string | undefined {
  // replaced at build time when set (a .env file, or config/index.ts `env`); guarded because a mini-program has no
  // `process` when the build did not define it
  try {
    return typeof process === 'undefined' ? undefined : process.env.TARO_APP_SUBSCRIBE_TEMPLATE_IDS
  } catch {
    return undefined
  }
}

export function subscribeTemplateIds(raw: string | undefined = envTemplateIds()): string[] {
  return (raw ?? '')
    .split(',')
    .map((s) => s.trim())
    .filter(Boolean)
    .slice(0, 3)
}

export function requestSubscribe(
  platform: string | undefined = process.env.TARO_ENV,
  ids: string[] = subscribeTemplateIds()
): Promise<void> {
  if (platform !== 'weapp' || ids.length === 0) return Promise.resolve()
  try {
    return Taro.requestSubscribeMessage({ tmplIds: ids } as Taro.requestSubscribeMessage.Option).then(
      () => undefined,
      () => undefined
    )
  } catch {
    return Promise.resolve()
  }
}
