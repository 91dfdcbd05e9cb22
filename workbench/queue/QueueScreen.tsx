import { useCallback, useEffect, useState } from 'react'
import type { Todo } from '../../contract/workbench'
import { ApiError, type StaffRequester } from '../api'
import { CaseTable } from '../supervision/CaseTable'
import { ErrorNote } from '../supervision/ErrorNote'

/** how often the queue reloads itself (the 待办 list's change feed asks as often) */
const RELOAD_SECONDS = 10

/**
 * 科室队列 for the 科长 (001 §5.2.3.1): every open case of the region, the unassigned ones included, each with who has
 * it; 已超期 and 即将超期 first (the BFF orders them). Reassigning is done on the case itself (#/case/<id>).
 */
export function QueueScreen({ api }: { api: StaffRequester }) {
  const [queue, setQueue] = useState<Todo | null>(null)
  const [onlyUnassigned, setOnlyUnassigned] = useState(false)
  const [error, setError] = useState<string | null>(null)

  const load = useCallback(async () => {
    try {
      setQueue(await api.request<Todo>('GET', '/api/v1/staff/queue'))
      setError(null)
    } catch (err) {
      setError(err instanceof ApiError ? err.message : '网络异常，列表可能不是最新')
    }
  }, [api])

  useEffect(() => {
    void load()
    const timer = setInterval(() => void load(), RELOAD_SECONDS * 1000)
    return () => clearInterval(timer)
  }, [load])

  const items = queue ? queue.items.filter((i) => !onlyUnassigned || !i.assignee) : []
  return (
    <main className='queue'>
      <h1>科室队列</h1>
      <ErrorNote error={error} />
      {queue === null ? (
        !error && <p>正在加载…</p>
      ) : (
        <>
          <p aria-live='polite'>
            共 {queue.counts.total} 件，未分配 {queue.counts.unassigned} 件，已超期 {queue.counts.overdue} 件，即将超期 {queue.counts.dueSoon} 件
          </p>
          <label className='inline'>
            <input type='checkbox' checked={onlyUnassigned} onChange={(e) => setOnlyUnassigned(e.target.checked)} />
            只看未分配
          </label>
          {items.length === 0 ? (
            <p>{onlyUnassigned ? '没有未分配的办件' : '本科室暂无在办办件'}</p>
          ) : (
            <CaseTable items={items} withAssignee />
          )}
        </>
      )}
    </main>
  )
}
