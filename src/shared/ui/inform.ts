import Taro from '@tarojs/taro'
import { create } from 'zustand'
import { usePrefsStore } from '../theme/prefs'

/**
 * A short message after something the person did (已重新提交, 刷新失败…). Standard version: the platform toast.
 * 长辈版 (no pop-ups that carry information and vanish): the message stays as inline text at the top of the
 * page (<Screen> shows it) until the person taps 知道了 or leaves the page.
 */
interface InformState {
  message: { text: string; tone: 'success' | 'info' } | null
  clear: () => void
}

export const useInformStore = create<InformState>()((set) => ({
  message: null,
  clear: () => set({ message: null })
}))

export function inform(text: string, icon: 'success' | 'none' = 'none'): void {
  if (usePrefsStore.getState().elderMode) {
    useInformStore.setState({ message: { text, tone: icon === 'success' ? 'success' : 'info' } })
    return
  }
  Taro.showToast({ title: text, icon }).catch(() => undefined)
}
