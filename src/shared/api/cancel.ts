/**
 * Cancelling an upload on every platform. The mini-programs' JavaScript engines have no AbortController (WeChat's and
 * Alipay's logic layers are not browsers): `new AbortController()` there throws a ReferenceError, and a photo never
 * leaves 正在压缩…. H5 gets the browser's own (axios takes its signal); elsewhere a small one with the same shape.
 */
export interface CancelSignal {
  readonly aborted: boolean
  addEventListener(type: 'abort', listener: () => void): void
  removeEventListener(type: 'abort', listener: () => void): void
}

export interface Canceler {
  readonly signal: CancelSignal
  abort(): void
}

export function createCanceler(): Canceler {
  if (typeof AbortController === 'function') return new AbortController()
  let aborted = false
  const listeners = new Set<() => void>()
  const signal: CancelSignal = {
    get aborted() {
      return aborted
    },
    addEventListener: (_type, listener) => void listeners.add(listener),
    removeEventListener: (_type, listener) => void listeners.delete(listener)
  }
  return {
    signal,
    abort() {
      if (aborted) return
      aborted = true
      listeners.forEach((l) => l())
      listeners.clear()
    }
  }
}
