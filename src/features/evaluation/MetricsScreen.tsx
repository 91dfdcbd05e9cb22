import { Text, View } from '@tarojs/components'
import { useState } from 'react'
import { EVALUATION_LEVEL_LABEL, EVALUATION_LEVELS, shanghaiToday, type MetricSet, type MetricsResponse } from '@contract'
import { useQuery } from '@/shared/hooks/useQuery'
import { RegionBar } from '@/shared/region/RegionBar'
import { useRegionCode } from '@/shared/region/store'
import { AsyncView, Button, EmptyState, Screen, Section } from '@/shared/ui'
import { role } from '@/shared/ui/a11y'
import { fetchMetrics } from './api'
import { METRIC_HINT, METRIC_KEYS, METRIC_LABEL, metricLine, monthText, percentText, rateWords, shiftMonth, type MetricKey } from './format'
import './evaluation.scss'

/**
 * 服务评价数据 (001 §6.2: 按时办结率, 投诉及时处理率, 用户满意率; 000 §8.2.1: 差评整改及时率; 好评率, 主动评价好评率 and
 * 未评价率 apart, so a default rating never passes for a person's satisfaction): public, no sign-in. For
 * the chosen region (the region bar, as on other region pages), all time (累计) or one month, overall and per item.
 * Every rate is shown with what it counts in words ("52 件中 50 件按时办结"); nothing to count is 暂无数据.
 */
export function MetricsScreen({ regionParam }: { regionParam?: string }) {
  const region = useRegionCode(regionParam)
  const thisMonth = shanghaiToday().slice(0, 7)
  const [month, setMonth] = useState<string | null>(null)
  const metrics = useQuery(`metrics:${region}:${month ?? 'all'}`, () => fetchMetrics({ region, month: month ?? undefined }))

  return (
    <Screen className='eval'>
      <RegionBar code={region} />
      <View className='eval-month' {...role('group')} aria-label='统计时间'>
        <View className='eval-tabs' {...role('tablist')}>
          <View
            className={`eval-tab${month === null ? ' eval-tab--on' : ''}`}
            {...role('tab')}
            aria-selected={month === null ? 'true' : 'false'}
            onClick={() => setMonth(null)}
          >
            <Text>累计</Text>
          </View>
          <View
            className={`eval-tab${month !== null ? ' eval-tab--on' : ''}`}
            {...role('tab')}
            aria-selected={month !== null ? 'true' : 'false'}
            onClick={() => setMonth((m) => m ?? thisMonth)}
          >
            <Text>按月</Text>
          </View>
        </View>
        {month !== null ? (
          <View className='eval-month__switch'>
            <Button size='small' variant='secondary' onClick={() => setMonth(shiftMonth(month, -1))}>
              上一月
            </Button>
            <Text className='eval-month__current' aria-live='polite'>
              {monthText(month)}
            </Text>
            <Button size='small' variant='secondary' disabled={month >= thisMonth} onClick={() => setMonth(shiftMonth(month, 1))}>
              下一月
            </Button>
          </View>
        ) : null}
      </View>
      <AsyncView query={metrics} loadingText='正在统计…'>
        {(m) => <MetricsBody m={m} />}
      </AsyncView>
    </Screen>
  )
}

function MetricsBody({ m }: { m: MetricsResponse }) {
  const scope = `${m.region?.name ?? '全部地区'} · ${m.month ? monthText(m.month) : '累计'}`
  return (
    <View>
      <Section title='总体情况'>
        <Text className='eval-hint'>{scope}</Text>
        <View className='eval-metrics'>
          {METRIC_KEYS.map((k) => (
            <MetricCard key={k} k={k} set={m.overall} target={k === 'satisfaction' || k === 'satisfactionActive' ? m.satisfactionTarget : null} />
          ))}
        </View>
        <RatingsLine set={m.overall} />
      </Section>
      <Section title='分事项情况'>
        {m.byItem && m.byItem.length > 0 ? (
          <View className='eval-list'>
            {m.byItem.map((row) => (
              <View key={row.itemId} className='eval-item' aria-label={row.itemName}>
                <Text className='eval-item__name'>{row.itemName}</Text>
                {METRIC_KEYS.map((k) => (
                  <Text key={k} className={`eval-item__line${row[k].rate === null ? ' eval-item__line--empty' : ''}`}>
                    {metricLine(k, row)}
                  </Text>
                ))}
              </View>
            ))}
          </View>
        ) : (
          <EmptyState title='暂无数据' hint='该地区这段时间还没有办件、评价或投诉记录' />
        )}
      </Section>
      <Text className='eval-hint'>{`以上数据由办件、评价和投诉记录实时统计，不含任何个人信息。统计时间：${m.generatedAt.slice(0, 10)}`}</Text>
    </View>
  )
}

function MetricCard({ k, set, target }: { k: MetricKey; set: MetricSet; target: number | null }) {
  const r = set[k]
  const pct = percentText(r.rate)
  const met = target !== null && r.rate !== null ? r.rate >= target : null
  return (
    <View className='eval-metric' aria-label={`${METRIC_LABEL[k]} ${pct}，${rateWords(k, r)}`}>
      <Text className='eval-metric__label'>{METRIC_LABEL[k]}</Text>
      <Text className={`eval-metric__value${r.rate === null ? ' eval-metric__value--empty' : ''}`}>{pct}</Text>
      <Text className='eval-metric__words'>{rateWords(k, r)}</Text>
      {target !== null ? (
        <Text className='eval-metric__target'>
          {`目标 ≥ ${percentText(target)}${met === null ? '' : met ? '，已达到' : '，未达到'}`}
        </Text>
      ) : null}
      <Text className='eval-metric__hint'>{METRIC_HINT[k]}</Text>
    </View>
  )
}

function RatingsLine({ set }: { set: MetricSet }) {
  if (set.ratings.active + set.ratings.defaulted === 0) return null
  return (
    <View className='eval-ratings'>
      <Text className='eval-group__label'>主动评价分布</Text>
      <Text className='eval-ratings__line'>{EVALUATION_LEVELS.map((l) => `${EVALUATION_LEVEL_LABEL[l]} ${set.ratings.byLevel[l] ?? 0} 条`).join(' · ')}</Text>
      {set.ratings.defaulted > 0 ? (
        <Text className='eval-hint'>{`另有系统默认评价 ${set.ratings.defaulted} 条（办结 7 天内未评价），不计入以上分布`}</Text>
      ) : null}
    </View>
  )
}
