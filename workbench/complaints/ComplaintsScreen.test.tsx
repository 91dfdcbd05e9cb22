import { fireEvent, render, screen, within } from '@testing-library/react'
import type { StaffComplaint } from '../../contract/evaluation'
import { ComplaintsScreen } from './ComplaintsScreen'
import { fakeRequester } from '../supervision/testing'

/** The 投诉 screen against a fake API: intake by channel (003 §11.3.2), overdue first, answering within the limit. */

function complaint(id: string, over: Partial<StaffComplaint>): StaffComplaint {
  return {
    id,
    complaintNo: `TS33110220261201000${id}`,
    subject: 'other',
    subjectLabel: '其他',
    applicationId: null,
    caseNo: null,
    itemName: null,
    staffName: null,
    region: { code: '331102', name: '莲都区' },
    category: 'attitude',
    categoryLabel: '服务态度',
    text: '窗口人员态度不好',
    status: 'received',
    statusLabel: '已受理',
    channel: 'online',
    channelLabel: '网上',
    createdAt: '2026-12-01T02:00:00Z',
    dueDate: '2099-12-31',
    overdue: false,
    answer: null,
    rating: null,
    canRate: false,
    events: [{ id: `e${id}`, at: '2026-12-01T02:00:00Z', actor: { kind: 'citizen', name: '张三' }, action: 'file', label: '已提交投诉，已受理', note: null }],
    complainantName: '张三',
    contactPhone: '13800000000',
    contactAddress: null,
    intakeBy: null,
    allowedActions: ['startHandling', 'answer'],
    ...over
  }
}

const pick = (label: string, value: string) => fireEvent.change(screen.getByLabelText(label), { target: { value } })

it('registers a phone complaint (the number is required), and lists overdue ones first with the limit in working days', async () => {
  const filed: unknown[] = []
  const list = [complaint('1', {}), complaint('2', { overdue: true, dueDate: '2026-11-02' }), complaint('3', { status: 'closed', statusLabel: '已办结', allowedActions: [] })]
  const api = fakeRequester({
    'GET /api/v1/staff/complaints': () => ({ complaints: list }),
    'POST /api/v1/staff/complaints': (body: unknown) => {
      filed.push(body)
      const c = complaint('4', { channel: 'phone', channelLabel: '电话', complainantName: '孙大爷', intakeBy: '丁专员', dueDate: '2026-12-14' })
      list.push(c)
      return c
    }
  })
  render(<ComplaintsScreen api={api} />)
  const rows = within(await screen.findByRole('table')).getAllByRole('row')
  expect(rows[1]).toHaveTextContent(/TS331102202612010002.*已超期（超 \d+ 个工作日）/)
  expect(rows[2]).toHaveTextContent('TS331102202612010001')
  expect(rows[3]).toHaveTextContent('已办结')

  pick('投诉渠道', 'phone')
  pick('投诉人姓名', '孙大爷')
  pick('投诉内容', '来电反映报销迟迟没有结果')
  fireEvent.click(screen.getByRole('button', { name: '登记投诉' }))
  expect(await screen.findByRole('alert')).toHaveTextContent('电话投诉请记录来电号码')
  expect(filed).toHaveLength(0)
  expect(screen.getByLabelText('投诉人姓名')).toHaveValue('孙大爷')
  pick('联系电话（来电号码）', '13900001111')
  fireEvent.click(screen.getByRole('button', { name: '登记投诉' }))
  expect(await screen.findByRole('status')).toHaveTextContent('已登记投诉 TS331102202612010004，请在 2026-12-14 前答复')
  expect(filed[0]).toEqual({ channel: 'phone', complainantName: '孙大爷', contactPhone: '13900001111', subject: 'other', category: 'attitude', text: '来电反映报销迟迟没有结果' })
  expect(await screen.findByText('TS331102202612010004')).toBeInTheDocument()
  // the detail of what was entered opens, with the way the answer goes back
  expect(screen.getByRole('heading', { name: 'TS331102202612010004 · 电话投诉' })).toBeInTheDocument()
  expect(screen.getByText(/请按登记的电话 13800000000 答复投诉人/)).toBeInTheDocument()
})

it('answers a complaint filed in the app, showing the SMS the citizen will receive', async () => {
  const api = fakeRequester({
    'GET /api/v1/staff/complaints': { complaints: [complaint('1', {})] },
    'POST /api/v1/staff/complaints/1/actions': (body: unknown) =>
      complaint('1', { status: 'answered', statusLabel: '已答复', allowedActions: [], answer: { text: (body as { text: string }).text, at: '2026-12-07T02:00:00Z', by: '丁专员' } })
  })
  render(<ComplaintsScreen api={api} />)
  fireEvent.click(await screen.findByRole('button', { name: '答复 TS331102202612010001' }))
  const form = screen.getByRole('form', { name: '答复投诉' })
  fireEvent.click(within(form).getByRole('button', { name: '提交答复' }))
  expect(await screen.findByText('请填写答复内容')).toBeInTheDocument()
  fireEvent.change(within(form).getByLabelText('答复内容'), { target: { value: '已批评教育当事人' } })
  expect(within(form).getByText('投诉人将收到站内消息和短信：“您的投诉（TS331102202612010001）已答复：已批评教育当事人”')).toBeInTheDocument()
  fireEvent.click(within(form).getByRole('button', { name: '提交答复' }))
  expect(await screen.findByText('已批评教育当事人（丁专员）')).toBeInTheDocument()
  expect(screen.queryByRole('form', { name: '答复投诉' })).toBeNull()
})
