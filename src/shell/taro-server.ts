/**
 * `@tarojs/taro` for the server render of the web shell (render.tsx; esbuild aliases the package to this file).
 * A first visit as the server sees it: nothing stored on the device, no page hooks firing, no navigation. Every API
 * a screen could touch while rendering answers harmlessly; the rest (navigation, uploads…) only runs on a tap, which
 * never happens on the server.
 */
let routerParams: Record<string, string> = {}

/** render.tsx sets the page's query before each render */
export function setRouterParams(params: Record<string, string>): void {
  routerParams = params
}

export function useRouter(): { params: Record<string, string>; path: string } {
  return { params: routerParams, path: '' }
}

const noop = (): undefined => undefined
const resolved = (): Promise<undefined> => Promise.resolve(undefined)
export const useLaunch = noop
export const useDidShow = noop
export const useDidHide = noop
export const useLoad = noop
export const useReady = noop
export const usePullDownRefresh = noop

const eventCenter = { on: noop, off: noop, trigger: noop, once: noop }

const api: Record<string, unknown> = {
  eventCenter,
  useRouter,
  useLaunch,
  useDidShow,
  useDidHide,
  useLoad,
  useReady,
  usePullDownRefresh,
  getStorageSync: () => '',
  setStorageSync: noop,
  removeStorageSync: noop,
  getEnv: () => 'WEB',
  ENV_TYPE: { WEB: 'WEB' },
  getCurrentPages: () => [],
  getSystemInfoSync: () => ({}),
  getAppBaseInfo: () => ({})
}

// any other API (navigateTo, showToast, setNavigationBarTitle…): a no-op that resolves
const Taro = new Proxy(api, {
  get: (target, name: string) => (name in target ? target[name] : resolved)
})

export default Taro
