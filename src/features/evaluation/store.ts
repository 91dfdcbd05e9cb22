import { create } from 'zustand'
import { persist } from 'zustand/middleware'
import type { EvaluationLevel, EvaluationReason } from '@contract'
import { taroJSONStorage } from '@/shared/storage'

/**
 * Ratings not yet sent, by case id: what the citizen chose and typed on the rate screen is written to device storage
 * at once (Taro storage is synchronous), so a failed submit, a closed page or an app kill never loses it. Removed
 * when the BFF has the rating (or already had one). The photo is not kept: a picked file's temporary path does not
 * outlive the app, so it is chosen again after a restart.
 */
export interface RatingDraft {
  level: EvaluationLevel | null
  reasons: EvaluationReason[]
  text: string
  updatedAt: string
}

export const EMPTY_RATING_DRAFT: RatingDraft = { level: null, reasons: [], text: '', updatedAt: '' }

interface RatingDraftState {
  drafts: Record<string, RatingDraft>
  update: (applicationId: string, patch: Partial<Omit<RatingDraft, 'updatedAt'>>) => void
  clear: (applicationId: string) => void
}

export const RATING_DRAFTS_STORAGE_KEY = 'yb.evaluation.drafts'
/** drafts older than this are dropped when the store loads (the rating window is 7 days, 000 §8.1) */
const KEEP_MS = 30 * 86_400_000

export const useRatingDrafts = create<RatingDraftState>()(
  persist(
    (set) => ({
      drafts: {},
      update: (applicationId, patch) =>
        set((s) => ({
          drafts: { ...s.drafts, [applicationId]: { ...(s.drafts[applicationId] ?? EMPTY_RATING_DRAFT), ...patch, updatedAt: new Date().toISOString() } }
        })),
      clear: (applicationId) =>
        set((s) => {
          if (!s.drafts[applicationId]) return s
          const drafts = { ...s.drafts }
          delete drafts[applicationId]
          return { drafts }
        })
    }),
    {
      name: RATING_DRAFTS_STORAGE_KEY,
      version: 1,
      storage: taroJSONStorage(),
      partialize: (s) => ({ drafts: s.drafts }),
      merge: (persisted, current) => {
        const drafts = (persisted as { drafts?: Record<string, RatingDraft> } | undefined)?.drafts ?? {}
        const cutoff = Date.now() - KEEP_MS
        const kept = Object.fromEntries(Object.entries(drafts).filter(([, d]) => Date.parse(d.updatedAt) >= cutoff))
        return { ...current, drafts: kept }
      }
    }
  )
)

/** The draft of one case (empty when none). */
export function useRatingDraft(applicationId: string): RatingDraft {
  return useRatingDrafts((s) => s.drafts[applicationId]) ?? EMPTY_RATING_DRAFT
}
