import { Button as TaroButton } from '@tarojs/components'
import type { ReactNode } from 'react'
import { role } from './a11y'

type Variant = 'primary' | 'secondary' | 'text'

/** A button with a ≥ 44px tap target in every mode (design tokens: --yb-tap). */
export function Button({
  children,
  onClick,
  variant = 'primary',
  disabled = false,
  block = false,
  size = 'normal'
}: {
  children: ReactNode
  onClick?: () => void
  variant?: Variant
  disabled?: boolean
  block?: boolean
  size?: 'normal' | 'small'
}) {
  const cls = ['yb-btn', `yb-btn--${variant}`, block ? 'yb-btn--block' : '', size === 'small' ? 'yb-btn--small' : '', disabled ? 'yb-btn--disabled' : '']
    .filter(Boolean)
    .join(' ')
  return (
    // H5 renders a custom element (taro-button-core), not a native <button>: the role makes it one for screen readers
    // always the same kind of handler, never undefined: Taro H5's event layer caches a removed listener and would not
    // attach the same function again after a disabled → enabled cycle (a dead button)
    <TaroButton
      className={cls}
      {...role('button')}
      disabled={disabled}
      aria-disabled={disabled ? 'true' : undefined}
      onClick={() => {
        if (!disabled) onClick?.()
      }}
    >
      {children}
    </TaroButton>
  )
}
