import { useCallback, useEffect, useRef, useState } from 'react'
import type { EVoucherUsage, NotMeResult } from '@contract'
import { toAppError, type AppError } from '@/shared/api/errors'
import { fetchEVoucherUsage, reportNotMe } from './api'

export interface EVoucherUsageState {
  usage: EVoucherUsage | undefined
  loading: boolean
  error: AppError | undefined
  reload: () => void
  /** the entry being reported (its 「不是我」 is busy) */
  reporting: string | null
  /** the answer of the last report: next steps, complaint number, freeze */
  report: NotMeResult | undefined
  reportError: AppError | undefined
  notMe: (entryId: string) => Promise<NotMeResult | undefined>
}

/**
 * 使用记录 of the person acted for (`insuredId`; null while not signed in), and 「不是我」 on an entry. A new person
 * starts from nothing; answers for an older request are dropped; a report updates the entry and the freeze at once.
 */
export function useEVoucherUsage(insuredId: string | null, reloadKey: number): EVoucherUsageState {
  const [usage, setUsage] = useState<EVoucherUsage>()
  const [loading, setLoading] = useState(insuredId !== null)
  const [error, setError] = useState<AppError>()
  const [reporting, setReporting] = useState<string | null>(null)
  const [report, setReport] = useState<NotMeResult>()
  const [reportError, setReportError] = useState<AppError>()
  const seq = useRef(0)

  const load = useCallback((id: string | null, fresh: boolean) => {
    seq.current += 1
    const n = seq.current
    if (fresh) {
      setUsage(undefined)
      setReport(undefined)
      setReportError(undefined)
    }
    if (id === null) {
      setLoading(false)
      return
    }
    setLoading(true)
    setError(undefined)
    fetchEVoucherUsage(id).then(
      (u) => {
        if (seq.current !== n) return
        setUsage(u)
        setLoading(false)
      },
      (e: unknown) => {
        if (seq.current !== n) return
        setError(toAppError(e))
        setLoading(false)
      }
    )
  }, [])

  useEffect(() => load(insuredId, true), [insuredId, load])
  // the page shown again: the log may have grown (the code was just scanned)
  const first = useRef(true)
  useEffect(() => {
    if (first.current) {
      first.current = false
      return
    }
    load(insuredId, false)
  }, [reloadKey]) // eslint-disable-line react-hooks/exhaustive-deps

  const notMe = useCallback(async (entryId: string) => {
    setReporting(entryId)
    setReportError(undefined)
    try {
      const r = await reportNotMe(entryId)
      setReport(r)
      setUsage((u) => (u ? { ...u, frozenUntil: r.frozenUntil, entries: u.entries.map((e) => (e.id === r.entry.id ? r.entry : e)) } : u))
      return r
    } catch (e) {
      setReportError(toAppError(e))
      return undefined
    } finally {
      setReporting(null)
    }
  }, [])

  const reload = useCallback(() => load(insuredId, false), [insuredId, load])
  return { usage, loading, error, reload, reporting, report, reportError, notMe }
}
