import { useMemo, useState } from 'react'
import type { StaffAccount } from '../contract/staff'
import type { WorkbenchApi } from './api'
import { SignIn } from './SignIn'
import { TodoList } from './TodoList'
import { AuditLog } from './audit/AuditLog'
import { caseApi } from './case/api'
import { CaseView } from './case/CaseView'
import { useHashRoute } from './case/route'

/** The workbench: signed out → 登录; signed in → 待办, and by address (#/case/<id>, #/audit) a case or the audit trail. */
export function App({ api }: { api: WorkbenchApi }) {
  const [account, setAccount] = useState<StaffAccount | null>(null)
  const route = useHashRoute()
  const cases = useMemo(() => caseApi(api), [api])
  if (!account) return <SignIn api={api} onSignedIn={(s) => setAccount(s.account)} />
  if (route.kind === 'case') return <CaseView api={cases} account={account} id={route.id} onUnauthorized={() => setAccount(null)} />
  if (route.kind === 'audit') return <AuditLog api={cases} />
  return <TodoList api={api} account={account} onSignedOut={() => setAccount(null)} />
}
