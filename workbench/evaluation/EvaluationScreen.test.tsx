import { fireEvent, render, screen, within } from '@testing-library/react'
import type { StaffEvaluation } from '../../contract/evaluation'
import type { StaffAccount } from '../../contract/staff'
import { ApiError } from '../api'
import { EvaluationScreen } from './EvaluationScreen'
import { fakeRequester } from '../supervision/testing'

/** The 好差评 screen against a fake API: 差评 overdue first, 回访 recorded, the citizen's wording previewed, appeals. */

const chief: StaffAccount = { id: 'c1', username: 'ke', name: '丙科长', role: 'chief', roleLabel: '科长', region: { code: '331102', name: '莲都区' }, status: 'active', createdAt: '2026-12-01T00:00:00Z' }
const officer: StaffAccount = { ...chief, id: 'e1', name: '丁专员', role: 'evaluationAdmin', roleLabel: '好差评管理员' }

type Loop = NonNullable<StaffEvaluation['loop']>

function rating(id: string, over: Partial<Omit<StaffEvaluation, 'loop'>> & { loop?: Partial<Loop> | null }): StaffEvaluation {
  const { loop, ...rest } = over
  return {
    id,
    applicationId: `a${id}`,
    caseNo: `YB33110220261201000${id}`,
    itemId: 'medical-reimbursement',
    itemName: '医疗费用报销',
    region: { code: '331102', name: '莲都区' },
    caseStatus: 'completed',
    level: 'dissatisfied',
    levelLabel: '不满意',
    reasons: ['timeLimit'],
    reasonLabels: ['时限'],
    text: '等了很久才办好',
    photo: { mime: 'image/jpeg', size: 1000, width: 10, height: 10, uploadedAt: '2026-12-01T00:00:00Z' },
    defaulted: false,
    defaultedLabel: null,
    ratedAt: '2026-12-01T02:00:00Z',
    actorName: '张三',
    applicantName: '张三',
    contactPhone: '13800000000',
    comment: null,
    excluded: false,
    ...rest,
    loop:
      loop === null
        ? null
        : {
            state: 'awaitingFollowUp',
            stateLabel: '差评待回访',
            dueDate: '2099-12-31',
            overdue: false,
            allowedActions: ['followUp', 'appeal'],
            substantiated: null,
            feedback: null,
            dispute: null,
            acceptedAt: null,
            appeal: null,
            events: [],
            ...loop
          }
  }
}

it('lists 差评 overdue first with the deadline in working days, and records a 回访 on the selected one', async () => {
  const late = rating('2', { loop: { dueDate: '2026-11-02', overdue: true } })
  const api = fakeRequester({
    'GET /api/v1/staff/evaluations': { evaluations: [rating('1', {}), late, rating('3', { level: 'satisfied', levelLabel: '满意', loop: null })] },
    'GET /api/v1/staff/evaluations/2': late,
    'POST /api/v1/staff/evaluations/2/actions': (body: unknown) =>
      rating('2', { loop: { state: 'followedUp', stateLabel: '已回访，待核实', allowedActions: ['verify'], events: [{ id: 'v1', at: '2026-12-07T01:00:00Z', actor: { kind: 'staff', name: '丁专员' }, action: 'followUp', label: '已回访', note: (body as { note: string }).note }] } }),
    'GET /api/v1/staff/evaluations/2/photo': null
  })
  render(<EvaluationScreen api={api} account={officer} />)
  const rows = within(await screen.findByRole('table')).getAllByRole('row')
  expect(rows).toHaveLength(3) // the header and the two 差评; the 满意 rating needs no follow-up
  expect(rows[1]).toHaveTextContent('YB331102202612010002')
  expect(rows[1]).toHaveTextContent(/已超期（超 \d+ 个工作日）/)
  expect(rows[2]).toHaveTextContent(/办理中（剩 \d+ 个工作日）/)

  fireEvent.click(screen.getByRole('button', { name: '处理 YB331102202612010002' }))
  expect(await screen.findByText('等了很久才办好')).toBeInTheDocument()
  // the keyboard lands on the rating opened
  expect(screen.getByRole('heading', { level: 2, name: 'YB331102202612010002 · 医疗费用报销' })).toHaveFocus()
  expect(screen.getByText(/联系电话 13800000000/)).toBeInTheDocument()
  fireEvent.click(screen.getByRole('button', { name: '查看评价照片' }))
  expect(await screen.findByRole('img', { name: /评价人上传的照片/ })).toHaveAttribute('src', 'blob:/api/v1/staff/evaluations/2/photo')

  const form = screen.getByRole('form', { name: '记录回访' })
  fireEvent.click(within(form).getByRole('button', { name: '记录回访' }))
  expect(await within(form).findByRole('alert')).toHaveTextContent('请选择回访结果')
  fireEvent.click(within(form).getByLabelText('已联系上评价人'))
  fireEvent.change(within(form).getByLabelText('回访情况'), { target: { value: '电话联系，已致歉' } })
  fireEvent.click(within(form).getByRole('button', { name: '记录回访' }))
  expect(await screen.findByText(/丁专员 已回访：电话联系，已致歉/)).toBeInTheDocument()
  expect(api.calls.find((c) => c.method === 'POST')?.body).toEqual({ action: 'followUp', result: 'reached', note: '电话联系，已致歉' })
  expect(screen.getByRole('form', { name: '提交核实' })).toBeInTheDocument()
})

