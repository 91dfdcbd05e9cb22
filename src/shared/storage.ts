import Taro from '@tarojs/taro'
import { createJSONStorage, type StateStorage } from 'zustand/middleware'

/**
 * Taro storage (wx/my storage in mini-programs, localStorage on H5) as a zustand StateStorage.
 * Synchronous, so persisted stores are hydrated when they are created (no flash of default state).
 * A storage failure (quota, private mode) never breaks a screen: reads return null, writes are dropped.
 */
export const taroStateStorage: StateStorage = {
  getItem(name) {
    try {
      const v: unknown = Taro.getStorageSync(name)
      return typeof v === 'string' && v !== '' ? v : null
    } catch {
      return null
    }
  },
  setItem(name, value) {
    try {
      Taro.setStorageSync(name, value)
    } catch {
      // storage full or unavailable: keep working in memory
    }
  },
  removeItem(name) {
    try {
      Taro.removeStorageSync(name)
    } catch {
      // ignore
    }
  }
}

/** `persist(..., { storage: taroJSONStorage() })` */
export function taroJSONStorage<S>() {
  return createJSONStorage<S>(() => taroStateStorage)
}
