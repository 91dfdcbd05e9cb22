import { HANDLING_MODE_LABEL, type HandlingMode, type SourceRef } from '@contract'

export function handlingModeLabel(mode: HandlingMode): string {
  return HANDLING_MODE_LABEL[mode]
}

/** 承诺时限 for a list row: "N 个工作日" or "即时办结" (null: instant or stated in the guide's text). */
export function timeLimitText(days: number | null): string | null {
  if (days === null) return null
  if (days === 0) return '即时办结'
  return `${days} 个工作日`
}

/** The seed documents, for the "来源" line of a guide. */
export const SEED_DOCS: Record<SourceRef['doc'], string> = {
  '000': 'DB33/T 2498—2022 医疗保障数字化经办服务',
  '001': 'DB3311/T 124—2020 医保掌上办服务规范',
  '002': '岳阳市“十四五”医疗保障服务示范工程实施方案',
  '003': 'DB3209 医疗保障经办运行规范'
}

export function sourceText(s: SourceRef): string {
  return `${SEED_DOCS[s.doc]} ${s.clause}`
}

export function countText(n: number): string {
  return `${n} 份`
}

// ---------- Asia/Shanghai times (the agencies' clock, whatever the device's zone; China has no DST) ----------
const SHANGHAI_OFFSET_MS = 8 * 3600_000

function shanghaiParts(iso: string): string | null {
  const ms = Date.parse(iso)
  if (Number.isNaN(ms)) return null
  return new Date(ms + SHANGHAI_OFFSET_MS).toISOString()
}

/** An ISO timestamp as Shanghai local time, e.g. "2026-11-22 14:05" (progress nodes, 000 §6.1.4). */
export function shanghaiDateTime(iso: string): string {
  const s = shanghaiParts(iso)
  return s ? `${s.slice(0, 10)} ${s.slice(11, 16)}` : iso
}

/** An ISO timestamp as the Shanghai date, e.g. "2026-11-22". */
export function shanghaiDate(iso: string): string {
  const s = shanghaiParts(iso)
  return s ? s.slice(0, 10) : iso
}
