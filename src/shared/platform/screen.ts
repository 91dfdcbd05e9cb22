import Taro from '@tarojs/taro'
import { useEffect } from 'react'
import type { MediaPlatform } from '@/shared/media'

/**
 * While the e-voucher is on screen (issue 4): full brightness (a counter's scanner reads a dim screen badly), the
 * screen kept on, and — in WeChat — the page hidden in screenshots and screen recordings (and so in the Android app
 * switcher; wx.setVisualEffectOnCapture, base library 2.20.1, Android; iOS 16+ recordings only). When the page hides
 * or closes, the saved brightness comes back and the rest is undone. H5 has none of these APIs (Taro's H5 stubs
 * reject): every call is best effort, failures are ignored. Calls run one after another, so a quick hide after a
 * show restores the brightness read before the page raised it.
 */
let chain: Promise<unknown> = Promise.resolve()
function serial(step: () => Promise<unknown> | unknown): void {
  chain = chain.then(step).catch(() => undefined)
}

/** Calls a Taro API that may be missing or unsupported on this platform; resolves undefined when it fails. */
async function attempt<T>(call: () => Promise<T> | undefined): Promise<T | undefined> {
  try {
    return await call()
  } catch {
    return undefined
  }
}

let saved: number | null = null

function setCaptureHidden(hidden: boolean, platform: MediaPlatform): Promise<unknown> | undefined {
  if (platform !== 'weapp') return undefined
  const api = (Taro as unknown as { setVisualEffectOnCapture?: (o: { visualEffect: 'none' | 'hidden' }) => Promise<unknown> }).setVisualEffectOnCapture
  if (typeof api !== 'function') return undefined
  return attempt(() => api({ visualEffect: hidden ? 'hidden' : 'none' }))
}

export function raiseScreen(platform: MediaPlatform): void {
  serial(async () => {
    const res = await attempt(() => Taro.getScreenBrightness())
    const value = (res as { value?: unknown } | undefined)?.value
    // keep the first reading: a page shown again before the restore landed must not save our own 1
    if (typeof value === 'number' && saved === null) saved = value
    await attempt(() => Taro.setScreenBrightness({ value: 1 }))
    await attempt(() => Taro.setKeepScreenOn({ keepScreenOn: true }))
    await setCaptureHidden(true, platform)
  })
}

export function restoreScreen(platform: MediaPlatform): void {
  serial(async () => {
    const value = saved
    saved = null
    if (value !== null) await attempt(() => Taro.setScreenBrightness({ value }))
    await attempt(() => Taro.setKeepScreenOn({ keepScreenOn: false }))
    await setCaptureHidden(false, platform)
  })
}

/** Resolves when the queued brightness calls have run (tests). */
export function screenSettled(): Promise<unknown> {
  return chain
}

/** Raises the screen while `active` (the page is shown), restores it on hide and on unmount. */
export function useScreenGuard(active: boolean, platform: MediaPlatform): void {
  useEffect(() => {
    if (!active) return
    raiseScreen(platform)
    return () => restoreScreen(platform)
  }, [active, platform])
}
