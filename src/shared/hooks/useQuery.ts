import { useCallback, useEffect, useRef, useState } from 'react'
import { toAppError, type AppError } from '../api/errors'
import { collectQuery, takeShellAnswer } from '../shell/data'

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
 * A page prerendered by the BFF (H5 web shell) starts with the answer it was rendered with (shell/data.ts).
 */
export function useQuery<T>(key: string | null, fetcher: () => Promise<T>): QueryState<T> {
  const [state, setState] = useState<{ data?: T; error?: AppError; loading: boolean }>(() => {
    const shell = key !== null ? takeShellAnswer(key) : undefined
    if (shell) return { data: shell.value as T, loading: false }
    if (key !== null) collectQuery(key, fetcher)
    return { loading: key !== null }
  })
  const [attempt, setAttempt] = useState(0)
  const fetcherRef = useRef(fetcher)
  fetcherRef.current = fetcher
  // the key whose answer came with the page: not asked again on mount
  const seeded = useRef(state.data !== undefined ? key : null)

  useEffect(() => {
    if (key === null) {
      setState({ loading: false })
      return
    }
    if (seeded.current === key) {
      seeded.current = null
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
