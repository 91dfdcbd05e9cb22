import { Text, View } from '@tarojs/components'
import type { ReactNode } from 'react'
import { role } from './a11y'

/** A tappable list row (≥ 56px high) with a title, an optional description and an arrow. */
export function Cell({
  title,
  description,
  extra,
  meta,
  onClick,
  arrow = true
}: {
  title: string
  description?: string
  extra?: ReactNode
  meta?: ReactNode
  onClick?: () => void
  arrow?: boolean
}) {
  return (
    // the name comes from the content (title, description): what a person sees is what a screen reader says (WCAG 2.5.3)
    <View className='yb-cell' hoverClass='yb-cell--pressed' onClick={onClick} {...role(onClick ? 'button' : undefined)}>
      <View className='yb-cell__body'>
        <Text className='yb-cell__title'>{title}</Text>
        {description ? <Text className='yb-cell__desc'>{description}</Text> : null}
        {meta ? <View className='yb-cell__meta'>{meta}</View> : null}
      </View>
      {extra ? <View className='yb-cell__extra'>{extra}</View> : null}
      {onClick && arrow ? (
        <Text className='yb-cell__arrow' aria-hidden='true'>
          ›
        </Text>
      ) : null}
    </View>
  )
}

export function CellGroup({ title, children }: { title?: string; children: ReactNode }) {
  return (
    <View className='yb-group'>
      {title ? <Text className='yb-group__title'>{title}</Text> : null}
      <View className='yb-group__body'>{children}</View>
    </View>
  )
}
