import {
  isBadLevel,
  type ComplaintStatus,
  type EvaluationLevel,
  type MetricSet,
  type Rate
} from '@contract'
import type { TagTone } from '@/shared/ui'

/**
 * The rates of 001 §6.2 and 差评整改及时率 (000 §8.2.1), in the order the page shows them. 满意率 and 好评率 are shown
 * with and without the default ratings of the 7-day rule: a default is not what a person said (contract/evaluation.ts).
 */
export const METRIC_KEYS = [
  'onTimeCompletion',
  'complaintTimeliness',
  'satisfaction',
  'satisfactionActive',
  'goodRate',
  'activeGoodRate',
  'unratedRate',
  'rectificationInTime'
] as const
export type MetricKey = (typeof METRIC_KEYS)[number]

export const METRIC_LABEL: Record<MetricKey, string> = {
  onTimeCompletion: '按时办结率',
  complaintTimeliness: '投诉及时处理率',
  satisfaction: '用户满意率（含默认评价）',
  satisfactionActive: '用户满意率（不含默认评价）',
  goodRate: '好评率',
  activeGoodRate: '主动评价好评率',
  unratedRate: '未评价率',
  rectificationInTime: '差评整改及时率'
}

/** What each figure counts, in one line a citizen understands. */
export const METRIC_HINT: Record<MetricKey, string> = {
  onTimeCompletion: '在承诺时限内办结的办件占已办结办件的比例',
  complaintTimeliness: '在答复期限内答复的投诉占应答复投诉的比例',
  satisfaction: '“非常满意”“满意”“基本满意”的评价占全部评价的比例，含办结 7 天内未评价、由系统默认的“基本满意”',
  satisfactionActive: '只看办事人自己作出的评价：“非常满意”“满意”“基本满意”所占的比例',
  goodRate: '“非常满意”“满意”的评价占全部评价（含系统默认评价）的比例',
  activeGoodRate: '“非常满意”“满意”占办事人自己作出的评价的比例',
  unratedRate: '办结后 7 天内没有评价、由系统默认评价的办件占全部评价的比例',
  rectificationInTime: '在期限内整改或说明的差评占应处理差评的比例'
}

export const NO_DATA = '暂无数据'

/** 0.9615 → "96.2%", 1 → "100%", null → 暂无数据 (a denominator of 0: nothing to count). */
export function percentText(rate: number | null): string {
  if (rate === null) return NO_DATA
  const x = Math.round(rate * 1000) / 10
  return `${Number.isInteger(x) ? x.toFixed(0) : x.toFixed(1)}%`
}

/** The numerator over the denominator in words, e.g. "52 件中 50 件按时办结". */
export function rateWords(key: MetricKey, r: Rate): string {
  if (r.denominator === 0) return EMPTY_WORDS[key]
  const [n, d] = [r.numerator, r.denominator]
  switch (key) {
    case 'onTimeCompletion':
      return `${d} 件中 ${n} 件按时办结`
    case 'complaintTimeliness':
      return `${d} 件投诉中 ${n} 件按时答复`
    case 'satisfaction':
      return `${d} 条评价中 ${n} 条满意`
    case 'satisfactionActive':
      return `${d} 条主动评价中 ${n} 条满意`
    case 'goodRate':
      return `${d} 条评价中 ${n} 条好评`
    case 'activeGoodRate':
      return `${d} 条主动评价中 ${n} 条好评`
    case 'unratedRate':
      return `${d} 条评价中 ${n} 条为系统默认`
    case 'rectificationInTime':
      return `${d} 条差评中 ${n} 条按时整改`
  }
}

const EMPTY_WORDS: Record<MetricKey, string> = {
  onTimeCompletion: '暂无已办结的办件',
  complaintTimeliness: '暂无应答复的投诉',
  satisfaction: '暂无评价',
  satisfactionActive: '暂无主动评价',
  goodRate: '暂无评价',
  activeGoodRate: '暂无主动评价',
  unratedRate: '暂无评价',
  rectificationInTime: '暂无需要整改的差评'
}

/** One line for screen readers and the per-item list: "按时办结率 96.2%，52 件中 50 件按时办结". */
export function metricLine(key: MetricKey, set: MetricSet): string {
  const r = set[key]
  return `${METRIC_LABEL[key]} ${percentText(r.rate)}，${rateWords(key, r)}`
}

/** "2026-11" → "2026年11月" */
export function monthText(month: string): string {
  const [y, m] = month.split('-')
  return `${y}年${Number(m)}月`
}

/** The month before or after a YYYY-MM. */
export function shiftMonth(month: string, delta: number): string {
  const [y, m] = month.split('-').map(Number)
  const i = y * 12 + (m - 1) + delta
  return `${Math.floor(i / 12)}-${String((i % 12) + 1).padStart(2, '0')}`
}

/** A rating level's tag tone: the words always say it too (no colour-only meaning). */
export function levelTone(level: EvaluationLevel): TagTone {
  if (isBadLevel(level)) return 'warning'
  return level === 'basic' ? 'neutral' : 'success'
}

export function complaintTone(status: ComplaintStatus): TagTone {
  if (status === 'closed') return 'success'
  if (status === 'answered') return 'info'
  return 'warning'
}

/** Characters as the contract's limits count them (zod's max: UTF-16 units; every common 汉字 is one). */
export function charCount(s: string): number {
  return s.length
}
