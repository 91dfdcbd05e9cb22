import { useCallback, useEffect, useState } from 'react'
import type { ItemDetail } from '@contract'
import { toAppError, type AppError } from '@/shared/api/errors'
import { draftApi, fetchItem } from './api'
import { useDraftStore, type LocalDraft } from './draftStore'

export interface ApplyDraftView {
  draft: LocalDraft | undefined
  /** the application made from this draft, when it has been submitted */
  submittedAs: string | undefined
  item: ItemDetail | undefined
  loading: boolean
  error: AppError | undefined
  retry: () => void
}

/**
 * The draft a screen works on: from the device first (works offline, survives a restart), else from the BFF
 * (GET /drafts/:id, e.g. a page opened from a link), with its item (form and materials). Starts the sync engine.
 */
export function useApplyDraft(draftId: string | undefined): ApplyDraftView {
  const draft = useDraftStore((s) => (draftId ? s.drafts[draftId] : undefined))
  const submittedAs = useDraftStore((s) => (draftId ? s.submitted[draftId] : undefined))
  const [error, setError] = useState<AppError | undefined>()
  const [attempt, setAttempt] = useState(0)
  const needsDraft = Boolean(draftId) && !draft && !submittedAs
  const needsItem = Boolean(draft) && !draft?.item

  useEffect(() => {
    useDraftStore.getState().startSync()
  }, [])

  useEffect(() => {
    if (!draftId || (!needsDraft && !needsItem)) return
    let alive = true
    setError(undefined)
    ;(async () => {
      try {
        const store = useDraftStore.getState()
        const local = store.drafts[draftId] ?? store.adopt(await draftApi.getDraft(draftId))
        if (local && !local.item) useDraftStore.getState().setItem(draftId, await fetchItem(local.itemId, local.regionCode))
      } catch (e) {
        if (alive) setError(toAppError(e))
      }
    })()
    return () => {
      alive = false
    }
  }, [draftId, needsDraft, needsItem, attempt])

  const retry = useCallback(() => setAttempt((n) => n + 1), [])
  const item = draft?.item ?? undefined
  return { draft, submittedAs, item, loading: !error && (needsDraft || needsItem), error, retry }
}
