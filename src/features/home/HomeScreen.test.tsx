import { fireEvent, screen, waitFor } from '@testing-library/react'
import { recordNavigation, renderScreen, type NavRecord } from '../../../test/render'
import { ROUTES } from '@/shared/nav'
import { HomeScreen } from './HomeScreen'

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

  it.each(['我的办件', '医保电子凭证', '亲情账户', '长辈版'])('says plainly that %s is 即将上线 when tapped', async (label) => {
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
