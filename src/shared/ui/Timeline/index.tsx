import { Text, View } from '@tarojs/components'
import { shanghaiDateTime } from '../../format'
import { role } from '../a11y'
import './timeline.scss'

export interface TimelineNode {
  id: string
  /** ISO time; shown in Shanghai time */
  at: string
  label: string
  /** who acted, in the words the page uses (本人, 窗口工作人员 王敏…) */
  actor?: string
  note?: string | null
}

/**
 * The steps of a case, a rating's loop or a complaint (000 §6.1.4.1–6.1.4.2: every node can be followed), oldest
 * first with their Shanghai time, who acted and the note. The latest node is marked by a bigger dot and its label's
 * colour; `latestTag` also says "最新" in words.
 */
export function Timeline({ nodes, latestTag = false }: { nodes: readonly TimelineNode[]; latestTag?: boolean }) {
  // a stable sort: events recorded in the same millisecond keep their recorded order
  const ordered = nodes
    .map((n, i) => ({ n, i }))
    .sort((a, b) => a.n.at.localeCompare(b.n.at) || a.i - b.i)
    .map((x) => x.n)
  return (
    <View className='yb-timeline' {...role('list')}>
      {ordered.map((n, i) => {
        const latest = i === ordered.length - 1
        return (
          <View key={n.id} className={`yb-timeline__node${latest ? ' yb-timeline__node--latest' : ''}`} {...role('listitem')}>
            <View className='yb-timeline__rail'>
              <View className='yb-timeline__dot' />
              {latest ? null : <View className='yb-timeline__line' />}
            </View>
            <View className='yb-timeline__body'>
              <View className='yb-timeline__head'>
                <Text className='yb-timeline__label'>{n.label}</Text>
                {latest && latestTag ? <Text className='yb-timeline__latest'>最新</Text> : null}
              </View>
              <Text className='yb-timeline__meta'>
                <Text className='yb-timeline__time'>{shanghaiDateTime(n.at)}</Text>
                {n.actor ? <Text className='yb-timeline__actor'>{n.actor}</Text> : null}
              </Text>
              {n.note ? <Text className='yb-timeline__note'>{n.note}</Text> : null}
            </View>
          </View>
        )
      })}
    </View>
  )
}
