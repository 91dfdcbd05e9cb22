/**
 * H5 (Taro picks `*.h5.ts` over `*.ts` in H5 builds): the draft store and the apply code it pulls in are loaded in a
 * chunk of their own after the first page is up, so the first page downloads and runs none of them.
 */
export function syncDraftsAtLaunch(): void {
  void import('./draftStore').then(
    ({ useDraftStore }) => useDraftStore.getState().startSync(),
    () => undefined // offline at launch: the apply screens start the sync when they open
  )
}
