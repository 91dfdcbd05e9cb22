import { act, fireEvent, render, screen, within } from '@testing-library/react'
import type { ApplicationDetail, StaffAction } from '../../contract/apply'
import type { ItemDetail } from '../../contract/catalog'
import type { StaffAccount } from '../../contract/staff'
import { ApiError } from '../api'
import type { CaseApi } from './api'
import { CaseView } from './CaseView'

/** The case view against a fake of its API: what the window reads, the image viewer, and an action previewed first. */

const clerk: StaffAccount = { id: 's1', username: 'jia', name: '甲窗口', role: 'clerk', roleLabel: '窗口受理', region: { code: '331102', name: '莲都区' }, status: 'active', createdAt: '2026-12-01T00:00:00Z' }
const at = '2026-12-01T02:00:00Z'
const detail: ApplicationDetail = {
  id: 'a1',
  caseNo: 'YB331102202612010001',
  itemId: 'medical-reimbursement',
  itemName: '医疗费用报销',
  handlingMode: 'manual',
  status: 'assigned',
  statusLabel: '待受理',
  region: { code: '331102', name: '莲都区' },
  applicantName: '张丽华',
  submittedAt: at,
  dueDate: null,
  overdue: false,
  nextStep: null,
  updatedAt: at,
  fields: [{ key: 'hospital', label: '就诊医院', value: '丽水市中心医院' }],
  uploads: [{ id: 'u1', materialId: 'invoice', fileName: 'fapiao.jpg', mime: 'image/jpeg', size: 1000, width: 1200, height: 900, sha256: 'x', uploadedAt: at, photoWarnings: [{ issue: 'blurred' }] }],
  sharedVerified: ['身份证'],
  events: [
    { id: 'e1', at, actor: { kind: 'citizen', name: '张丽华' }, action: 'submit', label: '已提交申请', from: null, to: 'submitted', note: null },
    { id: 'e2', at, actor: { kind: 'staff', name: '系统（自动分配）' }, action: 'assign', label: '已分配窗口工作人员', from: 'submitted', to: 'assigned', note: '由 甲窗口 经办' }
  ],
  supplement: null,
  paper: {
    materials: [{ id: 'receipts', name: '费用票据原件', count: 1, form: 'original', receivedAt: null }],
    mailing: { phone: '0578-1', address: '丽水市', recipient: '医保中心', deadlineDays: 10 },
    received: false
  },
  result: null,
  resultDelivery: null,
  delivery: null,
  materialsReturnedAt: null,
  timeLimitDays: 10,
  actorName: '张丽华'
}
const item = {
  guide: {
    materials: [{ id: 'invoice', name: '费用发票', paper: false }, { id: 'receipts', name: '费用票据原件', paper: true }],
    conditions: { requirements: ['费用发生在待遇享受期内', '费用发生在定点医药机构'], prohibitions: ['境外就医费用不予支付'] },
    timeLimit: { workingDays: 10, text: '10个工作日', special: { workingDays: 20, label: '特殊情况不超过 20 个工作日' } }
  }
} as unknown as ItemDetail

function fakeApi(over: Partial<CaseApi> = {}): CaseApi & { sent: StaffAction[] } {
  const sent: StaffAction[] = []
  return {
    sent,
    get: jest.fn(async () => detail),
    guide: jest.fn(async () => ({ guideVersion: { version: 2, publishedAt: '2026-11-20T01:00:00Z' }, item })),
    material: jest.fn(async () => 'blob:photo'),
    preview: jest.fn(async (_id: string, a: StaffAction) => ({
      action: a.action,
      actionLabel: '预受理',
      timelineLabel: '已预受理，待收纸质材料',
      statusAfter: 'preAccepted' as const,
      statusAfterLabel: '已预受理',
      notice: { title: '办件进度：已预受理，待收纸质材料', body: '您申请的“医疗费用报销”（YB331102202612010001）已预受理，待收纸质材料：请寄出原件' }
    })),
    act: jest.fn(async (_id: string, a: StaffAction) => {
      sent.push(a)
      return { ...detail, status: 'preAccepted' as const, statusLabel: '已预受理' }
    }),
    audit: jest.fn(async () => ({ entries: [] })),
    assignees: jest.fn(async () => ({
      assignees: [
        { id: 's1', name: '甲窗口', roleLabel: '窗口受理', region: { code: '331102', name: '莲都区' }, away: false, current: true },
        { id: 's2', name: '乙窗口', roleLabel: '窗口受理', region: { code: '331102', name: '莲都区' }, away: false, current: false },
        { id: 's3', name: '丙窗口', roleLabel: '窗口受理', region: { code: '331102', name: '莲都区' }, away: true, current: false }
      ]
    })),
    ...over
  }
}

beforeAll(() => {
  URL.revokeObjectURL = jest.fn()
})

