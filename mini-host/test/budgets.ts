import { writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import type { MiniHost } from '../host'

/**
 * The budgets the journeys assert (WeChat's guidance: ≤ 256 KB per setData and < 1 000 nodes per page; ours is
 * tighter): the 99th percentile of setData sizes over a journey ≤ 64 KB, every page rendered ≤ 800 nodes.
 */
export const SETDATA_P99_MAX = 64 * 1024
export const PAGE_NODES_MAX = 800

export function percentile(values: number[], p: number): number {
  if (!values.length) return 0
  const sorted = [...values].sort((a, b) => a - b)
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)]
}

export interface PageFigure {
  page: string
  nodes: number
  setDataCalls: number
  maxSetDataKB: number
}

/** Per page: its largest node count and its setData calls and largest size. */
export function pageFigures(host: MiniHost): PageFigure[] {
  return [...host.nodes.entries()].map(([page, nodes]) => {
    const sizes = host.setDataLog.filter((r) => r.page === page).map((r) => r.bytes)
    return { page, nodes, setDataCalls: sizes.length, maxSetDataKB: Math.round(Math.max(0, ...sizes) / 102.4) / 10 }
  })
}

/** Prints the figures (the README quotes them) and keeps them in a file for the report. */
export function report(host: MiniHost, label: string): { p99: number; figures: PageFigure[] } {
  const sizes = host.setDataLog.map((r) => r.bytes)
  const p99 = percentile(sizes, 99)
  const figures = pageFigures(host)
  const lines = figures.map((f) => `  ${f.page.padEnd(44)} ${String(f.nodes).padStart(5)} nodes ${String(f.setDataCalls).padStart(4)} setData, max ${f.maxSetDataKB} KB`)
  const text = `${label}: ${sizes.length} setData, p99 ${(p99 / 1024).toFixed(1)} KB, max ${(Math.max(0, ...sizes) / 1024).toFixed(1)} KB; packages loaded ${host.packageLoads.map((l) => `${l.pkg}(${l.how})`).join(' ')}; most requests at once ${host.inflight.max}\n${lines.join('\n')}`
  console.log(text)
  writeFileSync(join(tmpdir(), `yb-mini-figures-${label.replace(/\W+/g, '-')}.txt`), text)
  return { p99, figures }
}
