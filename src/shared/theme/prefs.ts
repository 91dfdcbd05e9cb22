import { create } from 'zustand'
import { persist } from 'zustand/middleware'
import { FONT_SCALE } from './tokens'
import { taroJSONStorage } from '../storage'

/**
 * Display preferences that outlive a session. Today only the font-scale factor (1 = standard); the 长辈版
 * (elderMode) issue adds the switch that sets FONT_SCALE.elder — every <Screen> re-reads it.
 */
interface PrefsState {
  fontScale: number
  setFontScale: (scale: number) => void
}

export const usePrefsStore = create<PrefsState>()(
  persist(
    (set) => ({
      fontScale: FONT_SCALE.standard,
      setFontScale: (fontScale) => set({ fontScale })
    }),
    { name: 'yb.prefs', storage: taroJSONStorage(), partialize: (s) => ({ fontScale: s.fontScale }) }
  )
)
