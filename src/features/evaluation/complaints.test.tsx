import Taro from '@tarojs/taro'
import { fireEvent, screen, waitFor, within } from '@testing-library/react'
import { http, HttpResponse } from 'msw'
import type { CreateComplaintRequest } from '@contract'
import { server } from '../../../mock'
import { mockComplaintStaffAction, resetMockEvaluation } from '../../../mock'
import { resetMockProgress } from '../../../mock'
import { mockApplications } from '../../../mock'
import { getInput, recordNavigation, renderScreen, typeInto, type NavRecord } from '../../../test/render'
import { API_BASE } from '@/shared/api/client'
import { ROUTES } from '@/shared/nav'
import { setSession } from '@/shared/session'
import { createComplaint } from './api'
import { ComplaintFormScreen } from './ComplaintFormScreen'
import { ComplaintScreen } from './ComplaintScreen'
import { ComplaintsScreen } from './ComplaintsScreen'
import { mockCase } from './test-fixtures'

const P = `${API_BASE}/api/v1`

let nav: NavRecord
let sent: CreateComplaintRequest[]
const onRequest = async ({ request }: { request: Request }) => {
  if (request.method === 'POST' && new URL(request.url).pathname === '/api/v1/complaints') sent.push((await request.clone().json()) as CreateComplaintRequest)
}
beforeEach(() => {
  setSession({
    accessToken: 'access-test',
    refreshToken: 'refresh-test',
    expiresIn: 900,
    user: { id: 'u1', phone: '138****0001', realName: { name: '张*', idNumber: '331102********0025', verifiedAt: '2026-11-22T02:00:00Z' }, platforms: [] }
  })
  nav = recordNavigation()
  resetMockProgress()
  resetMockEvaluation()
  mockApplications.clear()
  Taro.clearStorageSync()
  sent = []
  server.events.on('request:start', onRequest)
})
afterEach(() => {
  server.events.removeListener('request:start', onRequest)
  nav.restore()
})

const textbox = (label: string) => screen.getByLabelText(label, { selector: 'taro-textarea-core' })
const button = (name: string) => screen.getByRole('button', { name })

describe('我要投诉 (003 §11.3)', () => {
  it('checks the form inline: what it is about, the case, the category, at least 5 characters — and sends nothing until right', async () => {
    mockCase('a1', 'completed', { itemName: '生育津贴申领' })
    renderScreen(<ComplaintFormScreen />)
    await screen.findByRole('radiogroup', { name: '您要投诉的是' })
    fireEvent.click(button('提交投诉'))
    expect(await screen.findByText('请选择投诉对象')).toBeInTheDocument()
    expect(screen.getByText('请选择投诉类别')).toBeInTheDocument()
    expect(screen.getByText('请至少用 5 个字说明投诉内容')).toBeInTheDocument()

    // about a case: chosen from my cases
    fireEvent.click(screen.getByRole('radio', { name: '办件' }))
    const cases = await screen.findByRole('radiogroup', { name: '选择办件' })
    fireEvent.click(screen.getByRole('radio', { name: '服务态度' }))
    typeInto(textbox('情况说明'), '窗口人员态度生硬，多次催促')
    expect(screen.getByText('13/1000')).toBeInTheDocument()
    fireEvent.click(button('提交投诉'))
    expect(await screen.findByText('请选择要投诉的办件')).toBeInTheDocument()
    await new Promise((r) => setTimeout(r, 50))
    expect(sent).toHaveLength(0)

    // about a person instead: the name or window is needed
    fireEvent.click(screen.getByRole('radio', { name: '工作人员' }))
    fireEvent.click(button('提交投诉'))
    expect(await screen.findByText('请填写被投诉工作人员的姓名或窗口号')).toBeInTheDocument()
    expect(sent).toHaveLength(0)
    expect(within(cases).getAllByRole('radio').length).toBeGreaterThan(0)
  })

  it('files a complaint about one of my cases once, then opens it', async () => {
    mockCase('a2', 'completed', { itemName: '生育津贴申领' })
    renderScreen(<ComplaintFormScreen />)
    fireEvent.click(await screen.findByRole('radio', { name: '办件' }))
    fireEvent.click(await screen.findByRole('radio', { name: '生育津贴申领' }))
    fireEvent.click(screen.getByRole('radio', { name: '办理拖延' }))
    typeInto(textbox('情况说明'), '超过承诺时限仍未发放津贴')
    const submit = button('提交投诉')
    fireEvent.click(submit)
    fireEvent.click(submit)
    await waitFor(() => expect(nav.urls.length).toBe(1))
    expect(sent).toEqual([{ subject: 'application', applicationId: 'a2', category: 'delay', text: '超过承诺时限仍未发放津贴' }])
    expect(nav.last()?.route).toBe(ROUTES.complaint)
    expect(nav.last()?.params.id).toMatch(/^cmp-/)
  })

  it('files a complaint about a person with the region in effect; a failure keeps what was typed', async () => {
    renderScreen(<ComplaintFormScreen />)
    fireEvent.click(await screen.findByRole('radio', { name: '工作人员' }))
    typeInto(getInput('如：王某某，或 3 号窗口'), '3 号窗口')
    fireEvent.click(screen.getByRole('radio', { name: '工作纪律' }))
    typeInto(textbox('情况说明'), '办理期间工作人员长时间离岗')
    server.use(http.post(`${P}/complaints`, () => HttpResponse.error(), { once: true }))
    fireEvent.click(button('提交投诉'))
    expect(await screen.findByText('投诉未提交')).toBeInTheDocument()
    expect(textbox('情况说明')).toHaveAttribute('value', '办理期间工作人员长时间离岗')
    fireEvent.click(button('提交投诉'))
    await waitFor(() => expect(nav.last()?.route).toBe(ROUTES.complaint))
    expect(sent[sent.length - 1]).toEqual({ subject: 'staff', staffName: '3 号窗口', region: '331100', category: 'discipline', text: '办理期间工作人员长时间离岗' })
  })
})

