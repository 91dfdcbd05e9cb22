import { useCallback, useEffect, useState } from 'react'
import type { z } from 'zod'
import type { StaffNoticeSchema } from '../../contract/workbench'
import type { StaffRequester } from '../api'

export type StaffNotice = z.infer<typeof StaffNoticeSchema>

/** how often the notices are asked for: the 待办 list's pace (≤ 10 s, contract/workbench.ts) */
export const NOTICE_POLL_SECONDS = 5

export function noticesApi(r: Pick<StaffRequester, 'request'>): { notices(): Promise<{ notices: StaffNotice[] }> } {
  return { notices: () => r.request('GET', '/api/v1/staff/notices') }
}

/**
 * The account's notices (新办件待受理, 办件超时未分配), asked for every NOTICE_POLL_SECONDS on every screen, and how many
 * arrived since the list was last opened. The BFF keeps no read state; "seen" is the newest notice's time when the
 * list was last opened, kept in this browser per account.
 */
export function useNotices(api: Pick<StaffRequester, 'request'>, accountId: string): { notices: StaffNotice[] | null; unseen: number; markSeen: () => void } {
  const key = `workbench.noticesSeen.${accountId}`
  const [notices, setNotices] = useState<StaffNotice[] | null>(null)
  const [seen, setSeen] = useState<string>(() => localStorage.getItem(key) ?? '')
  useEffect(() => {
    let stopped = false
    let timer: ReturnType<typeof setTimeout> | undefined
    const poll = async (): Promise<void> => {
      try {
        const r = await noticesApi(api).notices()
        if (!stopped) setNotices(r.notices)
      } catch {
        // a failed poll keeps the last list; the 待办 screen reports the connection
      }
      if (!stopped) timer = setTimeout(() => void poll(), NOTICE_POLL_SECONDS * 1000)
    }
    void poll()
    return () => {
      stopped = true
      clearTimeout(timer)
    }
  }, [api])
  const markSeen = useCallback(() => {
    const newest = notices?.reduce((m, n) => (n.createdAt > m ? n.createdAt : m), '') ?? ''
    if (newest && newest > seen) {
      localStorage.setItem(key, newest)
      setSeen(newest)
    }
  }, [notices, seen, key])
  const unseen = notices?.filter((n) => n.createdAt > seen).length ?? 0
  return { notices, unseen, markSeen }
}
