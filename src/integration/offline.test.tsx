import { fireEvent, screen } from '@testing-library/react'
import { http, HttpResponse } from 'msw'
import { server } from '../../mock'
import { recordNavigation, renderScreen, type NavRecord } from '../../test/render'
import { GuideScreen } from '@/features/catalog/GuideScreen'
import { DepartmentsScreen } from '@/features/catalog/DepartmentsScreen'
import { HomeScreen } from '@/features/home/HomeScreen'
import { SearchScreen } from '@/features/search/SearchScreen'

/** Offline or BFF down: a Chinese message and 重试 on every screen, never a blank page; 重试 recovers. */
let nav: NavRecord
beforeEach(() => {
  nav = recordNavigation()
})
afterEach(() => nav.restore())

const down = (path: string) => http.get(`*/api/v1/${path}`, () => HttpResponse.error())

describe('BFF down or offline', () => {
  it('home: 网络不给力 with 重试, which recovers once the BFF is back', async () => {
    server.use(down('items'))
    renderScreen(<HomeScreen />)
    expect(await screen.findByText('网络不给力，请检查网络后重试')).toBeInTheDocument()
    expect(screen.getByText('加载失败')).toBeInTheDocument()
    // the rest of home still works
    expect(screen.getByText('按部门查找')).toBeInTheDocument()
    server.resetHandlers()
    fireEvent.click(screen.getByText('重试'))
    expect(await screen.findByText('异地就医备案')).toBeInTheDocument()
    expect(screen.queryByText('网络不给力，请检查网络后重试')).not.toBeInTheDocument()
  })

  it('guide: a 500 with the contract body shows the BFF’s own message; 重试 recovers', async () => {
    server.use(
      http.get('*/api/v1/items/:id', () => HttpResponse.json({ code: 'INTERNAL_ERROR', message: '系统繁忙，请稍后再试' }, { status: 500 }), {
        once: true
      })
    )
    renderScreen(<GuideScreen itemId='offsite-care-filing' regionCode='331100' />)
    expect(await screen.findByText('系统繁忙，请稍后再试')).toBeInTheDocument()
    fireEvent.click(screen.getByText('重试'))
    expect(await screen.findByText('去外地看病报备', { selector: '.guide-head__title' })).toBeInTheDocument()
  })

  it('departments: a bare 503 (a proxy in front of a stopped BFF) shows 服务暂时不可用', async () => {
    server.use(http.get('*/api/v1/departments', () => new HttpResponse('Service Unavailable', { status: 503 })))
    renderScreen(<DepartmentsScreen regionCode='331100' />)
    expect(await screen.findByText('服务暂时不可用，请稍后重试')).toBeInTheDocument()
    expect(screen.getByText('重试')).toBeInTheDocument()
  })

  it('search: offline shows the error with 重试 in place of the results; 重试 recovers', async () => {
    server.use(down('search'), down('search/hot'))
    renderScreen(<SearchScreen initialQuery='异地就医' />)
    expect(await screen.findByText('网络不给力，请检查网络后重试')).toBeInTheDocument()
    server.resetHandlers()
    fireEvent.click(screen.getByText('重试'))
    expect(await screen.findByText(/找到 \d+ 个相关事项/)).toBeInTheDocument()
  })

  it('a 200 that breaks the contract is not shown as data', async () => {
    server.use(http.get('*/api/v1/departments', () => HttpResponse.json({ departments: [{ id: 1 }] })))
    renderScreen(<DepartmentsScreen regionCode='331100' />)
    expect(await screen.findByText('数据出了点问题，请稍后重试')).toBeInTheDocument()
  })
})
