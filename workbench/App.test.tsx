import { act, fireEvent, render, screen } from '@testing-library/react'
import type { StaffSession } from '../contract/staff'
import type { Todo, TodoItem } from '../contract/workbench'
import { App } from './App'
import { ApiError, type WorkbenchApi } from './api'
import { todoItem as item } from './supervision/testing'

/** The workbench shell against a fake of its API: sign-in with password + TOTP, the 待办 list, and its polling. */

const session: StaffSession = {
  token: 'ybst_x',
  expiresAt: '2026-12-07T12:00:00Z',
  account: { id: 's1', username: 'jia', name: '甲窗口', role: 'clerk', roleLabel: '窗口受理', region: { code: '331102', name: '浙江省丽水市莲都区' }, status: 'active', createdAt: '2026-12-01T00:00:00Z' }
}


function todoOf(items: TodoItem[]): Todo {
  return {
    items,
    counts: { total: items.length, overdue: items.filter((i) => i.urgency === 'overdue').length, dueSoon: items.filter((i) => i.urgency === 'dueSoon').length, unassigned: 0 },
    cursor: '2026-12-07T02:00:00.000Z'
  }
}

function fakeApi(): WorkbenchApi & { lists: Todo[]; moved: string[][]; changes: jest.Mock } {
  let todoCalls = 0
  const lists: Todo[] = [todoOf([item('1', { urgency: 'overdue', urgencyLabel: '已超期', workingDaysLeft: -2, dueDate: '2026-12-03', overdue: true })])]
  const moved: string[][] = []
  return {
    lists,
    moved,
    signIn: jest.fn(async (b: { username: string; password: string; otp: string }) => {
      if (b.otp !== '123456') throw new ApiError(401, 'STAFF_CREDENTIALS_INVALID', '登录名、密码或动态验证码不正确')
      return session
    }),
    signOut: jest.fn(async () => undefined),
    todo: jest.fn(async (): Promise<Todo> => lists[Math.min(todoCalls++, lists.length - 1)]),
    changes: jest.fn(async () => ({ applicationIds: moved.shift() ?? [], cursor: '2026-12-07T02:00:05.000Z', pollSeconds: 5 })),
    request: jest.fn(),
    objectUrl: jest.fn()
  }
}

const type = (label: string, value: string) => fireEvent.change(screen.getByLabelText(label), { target: { value } })

/** the clerk signs in with the right password and code */
async function signIn(): Promise<void> {
  type('登录名', 'jia')
  type('密码', 'Correct-horse-battery-9')
  type('动态验证码', '123456')
  await act(async () => {
    fireEvent.click(screen.getByRole('button', { name: '登录' }))
  })
}

afterEach(() => jest.useRealTimers())

it('signs in with password and one-time code; a wrong code keeps the password and says why', async () => {
  const api = fakeApi()
  render(<App api={api} />)
  fireEvent.click(screen.getByRole('button', { name: '登录' }))
  expect(await screen.findByRole('alert')).toHaveTextContent('请填写登录名、密码和 6 位动态验证码')
  type('登录名', 'jia')
  type('密码', 'Correct-horse-battery-9')
  type('动态验证码', '000000')
  fireEvent.click(screen.getByRole('button', { name: '登录' }))
  expect(await screen.findByText('登录名、密码或动态验证码不正确')).toBeInTheDocument()
  expect(screen.getByLabelText('密码')).toHaveValue('Correct-horse-battery-9')
  expect(screen.getByLabelText('动态验证码')).toHaveValue('')
  type('动态验证码', '123456')
  fireEvent.click(screen.getByRole('button', { name: '登录' }))
  expect(await screen.findByRole('heading', { name: '我的待办' })).toBeInTheDocument()
  expect(screen.getByText(/甲窗口（窗口受理/)).toBeInTheDocument()
  expect(await screen.findByText('已超期（超 2 个工作日）')).toBeInTheDocument()
})

it('shows a case assigned meanwhile without a reload: the list follows the change feed', async () => {
  jest.useFakeTimers()
  const api = fakeApi()
  api.lists.push(todoOf([...api.lists[0].items, item('2', { urgency: 'dueSoon', urgencyLabel: '即将超期', workingDaysLeft: 2 })]))
  api.moved.push([], ['2'])
  render(<App api={api} />)
  await signIn()
  expect(await screen.findByText('共 1 件，已超期 1 件，即将超期 0 件')).toBeInTheDocument()
  await act(async () => {
    await jest.advanceTimersByTimeAsync(5000)
  })
  expect(screen.queryByText('即将超期（剩 2 个工作日）')).toBeNull()
  await act(async () => {
    await jest.advanceTimersByTimeAsync(5000)
  })
  expect(screen.getByText('即将超期（剩 2 个工作日）')).toBeInTheDocument()
  expect(screen.getByText('共 2 件，已超期 1 件，即将超期 1 件')).toBeInTheDocument()
  expect(api.changes).toHaveBeenCalledTimes(2)
})

it('counts new notices in the navigation on every screen and lists them, each opening its case', async () => {
  jest.useFakeTimers()
  const api = fakeApi()
  const notice = (id: string, at: string) => ({
    id,
    kind: 'assigned' as const,
    title: '新办件待受理',
    body: `莲都区“医疗费用报销”（YB${id}）已分配给您，请及时受理`,
    applicationId: `a${id}`,
    createdAt: at,
    readAt: null
  })
  const answers = [[notice('1', '2026-12-07T01:00:00.000Z')], [notice('2', '2026-12-07T02:00:03.000Z'), notice('1', '2026-12-07T01:00:00.000Z')]]
  let calls = 0
  api.request = jest.fn(async (_m: string, path: string) => {
    if (path !== '/api/v1/staff/notices') throw new Error(`unexpected ${path}`)
    return { notices: answers[Math.min(calls++, answers.length - 1)] }
  }) as WorkbenchApi['request']
  localStorage.clear()
  render(<App api={api} />)
  await signIn()
  expect(await screen.findByRole('link', { name: '消息提醒（1 条新消息）' })).toBeInTheDocument()
  // opening the list marks them seen; the next poll brings one more
  await act(async () => {
    window.location.hash = '#/notices'
    window.dispatchEvent(new HashChangeEvent('hashchange'))
  })
  expect(screen.getByRole('heading', { name: '消息提醒' })).toBeInTheDocument()
  expect(screen.getByRole('link', { name: '消息提醒' })).toBeInTheDocument()
  expect(screen.getAllByRole('link', { name: '查看办件' })[0]).toHaveAttribute('href', '#/case/a1')
  await act(async () => {
    window.location.hash = '#/todo'
    window.dispatchEvent(new HashChangeEvent('hashchange'))
  })
  await act(async () => {
    await jest.advanceTimersByTimeAsync(5000)
  })
  expect(screen.getByRole('link', { name: '消息提醒（1 条新消息）' })).toBeInTheDocument()
  expect(api.request).toHaveBeenCalledTimes(2)
})
