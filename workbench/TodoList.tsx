import { useCallback, useEffect, useRef, useState } from 'react'
import type { StaffAccount } from '../contract/staff'
import type { Todo } from '../contract/workbench'
import { ApiError, type WorkbenchApi } from './api'
import { CaseTable } from './supervision/CaseTable'

/**
 * 待办: the cases assigned to me, 已超期 and 即将超期 first (the BFF orders them), with their due dates in working days.
 * The list follows the change feed: it asks every `pollSeconds` (≤ 10 s) and reloads when a case moved, so a case
 * assigned to me appears without reloading the page.
 */
export function TodoList({ api, account, onSignedOut }: { api: WorkbenchApi; account: StaffAccount; onSignedOut: () => void }) {
  const [todo, setTodo] = useState<Todo | null>(null)
  const [error, setError] = useState<string | null>(null)
  const cursor = useRef<string | null>(null)

  const failed = useCallback(
    (err: unknown) => {
      if (err instanceof ApiError && err.status === 401) onSignedOut()
      else setError(err instanceof ApiError ? err.message : '网络异常，列表可能不是最新')
    },
    [onSignedOut]
  )

  const load = useCallback(async () => {
    try {
      const t = await api.todo()
      cursor.current = t.cursor
      setTodo(t)
      setError(null)
    } catch (err) {
      failed(err)
    }
  }, [api, failed])

  useEffect(() => {
    void load()
  }, [load])

  useEffect(() => {
    let stopped = false
    let timer: ReturnType<typeof setTimeout> | undefined
    const poll = async (): Promise<void> => {
      let wait = 5
      try {
        if (cursor.current) {
          const c = await api.changes(cursor.current)
          wait = c.pollSeconds
          if (c.applicationIds.length) await load()
          else cursor.current = c.cursor
        }
      } catch (err) {
        failed(err)
      }
      if (!stopped) timer = setTimeout(() => void poll(), wait * 1000)
    }
    timer = setTimeout(() => void poll(), 5000)
    return () => {
      stopped = true
      clearTimeout(timer)
    }
  }, [api, load, failed])

  return (
    <main className='todo'>
      <header>
        <h1>我的待办</h1>
        <p>
          {account.name}（{account.roleLabel}，{account.region.name}）
          <button type='button' onClick={() => void api.signOut().finally(onSignedOut)}>
            退出登录
          </button>
        </p>
      </header>
      {error && (
        <p role='alert' className='error'>
          {error}
        </p>
      )}
      {todo === null ? (
        <p>正在加载…</p>
      ) : todo.items.length === 0 ? (
        <p>暂无待办办件</p>
      ) : (
        <>
          <p aria-live='polite'>
            共 {todo.counts.total} 件，已超期 {todo.counts.overdue} 件，即将超期 {todo.counts.dueSoon} 件
          </p>
          <CaseTable items={todo.items} />
        </>
      )}
    </main>
  )
}
