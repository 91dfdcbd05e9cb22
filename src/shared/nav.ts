import Taro from '@tarojs/taro'

/**
 * Routes of the app. Main package: home and search (the first screens). Subpackages: region, catalog.
 * Pages pass only codes and ids in the query (names come from data), so links are stable and shareable.
 */
export const ROUTES = {
  home: '/pages/home/index',
  search: '/pages/search/index',
  regionPicker: '/packages/region/pages/picker/index',
  departments: '/packages/catalog/pages/departments/index',
  items: '/packages/catalog/pages/items/index',
  guide: '/packages/catalog/pages/guide/index',
  // sign-in and real-name identity (001 §3.1.2)
  login: '/packages/account/pages/login/index',
  realname: '/packages/account/pages/realname/index',
  // 用户服务协议 and 隐私政策, readable before signing in
  agreement: '/packages/account/pages/agreement/index',
  privacy: '/packages/account/pages/privacy/index',
  // applying (001 §5.1): 办事须知 → form → materials → confirm → done
  applyNotice: '/packages/apply/pages/notice/index',
  applyForm: '/packages/apply/pages/form/index',
  applyMaterials: '/packages/apply/pages/materials/index',
  applyConfirm: '/packages/apply/pages/confirm/index',
  applyDone: '/packages/apply/pages/done/index',
  // 查询服务 (001 §5.2.1): answered at once
  applyQuery: '/packages/apply/pages/query/index',
  // following a case (001 §3.1.4, §5.3) and the message centre
  applications: '/packages/progress/pages/list/index',
  application: '/packages/progress/pages/detail/index',
  messages: '/packages/progress/pages/messages/index',
  reminders: '/packages/progress/pages/reminders/index',
  // 亲情账户: family members, grants, 他人为我办理
  family: '/packages/family/pages/index/index',
  familyAdd: '/packages/family/pages/add/index',
  proxyLog: '/packages/family/pages/log/index',
  // 医保电子凭证 and 医保云档案 (000 §3.2, §3.3)
  evoucher: '/packages/evoucher/pages/code/index',
  record: '/packages/record/pages/index/index',
  recordEnrollment: '/packages/record/pages/enrollment/index',
  recordContributions: '/packages/record/pages/contributions/index',
  recordAccount: '/packages/record/pages/account/index',
  recordVisits: '/packages/record/pages/visits/index',
  recordVisit: '/packages/record/pages/visit/index',
  recordFamilySharing: '/packages/record/pages/family-sharing/index',
  // 好差评, 投诉, 服务评价数据 (000 §8, 001 §6.2, 003 §11.3)
  evaluationRate: '/packages/evaluation/pages/rate/index',
  complaints: '/packages/evaluation/pages/complaints/index',
  complaint: '/packages/evaluation/pages/complaint/index',
  complaintNew: '/packages/evaluation/pages/complaint-new/index',
  metrics: '/packages/evaluation/pages/metrics/index',
  // 设置: 长辈版 and other display settings
  settings: '/packages/settings/pages/index/index'
} as const
export type Route = (typeof ROUTES)[keyof typeof ROUTES]

export function buildUrl(route: Route, params?: Record<string, string | undefined>): string {
  const q = Object.entries(params ?? {})
    .filter((e): e is [string, string] => typeof e[1] === 'string' && e[1] !== '')
    .map(([k, v]) => `${encodeURIComponent(k)}=${encodeURIComponent(v)}`)
    .join('&')
  return q ? `${route}?${q}` : route
}

export function navigate(route: Route, params?: Record<string, string | undefined>): void {
  const url = buildUrl(route, params)
  Taro.navigateTo({ url }).catch(() => {
    // page stack full (10 levels in mini-programs): replace the current page instead
    Taro.redirectTo({ url }).catch(() => undefined)
  })
}

/** Replaces the current page (e.g. a page that cannot go on without signing in again). */
export function redirect(route: Route, params?: Record<string, string | undefined>): void {
  const url = buildUrl(route, params)
  Taro.redirectTo({ url }).catch(() => {
    Taro.navigateTo({ url }).catch(() => undefined)
  })
}

/** Back to the previous page, or home when this page was opened directly (shared link, H5 reload). */
export function goBack(): void {
  let depth = 0
  try {
    depth = Taro.getCurrentPages().length
  } catch {
    depth = 0
  }
  if (depth > 1) {
    Taro.navigateBack().catch(() => Taro.reLaunch({ url: ROUTES.home }))
  } else {
    Taro.reLaunch({ url: ROUTES.home }).catch(() => undefined)
  }
}

/** Router params arrive encoded on some platforms and decoded on others: decode once, tolerantly. */
export function readParam(v: string | undefined): string | undefined {
  if (v === undefined || v === '') return undefined
  try {
    return decodeURIComponent(v)
  } catch {
    return v
  }
}

/**
 * The page the person is on, with its query (the way back after signing in again). Taro's own `$taro…` parameters
 * are left out; home when it cannot be told.
 */
export function currentPageUrl(): string {
  let router: { path?: string; params?: Record<string, unknown> } | null | undefined
  try {
    router = Taro.getCurrentInstance().router
  } catch {
    router = null
  }
  const path = router?.path?.split('?')[0]
  if (!path) return ROUTES.home
  const params: Record<string, string> = {}
  for (const [k, v] of Object.entries(router?.params ?? {})) if (!k.startsWith('$') && typeof v === 'string') params[k] = readParam(v) ?? ''
  return buildUrl((path.startsWith('/') ? path : `/${path}`) as Route, params)
}
