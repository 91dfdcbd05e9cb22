import type { MetricSet, Rate } from '../../contract/evaluation'
import type { StaffMetrics } from '../../contract/workbench'
import { Table } from './Table'

/**
 * The 好差评 figures apart (好评率, 主动评价好评率, 未评价率, 满意率 with and without the default ratings of the 7-day
 * rule: a default is not what a person said) and 000 §8.2.3's processing durations and peaks, per item. Durations are
 * elapsed calendar hours from submit to decision (what the person waits, nights and holidays included); peaks count
 * submissions by the hour and weekday they came in (Asia/Shanghai).
 */

const RATING_COLUMNS = [
  { key: 'goodRate', label: '好评率' },
  { key: 'activeGoodRate', label: '主动评价好评率' },
  { key: 'unratedRate', label: '未评价率' },
  { key: 'satisfaction', label: '满意率（含默认评价）' },
  { key: 'satisfactionActive', label: '满意率（不含默认评价）' }
] as const

export const WEEKDAY_LABEL = ['周一', '周二', '周三', '周四', '周五', '周六', '周日']

function cell(r: Rate): string {
  return r.rate === null ? '—' : `${(r.rate * 100).toFixed(1)}%（${r.numerator}/${r.denominator}）`
}

function hours(h: number | null): string {
  return h === null ? '—' : `${h} 小时`
}

/** The busiest slot of a count list ("9:00–10:00（12 件）"), or — when nothing came in. */
export function peakOf(counts: number[], label: (i: number) => string): string {
  const max = Math.max(...counts)
  if (max <= 0) return '—'
  return `${counts
    .map((n, i) => (n === max ? label(i) : null))
    .filter((x): x is string => x !== null)
    .join('、')}（${max} 件）`
}

const hourLabel = (h: number): string => `${h}:00–${h + 1}:00`

export function RatingsAndDurations({ m }: { m: StaffMetrics }) {
  const rows: { key: string; name: string; set: MetricSet }[] = [
    { key: '', name: '合计', set: m.overall },
    ...(m.byItem ?? []).map((r) => ({ key: r.itemId, name: r.itemName, set: r }))
  ]
  return (
    <>
      <h2>好差评</h2>
      <p>
        系统默认评价（办结 7 天内未评价）单独计数，不算作办事人的满意：合计主动评价 {m.overall.ratings.active} 条，系统默认评价{' '}
        {m.overall.ratings.defaulted} 条，申诉成立不计入 {m.overall.ratings.excluded} 条。
      </p>
      <Table
        caption='好差评统计'
        head={['事项', ...RATING_COLUMNS.map((c) => c.label), '系统默认评价']}
        rows={rows.map((r) => ({ key: r.key, cells: [r.name, ...RATING_COLUMNS.map((c) => cell(r.set[c.key])), `${r.set.ratings.defaulted} 条`] }))}
      />
      <h2>办理时长与业务峰值</h2>
      <p>办理时长：从提交到办结（或不予受理）的自然小时数，含夜间和节假日；业务峰值：按提交时间（北京时间）统计的办件数。</p>
      <Table
        caption='办理时长与业务峰值'
        head={['事项', '已办结', '时长中位数', '时长 P90', '高峰时段', '高峰日']}
        rows={rows.map((r) => ({
          key: r.key,
          cells: [
            r.name,
            `${r.set.processing.decided} 件`,
            hours(r.set.processing.medianHours),
            hours(r.set.processing.p90Hours),
            peakOf(r.set.peaks.byHour, hourLabel),
            peakOf(r.set.peaks.byWeekday, (d) => WEEKDAY_LABEL[d])
          ]
        }))}
      />
      <Table caption='按星期统计提交件数' head={WEEKDAY_LABEL} rowHead={false} rows={[{ key: 'all', cells: m.overall.peaks.byWeekday.map(String) }]} />
      <Table
        caption='按时段统计提交件数'
        head={['时段', '件数']}
        rows={m.overall.peaks.byHour.flatMap((n, h) => (n === 0 ? [] : [{ key: String(h), cells: [hourLabel(h), String(n)] }]))}
      />
    </>
  )
}
