import { Text, View } from '@tarojs/components'
import { Screen, Section } from '@/shared/ui'
import { role } from '@/shared/ui/a11y'
import type { TermsDocument } from './terms'
import './account.scss'

/** 用户服务协议 / 隐私政策 as a page of its own: readable before signing in, in large type in 长辈版. */
export function TermsScreen({ doc }: { doc: TermsDocument }) {
  return (
    <Screen className='terms'>
      <View className='yb-section terms-head'>
        <Text className='terms-head__title' {...role('heading')} aria-level={1}>
          {doc.title}
        </Text>
        <Text className='terms-head__date'>{`生效日期：${doc.effective}`}</Text>
        <Text className='terms-text'>{doc.intro}</Text>
      </View>
      {doc.sections.map((s) => (
        <Section key={s.heading} title={s.heading}>
          {s.paragraphs.map((p, i) => (
            <Text key={i} className='terms-text'>
              {p}
            </Text>
          ))}
        </Section>
      ))}
    </Screen>
  )
}
