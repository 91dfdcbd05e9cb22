import { useCallback, useEffect, useRef, useState } from 'react'
import { toAppError, type AppError } from '@/shared/api/errors'

export interface LoadState<T> {
  data: T | undefined
  error: AppError | undefined
  /** the first load (nothing to show yet) */
  loading: boolean
  /** a reload with data already shown (pull-down refresh): the data stays on screen */
  refreshing: boolean
  /** the first load again, after an error (重试) */
  retry: () => void
  /** loads again keeping what is shown; resolves when done, rejects with the AppError on failure */
  reload: () => Promise<void>
  /** replaces the data with a fresher answer (e.g. the case returned by an upload) */
  setData: (d: T) => void
}

/** Like shared useQuery, but a reload keeps the data on screen and an answer for an older key is dropped. */
export function useLoad<T>(key: string | null, fetcher: () => Promise<T>): LoadState<T> {
  const [state, setState] = useState<{ data?: T; error?: AppError; loading: boolean; refreshing: boolean }>({ loading: key !== null, refreshing: false })
  const [attempt, setAttempt] = useState(0)
  const fetcherRef = useRef(fetcher)
  fetcherRef.current = fetcher
  const keyRef = useRef(key)
  keyRef.current = key

  useEffect(() => {
    if (key === null) {
      setState({ loading: false, refreshing: false })
      return
    }
    let alive = true
    setState({ loading: true, refreshing: false })
    fetcherRef.current().then(
      (data) => alive && setState({ data, loading: false, refreshing: false }),
      (err: unknown) => alive && setState({ error: toAppError(err), loading: false, refreshing: false })
    )
    return () => {
      alive = false
    }
  }, [key, attempt])

  const retry = useCallback(() => setAttempt((n) => n + 1), [])
  const reload = useCallback(async () => {
    const k = keyRef.current
    if (k === null) return
    setState((s) => ({ ...s, refreshing: true }))
    try {
      const data = await fetcherRef.current()
      if (keyRef.current === k) setState({ data, loading: false, refreshing: false })
    } catch (err) {
      const e = toAppError(err)
      if (keyRef.current === k) setState((s) => (s.data === undefined ? { error: e, loading: false, refreshing: false } : { ...s, refreshing: false }))
      throw e
    }
  }, [])
  const setData = useCallback((data: T) => setState({ data, loading: false, refreshing: false }), [])
  // the render in which the key first appears (e.g. sign-in confirmed) comes before the effect starts the request:
  // it is loading, not "no data" — else a screen would flash its empty state
  const started = useRef<string | null>(null)
  if (key !== null && state.loading) started.current = key
  const pending = key !== null && started.current !== key && state.data === undefined && state.error === undefined
  return { data: state.data, error: state.error, loading: state.loading || pending, refreshing: state.refreshing, retry, reload, setData }
}
