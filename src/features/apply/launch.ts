import { useDraftStore } from './draftStore'

/**
 * At app launch: drafts saved while offline go to the BFF at once, not only when an apply screen opens.
 * Mini-programs: the draft store is part of the main package anyway. H5 has its own version (launch.h5.ts).
 */
export function syncDraftsAtLaunch(): void {
  useDraftStore.getState().startSync()
}
