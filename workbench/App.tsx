import { useState } from 'react'
import type { StaffAccount } from '../contract/staff'
import type { WorkbenchApi } from './api'
import { SignIn } from './SignIn'
import { TodoList } from './TodoList'

/** The workbench: signed out → 登录; signed in → 待办 (case view, actions, 好差评, 投诉, 统计 are to come). */
export function App({ api }: { api: WorkbenchApi }) {
  const [account, setAccount] = useState<StaffAccount | null>(null)
  if (!account) return <SignIn api={api} onSignedIn={(s) => setAccount(s.account)} />
  return <TodoList api={api} account={account} onSignedOut={() => setAccount(null)} />
}
