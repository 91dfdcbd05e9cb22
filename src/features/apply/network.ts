import Taro from '@tarojs/taro'

/**
 * Whether the device is online, and a signal when it comes back: drafts saved while offline are sent then.
 *  - H5: navigator.onLine and the window `online` event;
 *  - mini-programs: Taro.onNetworkStatusChange (wx/my.onNetworkStatusChange) and Taro.getNetworkType.
 * Both are hints only: a save that fails with NETWORK_ERROR is queued whatever they say, and retried on a timer too.
 */
export interface NetworkWatcher {
  isOnline(): boolean
  /** calls `cb` each time the device comes back online; returns the unsubscribe */
  onOnline(cb: () => void): () => void
}

function h5Network(): NetworkWatcher {
  return {
    isOnline: () => (typeof navigator === 'undefined' ? true : navigator.onLine !== false),
    onOnline(cb) {
      if (typeof window === 'undefined') return () => undefined
      window.addEventListener('online', cb)
      return () => window.removeEventListener('online', cb)
    }
  }
}

function miniNetwork(): NetworkWatcher {
  let online = true
  const listeners = new Set<() => void>()
  let started = false
  const start = () => {
    if (started) return
    started = true
    Taro.getNetworkType()
      .then((r) => {
        online = r.networkType !== 'none'
      })
      .catch(() => undefined)
    Taro.onNetworkStatusChange((r) => {
      const was = online
      online = r.isConnected
      if (online && !was) listeners.forEach((l) => l())
    })
  }
  return {
    isOnline: () => {
      start()
      return online
    },
    onOnline(cb) {
      start()
      listeners.add(cb)
      return () => listeners.delete(cb)
    }
  }
}

export function platformNetwork(): NetworkWatcher {
  return process.env.TARO_ENV === 'weapp' || process.env.TARO_ENV === 'alipay' ? miniNetwork() : h5Network()
}
