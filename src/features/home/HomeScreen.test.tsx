import Taro from '@tarojs/taro'
import { act, fireEvent, screen, waitFor } from '@testing-library/react'
import { http } from 'msw'
import { server } from '../../../mock'
import { mockRequest, resetMockFamily, seedMockFamily } from '../../../mock'
import { setSession, useSessionStore } from '@/shared/session'
import { recordNavigation, renderScreen, type NavRecord } from '../../../test/render'
import { ROUTES } from '@/shared/nav'
import { setTokenProvider } from '@/shared/api/auth'
import { usePrefsStore } from '@/shared/theme/prefs'
import { HomeScreen, UNREAD_EVENT } from './HomeScreen'

let nav: NavRecord
beforeEach(() => {
  nav = recordNavigation()
})
afterEach(() => {
  nav.restore()
  act(() => usePrefsStore.setState({ elderMode: false, elderModeChosen: false, fontScale: 1 }))
})

describe('HomeScreen', () => {
  it('shows the frequently used items of the catalog for the region and opens their guide', async () => {
    renderScreen(<HomeScreen />)
    expect(screen.getByText('正在加载常用服务…')).toBeInTheDocument()
    for (const label of ['异地就医备案', '零星报销', '生育津贴', '家庭共济', '城乡居民参保']) {
      expect(await screen.findByText(label)).toBeInTheDocument()
    }
    fireEvent.click(screen.getByText('零星报销'))
    expect(nav.last()).toEqual({ route: ROUTES.guide, params: { id: 'medical-reimbursement', region: '331100' } })
  })

  it('has the search box, 办事指南 by department and the current region', async () => {
    renderScreen(<HomeScreen />)
    expect(screen.getByText('丽水市')).toBeInTheDocument()
    fireEvent.click(screen.getByText('搜索事项，如“异地就医备案”'))
    expect(nav.last()?.route).toBe(ROUTES.search)
    fireEvent.click(screen.getByText('按部门查找'))
    expect(nav.last()).toEqual({ route: ROUTES.departments, params: { region: '331100' } })
    fireEvent.click(screen.getByText('切换'))
    expect(nav.last()?.route).toBe(ROUTES.regionPicker)
    await screen.findByText('异地就医备案')
  })

  it('opens 我的办件 and 消息; the 消息 badge shows the unread count when signed in (000 §6.1.4)', async () => {
    setTokenProvider(() => 'token-home')
    try {
      const { unread } = (await (await fetch('http://localhost/api/v1/notifications')).json()) as { unread: number }
      expect(unread).toBeGreaterThan(0)
      renderScreen(<HomeScreen />)
      const messages = await screen.findByRole('button', { name: `消息，${unread} 条未读` })
      expect(messages).toHaveTextContent(String(unread))
      // the message centre tells home when the count changes
      act(() => {
        Taro.eventCenter.trigger(UNREAD_EVENT, 0)
      })
      expect(screen.getByRole('button', { name: '消息' })).not.toHaveTextContent(/\d/)
      fireEvent.click(screen.getByRole('button', { name: '消息' }))
      expect(nav.last()?.route).toBe(ROUTES.messages)
      fireEvent.click(screen.getByRole('button', { name: '我的办件' }))
      expect(nav.last()?.route).toBe(ROUTES.applications)
      await screen.findByText('异地就医备案')
    } finally {
      setTokenProvider(null)
    }
  })

  it('opens the 医保码 from the hero and 医保档案 from 我的服务', async () => {
    renderScreen(<HomeScreen />)
    fireEvent.click(screen.getByRole('button', { name: (n) => n.startsWith('医保码') }))
    expect(nav.last()?.route).toBe(ROUTES.evoucher)
    fireEvent.click(screen.getByRole('button', { name: '医保档案' }))
    expect(nav.last()?.route).toBe(ROUTES.record)
    expect(screen.queryByText('医保电子凭证')).not.toBeInTheDocument()
    await screen.findByText('异地就医备案')
  })

  it('asks nothing about messages when signed out (no badge)', async () => {
    let asked = 0
    server.use(
      http.get('*/api/v1/notifications', () => {
        asked += 1
        return undefined
      })
    )
    renderScreen(<HomeScreen />)
    await screen.findByText('异地就医备案')
    expect(asked).toBe(0)
    expect(screen.getByRole('button', { name: '消息' })).toHaveTextContent(/^消息$/)
  })

  it('has the 长辈版 switch and a 设置 entry', async () => {
    renderScreen(<HomeScreen />)
    expect(screen.queryByText('即将上线')).not.toBeInTheDocument()
    fireEvent.click(screen.getByRole('button', { name: '设置' }))
    expect(nav.last()?.route).toBe(ROUTES.settings)
    const sw = screen.getByRole('switch', { name: '长辈版（大字模式）' })
    expect(sw).toHaveAttribute('aria-checked', 'false')
    await screen.findByText('异地就医备案')
    // 长辈版: a simplified home with the six services used most, as big tiles
    fireEvent.click(sw)
    const tiles = ['医保码', '我的办件', '搜索办事', '医保档案', '消息', '亲情账户']
    // a tile is named by what it shows: its label, then its hint
    const tile = (t: string) => screen.getByRole('button', { name: (n) => n.split(' ')[0] === t })
    for (const t of tiles) expect(tile(t)).toBeInTheDocument()
    expect(screen.queryByText('办事指南')).not.toBeInTheDocument()
    expect(screen.queryByText('服务评价数据')).not.toBeInTheDocument()
    const routes = [ROUTES.evoucher, ROUTES.applications, ROUTES.search, ROUTES.record, ROUTES.messages, ROUTES.family]
    tiles.forEach((t, i) => {
      fireEvent.click(tile(t))
      expect(nav.last()?.route).toBe(routes[i])
    })
    // and back to the standard home from the same switch
    fireEvent.click(screen.getByRole('switch', { name: '长辈版（大字模式）' }))
    expect(await screen.findByText('办事指南')).toBeInTheDocument()
    await screen.findByText('异地就医备案')
  })

  it('长辈版 keeps 常用服务 of the region and the city switch, both large', async () => {
    act(() => usePrefsStore.setState({ elderMode: true, elderModeChosen: true, fontScale: 1.3 }))
    renderScreen(<HomeScreen />)
    // the region, and the way to change it
    expect(screen.getByText('丽水市')).toBeInTheDocument()
    fireEvent.click(screen.getByRole('button', { name: /^丽水市 切换/ }))
    expect(nav.last()?.route).toBe(ROUTES.regionPicker)
    expect(screen.getByRole('button', { name: /^丽水市 切换/ })).toHaveClass('home-region--elder')
    // 常用服务 as big tiles, opening the guide in this region
    expect(screen.getByRole('heading', { name: '常用服务' })).toBeInTheDocument()
    fireEvent.click(await screen.findByRole('button', { name: '零星报销（个人医疗费用手工（零星）报销）' }))
    expect(nav.last()).toEqual({ route: ROUTES.guide, params: { id: 'medical-reimbursement', region: '331100' } })
    expect(screen.getByText('零星报销').closest('.home-grid')).toHaveClass('home-grid--elder')
  })

  describe('a family member asking to act for me', () => {
    beforeEach(() => {
      resetMockFamily()
      setSession({
        accessToken: 'access-home',
        refreshToken: 'refresh-home',
        expiresIn: 900,
        user: { id: 'u1', phone: '138****0001', realName: { name: '王*国', idNumber: '331121********0018', verifiedAt: '2026-11-22T02:00:00Z' }, platforms: [] }
      })
    })
    afterEach(() => {
      act(() => useSessionStore.getState().clear())
      resetMockFamily()
    })

    it.each([
      ['standard', false],
      ['长辈版', true]
    ])('shows on home (%s) until it is answered, and leads to where it is answered', async (_mode, elder) => {
      act(() => usePrefsStore.setState({ elderMode: elder, elderModeChosen: true, fontScale: elder ? 1.3 : 1 }))
      seedMockFamily({ requests: [mockRequest({ fromName: '王*明', fromPhone: '138****0009', requestedScopes: ['evoucher', 'apply'] })] })
      const view = renderScreen(<HomeScreen />)
      const text = await screen.findByText('王*明（138****0009）是您的子女，申请代您出示医保码、代为申办。')
      expect(text.closest('[role="region"]')).toHaveAccessibleName('家人授权申请')
      fireEvent.click(screen.getByText('去同意或拒绝'))
      expect(nav.last()?.route).toBe(ROUTES.family)
      // answered elsewhere: when home is shown again the request is gone
      seedMockFamily({ requests: [] })
      view.rerender(<HomeScreen reloadSignal={1} />)
      await waitFor(() => expect(screen.queryByText(/申请代您/)).toBeNull(), { timeout: 5000 })
    })

    it('is not asked for when signed out', async () => {
      useSessionStore.getState().clear()
      seedMockFamily({ requests: [mockRequest()] })
      renderScreen(<HomeScreen />)
      await screen.findByText('异地就医备案')
      expect(screen.queryByText(/家人授权申请|申请代您/)).toBeNull()
    })
  })
})
