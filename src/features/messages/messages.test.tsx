import Taro from '@tarojs/taro'
import { fireEvent, screen, waitFor, within } from '@testing-library/react'
import { http, HttpResponse } from 'msw'
import { ErrorCode, type Notification, type Reminder } from '@contract'
import { server } from '../../../mock'
import { mockApplications, mockDrafts } from '../../../mock'
import { resetMockProgress } from '../../../mock'
import { getInput, recordNavigation, renderScreen, typeInto, type NavRecord } from '../../../test/render'
import { API_BASE } from '@/shared/api/client'
import { ROUTES } from '@/shared/nav'
import { MessagesScreen, UNREAD_EVENT } from './MessagesScreen'
import { RemindersScreen } from './RemindersScreen'
import { setSession } from '@/shared/session'

// signed in with a verified identity (sign-in itself is src/shared/session's, tested there)
beforeEach(() => {
  setSession({
    accessToken: 'access-test',
    refreshToken: 'refresh-test',
    expiresIn: 900,
    user: { id: 'u1', phone: '138****0001', realName: { name: '张*', idNumber: '331102********0025', verifiedAt: '2026-11-22T02:00:00Z' }, platforms: [] }
  })
})

const P = `${API_BASE}/api/v1`

let nav: NavRecord
beforeEach(() => {
  nav = recordNavigation()
  resetMockProgress()
})
afterEach(() => {
  nav.restore()
  jest.restoreAllMocks()
})

function note(id: string, createdAt: string, extra: Partial<Notification> = {}): Notification {
  return { id, title: `标题${id}`, body: `内容${id}`, applicationId: null, reminderId: null, createdAt, read: false, ...extra }
}

describe('消息 (000 §6.1.4)', () => {
  it('lists messages newest first with the unread marked; a tap marks it read and opens the case or the reminder', async () => {
    const list = [
      note('old', '2026-11-20T01:00:00.000Z', { read: true, applicationId: 'app-1' }),
      note('new', '2026-11-22T06:05:00.000Z', { applicationId: 'app-2' }),
      note('mid', '2026-11-21T03:00:00.000Z', { reminderId: 'rem-1' })
    ]
    const reads: string[] = []
    server.use(
      http.get(`${P}/notifications`, () => HttpResponse.json({ notifications: list, unread: 2 })),
      http.post(`${P}/notifications/:id/read`, ({ params }) => {
        reads.push(String(params.id))
        return new HttpResponse(null, { status: 204 })
      })
    )
    const unreadEvents: unknown[] = []
    const onUnread = (n: unknown) => unreadEvents.push(n)
    Taro.eventCenter.on(UNREAD_EVENT, onUnread)
    renderScreen(<MessagesScreen />)
    expect(await screen.findByText('2 条未读')).toBeInTheDocument()
    const items = screen.getAllByRole('button', { name: /标题/ })
    expect(items.map((i) => i.querySelector('.messages-item__title')?.textContent)).toEqual(['标题new', '标题mid', '标题old'])
    expect(within(items[0]).getByText('未读')).toBeInTheDocument()
    expect(within(items[0]).getByText('2026-11-22 14:05')).toBeInTheDocument()
    expect(within(items[2]).queryByText('未读')).not.toBeInTheDocument()
    expect(unreadEvents).toEqual([2])

    fireEvent.click(items[0])
    expect(nav.last()).toEqual({ route: ROUTES.application, params: { id: 'app-2' } })
    await waitFor(() => expect(reads).toEqual(['new']))
    expect(screen.getByText('1 条未读')).toBeInTheDocument()
    expect(within(screen.getByRole('button', { name: (n) => n.includes('标题new') })).queryByText('未读')).not.toBeInTheDocument()
    await waitFor(() => expect(unreadEvents).toEqual([2, 1]))

    fireEvent.click(screen.getByRole('button', { name: (n) => n.startsWith('未读') && n.includes('标题mid') }))
    expect(nav.last()).toEqual({ route: ROUTES.reminders, params: { id: 'rem-1' } })
    await waitFor(() => expect(reads).toEqual(['new', 'mid']))

    // a read message opens without telling the BFF again
    fireEvent.click(screen.getByRole('button', { name: (n) => n.includes('标题old') }))
    expect(nav.last()).toEqual({ route: ROUTES.application, params: { id: 'app-1' } })
    expect(reads).toEqual(['new', 'mid'])
    Taro.eventCenter.off(UNREAD_EVENT, onUnread)
  })

  it('全部已读 tells the BFF and clears every unread mark (sample messages)', async () => {
    renderScreen(<MessagesScreen />)
    expect(await screen.findByText(/^\d+ 条未读$/)).toBeInTheDocument()
    expect(screen.getAllByText('未读').length).toBeGreaterThan(0)
    // the seeded 提醒办 proposals are counted on the entry
    expect(await screen.findByText(/^有 \d+ 项可办理的事项待您确认$/)).toBeInTheDocument()
    fireEvent.click(screen.getByText('全部已读'))
    expect(await screen.findByText('没有未读消息')).toBeInTheDocument()
    expect(screen.queryByText('未读')).not.toBeInTheDocument()
    // the BFF (mock) agrees: a fresh load has none unread
    const res = (await (await fetch(`http://localhost/api/v1/notifications`)).json()) as { unread: number }
    expect(res.unread).toBe(0)
  })

  it('says what will arrive here when there are no messages', async () => {
    server.use(http.get(`${P}/notifications`, () => HttpResponse.json({ notifications: [], unread: 0 })))
    renderScreen(<MessagesScreen />)
    expect(await screen.findByText('暂无消息')).toBeInTheDocument()
    expect(screen.getByText(/办件有进展、需要补正/)).toBeInTheDocument()
    fireEvent.click(screen.getByText('提醒办'))
    expect(nav.last()?.route).toBe(ROUTES.reminders)
  })
})

