import { useCallback, useEffect, useRef, useState } from 'react'
import { EVOUCHER_REFRESH_BEFORE_SECONDS, type EVoucher } from '@contract'
import { toAppError, type AppError } from '@/shared/api/errors'
import { fetchEVoucher } from './api'

export interface EVoucherState {
  voucher: EVoucher | undefined
  /** the first load for this person (nothing to show yet) */
  loading: boolean
  /** a new code is on its way; the current one stays on screen */
  refreshing: boolean
  error: AppError | undefined
  /** seconds the shown code has left (0: expired, or no code) */
  secondsLeft: number
  expired: boolean
  /** a new code now, keeping the current one on screen until it comes (刷新, page shown again) */
  refresh: () => void
  /** the first load again, after it failed (重试) */
  retry: () => void
}

/** How long a code lives, from the BFF's own timestamps (the device's clock may be off; only the length is used). */
function lifetimeMs(v: EVoucher): number {
  const ms = Date.parse(v.expiresAt) - Date.parse(v.issuedAt)
  return Number.isFinite(ms) && ms > 0 ? ms : v.ttlSeconds * 1000
}

interface Inner {
  voucher?: EVoucher
  /** Date.now() when the code arrived: the countdown runs on the device's clock from here */
  receivedAt: number
  loading: boolean
  refreshing: boolean
  error?: AppError
  /** the code whose automatic refresh failed: no automatic retry for it (刷新 still works) */
  failedFor?: string
}

/**
 * The e-voucher of the person acted for (`insuredId`; null while not signed in): loads it, counts down, and fetches
 * a new code EVOUCHER_REFRESH_BEFORE_SECONDS before the shown one expires, so the citizen never holds up a dead code.
 * A new person starts from nothing (never a moment of the previous person's code under the new name); a failed
 * refresh keeps the live code and says so; answers for an older request are dropped. The clock ticks only while
 * `shown`.
 */
export function useEVoucher(insuredId: string | null, shown: boolean): EVoucherState {
  const [s, setS] = useState<Inner>({ loading: insuredId !== null, refreshing: false, receivedAt: 0 })
  const [now, setNow] = useState(() => Date.now())
  const seq = useRef(0)
  const idRef = useRef(insuredId)
  idRef.current = insuredId

  const load = useCallback((first: boolean) => {
    const id = idRef.current
    if (id === null) return
    seq.current += 1
    const n = seq.current
    setS((prev) => (first ? { loading: true, refreshing: false, receivedAt: 0 } : { ...prev, refreshing: true, error: undefined }))
    fetchEVoucher(id).then(
      (voucher) => {
        if (seq.current !== n) return
        const at = Date.now()
        setNow(at)
        setS({ voucher, receivedAt: at, loading: false, refreshing: false })
      },
      (err: unknown) => {
        if (seq.current !== n) return
        setS((prev) => ({ ...prev, loading: false, refreshing: false, error: toAppError(err), failedFor: prev.voucher?.code }))
      }
    )
  }, [])

  useEffect(() => {
    if (insuredId === null) {
      seq.current += 1
      setS({ loading: false, refreshing: false, receivedAt: 0 })
      return
    }
    load(true)
  }, [insuredId, load])

  const v = s.voucher
  const live = shown && v !== undefined && v.insured
  useEffect(() => {
    if (!live) return
    setNow(Date.now())
    const t = setInterval(() => setNow(Date.now()), 1000)
    return () => clearInterval(t)
  }, [live, s.receivedAt])

  const lifetime = v?.insured ? lifetimeMs(v) : 0
  const secondsLeft = v?.insured ? Math.min(Math.round(lifetime / 1000), Math.max(0, Math.ceil((s.receivedAt + lifetime - now) / 1000))) : 0
  const expired = v?.insured === true && secondsLeft === 0

  const due = live && !s.loading && !s.refreshing && secondsLeft <= EVOUCHER_REFRESH_BEFORE_SECONDS && s.failedFor !== v?.code
  useEffect(() => {
    if (due) load(false)
  }, [due, load])

  const refresh = useCallback(() => load(false), [load])
  const retry = useCallback(() => load(true), [load])
  return { voucher: v, loading: s.loading, refreshing: s.refreshing, error: s.error, secondsLeft, expired, refresh, retry }
}
