import { create } from 'zustand'
import { persist } from 'zustand/middleware'
import { taroJSONStorage } from '@/shared/storage'

/** Search history: newest first, without repeats, at most HISTORY_MAX; kept across restarts, clearable. */
export const HISTORY_MAX = 10
export const HISTORY_STORAGE_KEY = 'yb.search-history'

interface HistoryState {
  queries: string[]
  add: (q: string) => void
  clear: () => void
}

export const useSearchHistory = create<HistoryState>()(
  persist(
    (set) => ({
      queries: [],
      add: (q) =>
        set((s) => {
          const t = q.trim()
          if (!t) return s
          return { queries: [t, ...s.queries.filter((x) => x !== t)].slice(0, HISTORY_MAX) }
        }),
      clear: () => set({ queries: [] })
    }),
    { name: HISTORY_STORAGE_KEY, version: 1, storage: taroJSONStorage(), partialize: (s) => ({ queries: s.queries }) }
  )
)
