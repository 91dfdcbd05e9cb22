import Taro from '@tarojs/taro'
import { Text, View } from '@tarojs/components'
import type { MediaPlatform } from '@/shared/media'
import { Button } from '@/shared/ui'
import { inform } from '@/shared/ui/inform'

/**
 * The platform's own 医保码 ("in WeChat and Alipay it also offers the official channel"). WeChat: the
 * 国家医保服务平台 mini-program (appId wx7ec43a6a6c80544d, opened at its home page). Alipay: no official appId could be
 * confirmed, so the page says where to find it instead of guessing one. H5: nothing (no platform to hand over to).
 */
export const NHSA_WEAPP_APP_ID = 'wx7ec43a6a6c80544d'
export const ALIPAY_OFFICIAL_HINT = '在支付宝首页搜索“医保码”，可使用支付宝中的官方医保电子凭证'

export function openWechatOfficial(): void {
  Taro.navigateToMiniProgram({ appId: NHSA_WEAPP_APP_ID }).catch((e: { errMsg?: string }) => {
    // the citizen declined the platform's "即将打开…" prompt: nothing to say
    if (/cancel/i.test(String(e?.errMsg ?? ''))) return
    inform('暂时无法打开，请在微信中搜索“国家医保服务平台”', 'none')
  })
}

export function OfficialChannel({ platform }: { platform: MediaPlatform }) {
  if (platform === 'weapp') {
    return (
      <View className='evoucher-official'>
        <Text className='evoucher-official__title'>官方渠道</Text>
        <Button block variant='secondary' onClick={openWechatOfficial}>
          打开国家医保服务平台医保码
        </Button>
      </View>
    )
  }
  if (platform === 'alipay') {
    return (
      <View className='evoucher-official'>
        <Text className='evoucher-official__title'>官方渠道</Text>
        <Text className='evoucher-official__text'>{ALIPAY_OFFICIAL_HINT}</Text>
      </View>
    )
  }
  return null
}
