import { ROUTES, type Route } from './nav'

/**
 * Functions of the app itself (not catalog items) that the search finds, so a person who types what they call a
 * setting lands on it. 长辈版 is found as 长辈版, 关怀版, 关怀模式, 亲情版, 大字版 or 老年.
 * Lives in shared/ so search reads it without importing another feature.
 */
export interface AppFunction {
  key: string
  title: string
  description: string
  route: Route
  keywords: readonly string[]
}

export const APP_FUNCTIONS: readonly AppFunction[] = [
  {
    key: 'elderMode',
    title: '长辈版（大字模式）',
    description: '字更大、按钮更大，首页只留常用服务',
    route: ROUTES.settings,
    keywords: ['长辈版', '长辈模式', '关怀版', '关怀模式', '亲情版', '大字版', '大字模式', '大字', '老年', '老人', '适老', '字体大小', '字太小']
  },
  {
    key: 'settings',
    title: '设置',
    description: '长辈版等显示设置',
    route: ROUTES.settings,
    keywords: ['设置', '显示设置']
  }
]

/** The functions a query names: the query contains one of the words (or is a two-character-plus part of one). */
export function matchAppFunctions(query: string): AppFunction[] {
  const q = query.trim().toLowerCase().replace(/\s+/g, '')
  if (!q) return []
  return APP_FUNCTIONS.filter((f) => f.keywords.some((k) => q.includes(k) || (q.length >= 2 && k.includes(q))))
}
