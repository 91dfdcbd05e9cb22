import Taro from '@tarojs/taro'

/** Entries of later issues say so plainly when tapped — never a silently dead button. */
export function comingSoonText(feature: string): string {
  return `「${feature}」即将上线，敬请期待。`
}

export function showComingSoon(feature: string): void {
  Taro.showModal({ title: '即将上线', content: comingSoonText(feature), showCancel: false, confirmText: '知道了' }).catch(
    () => undefined
  )
}
