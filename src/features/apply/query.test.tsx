import { fireEvent, screen, waitFor } from '@testing-library/react'
import { mockApplications, resetMockApplyStore } from '../../../mock'
import { recordNavigation, renderScreen, type NavRecord } from '../../../test/render'
import { ROUTES } from '@/shared/nav'
import { QueryScreen } from './QueryScreen'
import * as session from './session'

let nav: NavRecord
beforeEach(() => {
  nav = recordNavigation()
  resetMockApplyStore()
})
afterEach(() => {
  nav.restore()
  jest.restoreAllMocks()
})

describe('查询服务 (001 §5.2.1)', () => {
  it('answers at once for a real-named citizen, with personal numbers masked', async () => {
    jest.spyOn(session, 'ensureApplicant').mockResolvedValue(true)
    renderScreen(<QueryScreen itemId='personal-insurance-record' region='331100' />)
    expect(await screen.findByText('参保状态')).toBeInTheDocument()
    expect(screen.getByText('331102********0025')).toBeInTheDocument()
    expect(screen.queryByText('331102198803120025')).not.toBeInTheDocument()
  })

  it('asks for sign-in first, and comes back to the query', async () => {
    const spy = jest.spyOn(session, 'ensureApplicant').mockResolvedValue(false)
    renderScreen(<QueryScreen itemId='personal-insurance-record' region='331100' />)
    expect(await screen.findByText('请先登录并完成实名认证')).toBeInTheDocument()
    expect(spy).toHaveBeenCalledWith(`${ROUTES.applyQuery}?itemId=personal-insurance-record&region=331100`)
  })

  it('keeps the answer in 我的办件 to see again and rate (000 §6.1.4.2); 重新查询 refreshes that case, no second one', async () => {
    jest.spyOn(session, 'ensureApplicant').mockResolvedValue(true)
    renderScreen(<QueryScreen itemId='personal-insurance-record' region='331100' />)
    expect(await screen.findByText('已存入“我的办件”')).toBeInTheDocument()
    const kept = [...mockApplications.values()].filter((a) => a.handlingMode === 'query')
    expect(kept).toHaveLength(1)
    expect(screen.getByText(new RegExp(`办件编号 ${kept[0].caseNo}`))).toBeInTheDocument()
    fireEvent.click(screen.getByText('重新查询'))
    await screen.findByText('正在查询…')
    expect(await screen.findByText('已存入“我的办件”')).toBeInTheDocument()
    await waitFor(() => expect([...mockApplications.values()].filter((a) => a.handlingMode === 'query')).toHaveLength(1))
    fireEvent.click(screen.getByText('在我的办件中查看'))
    expect(nav.last()).toEqual({ route: ROUTES.application, params: { id: kept[0].id } })
    fireEvent.click(screen.getByText('评价本次服务'))
    expect(nav.last()).toEqual({ route: ROUTES.evaluationRate, params: { id: kept[0].id } })
  })

  it('an item that is not a query service says so', async () => {
    jest.spyOn(session, 'ensureApplicant').mockResolvedValue(true)
    renderScreen(<QueryScreen itemId='offsite-care-filing' region='331100' />)
    expect(await screen.findByText(/暂不支持在线申请/)).toBeInTheDocument()
  })
})
