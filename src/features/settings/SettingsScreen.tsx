import { Text, View } from '@tarojs/components'
import { ElderSwitch } from '@/shared/elder/ElderSwitch'
import { useElderMode } from '@/shared/theme/prefs'
import { Screen, Section } from '@/shared/ui'
import './settings.scss'

/**
 * 设置: the 长辈版 switch (the same one as on home) and what it changes, in plain words. Search finds this
 * page for 长辈版, 关怀版, 亲情版, 大字版 or 老年 (src/shared/appFunctions.ts).
 */
export function SettingsScreen() {
  const elder = useElderMode()
  return (
    <Screen className='settings'>
      <Section title='显示'>
        <ElderSwitch />
      </Section>
      <Section title='长辈版会有这些变化'>
        <View className='settings-list'>
          {[
            '文字更大（至少 18 像素），行距更宽',
            '按钮和可点的地方更大，不容易点错',
            '首页只留最常用的 6 项服务',
            '填表时每一步都有简短的提示'
          ].map((t) => (
            <Text key={t} className='settings-list__item'>
              · {t}
            </Text>
          ))}
        </View>
        <Text className='settings-note'>{elder ? '长辈版已开启。' : '长辈版未开启。'}您的选择会保存在本机，下次打开仍然有效。</Text>
      </Section>
    </Screen>
  )
}