describe('提醒办 (000 §6.1.2.1.2)', () => {
  it('shows pending proposals with the reason and the person; 确认办理 opens the form of the prefilled draft', async () => {
    renderScreen(<RemindersScreen highlightId='sample-reminder-newborn' />)
    const card = await screen.findByLabelText('提醒办：城乡居民基本医疗保险参保登记')
    expect(card).toHaveClass('messages-reminder--highlighted')
    expect(within(card).getByText('您的孩子已在公安部门完成出生登记，可为其办理城乡居民基本医疗保险参保登记')).toBeInTheDocument()
    expect(within(card).getByText(/^办理对象：张\*\* · 莲都区 · \d{4}-\d{2}-\d{2}$/)).toBeInTheDocument()
    // decided ones are history
    const history = screen.getByText('已处理').closest('.yb-section') as HTMLElement
    expect(within(history).getByLabelText('基本医疗保险参保职工信息变更登记，暂不办理')).toBeInTheDocument()

    fireEvent.click(within(card).getByText('确认办理'))
    await waitFor(() => expect(nav.last()?.route).toBe(ROUTES.applyForm))
    const { draftId } = nav.last()!.params
    expect(draftId).toBeTruthy()
    // the draft the BFF (mock) made for it: the proposed item
    expect(mockDrafts.get(draftId)?.itemId).toBe('resident-enrollment')
    expect(await within(history).findByLabelText('城乡居民基本医疗保险参保登记，已确认办理')).toBeInTheDocument()
    fireEvent.click(within(within(history).getByLabelText('城乡居民基本医疗保险参保登记，已确认办理')).getByText('继续填写申请'))
    expect(nav.last()).toEqual({ route: ROUTES.applyForm, params: { draftId } })
  })

  it('navigates with the draft id the BFF returns', async () => {
    const reminder: Reminder = {
      id: 'r9',
      itemId: 'resident-enrollment',
      itemName: '城乡居民基本医疗保险参保登记',
      region: { code: '331102', name: '莲都区' },
      reason: '示例原因',
      personName: '王*',
      status: 'pending',
      createdAt: '2026-11-20T00:00:00.000Z',
      decidedAt: null,
      draftId: null,
      objectionDeadline: null,
      applicationId: null
    }
    server.use(
      http.get(`${P}/reminders`, () => HttpResponse.json({ reminders: [reminder] })),
      http.post(`${P}/reminders/r9/confirm`, () =>
        HttpResponse.json({ reminder: { ...reminder, status: 'confirmed', decidedAt: '2026-11-22T00:00:00.000Z', draftId: 'draft-xyz' }, draftId: 'draft-xyz', applicationId: null })
      )
    )
    renderScreen(<RemindersScreen />)
    fireEvent.click(await screen.findByText('确认办理'))
    await waitFor(() => expect(nav.last()).toEqual({ route: ROUTES.applyForm, params: { draftId: 'draft-xyz' } }))
  })

  it('暂不办理 sends the optional reason and moves the proposal to the history', async () => {
    const bodies: unknown[] = []
    server.use(
      http.post(`${P}/reminders/:id/decline`, async ({ request }) => {
        bodies.push(await request.clone().json())
        return undefined
      })
    )
    renderScreen(<RemindersScreen />)
    const card = await screen.findByLabelText('提醒办：医保码的申领')
    fireEvent.click(within(card).getByText('暂不办理'))
    // 取消 keeps it pending
    fireEvent.click(within(card).getByText('取消'))
    expect(within(card).getByText('确认办理')).toBeInTheDocument()
    fireEvent.click(within(card).getByText('暂不办理'))
    typeInto(getInput('暂不办理的原因（选填）'), '  已在单位办理  ')
    fireEvent.click(within(card).getByText('确认暂不办理'))
    const history = (await screen.findByText('已处理')).closest('.yb-section') as HTMLElement
    expect(await within(history).findByLabelText('医保码的申领，暂不办理')).toBeInTheDocument()
    expect(screen.queryByLabelText('提醒办：医保码的申领')).not.toBeInTheDocument()
    expect(bodies).toEqual([{ reason: '已在单位办理' }])
    expect(nav.urls).toEqual([])
  })

  it('shows the BFF’s message when a proposal was already decided elsewhere', async () => {
    server.use(
      http.post(`${P}/reminders/:id/confirm`, () => HttpResponse.json({ code: ErrorCode.REMINDER_DECIDED, message: '该提醒已处理过了' }, { status: 409 }))
    )
    renderScreen(<RemindersScreen />)
    const card = await screen.findByLabelText('提醒办：城乡居民基本医疗保险参保登记')
    fireEvent.click(within(card).getByText('确认办理'))
    expect(await within(card).findByText('该提醒已处理过了')).toBeInTheDocument()
    expect(nav.urls).toEqual([])
  })

  it('视同同意 (000 §6.1.2.1.2, §6.7.1): the card says until when one may object; 不同意 is one tap and final', async () => {
    renderScreen(<RemindersScreen />)
    const card = await screen.findByLabelText('提醒办：基本医疗保险参保人员享受规定(特殊慢性)病种待遇备案')
    const list = (await (await fetch(`http://localhost/api/v1/reminders`)).json()) as { reminders: Reminder[] }
    const deadline = list.reminders.find((r) => r.id === 'sample-reminder-deemed')!.objectionDeadline!
    const [, m, d] = deadline.split('-').map(Number)
    expect(within(card).getByText(`${m}月${d}日前未表示不同意的，将视同同意办理`)).toBeInTheDocument()
    // no reason asked, no second step
    fireEvent.click(within(card).getByText('不同意'))
    const history = (await screen.findByText('已处理')).closest('.yb-section') as HTMLElement
    const row = await within(history).findByLabelText('基本医疗保险参保人员享受规定(特殊慢性)病种待遇备案，不同意')
    expect(within(row).getByText('您已表示不同意，经办机构不会为您办理此事项')).toBeInTheDocument()
    expect(screen.queryByPlaceholderText('暂不办理的原因（选填）')).not.toBeInTheDocument()
    expect(nav.urls).toEqual([])
  })

  it('图4: 确认办理 of a proposal the source filled opens the case the agency made and decided at once', async () => {
    renderScreen(<RemindersScreen />)
    const card = await screen.findByLabelText('提醒办：基本医疗保险参保人员享受规定(特殊慢性)病种待遇备案')
    fireEvent.click(within(card).getByText('确认办理'))
    await waitFor(() => expect(nav.last()?.route).toBe(ROUTES.application))
    const id = nav.last()!.params.id
    expect(mockApplications.get(id)).toMatchObject({ itemId: 'chronic-disease-filing', status: 'completed' })
    const history = (await screen.findByText('已处理')).closest('.yb-section') as HTMLElement
    const row = await within(history).findByLabelText('基本医疗保险参保人员享受规定(特殊慢性)病种待遇备案，已确认办理')
    expect(within(row).getByText('已按共享数据自动办理，无需再提交材料')).toBeInTheDocument()
  })

  it('says so when there are no proposals', async () => {
    server.use(http.get(`${P}/reminders`, () => HttpResponse.json({ reminders: [] })))
    renderScreen(<RemindersScreen />)
    expect(await screen.findByText('暂无提醒办事项')).toBeInTheDocument()
  })
})
