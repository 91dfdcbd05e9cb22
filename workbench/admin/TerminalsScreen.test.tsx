import { act, fireEvent, render, screen, within } from '@testing-library/react'
import type { StaffTerminal } from '../../contract/workbench'
import { ApiError } from '../api'
import { fakeRequester } from '../supervision/testing'
import { TerminalsScreen } from './TerminalsScreen'

/** 扫码终端 against a fake API: the list, 新增终端 (mistakes named per field, the key shown once), 停用 after a confirmation. */

const terminal = (id: string, over: Partial<StaffTerminal> = {}): StaffTerminal => ({
  id,
  institutionName: '丽水市人民医院',
  kind: 'registration',
  kindLabel: '挂号',
  registeredAt: '2026-12-01T02:00:00Z',
  revokedAt: null,
  lastDecodedAt: null,
  configured: false,
  ...over
})

function api() {
  const list = [
    terminal('T000000000001', { institutionName: '医保经办机构服务窗口', kind: 'settlement', kindLabel: '结算', registeredAt: null, configured: true }),
    terminal('R331102000017', { lastDecodedAt: '2026-12-07T01:30:00Z' }),
    terminal('P331121000001', { institutionName: '青田县百姓大药房', kind: 'pharmacy', kindLabel: '购药', revokedAt: '2026-12-05T02:00:00Z' })
  ]
  return fakeRequester({
    'GET /api/v1/staff/terminals': () => ({ terminals: [...list] }),
    'POST /api/v1/staff/terminals': (body: unknown) => {
      const b = body as { id: string; institutionName: string; kind: 'pharmacy' }
      if (b.id === 'P331121000001') return new ApiError(409, 'TERMINAL_EXISTS', '终端编号 P331121000001 已登记过（已停用的编号也不能再用），请换一个编号', { id: '该终端编号已登记过，请换一个' })
      const made = terminal(b.id, { institutionName: b.institutionName, kind: b.kind, kindLabel: '购药', registeredAt: '2026-12-07T02:00:00Z' })
      list.push(made)
      return { terminal: made, key: 'term-SECRET-KEY-0123456789abcdef' }
    },
    'POST /api/v1/staff/terminals/R331102000017/revoke': () => {
      list[1] = { ...list[1], revokedAt: '2026-12-07T03:00:00Z' }
      return list[1]
    }
  })
}

it('lists the terminals: institution, kind, registered, state, last decode; TERMINAL_KEY’s cannot be revoked here', async () => {
  render(<TerminalsScreen api={api()} />)
  const table = await screen.findByRole('table', { name: '扫码终端（3 台，使用中 2 台）' })
  const row = within(table).getByRole('row', { name: /R331102000017/ })
  expect(within(row).getAllByRole('cell').map((c) => c.textContent)).toEqual(['丽水市人民医院', '挂号', '2026/12/1 10:00:00', '使用中', '2026/12/7 09:30:00', '停用'])
  expect(within(within(table).getByRole('row', { name: /P331121000001/ })).getByText('已停用（2026/12/5 10:00:00）')).toBeInTheDocument()
  const configured = within(table).getByRole('row', { name: /T000000000001/ })
  expect(within(configured).getByText('部署配置（TERMINAL_KEY）')).toBeInTheDocument()
  expect(within(configured).queryByRole('button')).toBeNull()
  expect(within(table).getAllByRole('button').map((b) => b.getAttribute('aria-label'))).toEqual(['停用终端 R331102000017'])
})

