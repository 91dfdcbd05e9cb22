import { fireEvent, render, screen, within } from '@testing-library/react'
import type { StaffAccount } from '../../contract/staff'
import { ApiError } from '../api'
import { AdminScreen } from './AdminScreen'
import { fakeRequester } from '../supervision/testing'

/** 人员与分配 against a fake API: accounts (create, deactivate), assignment rules, absences. */

const acct = (id: string, over: Partial<StaffAccount>): StaffAccount => ({
  id,
  username: `u${id}`,
  name: `人员${id}`,
  role: 'clerk',
  roleLabel: '窗口受理',
  region: { code: '331102', name: '莲都区' },
  status: 'active',
  createdAt: '2026-12-01T00:00:00Z',
  ...over
})
const admin = acct('a', { name: '管理员甲', role: 'admin', roleLabel: '管理员', region: { code: '331100', name: '丽水市' } })
const regions = { regions: [{ code: '330000', name: '浙江省', level: 'province', children: [{ code: '331100', name: '丽水市', level: 'city', children: [{ code: '331102', name: '莲都区', level: 'county' }, { code: '331121', name: '青田县', level: 'county' }] }, { code: '330800', name: '衢州市', level: 'city' }] }] }

function api() {
  const accounts = [admin, acct('1', { name: '甲窗口' }), acct('2', { name: '乙窗口', region: { code: '331121', name: '青田县' } })]
  return fakeRequester({
    'GET /api/v1/staff/accounts': () => ({ accounts: [...accounts] }),
    'GET /api/v1/staff/assignment-rules': { rules: [] },
    'GET /api/v1/regions': regions,
    'GET /api/v1/items?region=331100': { items: [] },
    'GET /api/v1/items?region=331102': { items: [{ id: 'medical-reimbursement', name: '医疗费用报销' }] },
    'POST /api/v1/staff/accounts': (body: unknown) => {
      const b = body as { username: string; name: string }
      if (b.username === 'taken') return new ApiError(409, 'STAFF_USERNAME_TAKEN', '该登录名已被使用')
      const made = acct('3', { username: b.username, name: b.name })
      accounts.push(made)
      return { account: made, enrollCode: 'ENROLL-1234', enrollExpiresAt: '2026-12-10T02:00:00Z' }
    },
    'POST /api/v1/staff/accounts/1/disable': () => {
      accounts[1] = { ...accounts[1], status: 'disabled' }
      return accounts[1]
    },
    'PATCH /api/v1/staff/accounts/2': (body: unknown) => {
      const b = body as { role?: 'chief'; region?: string }
      if (b.region === '331100') return new ApiError(400, 'VALIDATION_FAILED', '只能调整到本辖区内的区域')
      accounts[2] = { ...accounts[2], ...(b.role ? { role: b.role, roleLabel: '科长' } : {}) }
      return accounts[2]
    },
    'PUT /api/v1/staff/assignment-rules': (body: unknown) => ({
      id: 'r1',
      region: { code: '331102', name: '莲都区' },
      itemId: (body as { itemId: string }).itemId,
      clerks: [{ id: '1', name: '甲窗口' }],
      lastStaffId: null,
      updatedAt: '2026-12-07T00:00:00Z'
    }),
    'PUT /api/v1/staff/accounts/1/absence': (body: unknown) => ({ staffId: '1', from: (body as { from?: string }).from ?? null, until: (body as { until?: string }).until ?? null })
  })
}

it('creates an account with role and region (the enrol code shown once), refuses a taken name keeping the form, deactivates', async () => {
  const a = api()
  render(<AdminScreen api={a} account={admin} />)
  const table = await screen.findByRole('table', { name: /工作人员账号/ })
  expect(within(table).getByText('乙窗口')).toBeInTheDocument()
  // the admin's own account cannot be stopped from here
  expect(within(table).queryByRole('button', { name: '停用 管理员甲' })).toBeNull()
  const form = screen.getByRole('form', { name: '新建账号' })
  // only regions within the admin's own (丽水市), not 衢州市
  expect(within(form).queryByRole('option', { name: /衢州市/ })).toBeNull()
  fireEvent.change(within(form).getByLabelText('登录名'), { target: { value: 'taken' } })
  fireEvent.change(within(form).getByLabelText('姓名'), { target: { value: '丙审核' } })
  fireEvent.change(within(form).getByLabelText('岗位'), { target: { value: 'reviewer' } })
  fireEvent.change(within(form).getByLabelText('辖区'), { target: { value: '331102' } })
  fireEvent.click(within(form).getByRole('button', { name: '创建账号' }))
  expect(await within(form).findByRole('alert')).toHaveTextContent('该登录名已被使用')
  expect(within(form).getByLabelText('姓名')).toHaveValue('丙审核')
  fireEvent.change(within(form).getByLabelText('登录名'), { target: { value: 'bing' } })
  fireEvent.click(within(form).getByRole('button', { name: '创建账号' }))
  expect(await within(form).findByRole('status')).toHaveTextContent('激活码：ENROLL-1234')
  expect(a.calls.filter((c) => c.method === 'POST').at(-1)?.body).toEqual({ username: 'bing', name: '丙审核', role: 'reviewer', region: '331102' })

  const confirm = jest.spyOn(window, 'confirm').mockReturnValue(true)
  fireEvent.click(screen.getByRole('button', { name: '停用 甲窗口' }))
  expect(await screen.findByText('已停用')).toBeInTheDocument()
  confirm.mockRestore()
})

