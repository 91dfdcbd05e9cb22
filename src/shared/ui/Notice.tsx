import { Text, View } from '@tarojs/components'
import type { ReactNode } from 'react'
import { role } from './a11y'

/** A banner: info (blue), warning (amber) or danger (red). */
export function Notice({ tone = 'info', title, children }: { tone?: 'info' | 'warning' | 'danger'; title?: string; children?: ReactNode }) {
  return (
    <View className={`yb-notice yb-notice--${tone}`} {...role(tone === 'info' ? 'note' : 'alert')}>
      {title ? <Text className='yb-notice__title'>{title}</Text> : null}
      {children ? <View className='yb-notice__body'>{children}</View> : null}
    </View>
  )
}