describe('我的投诉 and 投诉详情', () => {
  it('lists my complaints with their state; the detail shows the timeline, the answer, and rating the answer closes it', async () => {
    const c = await createComplaint({ subject: 'other', region: '331102', category: 'policy', text: '报销比例与宣传不一致' })
    renderScreen(<ComplaintsScreen />)
    const card = await screen.findByRole('button', { name: (n) => n.startsWith('政策执行') && n.includes(c.complaintNo) && n.includes('已受理') })
    expect(within(card).getByText(/答复期限：\d{4}-\d{2}-\d{2} 前/)).toBeInTheDocument()
    fireEvent.click(card)
    expect(nav.last()).toEqual({ route: ROUTES.complaint, params: { id: c.id } })

    mockComplaintStaffAction(c.id, { action: 'startHandling', staffName: '王敏' })
    mockComplaintStaffAction(c.id, { action: 'answer', staffName: '王敏', text: '经核实，报销比例按 2026 年政策执行，已更正宣传材料' })
    renderScreen(<ComplaintScreen id={c.id} />)
    expect(await screen.findByText('经核实，报销比例按 2026 年政策执行，已更正宣传材料', { selector: '.eval-text' })).toBeInTheDocument()
    const labels = Array.from(document.querySelectorAll('.yb-timeline__label')).map((n) => n.textContent)
    expect(labels).toEqual(['已提交投诉，已受理', '处理中', '已答复'])
    // rating the answer: a choice is needed
    fireEvent.click(button('提交评价并办结'))
    expect(await screen.findByText('请选择对答复是否满意')).toBeInTheDocument()
    fireEvent.click(screen.getByRole('radio', { name: '满意' }))
    fireEvent.click(button('提交评价并办结'))
    expect(await screen.findByText('我对答复的评价')).toBeInTheDocument()
    expect(screen.getAllByText('已办结').length).toBeGreaterThanOrEqual(1)
    expect(screen.queryByRole('button', { name: '提交评价并办结' })).not.toBeInTheDocument()
  })

  it('says so when there is no complaint yet, and 我要投诉 opens the form', async () => {
    renderScreen(<ComplaintsScreen />)
    expect(await screen.findByText('暂无投诉')).toBeInTheDocument()
    fireEvent.click(button('我要投诉'))
    expect(nav.last()?.route).toBe(ROUTES.complaintNew)
  })
})
