import { useCallback, useEffect, useRef, useState } from 'react'
import { toAppError, type AppError } from '../api/errors'

export interface QueryState<T> {
  data: T | undefined
  error: AppError | undefined
  loading: boolean
  /** run the request again (the 重试 button) */
  retry: () => void
}

/**
 * Runs `fetcher` whenever `key` changes (null: do nothing) and tracks loading / error / data.
 * Answers for an older key are dropped, so fast typing or region switching never shows stale data.
 */
export function useQuery<T>(key: string | null, fetcher: () => Promise<T>): QueryState<T> {
  const [state, setState] = useState<{ data?: T; error?: AppError; loading: boolean }>({ loading: key !== null })
  const [attempt, setAttempt] = useState(0)
  const fetcherRef = useRef(fetcher)
  fetcherRef.current = fetcher

  useEffect(() => {
    if (key === null) {
      setState({ loading: false })
      return
    }
    let alive = true
    setState({ loading: true })
    fetcherRef.current().then(
      (data) => {
        if (alive) setState({ data, loading: false })
      },
      (err: unknown) => {
        if (alive) setState({ error: toAppError(err), loading: false })
      }
    )
    return () => {
      alive = false
    }
  }, [key, attempt])

  const retry = useCallback(() => setAttempt((n) => n + 1), [])
  return { data: state.data, error: state.error, loading: state.loading, retry }
}
