import { useEffect, useState } from 'react'
import type { StaffAuditEntry } from '../../contract/staff'
import { ApiError } from '../api'
import type { CaseApi } from '../case/api'

const time = (iso: string): string => new Date(iso).toLocaleString('zh-CN', { timeZone: 'Asia/Shanghai', hour12: false })

/** 操作记录: every staff request of the region's staff, newest first (append-only at the BFF; 科长 and 管理员). */
export function AuditLog({ api }: { api: Pick<CaseApi, 'audit'> }) {
  const [entries, setEntries] = useState<StaffAuditEntry[] | null>(null)
  const [error, setError] = useState<string | null>(null)
  useEffect(() => {
    api.audit().then(
      (r) => setEntries(r.entries),
      (err) => setError(err instanceof ApiError ? err.message : '网络异常，请稍后重试')
    )
  }, [api])
  return (
    <main>
      <p>
        <a href='#/'>返回我的待办</a>
      </p>
      <h1>操作记录</h1>
      {error && (
        <p role='alert' className='error'>
          {error}
        </p>
      )}
      {entries === null ? (
        !error && <p>正在加载…</p>
      ) : entries.length === 0 ? (
        <p>暂无记录</p>
      ) : (
        <table>
          <caption>最近 {entries.length} 条，最新的在前</caption>
          <thead>
            <tr>
              <th scope='col'>时间</th>
              <th scope='col'>工作人员</th>
              <th scope='col'>操作</th>
              <th scope='col'>对象</th>
              <th scope='col'>结果</th>
            </tr>
          </thead>
          <tbody>
            {entries.map((e) => (
              <tr key={e.id}>
                <td>{time(e.at)}</td>
                <td>{e.staffName}</td>
                <td>
                  {e.method} {e.route}
                </td>
                <td>{e.targetId ?? '—'}</td>
                <td>{e.status < 400 ? '成功' : `拒绝（${e.status}）`}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </main>
  )
}
