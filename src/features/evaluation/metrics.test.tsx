import Taro from '@tarojs/taro'
import { fireEvent, screen, waitFor, within } from '@testing-library/react'
import { http, HttpResponse } from 'msw'
import { rateOf, shanghaiToday, type MetricSet, type MetricsResponse } from '@contract'
import { server } from '../../../mock'
import { resetMockEvaluation } from '../../../mock'
import { resetMockProgress } from '../../../mock'
import { mockApplications } from '../../../mock'
import { recordNavigation, renderScreen, type NavRecord } from '../../../test/render'
import { API_BASE } from '@/shared/api/client'
import { useRegionStore } from '@/shared/region/store'
import { setSession, useSessionStore } from '@/shared/session'
import { rateApplication } from './api'
import { percentText, shiftMonth } from './format'
import { MetricsScreen } from './MetricsScreen'
import { mockCase } from './test-fixtures'

const P = `${API_BASE}/api/v1`

let nav: NavRecord
let queries: URLSearchParams[]
const onRequest = ({ request }: { request: Request }) => {
  const u = new URL(request.url)
  if (u.pathname === '/api/v1/metrics') queries.push(u.searchParams)
}
beforeEach(() => {
  nav = recordNavigation()
  resetMockProgress()
  resetMockEvaluation()
  mockApplications.clear()
  Taro.clearStorageSync()
  useRegionStore.setState({ selected: null })
  useSessionStore.getState().clear()
  queries = []
  server.events.on('request:start', onRequest)
})
afterEach(() => {
  server.events.removeListener('request:start', onRequest)
  nav.restore()
})

type RateKey = 'onTimeCompletion' | 'complaintTimeliness' | 'satisfaction' | 'rectificationInTime' | 'satisfactionActive' | 'goodRate' | 'activeGoodRate' | 'unratedRate'
const set = (o: Partial<Record<RateKey, [number, number]>>): MetricSet => ({
  onTimeCompletion: rateOf(...(o.onTimeCompletion ?? [0, 0])),
  complaintTimeliness: rateOf(...(o.complaintTimeliness ?? [0, 0])),
  satisfaction: rateOf(...(o.satisfaction ?? [0, 0])),
  rectificationInTime: rateOf(...(o.rectificationInTime ?? [0, 0])),
  satisfactionActive: rateOf(...(o.satisfactionActive ?? [0, 0])),
  goodRate: rateOf(...(o.goodRate ?? [0, 0])),
  activeGoodRate: rateOf(...(o.activeGoodRate ?? [0, 0])),
  unratedRate: rateOf(...(o.unratedRate ?? [0, 0])),
  ratings: { byLevel: { verySatisfied: 30, satisfied: 13, basic: 2, dissatisfied: 2, veryDissatisfied: 1 }, active: 48, defaulted: 2, excluded: 0 },
  processing: { decided: 0, medianHours: null, p90Hours: null },
  peaks: { byHour: new Array(24).fill(0), byWeekday: new Array(7).fill(0) }
})

function response(month: string | null): MetricsResponse {
  return {
    region: { code: '331100', name: '丽水市' },
    item: null,
    month,
    generatedAt: '2026-11-22T02:00:00.000Z',
    overall: set({
      onTimeCompletion: [50, 52],
      complaintTimeliness: [3, 4],
      satisfaction: [47, 50],
      satisfactionActive: [45, 48],
      goodRate: [43, 50],
      activeGoodRate: [43, 48],
      unratedRate: [2, 50]
    }),
    byItem: [
      { ...set({ onTimeCompletion: [12, 12], satisfaction: [9, 10], rectificationInTime: [1, 1] }), itemId: 'maternity-allowance', itemName: '生育津贴申领' },
      { ...set({}), itemId: 'special-drug-filing', itemName: '特殊药品备案' }
    ],
    byMonth: null,
    satisfactionTarget: 0.9
  }
}

