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
    ratings: { byLevel: { verySatisfied: 0, satisfied: 0, basic: 0, dissatisfied: 0, veryDissatisfied: 0 }, defaulted: 0, excluded: 0 }
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
  expect(overall).toHaveTextContent('满意率：95.0%（19/20）')
  expect(screen.getByRole('img', { name: /2026-10：按时办结率80.0%，投诉及时处理率—，满意率90.0%/ })).toBeInTheDocument()
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
