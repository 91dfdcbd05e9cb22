import { Text, View } from '@tarojs/components'
import type { ApplicationEvent } from '@contract'
import { shanghaiDateTime } from '@/shared/format'
import { actorText } from './format'

/**
 * 办理进度 (000 §6.1.4.1–6.1.4.2: every node of the case can be followed): each event with its Shanghai time, who
 * acted, the node and the note, oldest first; the latest node is marked.
 */
export function Timeline({ events, applicantName }: { events: ApplicationEvent[]; applicantName: string }) {
  const ordered = events
    .map((e, i) => ({ e, i }))
    .sort((a, b) => a.e.at.localeCompare(b.e.at) || a.i - b.i)
    .map((x) => x.e)
  return (
    <View className='progress-timeline'>
      {ordered.map((e, i) => {
        const latest = i === ordered.length - 1
        return (
          <View key={e.id} className={`progress-node${latest ? ' progress-node--latest' : ''}`}>
            <View className='progress-node__rail'>
              <View className='progress-node__dot' />
              {latest ? null : <View className='progress-node__line' />}
            </View>
            <View className='progress-node__body'>
              <Text className='progress-node__label'>{e.label}</Text>
              <Text className='progress-node__meta'>
                <Text className='progress-node__time'>{shanghaiDateTime(e.at)}</Text>
                <Text className='progress-node__actor'>{actorText(e.actor, applicantName)}</Text>
              </Text>
              {e.note ? <Text className='progress-node__note'>{e.note}</Text> : null}
            </View>
          </View>
        )
      })}
    </View>
  )
}
