import { useCallback, useEffect, useRef, useState } from 'react'
import { toAppError, type AppError } from '@/shared/api/errors'

export interface Resource<T> {
  data: T | undefined
  error: AppError | undefined
  loading: boolean
  retry: () => void
  /** loads again keeping what is shown (page shown again, pull-down); errors are reported, the data stays */
  reload: () => Promise<void>
  /** replaces the data with a fresher answer (the rating a POST returned) */
  setData: (d: T) => void
}

/** Loads `fetcher` for `key` (null: nothing yet); answers for an older key are dropped. */
export function useResource<T>(key: string | null, fetcher: () => Promise<T>): Resource<T> {
  const [state, setState] = useState<{ data?: T; error?: AppError; loading: boolean }>({ loading: key !== null })
  const [attempt, setAttempt] = useState(0)
  const fetcherRef = useRef(fetcher)
  fetcherRef.current = fetcher
  const keyRef = useRef(key)
  keyRef.current = key

  useEffect(() => {
    if (key === null) {
      setState({ loading: false })
      return
    }
    let alive = true
    setState({ loading: true })
    fetcherRef.current().then(
      (data) => alive && setState({ data, loading: false }),
      (err: unknown) => alive && setState({ error: toAppError(err), loading: false })
    )
    return () => {
      alive = false
    }
  }, [key, attempt])

  const retry = useCallback(() => setAttempt((n) => n + 1), [])
  const reload = useCallback(async () => {
    const k = keyRef.current
    if (k === null) return
    try {
      const data = await fetcherRef.current()
      if (keyRef.current === k) setState({ data, loading: false })
    } catch (err) {
      const e = toAppError(err)
      if (keyRef.current === k) setState((s) => (s.data === undefined ? { error: e, loading: false } : s))
      throw e
    }
  }, [])
  const setData = useCallback((data: T) => setState({ data, loading: false }), [])
  return { data: state.data, error: state.error, loading: state.loading, retry, reload, setData }
}

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
