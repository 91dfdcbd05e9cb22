import { useEffect, useMemo, useState } from 'react'
import type { MetricSet, Rate } from '../../contract/evaluation'
import type { StaffAccount } from '../../contract/staff'
import type { StaffMetrics } from '../../contract/workbench'
import { ApiError, type StaffRequester } from '../api'
import { ErrorNote } from '../supervision/ErrorNote'
import { RatingsAndDurations } from './RatingsAndDurations'
import { Table } from './Table'

/**
 * 统计 (001 §6.2): 按时办结率, 投诉及时处理率, 满意率 of the account's region, by month (a chart, plain SVG: the three
 * rates side by side), by item and by region (tables). Every figure of the chart is in the table below it, which is
 * what a screen reader reads; the chart itself is one image with a summary.
 */

const FIGURES = [
  { key: 'onTimeCompletion', label: '按时办结率', color: '#1456c8' },
  { key: 'complaintTimeliness', label: '投诉及时处理率', color: '#b35c00' },
  { key: 'satisfaction', label: '满意率（含默认评价）', color: '#18794e' }
] as const

export function percent(r: Rate): string {
  return r.rate === null ? '—' : `${(r.rate * 100).toFixed(1)}%`
}

function statsPath(q: { month: string; item: string; region: string }): string {
  const p = new URLSearchParams()
  if (q.region) p.set('region', q.region)
  if (q.month) p.set('month', q.month)
  if (q.item) p.set('item', q.item)
  const s = p.toString()
  return `/api/v1/staff/metrics${s ? `?${s}` : ''}`
}

export function StatsScreen({ api, account }: { api: StaffRequester; account: StaffAccount }) {
  const [q, setQ] = useState({ month: '', item: '', region: '' })
  const [m, setM] = useState<StaffMetrics | null>(null)
  const [items, setItems] = useState<{ id: string; name: string }[]>([])
  const [regions, setRegions] = useState<{ code: string; name: string }[]>([])
  const [error, setError] = useState<string | null>(null)

  useEffect(() => {
    let live = true
    api
      .request<StaffMetrics>('GET', statsPath(q))
      .then((r) => {
        if (!live) return
        setM(r)
        setError(null)
        // the items offered in the filter: those with records, as the unfiltered answer lists them
        if (r.byItem) setItems(r.byItem.map((i) => ({ id: i.itemId, name: i.itemName })))
        // the regions offered: those of the whole scope with records (a county account has one)
        if (!q.region && r.byRegion.length > 1) setRegions(r.byRegion.map((x) => x.region))
      })
      .catch((err: unknown) => live && setError(err instanceof ApiError ? err.message : '网络异常，请稍后重试'))
    return () => {
      live = false
    }
  }, [api, q])

  return (
    <main className='stats'>
      <h1>统计</h1>
      <p>
        {m?.region?.name ?? account.region.name}
        {m?.item && ` · ${m.item.name}`}
        {m?.month && ` · ${m.month}`}
      </p>
      <div className='filters'>
        <label>
          月份
          <input type='month' value={q.month} onChange={(e) => setQ({ ...q, month: e.target.value })} />
        </label>
        {regions.length > 1 && (
          <label>
            地区
            <select value={q.region} onChange={(e) => setQ({ ...q, region: e.target.value })}>
              <option value=''>{account.region.name}（全部）</option>
              {regions.map((r) => (
                <option key={r.code} value={r.code}>
                  {r.name}
                </option>
              ))}
            </select>
          </label>
        )}
        <label>
          事项
          <select value={q.item} onChange={(e) => setQ({ ...q, item: e.target.value })}>
            <option value=''>全部事项</option>
            {items.map((i) => (
              <option key={i.id} value={i.id}>
                {i.name}
              </option>
            ))}
          </select>
        </label>
      </div>
      <ErrorNote error={error} />
      {!m ? (
        !error && <p>正在加载…</p>
      ) : (
        <>
          <ul className='figures' aria-label='总体'>
            {FIGURES.map((f) => (
              <li key={f.key}>
                {f.label}：<strong>{percent(m.overall[f.key])}</strong>（{m.overall[f.key].numerator}/{m.overall[f.key].denominator}）
              </li>
            ))}
            <li>满意率目标：{(m.satisfactionTarget * 100).toFixed(0)}%</li>
          </ul>
          <RatingsAndDurations m={m} />
          {m.byMonth && m.byMonth.length > 0 && (
            <>
              <h2>按月</h2>
              <MonthChart rows={m.byMonth} />
              <FigureTable caption='按月统计' head='月份' rows={m.byMonth.map((r) => ({ key: r.month, name: r.month, set: r }))} />
            </>
          )}
          {m.byItem && m.byItem.length > 0 && (
            <>
              <h2>按事项</h2>
              <FigureTable caption='按事项统计' head='事项' rows={m.byItem.map((r) => ({ key: r.itemId, name: r.itemName, set: r }))} />
            </>
          )}
          <h2>按地区</h2>
          {m.byRegion.length === 0 ? (
            <p>所选范围内暂无记录</p>
          ) : (
            <FigureTable caption='按地区统计' head='地区' rows={m.byRegion.map((r) => ({ key: r.region.code, name: r.region.name, set: r }))} />
          )}
        </>
      )}
    </main>
  )
}

