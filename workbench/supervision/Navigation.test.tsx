import { fireEvent, render, screen, within } from '@testing-library/react'
import type { StaffAccount, StaffSession } from '../../contract/staff'
import { App } from '../App'
import type { WorkbenchApi } from '../api'
import { fakeRequester } from './testing'

/** The workbench's navigation: each role sees the screens its permissions allow (the BFF enforces the same). */

const account = (role: StaffAccount['role'], roleLabel: string): StaffAccount => ({
  id: 's1',
  username: 'x',
  name: '某人',
  role,
  roleLabel,
  region: { code: '331102', name: '莲都区' },
  status: 'active',
  createdAt: '2026-12-01T00:00:00Z'
})

function app(a: StaffAccount): WorkbenchApi {
  const session: StaffSession = { token: 't', expiresAt: '2026-12-07T12:00:00Z', account: a }
  return {
    ...fakeRequester({ 'GET /api/v1/staff/complaints': { complaints: [] }, 'GET /api/v1/staff/evaluations': { evaluations: [] } }),
    signIn: jest.fn(async () => session),
    signOut: jest.fn(async () => undefined),
    todo: jest.fn(async () => ({ items: [], counts: { total: 0, overdue: 0, dueSoon: 0, unassigned: 0 }, cursor: 'c' })),
    changes: jest.fn(async () => ({ applicationIds: [], cursor: 'c', pollSeconds: 5 }))
  }
}

async function signIn(a: StaffAccount): Promise<WorkbenchApi> {
  const api = app(a)
  render(<App api={api} />)
  fireEvent.change(screen.getByLabelText('登录名'), { target: { value: 'x' } })
  fireEvent.change(screen.getByLabelText('密码'), { target: { value: 'Correct-horse-battery-9' } })
  fireEvent.change(screen.getByLabelText('动态验证码'), { target: { value: '123456' } })
  fireEvent.click(screen.getByRole('button', { name: '登录' }))
  await screen.findByRole('navigation', { name: '工作台' })
  return api
}

afterEach(() => {
  window.location.hash = ''
})

it.each<[StaffAccount['role'], string, string[]]>([
  ['evaluationAdmin', '好差评管理员', ['好差评', '投诉', '统计', '消息提醒']],
  ['chief', '科长', ['我的待办', '科室队列', '好差评', '投诉', '统计', '操作记录', '消息提醒']],
  ['admin', '管理员', ['人员与分配', '扫码终端', '节假日安排', '操作记录', '消息提醒']],
  ['clerk', '窗口受理', ['我的待办', '消息提醒']]
])('a %s (%s) sees its screens', async (role, label, screens) => {
  await signIn(account(role, label))
  const nav = screen.getByRole('navigation', { name: '工作台' })
  expect(within(nav).getAllByRole('link').map((l) => l.textContent)).toEqual(screens)
  // the first screen is open and marked as current
  expect(within(nav).getByRole('link', { name: screens[0] })).toHaveAttribute('aria-current', 'page')
})

it('opens a screen by its link, and signs out from any screen', async () => {
  const api = await signIn(account('evaluationAdmin', '好差评管理员'))
  expect(await screen.findByRole('heading', { level: 1, name: '好差评' })).toBeInTheDocument()
  window.location.hash = '#/complaints'
  fireEvent(window, new HashChangeEvent('hashchange'))
  expect(await screen.findByRole('heading', { level: 1, name: '投诉' })).toBeInTheDocument()
  fireEvent.click(screen.getByRole('button', { name: '退出登录' }))
  expect(await screen.findByRole('button', { name: '登录' })).toBeInTheDocument()
  expect(api.signOut).toHaveBeenCalled()
})