it('shows the applicant, answers, the photo with zoom and rotate, verified data, paper originals and the timeline', async () => {
  render(<CaseView api={fakeApi()} account={clerk} id='a1' onUnauthorized={() => undefined} />)
  expect(await screen.findByRole('heading', { name: '医疗费用报销（YB331102202612010001）' })).toBeInTheDocument()
  expect(screen.getByRole('rowheader', { name: '就诊医院' })).toBeInTheDocument()
  expect(screen.getByText('身份证（数据共享核验，无需上传）')).toBeInTheDocument()
  expect(screen.getByText('费用票据原件 × 1：待收到')).toBeInTheDocument()
  expect(screen.getByText(/已分配窗口工作人员（系统（自动分配））：由 甲窗口 经办/)).toBeInTheDocument()
  const img = await screen.findByRole('img', { name: '费用发票（fapiao.jpg）' })
  expect(img).toHaveAttribute('src', 'blob:photo')
  fireEvent.click(screen.getByRole('button', { name: '放大' }))
  fireEvent.click(screen.getByRole('button', { name: '向右旋转' }))
  expect(img.style.transform).toBe('rotate(90deg)')
  expect(screen.getByText(/150%，旋转 90°/)).toBeInTheDocument()
  // the BFF's photo pre-check found the photo blurred: the clerk sees it beside the material
  expect(screen.getByRole('note', { name: 'fapiao.jpg的照片预检提示' })).toHaveTextContent('照片预检提示：照片模糊，字看不清')
})

it('shows the citizen’s message before sending, and sends the same step on confirm', async () => {
  const api = fakeApi()
  render(<CaseView api={api} account={clerk} id='a1' onUnauthorized={() => undefined} />)
  expect(await screen.findByRole('region', { name: '办理' })).toBeInTheDocument()
  fireEvent.change(screen.getByLabelText('操作'), { target: { value: 'preAccept' } })
  fireEvent.change(screen.getByLabelText('说明（选填）'), { target: { value: '请寄出原件' } })
  await act(async () => {
    fireEvent.click(screen.getByRole('button', { name: '预览参保人将收到的消息' }))
  })
  const preview = screen.getByRole('region', { name: '消息预览' })
  expect(within(preview).getByText(/已预受理，待收纸质材料：请寄出原件/)).toBeInTheDocument()
  expect(api.sent).toEqual([])
  await act(async () => {
    fireEvent.click(screen.getByRole('button', { name: '确认发送' }))
  })
  expect(api.sent).toEqual([{ action: 'preAccept', note: '请寄出原件' }])
  expect(screen.getByText(/状态：已预受理/)).toBeInTheDocument()
})

it('says plainly when the case is not the account’s to see', async () => {
  render(<CaseView api={fakeApi({ get: jest.fn(async () => Promise.reject(new ApiError(404, 'APPLICATION_UNKNOWN', '未找到'))) })} account={clerk} id='a1' onUnauthorized={() => undefined} />)
  expect(await screen.findByRole('alert')).toHaveTextContent('无法查看该办件：办件不存在，或不属于您所在辖区。')
})

it('says why the applicant is masked when the account is not handling the case', async () => {
  const chief: StaffAccount = { ...clerk, id: 's9', role: 'chief', roleLabel: '科长', name: '丽水科长' }
  const masked = { ...detail, applicantName: '张**', actorName: '张**' }
  render(<CaseView api={fakeApi({ get: jest.fn(async () => masked) })} account={chief} id='a1' onUnauthorized={() => undefined} />)
  expect(await screen.findByText(/申请人信息已脱敏/)).toHaveTextContent('科长需要时可将本件改派给自己。')
})

it('reassigns by picking a clerk of the region, not by typing an account id', async () => {
  const chief: StaffAccount = { ...clerk, id: 's9', role: 'chief', roleLabel: '科长', name: '丽水科长' }
  const api = fakeApi()
  render(<CaseView api={api} account={chief} id='a1' onUnauthorized={() => undefined} />)
  expect(await screen.findByRole('region', { name: '办理' })).toBeInTheDocument()
  fireEvent.change(screen.getByLabelText('操作'), { target: { value: 'reassign' } })
  const picker = screen.getByLabelText('改派给')
  expect(await within(picker).findByRole('option', { name: '乙窗口（窗口受理，莲都区）' })).toBeInTheDocument()
  expect(within(picker).getByRole('option', { name: '甲窗口（窗口受理，莲都区）：当前经办人' })).toBeDisabled()
  expect(within(picker).getByRole('option', { name: '丙窗口（窗口受理，莲都区）：今日请假' })).toBeInTheDocument()
  await act(async () => {
    fireEvent.click(screen.getByRole('button', { name: '预览参保人将收到的消息' }))
  })
  expect(screen.getByRole('alert')).toHaveTextContent('请选择改派给谁')
  fireEvent.change(picker, { target: { value: 's2' } })
  await act(async () => {
    fireEvent.click(screen.getByRole('button', { name: '预览参保人将收到的消息' }))
  })
  await act(async () => {
    fireEvent.click(screen.getByRole('button', { name: '确认发送' }))
  })
  expect(api.sent).toEqual([{ action: 'reassign', staffId: 's2' }])
})

