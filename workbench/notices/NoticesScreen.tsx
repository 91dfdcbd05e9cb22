import { useEffect } from 'react'
import type { StaffNotice } from './notices'

const KIND_LABEL: Record<StaffNotice['kind'], string> = { assigned: '新办件', unassignedAlert: '超时未分配' }

/** 消息提醒: the account's notices, newest first, each opening its case; opening the list marks them seen. */
export function NoticesScreen({ notices, onSeen }: { notices: StaffNotice[] | null; onSeen: () => void }) {
  useEffect(() => onSeen(), [onSeen])
  return (
    <main>
      <h1>消息提醒</h1>
      {notices === null && <p>正在读取…</p>}
      {notices?.length === 0 && <p>暂无消息提醒。新办件分配给您、或本辖区办件超时未分配时，会在这里提醒。</p>}
      {notices && notices.length > 0 && (
        <ul className='notices'>
          {notices.map((n) => (
            <li key={n.id}>
              <p>
                <strong>
                  【{KIND_LABEL[n.kind]}】{n.title}
                </strong>{' '}
                <time dateTime={n.createdAt}>{new Date(n.createdAt).toLocaleString('zh-CN', { timeZone: 'Asia/Shanghai', hour12: false })}</time>
              </p>
              <p>{n.body}</p>
              {n.applicationId && <a href={`#/case/${encodeURIComponent(n.applicationId)}`}>查看办件</a>}
            </li>
          ))}
        </ul>
      )}
    </main>
  )
}
