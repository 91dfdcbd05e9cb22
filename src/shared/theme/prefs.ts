import { create } from 'zustand'
import { persist } from 'zustand/middleware'
import { FONT_SCALE } from './tokens'
import { taroJSONStorage } from '../storage'

/**
 * Display preferences that outlive a session: the font-scale factor and 长辈版 (elderMode).
 * `elderModeChosen` records that the person decided (the switch, or an answer to the first-run offer), so the app
 * never offers 长辈版 again and never overrides the choice with the system font size.
 */
interface PrefsState {
  fontScale: number
  elderMode: boolean
  elderModeChosen: boolean
  setFontScale: (scale: number) => void
  /** the person's choice: switches the font scale and remembers that they chose */
  setElderMode: (on: boolean) => void
}

export const usePrefsStore = create<PrefsState>()(
  persist(
    (set) => ({
      fontScale: FONT_SCALE.standard,
      elderMode: false,
      elderModeChosen: false,
      setFontScale: (fontScale) => set({ fontScale }),
      setElderMode: (on) => set({ elderMode: on, elderModeChosen: true, fontScale: on ? FONT_SCALE.elder : FONT_SCALE.standard })
    }),
    {
      name: 'yb.prefs',
      storage: taroJSONStorage(),
      partialize: (s) => ({ fontScale: s.fontScale, elderMode: s.elderMode, elderModeChosen: s.elderModeChosen })
    }
  )
)

/** The scale every page uses: 长辈版 always gets the elder scale, whatever fontScale says. */
export function effectiveScale(s: Pick<PrefsState, 'fontScale' | 'elderMode'>): number {
  return s.elderMode ? Math.max(FONT_SCALE.elder, s.fontScale) : s.fontScale
}

/** 长辈版 on? Screens use it to show fewer items, step hints and inline text instead of toasts. */
export function useElderMode(): boolean {
  return usePrefsStore((s) => s.elderMode)
}
