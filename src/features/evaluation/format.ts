import {
  isBadLevel,
  type ComplaintStatus,
  type EvaluationLevel,
  type MetricSet,
  type Rate
} from '@contract'
import type { TagTone } from '@/shared/ui'

/** The four rates of 001 §6.2 (and 差评整改及时率 of 000 §8.2.1), in the order the page shows them. */
export const METRIC_KEYS = ['onTimeCompletion', 'complaintTimeliness', 'satisfaction', 'rectificationInTime'] as const
export type MetricKey = (typeof METRIC_KEYS)[number]

export const METRIC_LABEL: Record<MetricKey, string> = {
  onTimeCompletion: '按时办结率',
  complaintTimeliness: '投诉及时处理率',
  satisfaction: '用户满意率',
  rectificationInTime: '差评整改及时率'
}

/** What each figure counts, in one line a citizen understands. */
export const METRIC_HINT: Record<MetricKey, string> = {
  onTimeCompletion: '在承诺时限内办结的办件占已办结办件的比例',
  complaintTimeliness: '在答复期限内答复的投诉占应答复投诉的比例',
  satisfaction: '“非常满意”“满意”“基本满意”的评价占全部评价的比例',
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
  if (r.denominator === 0) {
    switch (key) {
      case 'onTimeCompletion':
        return '暂无已办结的办件'
      case 'complaintTimeliness':
        return '暂无应答复的投诉'
      case 'satisfaction':
        return '暂无评价'
      case 'rectificationInTime':
        return '暂无需要整改的差评'
    }
  }
  switch (key) {
    case 'onTimeCompletion':
      return `${r.denominator} 件中 ${r.numerator} 件按时办结`
    case 'complaintTimeliness':
      return `${r.denominator} 件投诉中 ${r.numerator} 件按时答复`
    case 'satisfaction':
      return `${r.denominator} 条评价中 ${r.numerator} 条满意`
    case 'rectificationInTime':
      return `${r.denominator} 条差评中 ${r.numerator} 条按时整改`
  }
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