it('sets a rule for a county and item with its clerks, and an absence', async () => {
  const a = api()
  render(<AdminScreen api={a} account={admin} />)
  await screen.findByRole('table', { name: /工作人员账号/ })
  const form = screen.getByRole('form', { name: '设置分配规则' })
  fireEvent.change(within(form).getByLabelText('辖区'), { target: { value: '331102' } })
  // the items of the county chosen
  await within(form).findByRole('option', { name: '医疗费用报销' })
  fireEvent.change(within(form).getByLabelText('事项'), { target: { value: 'medical-reimbursement' } })
  fireEvent.click(within(form).getByRole('button', { name: '保存规则' }))
  expect(await within(form).findByRole('alert')).toHaveTextContent('请至少选择一名窗口受理人员')
  // 乙窗口 works in 青田县: not offered for 莲都区
  expect(within(form).queryByLabelText('乙窗口')).toBeNull()
  fireEvent.click(within(form).getByLabelText('甲窗口'))
  fireEvent.click(within(form).getByRole('button', { name: '保存规则' }))
  expect(await within(form).findByRole('status')).toHaveTextContent('莲都区“医疗费用报销”的新办件由 甲窗口 轮流接件')
  expect(a.calls.find((c) => c.method === 'PUT')?.body).toEqual({ region: '331102', itemId: 'medical-reimbursement', clerkIds: ['1'] })

  const absence = screen.getByRole('form', { name: '缺勤登记' })
  fireEvent.change(within(absence).getByLabelText('开始日期'), { target: { value: '2026-12-08' } })
  fireEvent.change(within(absence).getByLabelText('结束日期'), { target: { value: '2026-12-09' } })
  fireEvent.click(within(absence).getByRole('button', { name: '保存缺勤' }))
  expect(await within(absence).findByRole('status')).toHaveTextContent('甲窗口 2026-12-08 至 2026-12-09 缺勤，期间不分配新办件')
  fireEvent.click(within(absence).getByRole('button', { name: '清除缺勤' }))
  expect(await within(absence).findByText('已清除 甲窗口 的缺勤')).toBeInTheDocument()
})

it('changes a person’s role in place, not offering the administrator’s own account; a refusal is said in Chinese', async () => {
  const a = api()
  render(<AdminScreen api={a} account={admin} />)
  const form = await screen.findByRole('form', { name: '调整岗位或区域' })
  const who = within(form).getByLabelText('工作人员')
  expect(within(who).queryByRole('option', { name: /管理员甲/ })).toBeNull()
  fireEvent.click(within(form).getByRole('button', { name: '调整' }))
  expect(within(form).getByRole('alert')).toHaveTextContent('请选择要调整的工作人员')
  fireEvent.change(who, { target: { value: '2' } })
  fireEvent.change(within(form).getByLabelText('新所属区域'), { target: { value: '331100' } })
  fireEvent.click(within(form).getByRole('button', { name: '调整' }))
  expect(await within(form).findByRole('alert')).toHaveTextContent('只能调整到本辖区内的区域')
  fireEvent.change(within(form).getByLabelText('新所属区域'), { target: { value: '' } })
  fireEvent.change(within(form).getByLabelText('新岗位'), { target: { value: 'chief' } })
  fireEvent.click(within(form).getByRole('button', { name: '调整' }))
  expect(await within(form).findByRole('status')).toHaveTextContent('已调整：乙窗口 现为 科长，所属 青田县，即时生效')
  expect(a.calls.filter((c) => c.method === 'PATCH').at(-1)?.body).toEqual({ role: 'chief' })
})
