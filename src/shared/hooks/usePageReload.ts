import Taro, { useDidShow, usePullDownRefresh } from '@tarojs/taro'
import { useCallback, useRef, useState } from 'react'

/**
 * A counter pages (progress, family…) pass to their screens as `reloadSignal`: it goes up on pull-down refresh
 * (enablePullDownRefresh in the page config) and when the page is shown again (back from a case, a form, the
 * platform's document viewer), so what is shown is never stale. `done` stops the platform's refresh spinner.
 */
export function usePageReload(): { signal: number; done: () => void } {
  const [signal, setSignal] = useState(0)
  const shown = useRef(false)
  usePullDownRefresh(() => setSignal((n) => n + 1))
  useDidShow(() => {
    if (shown.current) setSignal((n) => n + 1)
    shown.current = true
  })
  const done = useCallback(() => {
    try {
      Taro.stopPullDownRefresh()
    } catch {
      // not refreshing (H5 without the pull-down shell): nothing to stop
    }
  }, [])
  return { signal, done }
}