it('extends the time limit for 特殊情况 only with a reason, which the citizen’s message carries (003 §7.4.1.7)', async () => {
  const api = fakeApi()
  render(<CaseView api={api} account={clerk} id='a1' onUnauthorized={() => undefined} />)
  expect(await screen.findByRole('region', { name: '办理' })).toBeInTheDocument()
  fireEvent.change(screen.getByLabelText('操作'), { target: { value: 'extendTimeLimit' } })
  await act(async () => {
    fireEvent.click(screen.getByRole('button', { name: '预览参保人将收到的消息' }))
  })
  expect(screen.getByRole('alert')).toHaveTextContent('请填写延长办理时限的理由')
  fireEvent.change(screen.getByLabelText(/延长理由（必填，参保人可见；办理时限将延长至 20 个工作日）/), { target: { value: '需调取外省病历' } })
  await act(async () => {
    fireEvent.click(screen.getByRole('button', { name: '预览参保人将收到的消息' }))
  })
  await act(async () => {
    fireEvent.click(screen.getByRole('button', { name: '确认发送' }))
  })
  expect(api.sent).toEqual([{ action: 'extendTimeLimit', reason: '需调取外省病历' }])
})

describe('the guide is a contract: the forms offer only its materials and conditions (domain/guide-contract.ts)', () => {
  const reviewer: StaffAccount = { ...clerk, id: 's5', role: 'reviewer', roleLabel: '审核', name: '钱审核' }
  const reviewing = { ...detail, status: 'inReview' as const, statusLabel: '审核中', dueDate: '2026-12-15' }
  const preview = async () =>
    act(async () => {
      fireEvent.click(screen.getByRole('button', { name: '预览参保人将收到的消息' }))
    })
  const send = async () =>
    act(async () => {
      fireEvent.click(screen.getByRole('button', { name: '确认发送' }))
    })

  it('shows the guide version the case was filed under', async () => {
    render(<CaseView api={fakeApi()} account={clerk} id='a1' onUnauthorized={() => undefined} />)
    expect(await screen.findByText('依据办事指南：第 2 版（2026-11-20 发布，提交时的版本）')).toBeInTheDocument()
  })

  it('补正 picks the guide’s materials by number, and a clearer copy only of one given', async () => {
    const api = fakeApi({ get: jest.fn(async () => reviewing) })
    render(<CaseView api={api} account={reviewer} id='a1' onUnauthorized={() => undefined} />)
    expect(await screen.findByRole('region', { name: '办理' })).toBeInTheDocument()
    fireEvent.change(screen.getByLabelText('操作'), { target: { value: 'requestSupplement' } })
    const asked = await screen.findByRole('group', { name: '需要补正的材料' })
    expect(within(asked).getAllByRole('checkbox').map((b) => b.parentElement?.textContent?.trim())).toEqual(['第 1 项 费用发票（已提交）', '第 2 项 费用票据原件'])
    fireEvent.click(within(asked).getByLabelText(/第 1 项 费用发票/))
    fireEvent.click(within(screen.getByRole('group', { name: '已提交的材料中，只需更清晰完整版本的' })).getByRole('checkbox'))
    fireEvent.change(screen.getByLabelText('材料问题说明（必填）'), { target: { value: '发票照片模糊' } })
    await preview()
    await send()
    expect(api.sent).toEqual([{ action: 'requestSupplement', materialIds: ['invoice'], betterCopy: ['invoice'], note: '发票照片模糊', deadlineDays: 5 }])
  })

  it('不予办理 needs a ticked condition of the guide and sends it by its number', async () => {
    const api = fakeApi({ get: jest.fn(async () => reviewing) })
    render(<CaseView api={api} account={reviewer} id='a1' onUnauthorized={() => undefined} />)
    expect(await screen.findByRole('region', { name: '办理' })).toBeInTheDocument()
    fireEvent.change(screen.getByLabelText('操作'), { target: { value: 'reject' } })
    fireEvent.change(screen.getByLabelText('不予办理的理由（必填）'), { target: { value: '费用发生在境外' } })
    await preview()
    expect(screen.getByRole('alert')).toHaveTextContent('请勾选不予办理所依据的办事指南条件')
    fireEvent.click(within(screen.getByRole('group', { name: /禁止性要求/ })).getByLabelText('第 1 项：境外就医费用不予支付'))
    await preview()
    await send()
    expect(api.sent).toEqual([{ action: 'reject', reason: '费用发生在境外', conditions: [{ part: 'prohibitions', no: 1 }] }])
  })

  it('past the due date without an extension: neither 延长时限 nor 补正 is offered, and the panel says why', async () => {
    const late = { ...reviewing, dueDate: '2026-11-30', overdue: true }
    const chief: StaffAccount = { ...clerk, id: 's9', role: 'chief', roleLabel: '科长', name: '丽水科长' }
    render(<CaseView api={fakeApi({ get: jest.fn(async () => late) })} account={chief} id='a1' onUnauthorized={() => undefined} />)
    expect(await screen.findByText(/办件已超过办理期限（2026-11-30）且未在期限内延期/)).toBeInTheDocument()
    const options = within(screen.getByLabelText('操作')).getAllByRole('option').map((o) => o.textContent)
    expect(options).toContain('办结（不予）')
    expect(options).not.toContain('补正')
    expect(options).not.toContain('延长时限（特殊情况）')
  })
})
