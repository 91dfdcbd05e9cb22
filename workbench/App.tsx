import { useEffect, useMemo, useState } from 'react'
import { staffMay, type StaffAccount, type StaffPermission } from '../contract/staff'
import type { WorkbenchApi } from './api'
import { SignIn } from './SignIn'
import { TodoList } from './TodoList'
import { AdminScreen } from './admin/AdminScreen'
import { TerminalsScreen } from './admin/TerminalsScreen'
import { AuditLog } from './audit/AuditLog'
import { CalendarScreen } from './calendar/CalendarScreen'
import { caseApi } from './case/api'
import { CaseView } from './case/CaseView'
import { ComplaintsScreen } from './complaints/ComplaintsScreen'
import { EvaluationScreen } from './evaluation/EvaluationScreen'
import { NoticesScreen } from './notices/NoticesScreen'
import { useNotices } from './notices/notices'
import { QueueScreen } from './queue/QueueScreen'
import { StatsScreen } from './stats/StatsScreen'

/** The screens by hash route, each shown to the roles whose permission it needs (the BFF enforces the same). */
const SCREENS: { hash: string; label: string; permission: StaffPermission }[] = [
  { hash: '#/todo', label: '我的待办', permission: 'cases.read' },
  { hash: '#/queue', label: '科室队列', permission: 'cases.queue' },
  { hash: '#/evaluations', label: '好差评', permission: 'evaluations.read' },
  { hash: '#/complaints', label: '投诉', permission: 'complaints.read' },
  { hash: '#/stats', label: '统计', permission: 'metrics.read' },
  { hash: '#/admin', label: '人员与分配', permission: 'staff.manage' },
  { hash: '#/terminals', label: '扫码终端', permission: 'terminals.manage' },
  { hash: '#/calendar', label: '节假日安排', permission: 'calendar.manage' },
  { hash: '#/audit', label: '操作记录', permission: 'audit.read' }
]

/** 消息提醒 is every account's, whatever its role */
const NOTICES_HASH = '#/notices'

function useHash(): string {
  const [hash, setHash] = useState(() => window.location.hash)
  useEffect(() => {
    const on = () => setHash(window.location.hash)
    window.addEventListener('hashchange', on)
    return () => window.removeEventListener('hashchange', on)
  }, [])
  return hash
}

/** The workbench: signed out → 登录; signed in → the screens the account's role may use, 待办 first. */
export function App({ api }: { api: WorkbenchApi }) {
  const [account, setAccount] = useState<StaffAccount | null>(null)
  if (!account) return <SignIn api={api} onSignedIn={(s) => setAccount(s.account)} />
  return <Workbench api={api} account={account} setAccount={setAccount} />
}

function Workbench({ api, account, setAccount }: { api: WorkbenchApi; account: StaffAccount; setAccount: (a: StaffAccount | null) => void }) {
  const hash = useHash()
  const cases = useMemo(() => caseApi(api), [api])
  // every staff member is told of cases given to them (新办件待受理) and, a 科长, of cases left unassigned too long
  const { notices, unseen, markSeen } = useNotices(api, account.id)
  const screens = SCREENS.filter((s) => staffMay(account.role, s.permission))
  // a case opens by its address (#/case/<id>), from 待办 or the 科室队列, so it can be kept in a tab
  const caseId = /^#\/case\/([^/?#]+)$/.exec(hash)?.[1]
  const onNotices = hash.startsWith(NOTICES_HASH)
  const current = caseId || onNotices ? undefined : (screens.find((s) => hash.startsWith(s.hash))?.hash ?? screens[0]?.hash)
  const signOut = () => void api.signOut().finally(() => setAccount(null))
  return (
    <>
      <nav aria-label='工作台' className='nav'>
        {screens.map((s) => (
          <a key={s.hash} href={s.hash} aria-current={s.hash === current ? 'page' : undefined}>
            {s.label}
          </a>
        ))}
        <a href={NOTICES_HASH} aria-current={onNotices ? 'page' : undefined}>
          {unseen > 0 ? `消息提醒（${unseen} 条新消息）` : '消息提醒'}
        </a>
        {current !== '#/todo' && (
          <span>
            {account.name}（{account.roleLabel}，{account.region.name}）
            <button type='button' onClick={signOut}>
              退出登录
            </button>
          </span>
        )}
      </nav>
      {current === '#/todo' && <TodoList api={api} account={account} onSignedOut={() => setAccount(null)} />}
      {current === '#/queue' && <QueueScreen api={api} />}
      {current === '#/evaluations' && <EvaluationScreen api={api} account={account} />}
      {current === '#/complaints' && <ComplaintsScreen api={api} />}
      {current === '#/stats' && <StatsScreen api={api} account={account} />}
      {current === '#/admin' && <AdminScreen api={api} account={account} />}
      {current === '#/terminals' && <TerminalsScreen api={api} />}
      {current === '#/audit' && <AuditLog api={cases} />}
      {current === '#/calendar' && <CalendarScreen api={api} />}
      {caseId && <CaseView api={cases} account={account} id={decodeURIComponent(caseId)} onUnauthorized={() => setAccount(null)} />}
      {onNotices && <NoticesScreen notices={notices} onSeen={markSeen} />}
      {!current && !caseId && !onNotices && <main>当前账号没有可用的工作台功能，请联系管理员。</main>}
    </>
  )
}
