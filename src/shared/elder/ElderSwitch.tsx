import { Text, View } from '@tarojs/components'
import { useState } from 'react'
import { usePrefsStore } from '../theme/prefs'
import { Button } from '../ui/Button'
import { role } from '../ui/a11y'
import { detectLargeFont } from './detect'
import './elder.scss'

export const ELDER_MODE_LABEL = '长辈版（大字模式）'

/**
 * The 长辈版 switch, on home and in 设置. Its state is written out (已开启 / 已关闭), not only shown by
 * colour; what changed is said inline under it (no toast).
 */
export function ElderSwitch() {
  const on = usePrefsStore((s) => s.elderMode)
  const setElderMode = usePrefsStore((s) => s.setElderMode)
  const [changed, setChanged] = useState(false)
  const toggle = () => {
    setElderMode(!on)
    setChanged(true)
  }
  return (
    <View className='yb-elder-switch-wrap'>
      <View
        className={`yb-elder-switch${on ? ' yb-elder-switch--on' : ''}`}
        hoverClass='yb-elder-switch--pressed'
        {...role('switch')}
        aria-checked={on ? 'true' : 'false'}
        aria-label={ELDER_MODE_LABEL}
        onClick={toggle}
      >
        <View className='yb-elder-switch__body'>
          <Text className='yb-elder-switch__title'>长辈版</Text>
          <Text className='yb-elder-switch__desc'>字更大、按钮更大，首页只留常用服务</Text>
        </View>
        <View className='yb-elder-switch__state'>
          <View className='yb-elder-switch__track'>
            <View className='yb-elder-switch__knob' />
          </View>
          <Text className='yb-elder-switch__label'>{on ? '已开启' : '已关闭'}</Text>
        </View>
      </View>
      {changed ? (
        <Text className='yb-elder-switch__result' {...role('status')} aria-live='polite'>
          {on ? '已开启长辈版，每个页面的字和按钮都已变大。' : '已关闭长辈版，恢复标准字号。'}
        </Text>
      ) : null}
    </View>
  )
}

/**
 * First run: when the phone already uses large text and the person never chose, offer 长辈版 once — inline
 * on home, not a pop-up. Either answer is remembered (elderModeChosen), so it is never offered again.
 */
export function ElderOffer({ detect = detectLargeFont }: { detect?: () => boolean | null }) {
  const chosen = usePrefsStore((s) => s.elderModeChosen)
  const on = usePrefsStore((s) => s.elderMode)
  const setElderMode = usePrefsStore((s) => s.setElderMode)
  const [large] = useState(() => (chosen || on ? false : detect() === true))
  if (chosen || on || !large) return null
  return (
    <View className='yb-elder-offer' {...role('region')} aria-label='开启长辈版'>
      <Text className='yb-elder-offer__title'>您的手机字体较大，要开启长辈版吗？</Text>
      <Text className='yb-elder-offer__text'>长辈版字更大、按钮更大，首页只留最常用的服务。以后可在首页或“设置”里随时更改。</Text>
      <View className='yb-elder-offer__actions'>
        <Button onClick={() => setElderMode(true)}>开启</Button>
        <Button variant='secondary' onClick={() => setElderMode(false)}>
          不用了
        </Button>
      </View>
    </View>
  )
}
