import { Text, View } from '@tarojs/components'
import { useState } from 'react'
import { GUIDE_PART_LABEL, type ApplicationDetail, type CaseGuide } from '@contract'
import { toAppError } from '@/shared/api/errors'
import { shanghaiDate } from '@/shared/format'
import { Button, Section } from '@/shared/ui'
import { fetchCaseGuide } from './api'

/**
 * The guide the case was filed under (the guide is a contract: 001 §4.1.2 申请条件、申请材料目录): its version and date,
 * and — on request, collapsed by default to keep the page small — its conditions and materials numbered as 补正 and
 * rejections cite them (依据办事指南第 N 项). A guide changed after filing does not change what this case is held to.
 */
export function FiledGuideBlock({ app }: { app: ApplicationDetail }) {
  const [guide, setGuide] = useState<CaseGuide | null>(null)
  const [busy, setBusy] = useState(false)
  const [error, setError] = useState<string | null>(null)
  const v = app.guideVersion
  const open = async () => {
    setBusy(true)
    setError(null)
    try {
      setGuide(await fetchCaseGuide(app.id))
    } catch (e) {
      setError(toAppError(e).message)
    } finally {
      setBusy(false)
    }
  }
  const g = guide?.item.guide
  const list = (part: keyof typeof GUIDE_PART_LABEL, items: string[]) => (
    <View>
      <Text className='progress-guide__part'>{GUIDE_PART_LABEL[part]}</Text>
      {items.map((t, i) => (
        <Text key={i} className='progress-material__req'>{`第 ${i + 1} 项：${t}`}</Text>
      ))}
    </View>
  )
  return (
    <Section title='本件依据的办事指南'>
      <Text className='progress-result__hint'>
        {v ? `按提交时的办事指南办理（第 ${v.version} 版，${shanghaiDate(v.publishedAt)} 发布）` : '按提交时的办事指南办理'}
        ：补正只能要求其中所列的材料，不予办理须说明依据其中哪一项条件。
      </Text>
      {g ? (
        <View>
          {list('requirements', g.conditions.requirements)}
          {list('prohibitions', g.conditions.prohibitions)}
          {list(
            'materials',
            g.materials.map((m) => m.name)
          )}
        </View>
      ) : (
        <Button block variant='text' disabled={busy} onClick={() => void open()}>
          {busy ? '正在读取办事指南…' : '查看申请条件和材料目录'}
        </Button>
      )}
      {error ? <Text className='progress-upload__error'>{error}</Text> : null}
    </Section>
  )
}
