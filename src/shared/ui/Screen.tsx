import { Text, View } from '@tarojs/components'
import { useEffect, type ReactNode } from 'react'
import { pageMounted } from '../shell/handoff'
import { useDemoStore } from '../demo'
import { effectiveScale, usePrefsStore } from '../theme/prefs'
import { themeVars } from '../theme/tokens'
import { focusablePageScroller, role } from './a11y'
import { useInformStore } from './inform'
import { installPlatformUi } from './platform'
import './ui.scss'

// H5: focus rings and page titles (platform.h5.ts); nothing in the mini-programs
installPlatformUi()
// H5-only selectors (ui.h5.scss: :where() lists, ARIA attributes, taro-*-core): a constant condition, so the
// mini-program builds never see the file and their compilers (wcsc) never meet what they reject
if (process.env.TARO_ENV === 'h5') require('./ui.h5.scss')

/**
 * The root of every page: sets the design tokens (scaled by the font-scale factor) as CSS custom properties,
 * the page background and the base type. 长辈版 (elderMode) changes the factor once and every page follows; the
 * root also gets `yb-elder`, so stylesheets can give 长辈版 its own layout (`.yb-elder &`).
 */
export function Screen({ children, className, footer }: { children: ReactNode; className?: string; footer?: ReactNode }) {
  const elder = usePrefsStore((s) => s.elderMode)
  const scale = usePrefsStore(effectiveScale)
  const vars = themeVars(scale)
  useEffect(() => syncDocumentRoot(elder, vars), [elder, scale]) // eslint-disable-line react-hooks/exhaustive-deps
  useEffect(focusablePageScroller, [])
  // H5: the first page is up — the prerendered shell can hand over (shell/handoff.ts)
  useEffect(pageMounted, [])
  const cls = ['yb-screen', footer ? 'yb-screen--with-footer' : '', elder ? 'yb-elder' : '', className ?? ''].filter(Boolean).join(' ')
  return (
    <View className={cls} style={vars}>
      <DemoBanner />
      {elder ? <InlineMessage /> : null}
      {children}
      {footer ? <View className='yb-screen__footer'>{footer}</View> : null}
    </View>
  )
}

/**
 * H5: Taro's modals, toasts, pickers and action sheets are appended to <body>, outside the page root — the class and
 * the variables go on <html> too, so app.scss can size them for 长辈版.
 */
function syncDocumentRoot(elder: boolean, vars: Record<string, string>): void {
  if (process.env.TARO_ENV !== 'h5' || typeof document === 'undefined' || !document.documentElement) return
  const root = document.documentElement
  root.classList.toggle('yb-elder', elder)
  for (const [k, v] of Object.entries(vars)) root.style.setProperty(k, v)
}

/** 演示环境: the BFF runs demonstration stand-ins (no real SMS, real-name or platform sign-in behind it). */
function DemoBanner() {
  const demo = useDemoStore((s) => s.demo)
  if (!demo) return null
  return (
    <View className='yb-demo-banner' {...role('note')}>
      <Text>演示环境：验证码、实名认证为模拟服务，请勿办理真实业务</Text>
    </View>
  )
}

/** 长辈版: the message a toast would have shown, as text that stays (see inform.ts). */
function InlineMessage() {
  const message = useInformStore((s) => s.message)
  const clear = useInformStore((s) => s.clear)
  // a message belongs to the page it was said on
  useEffect(() => clear, [clear])
  if (!message) return null
  return (
    <View className={`yb-inform yb-inform--${message.tone}`} {...role('status')} aria-live='polite'>
      <Text className='yb-inform__text'>{message.text}</Text>
      <Text className='yb-inform__close' {...role('button')} onClick={clear}>
        知道了
      </Text>
    </View>
  )
}
