import { useEffect, useRef } from 'react'

/** The shared loader (src/shared/hooks/useLoad.ts): answers for an older key are dropped; a reload keeps the data. */
export { useLoad as useResource, type LoadState as Resource } from '@/shared/hooks/useLoad'

/** Runs `reload` when the page's reload signal changes (shown again, pulled down) and then calls `done`. */
export function useReloadOn(signal: number, reload: () => Promise<void>, done?: () => void): void {
  const reloadRef = useRef(reload)
  reloadRef.current = reload
  const doneRef = useRef(done)
  doneRef.current = done
  useEffect(() => {
    if (!signal) return
    reloadRef
      .current()
      .catch(() => undefined)
      .finally(() => doneRef.current?.())
  }, [signal])
}
