import { View } from '@tarojs/components'
import type { ReactNode } from 'react'
import { usePrefsStore } from '../theme/prefs'
import { themeVars } from '../theme/tokens'
import './ui.scss'

/**
 * The root of every page: sets the design tokens (scaled by the font-scale factor) as CSS custom properties,
 * the page background and the base type. 长辈版 changes the factor once and every page follows.
 */
export function Screen({ children, className, footer }: { children: ReactNode; className?: string; footer?: ReactNode }) {
  const fontScale = usePrefsStore((s) => s.fontScale)
  return (
    <View className={`yb-screen${footer ? ' yb-screen--with-footer' : ''}${className ? ` ${className}` : ''}`} style={themeVars(fontScale)}>
      {children}
      {footer ? <View className='yb-screen__footer'>{footer}</View> : null}
    </View>
  )
}
