import Taro from '@tarojs/taro'
import { act, fireEvent, screen, waitFor } from '@testing-library/react'
import { http } from 'msw'
import { server } from '../../../mock/node'
import { recordNavigation, renderScreen, type NavRecord } from '../../../test/render'
import { ROUTES } from '@/shared/nav'
import { setTokenProvider } from '@/shared/api/auth'
import { HomeScreen, UNREAD_EVENT } from './HomeScreen'

let nav: NavRecord
beforeEach(() => {
  nav = recordNavigation()
})
afterEach(() => nav.restore())

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

  it('opens the 医保码 from the hero and 医保档案 from 我的服务 (issue 4)', async () => {
    renderScreen(<HomeScreen />)
    fireEvent.click(screen.getByRole('button', { name: '医保码，出示医保电子凭证' }))
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
    expect(screen.getByRole('button', { name: '消息' })).toHaveTextContent(/^信消息$/)
  })

  it.each(['长辈版'])('says plainly that %s is 即将上线 when tapped', async (label) => {
    renderScreen(<HomeScreen />)
    // the tile itself already says so
    const tile = screen.getByRole('button', { name: `${label}，即将上线` })
    expect(tile).toHaveTextContent('即将上线')
    fireEvent.click(screen.getByText(label))
    const message = await screen.findByText(`「${label}」即将上线，敬请期待。`)
    await waitFor(() => expect(message).toBeVisible())
    expect(nav.urls).toEqual([])
    fireEvent.click(screen.getByText('知道了'))
    await waitFor(() => expect(message).not.toBeVisible())
    await screen.findByText('异地就医备案')
  })
})