it('names each mistake beside its field, keeps what was typed on a refusal, and shows the new key once with a copy button', async () => {
  const a = api()
  render(<TerminalsScreen api={a} />)
  await screen.findByRole('table')
  const form = screen.getByRole('form', { name: '新增终端' })
  fireEvent.change(within(form).getByLabelText('终端编号'), { target: { value: '药房 1' } })
  fireEvent.click(within(form).getByRole('button', { name: '登记并生成密钥' }))
  expect(within(form).getByRole('alert')).toHaveTextContent('请按提示修改标出的项目')
  expect(within(form).getByLabelText('终端编号')).toHaveAttribute('aria-invalid', 'true')
  expect(within(form).getByLabelText('终端编号')).toHaveAccessibleDescription('终端编号为 4–32 位英文字母、数字、连字符（-）或下划线（_）')
  expect(within(form).getByLabelText('定点医药机构名称')).toHaveAccessibleDescription('请填写定点医药机构名称')
  expect(within(form).getByLabelText('用途')).toHaveAccessibleDescription('请选择终端用途：挂号、结算或购药')
  expect(a.calls.filter((c) => c.method === 'POST')).toEqual([])

  // an id registered before: the BFF's refusal beside the id, every field as typed
  fireEvent.change(within(form).getByLabelText('终端编号'), { target: { value: 'P331121000001' } })
  fireEvent.change(within(form).getByLabelText('定点医药机构名称'), { target: { value: '青田县百姓大药房' } })
  fireEvent.change(within(form).getByLabelText('用途'), { target: { value: 'pharmacy' } })
  await act(async () => {
    fireEvent.click(within(form).getByRole('button', { name: '登记并生成密钥' }))
  })
  expect(within(form).getByRole('alert')).toHaveTextContent('已登记过（已停用的编号也不能再用）')
  expect(within(form).getByLabelText('终端编号')).toHaveAccessibleDescription('该终端编号已登记过，请换一个')
  expect(within(form).getByLabelText('定点医药机构名称')).toHaveValue('青田县百姓大药房')
  expect(within(form).getByLabelText('用途')).toHaveValue('pharmacy')

  fireEvent.change(within(form).getByLabelText('终端编号'), { target: { value: 'P331121000002' } })
  await act(async () => {
    fireEvent.click(within(form).getByRole('button', { name: '登记并生成密钥' }))
  })
  expect(a.calls.filter((c) => c.method === 'POST').at(-1)?.body).toEqual({ id: 'P331121000002', institutionName: '青田县百姓大药房', kind: 'pharmacy' })
  const panel = screen.getByRole('region', { name: /已登记终端 P331121000002（青田县百姓大药房，购药）/ })
  expect(within(panel).getByRole('heading')).toHaveFocus()
  expect(within(panel).getByText('密钥只显示这一次。')).toBeInTheDocument()
  expect(within(panel).getByLabelText('终端密钥（X-Terminal-Key）')).toHaveValue('term-SECRET-KEY-0123456789abcdef')
  const writeText = jest.fn().mockResolvedValue(undefined)
  Object.assign(navigator, { clipboard: { writeText } })
  await act(async () => {
    fireEvent.click(within(panel).getByRole('button', { name: '复制密钥' }))
  })
  expect(writeText).toHaveBeenCalledWith('term-SECRET-KEY-0123456789abcdef')
  expect(within(panel).getByRole('status')).toHaveTextContent('已复制到剪贴板')
  // the form is empty for the next one; the list has the new terminal
  expect(within(form).getByLabelText('终端编号')).toHaveValue('')
  expect(await screen.findByRole('row', { name: /P331121000002/ })).toBeInTheDocument()
  // leaving the page while the key shows asks first; once closed, it does not
  const leave = () => {
    const e = new Event('beforeunload', { cancelable: true })
    window.dispatchEvent(e)
    return e.defaultPrevented
  }
  expect(leave()).toBe(true)
  fireEvent.click(within(panel).getByRole('button', { name: '我已保存密钥，关闭' }))
  expect(leave()).toBe(false)
  expect(screen.queryByText('term-SECRET-KEY-0123456789abcdef')).toBeNull()
  expect(screen.queryByDisplayValue('term-SECRET-KEY-0123456789abcdef')).toBeNull()
})

it('停用 asks first: Escape or 取消 leaves the terminal alone; 确认停用 revokes it', async () => {
  const a = api()
  render(<TerminalsScreen api={a} />)
  const stop = await screen.findByRole('button', { name: '停用终端 R331102000017' })
  fireEvent.click(stop)
  let dialog = screen.getByRole('alertdialog', { name: '确定停用终端 R331102000017 吗？' })
  expect(dialog).toHaveAccessibleDescription(/丽水市人民医院的这台挂号终端立即不能再解码医保码，且不能恢复/)
  expect(within(dialog).getByRole('button', { name: '取消' })).toHaveFocus()
  fireEvent.keyDown(dialog, { key: 'Escape' })
  expect(screen.queryByRole('alertdialog')).toBeNull()
  fireEvent.click(stop)
  dialog = screen.getByRole('alertdialog')
  fireEvent.click(within(dialog).getByRole('button', { name: '取消' }))
  expect(a.calls.filter((c) => c.method === 'POST')).toEqual([])

  fireEvent.click(stop)
  await act(async () => {
    fireEvent.click(within(screen.getByRole('alertdialog')).getByRole('button', { name: '确认停用' }))
  })
  expect(a.calls.filter((c) => c.method === 'POST').map((c) => c.path)).toEqual(['/api/v1/staff/terminals/R331102000017/revoke'])
  expect(screen.getByRole('status')).toHaveTextContent('已停用终端 R331102000017（丽水市人民医院），其密钥不能再解码医保码')
  expect(await screen.findByText('已停用（2026/12/7 11:00:00）')).toBeInTheDocument()
  expect(screen.queryByRole('button', { name: '停用终端 R331102000017' })).toBeNull()
})
