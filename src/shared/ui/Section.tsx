import { Text, View } from '@tarojs/components'
import type { ReactNode } from 'react'
import { role } from './a11y'

/** A titled card section (the guide's 16 elements, home's blocks). */
export function Section({ title, index, extra, children, id }: { title: string; index?: number; extra?: ReactNode; children: ReactNode; id?: string }) {
  return (
    <View className='yb-section' id={id}>
      <View className='yb-section__head'>
        <View className='yb-section__heading' {...role('heading')} aria-level={2}>
          {index !== undefined ? <Text className='yb-section__index'>{index}</Text> : null}
          <Text className='yb-section__title'>{title}</Text>
        </View>
        {extra ? <View className='yb-section__extra'>{extra}</View> : null}
      </View>
      <View className='yb-section__body'>{children}</View>
    </View>
  )
}

/** A label/value line inside a section. */
export function Field({ label, children }: { label: string; children: ReactNode }) {
  return (
    <View className='yb-field'>
      <Text className='yb-field__label'>{label}</Text>
      <View className='yb-field__value'>{typeof children === 'string' ? <Text>{children}</Text> : children}</View>
    </View>
  )
}

/** A bulleted list of texts; `numbered`: 1. 2. … where the entries are cited by number (办事指南第 N 项). */
export function Bullets({ items, numbered = false }: { items: string[]; numbered?: boolean }) {
  return (
    <View className='yb-bullets'>
      {items.map((t, i) => (
        <View className='yb-bullets__item' key={i}>
          <Text className='yb-bullets__dot'>{numbered ? `${i + 1}.` : '•'}</Text>
          <Text className='yb-bullets__text'>{t}</Text>
        </View>
      ))}
    </View>
  )
}
