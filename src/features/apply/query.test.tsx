import { screen } from '@testing-library/react'
import { recordNavigation, renderScreen, type NavRecord } from '../../../test/render'
import { ROUTES } from '@/shared/nav'
import { QueryScreen } from './QueryScreen'
import * as session from './session'

let nav: NavRecord
beforeEach(() => {
  nav = recordNavigation()
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

  it('an item that is not a query service says so', async () => {
    jest.spyOn(session, 'ensureApplicant').mockResolvedValue(true)
    renderScreen(<QueryScreen itemId='offsite-care-filing' region='331100' />)
    expect(await screen.findByText(/暂不支持在线申请/)).toBeInTheDocument()
  })
})
