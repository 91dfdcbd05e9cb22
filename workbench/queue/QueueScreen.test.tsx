import { act, fireEvent, render, screen, within } from '@testing-library/react'
import type { Todo } from '../../contract/workbench'
import { todoItem as item } from '../supervision/testing'
import { QueueScreen } from './QueueScreen'
import { fakeRequester } from '../supervision/testing'

/** The 科室 queue against a fake API: everybody's cases and the unassigned, overdue first, each linking to its case. */


afterEach(() => jest.useRealTimers())

it('lists the region’s open cases with their assignee, unassigned marked, and reloads itself', async () => {
  jest.useFakeTimers()
  const queues: Todo[] = [
    {
      items: [item('1', { urgency: 'overdue', urgencyLabel: '已超期', workingDaysLeft: -1, overdue: true }), item('2', { assignee: null, status: 'submitted', statusLabel: '待分配', dueDate: null, urgency: 'notStarted', urgencyLabel: '待受理', workingDaysLeft: null })],
      counts: { total: 2, overdue: 1, dueSoon: 0, unassigned: 1 },
      cursor: 'c'
    }
  ]
  let n = 0
  const api = fakeRequester({ 'GET /api/v1/staff/queue': () => queues[Math.min(n++, queues.length - 1)] })
  render(<QueueScreen api={api} />)
  expect(await screen.findByText('共 2 件，未分配 1 件，已超期 1 件，即将超期 0 件')).toBeInTheDocument()
  const rows = within(screen.getByRole('table')).getAllByRole('row')
  expect(rows[1]).toHaveTextContent(/甲窗口.*已超期（超 1 个工作日）/)
  expect(rows[2]).toHaveTextContent('未分配')
  expect(within(rows[2]).getByRole('link', { name: 'YB331102202612070002' })).toHaveAttribute('href', '#/case/2')

  fireEvent.click(screen.getByLabelText('只看未分配'))
  expect(within(screen.getByRole('table')).getAllByRole('row')).toHaveLength(2)

  queues.push({ ...queues[0], items: [...queues[0].items, item('3', { assignee: null })], counts: { total: 3, overdue: 1, dueSoon: 0, unassigned: 2 } })
  await act(async () => {
    await jest.advanceTimersByTimeAsync(10_000)
  })
  expect(screen.getByText('共 3 件，未分配 2 件，已超期 1 件，即将超期 0 件')).toBeInTheDocument()
})