function FigureTable({ caption, head, rows }: { caption: string; head: string; rows: { key: string; name: string; set: MetricSet }[] }) {
  return (
    <Table
      caption={caption}
      head={[head, ...FIGURES.map((f) => f.label)]}
      rows={rows.map((r) => ({
        key: r.key,
        cells: [r.name, ...FIGURES.map((f) => `${percent(r.set[f.key])}（${r.set[f.key].numerator}/${r.set[f.key].denominator}）`)]
      }))}
    />
  )
}

/** Grouped bars per month, 0–100 %; a rate without records draws no bar. */
function MonthChart({ rows }: { rows: (MetricSet & { month: string })[] }) {
  const bar = 14
  const group = bar * FIGURES.length + 16
  const h = 160
  const left = 40
  const width = left + rows.length * group + 8
  const summary = useMemo(
    () => rows.map((r) => `${r.month}：${FIGURES.map((f) => `${f.label}${percent(r[f.key])}`).join('，')}`).join('；'),
    [rows]
  )
  return (
    <figure>
      <svg role='img' aria-label={`按月指标图：${summary}`} viewBox={`0 0 ${width} ${h + 24}`} width={width} height={h + 24} className='chart'>
        {[0, 0.5, 1].map((t) => (
          <g key={t}>
            <line x1={left} x2={width} y1={h - t * h + 4} y2={h - t * h + 4} stroke='#dee0e3' />
            <text x={left - 4} y={h - t * h + 8} textAnchor='end' fontSize='10' fill='#1f2329'>
              {t * 100}%
            </text>
          </g>
        ))}
        {rows.map((r, i) => (
          <g key={r.month} transform={`translate(${left + i * group + 8},0)`}>
            {FIGURES.map((f, j) =>
              r[f.key].rate === null ? null : (
                <rect key={f.key} x={j * bar} y={h - (r[f.key].rate ?? 0) * h + 4} width={bar - 2} height={(r[f.key].rate ?? 0) * h} fill={f.color} />
              )
            )}
            <text x={(bar * FIGURES.length) / 2} y={h + 20} textAnchor='middle' fontSize='10' fill='#1f2329'>
              {r.month}
            </text>
          </g>
        ))}
      </svg>
      <figcaption>
        {FIGURES.map((f) => (
          <span key={f.key} className='legend'>
            <span aria-hidden='true' style={{ background: f.color }} />
            {f.label}
          </span>
        ))}
      </figcaption>
    </figure>
  )
}
