import { fireEvent, render, screen, within } from '@testing-library/react'
import { rateOf, type MetricSet } from '../../contract/evaluation'
import type { StaffAccount } from '../../contract/staff'
import type { StaffMetrics } from '../../contract/workbench'
import { StatsScreen } from './StatsScreen'
import { fakeRequester } from '../supervision/testing'

/** The 统计 screen against a fake API: the three rates overall, a chart by month, tables by month, item and region. */

const chief: StaffAccount = { id: 'c1', username: 'ke', name: '丙科长', role: 'chief', roleLabel: '科长', region: { code: '331100', name: '丽水市' }, status: 'active', createdAt: '2026-12-01T00:00:00Z' }

function set(onTime: [number, number], complaints: [number, number], satisfied: [number, number]): MetricSet {
  return {
    onTimeCompletion: rateOf(...onTime),
    complaintTimeliness: rateOf(...complaints),
    satisfaction: rateOf(...satisfied),
    rectificationInTime: rateOf(0, 0),
    satisfactionActive: rateOf(0, 0),
    goodRate: rateOf(0, 0),
    activeGoodRate: rateOf(0, 0),
    unratedRate: rateOf(0, 0),
    ratings: { byLevel: { verySatisfied: 0, satisfied: 0, basic: 0, dissatisfied: 0, veryDissatisfied: 0 }, active: 0, defaulted: 0, excluded: 0 },
    processing: { decided: 0, medianHours: null, p90Hours: null },
    peaks: { byHour: new Array(24).fill(0), byWeekday: new Array(7).fill(0) }
  }
}

const whole: StaffMetrics = {
  region: { code: '331100', name: '丽水市' },
  item: null,
  month: null,
  generatedAt: '2026-12-07T02:00:00Z',
  overall: set([9, 10], [3, 4], [19, 20]),
  byItem: [{ itemId: 'medical-reimbursement', itemName: '医疗费用报销', ...set([9, 10], [3, 4], [19, 20]) }],
  byMonth: [
    { month: '2026-10', ...set([4, 5], [0, 0], [9, 10]) },
    { month: '2026-11', ...set([5, 5], [3, 4], [10, 10]) }
  ],
  byRegion: [
    { region: { code: '331102', name: '莲都区' }, ...set([6, 7], [3, 4], [12, 13]) },
    { region: { code: '331121', name: '青田县' }, ...set([3, 3], [0, 0], [7, 7]) }
  ],
  satisfactionTarget: 0.9
}

it('shows the three rates overall, by month as a chart and a table, by item and by region; filters by item', async () => {
  const api = fakeRequester({
    'GET /api/v1/staff/metrics': whole,
    'GET /api/v1/staff/metrics?item=medical-reimbursement': { ...whole, item: { id: 'medical-reimbursement', name: '医疗费用报销' }, byItem: null },
    'GET /api/v1/staff/metrics?region=331121&item=medical-reimbursement': {
      ...whole,
      region: { code: '331121', name: '青田县' },
      item: { id: 'medical-reimbursement', name: '医疗费用报销' },
      byItem: null,
      byRegion: [whole.byRegion[1]]
    }
  })
  render(<StatsScreen api={api} account={chief} />)
  const overall = await screen.findByRole('list', { name: '总体' })
  expect(overall).toHaveTextContent('按时办结率：90.0%（9/10）')
  expect(overall).toHaveTextContent('投诉及时处理率：75.0%（3/4）')
  expect(overall).toHaveTextContent('满意率（含默认评价）：95.0%（19/20）')
  expect(screen.getByRole('img', { name: /2026-10：按时办结率80.0%，投诉及时处理率—，满意率（含默认评价）90.0%/ })).toBeInTheDocument()
  const months = screen.getByRole('table', { name: '按月统计' })
  expect(within(months).getByRole('row', { name: /2026-11/ })).toHaveTextContent('100.0%（5/5）75.0%（3/4）100.0%（10/10）')
  expect(within(screen.getByRole('table', { name: '按地区统计' })).getByRole('rowheader', { name: '青田县' })).toBeInTheDocument()
  expect(within(screen.getByRole('table', { name: '按事项统计' })).getByRole('rowheader', { name: '医疗费用报销' })).toBeInTheDocument()

  fireEvent.change(screen.getByLabelText('事项'), { target: { value: 'medical-reimbursement' } })
  expect(await screen.findByText('丽水市 · 医疗费用报销')).toBeInTheDocument()
  expect(screen.queryByRole('table', { name: '按事项统计' })).toBeNull()
  expect(api.calls.at(-1)?.path).toBe('/api/v1/staff/metrics?item=medical-reimbursement')
  // the item stays in the filter to go back from
  expect(screen.getByRole('option', { name: '医疗费用报销' })).toBeInTheDocument()
  fireEvent.change(screen.getByLabelText('地区'), { target: { value: '331121' } })
  expect(await screen.findByText('青田县 · 医疗费用报销')).toBeInTheDocument()
  // the other counties stay offered
  expect(screen.getByRole('option', { name: '莲都区' })).toBeInTheDocument()
})

it('shows 好评率, 主动评价好评率, 未评价率 and 满意率 with and without default ratings, and 000 §8.2.3 durations and peaks per item', async () => {
  const hours = new Array(24).fill(0)
  hours[9] = 5
  hours[14] = 2
  const item = {
    ...set([9, 10], [0, 0], [19, 20]),
    satisfactionActive: rateOf(15, 16),
    goodRate: rateOf(12, 20),
    activeGoodRate: rateOf(12, 16),
    unratedRate: rateOf(4, 20),
    ratings: { byLevel: { verySatisfied: 8, satisfied: 4, basic: 3, dissatisfied: 1, veryDissatisfied: 0 }, active: 16, defaulted: 4, excluded: 1 },
    processing: { decided: 10, medianHours: 26.5, p90Hours: 120 },
    peaks: { byHour: hours, byWeekday: [4, 1, 0, 0, 2, 0, 0] }
  }
  const api = fakeRequester({
    'GET /api/v1/staff/metrics': { ...whole, overall: item, byItem: [{ itemId: 'medical-reimbursement', itemName: '医疗费用报销', ...item }] }
  })
  render(<StatsScreen api={api} account={chief} />)
  const ratings = await screen.findByRole('table', { name: '好差评统计' })
  const row = within(ratings).getByRole('row', { name: /医疗费用报销/ })
  expect(row).toHaveTextContent('60.0%（12/20）75.0%（12/16）20.0%（4/20）95.0%（19/20）93.8%（15/16）4 条')
  expect(screen.getByText(/合计主动评价 16 条，系统默认评价 4 条，申诉成立不计入 1 条/)).toBeInTheDocument()
  const durations = screen.getByRole('table', { name: '办理时长与业务峰值' })
  expect(within(durations).getByRole('row', { name: /医疗费用报销/ })).toHaveTextContent('10 件26.5 小时120 小时9:00–10:00（5 件）周一（4 件）')
  expect(within(screen.getByRole('table', { name: '按时段统计提交件数' })).getAllByRole('row')).toHaveLength(3)
  expect(within(screen.getByRole('table', { name: '按星期统计提交件数' })).getAllByRole('cell').map((c) => c.textContent)).toEqual(['4', '1', '0', '0', '2', '0', '0'])
})