it('shows what the citizen will read before sending 整改, and keeps the text when the BFF refuses', async () => {
  const verified = rating('4', { loop: { state: 'verified', stateLabel: '已核实，待整改或说明', allowedActions: ['rectify', 'explain'], substantiated: true } })
  const api = fakeRequester({
    'GET /api/v1/staff/evaluations': { evaluations: [verified] },
    'GET /api/v1/staff/evaluations/4': verified,
    'POST /api/v1/staff/evaluations/4/actions': () => new ApiError(409, 'EVALUATION_STEP_NOT_ALLOWED', '当前状态（已反馈）不能整改')
  })
  render(<EvaluationScreen api={api} account={officer} />)
  fireEvent.click(await screen.findByRole('button', { name: '处理 YB331102202612010004' }))
  const form = await screen.findByRole('form', { name: '提交整改' })
  fireEvent.change(within(form).getByLabelText('整改情况（评价人可见）'), { target: { value: '已增加窗口' } })
  expect(within(form).getByText(/评价人将收到.*工作人员已整改：已增加窗口。请在办件的评价中确认是否认可/)).toBeInTheDocument()
  fireEvent.click(within(form).getByRole('button', { name: '提交整改' }))
  expect(await within(form).findByRole('alert')).toHaveTextContent('当前状态（已反馈）不能整改')
  expect(within(form).getByLabelText('整改情况（评价人可见）')).toHaveValue('已增加窗口')
})

it('lets the 科长 decide an appeal; the officer sees no decision form', async () => {
  const appealing = rating('5', {
    loop: { state: 'appealing', stateLabel: '申诉复核中', allowedActions: ['decideAppeal'], appeal: { reason: '恶意差评', by: '丁专员', at: '2026-12-02T00:00:00Z', decision: 'pending', decidedBy: null, decidedAt: null, note: null } }
  })
  const routes = {
    'GET /api/v1/staff/evaluations?state=appealing': { evaluations: [appealing] },
    'GET /api/v1/staff/evaluations/5': appealing
  }
  const { unmount } = render(<EvaluationScreen api={fakeRequester(routes)} account={officer} />)
  fireEvent.click(screen.getByRole('button', { name: '申诉待复核' }))
  fireEvent.click(await screen.findByRole('button', { name: '处理 YB331102202612010005' }))
  expect(await screen.findByText(/恶意差评（丁专员）/)).toBeInTheDocument()
  expect(screen.queryByRole('form', { name: '复核申诉' })).toBeNull()
  unmount()
  render(<EvaluationScreen api={fakeRequester(routes)} account={chief} />)
  fireEvent.click(screen.getByRole('button', { name: '申诉待复核' }))
  fireEvent.click(await screen.findByRole('button', { name: '处理 YB331102202612010005' }))
  expect(await screen.findByRole('form', { name: '复核申诉' })).toBeInTheDocument()
  expect(screen.getByLabelText('申诉成立（不计入满意度）')).toBeInTheDocument()
})