describe('服务评价数据 (001 §6.2), public', () => {
  it('shows every rate, with and without default ratings, with numerator and denominator in words; nothing to count is 暂无数据', async () => {
    server.use(http.get(`${P}/metrics`, ({ request }) => HttpResponse.json(response(new URL(request.url).searchParams.get('month')))))
    renderScreen(<MetricsScreen />)
    const onTime = await screen.findByLabelText('按时办结率 96.2%，52 件中 50 件按时办结')
    expect(within(onTime).getByText('96.2%')).toBeInTheDocument()
    expect(within(onTime).getByText('52 件中 50 件按时办结')).toBeInTheDocument()
    expect(within(screen.getByLabelText(/^投诉及时处理率/)).getByText('75%')).toBeInTheDocument()
    expect(within(screen.getByLabelText(/^投诉及时处理率/)).getByText('4 件投诉中 3 件按时答复')).toBeInTheDocument()
    const sat = screen.getByLabelText('用户满意率（含默认评价） 94%，50 条评价中 47 条满意')
    expect(within(sat).getByText('目标 ≥ 90%，已达到')).toBeInTheDocument()
    // without the 2 default ratings: what people said themselves, against the same target
    const active = screen.getByLabelText('用户满意率（不含默认评价） 93.8%，48 条主动评价中 45 条满意')
    expect(within(active).getByText('目标 ≥ 90%，已达到')).toBeInTheDocument()
    expect(screen.getByLabelText('好评率 86%，50 条评价中 43 条好评')).toBeInTheDocument()
    expect(screen.getByLabelText('主动评价好评率 89.6%，48 条主动评价中 43 条好评')).toBeInTheDocument()
    expect(screen.getByLabelText('未评价率 4%，50 条评价中 2 条为系统默认')).toBeInTheDocument()
    // no 差评 to rectify: 暂无数据, said in words, not 0%
    const rect = screen.getByLabelText('差评整改及时率 暂无数据，暂无需要整改的差评')
    expect(within(rect).getByText('暂无数据')).toBeInTheDocument()
    expect(within(rect).queryByText('0%')).not.toBeInTheDocument()
    // the ratings behind the satisfaction rate, default ones counted apart
    expect(screen.getByText('非常满意 30 条 · 满意 13 条 · 基本满意 2 条 · 不满意 2 条 · 非常不满意 1 条')).toBeInTheDocument()
    expect(screen.getByText('另有系统默认评价 2 条（办结 7 天内未评价），不计入以上分布')).toBeInTheDocument()

    // per item
    const item = screen.getByLabelText('生育津贴申领')
    expect(within(item).getByText('按时办结率 100%，12 件中 12 件按时办结')).toBeInTheDocument()
    expect(within(item).getByText('用户满意率（含默认评价） 90%，10 条评价中 9 条满意')).toBeInTheDocument()
    expect(within(item).getByText('未评价率 暂无数据，暂无评价')).toBeInTheDocument()
    expect(within(item).getByText('投诉及时处理率 暂无数据，暂无应答复的投诉')).toBeInTheDocument()
    const empty = screen.getByLabelText('特殊药品备案')
    expect(within(empty).getByText('按时办结率 暂无数据，暂无已办结的办件')).toBeInTheDocument()
    // asked for the region in effect (the default 丽水市), all time
    expect(queries[0].get('region')).toBe('331100')
    expect(queries[0].get('month')).toBeNull()
  })

  it('switches to one month and back and forth; no month after this one', async () => {
    server.use(http.get(`${P}/metrics`, ({ request }) => HttpResponse.json(response(new URL(request.url).searchParams.get('month')))))
    renderScreen(<MetricsScreen />)
    await screen.findByText('丽水市 · 累计')
    const thisMonth = shanghaiToday().slice(0, 7)
    fireEvent.click(screen.getByRole('tab', { name: '按月' }))
    await waitFor(() => expect(queries[queries.length - 1].get('month')).toBe(thisMonth))
    const [y, m] = thisMonth.split('-')
    expect(await screen.findByText(`丽水市 · ${y}年${Number(m)}月`)).toBeInTheDocument()
    expect(screen.getByRole('button', { name: '下一月' })).toHaveAttribute('aria-disabled', 'true')
    fireEvent.click(screen.getByRole('button', { name: '上一月' }))
    await waitFor(() => expect(queries[queries.length - 1].get('month')).toBe(shiftMonth(thisMonth, -1)))
    fireEvent.click(screen.getByRole('tab', { name: '累计' }))
    await waitFor(() => expect(queries[queries.length - 1].get('month')).toBeNull())
  })

  it('is computed from the records by the mocks too: a rated case counts', async () => {
    setSession({
      accessToken: 'access-test',
      refreshToken: 'refresh-test',
      expiresIn: 900,
      user: { id: 'u1', phone: '138****0001', realName: { name: '张*', idNumber: '331102********0025', verifiedAt: '2026-11-22T02:00:00Z' }, platforms: [] }
    })
    mockCase('m1')
    mockCase('m2')
    await rateApplication('m1', { level: 'verySatisfied' })
    await rateApplication('m2', { level: 'dissatisfied', reasons: ['timeLimit'] })
    useSessionStore.getState().clear()
    renderScreen(<MetricsScreen />)
    expect(await screen.findByLabelText('用户满意率（含默认评价） 50%，2 条评价中 1 条满意')).toBeInTheDocument()
    expect(screen.getByLabelText('主动评价好评率 50%，2 条主动评价中 1 条好评')).toBeInTheDocument()
    expect(screen.getByLabelText('未评价率 0%，2 条评价中 0 条为系统默认')).toBeInTheDocument()
    expect(screen.getByLabelText('按时办结率 100%，2 件中 2 件按时办结')).toBeInTheDocument()
    // the fresh 差评 is not yet due: not counted
    expect(screen.getByLabelText('差评整改及时率 暂无数据，暂无需要整改的差评')).toBeInTheDocument()
  })

  it('formats rates: one decimal, none when whole, 暂无数据 for null', () => {
    expect(percentText(0.9615)).toBe('96.2%')
    expect(percentText(1)).toBe('100%')
    expect(percentText(0)).toBe('0%')
    expect(percentText(0.5)).toBe('50%')
    expect(percentText(null)).toBe('暂无数据')
    expect(shiftMonth('2026-01', -1)).toBe('2025-12')
    expect(shiftMonth('2026-12', 1)).toBe('2027-01')
  })
})
