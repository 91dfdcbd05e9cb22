import type { ItemSummary } from '@contract'

/**
 * 常用服务 on home: the items a citizen uses most, with a short label for the tile. They come from the catalog
 * (only those the current region offers are shown, in this order); the label is display text only.
 */
export const FREQUENT_ITEMS: ReadonlyArray<{ id: string; label: string }> = [
  { id: 'offsite-care-filing', label: '异地就医备案' },
  { id: 'personal-insurance-record', label: '参保信息查询打印' },
  { id: 'medical-reimbursement', label: '零星报销' },
  { id: 'maternity-allowance', label: '生育津贴' },
  { id: 'family-sharing-filing', label: '家庭共济' },
  { id: 'resident-enrollment', label: '城乡居民参保' },
  { id: 'chronic-disease-filing', label: '慢特病备案' },
  { id: 'evoucher-activation', label: '医保码申领' }
]

export interface FrequentEntry {
  label: string
  item: ItemSummary
}

export function pickFrequent(items: ItemSummary[]): FrequentEntry[] {
  const byId = new Map(items.map((i) => [i.id, i]))
  return FREQUENT_ITEMS.flatMap(({ id, label }) => {
    const item = byId.get(id)
    return item ? [{ label, item }] : []
  })
}
