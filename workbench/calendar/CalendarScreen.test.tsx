import { act, fireEvent, render, screen } from '@testing-library/react'
import type { HolidayCalendarStatus } from '../../contract/calendar'
import { ApiError } from '../api'
import { CalendarScreen } from './CalendarScreen'

/** 节假日安排: the years and their source, a file refused with the BFF's Chinese reasons (the text kept), then loaded. */

const before: HolidayCalendarStatus = {
  years: [
    { year: 2026, source: 'official', loadedFrom: null },
    { year: 2027, source: 'statutory-fallback', loadedFrom: null }
  ],
  warning: '2027 年尚无官方节假日安排，办结期限暂不计调休'
}
const after: HolidayCalendarStatus = { years: [before.years[0], { year: 2027, source: 'official', loadedFrom: '国办发明电〔2026〕7号' }], warning: null }
const file = { format: 'yibao-holiday-calendar/1', year: 2027, source: '国办发明电〔2026〕7号', holidays: [{ name: '元旦', daysOff: ['2027-01-01'], workdays: [] }] }

it('lists the years, names the problems of a refused file and keeps it, shows the year loaded', async () => {
  let posts = 0
  const request = jest.fn(async (method: string, _path: string, body?: unknown) => {
    if (method === 'GET') return before
    posts++
    if (posts === 1) throw new ApiError(400, 'CALENDAR_INVALID', '节假日安排文件有误：春节缺少法定假日 2027-02-06')
    expect(body).toEqual(file)
    return after
  }) as never
  render(<CalendarScreen api={{ request }} />)
  expect(await screen.findByRole('cell', { name: '仅法定节假日（未含调休）' })).toBeInTheDocument()
  expect(screen.getByText('2027 年尚无官方节假日安排，办结期限暂不计调休')).toBeInTheDocument()

  const box = screen.getByLabelText('或粘贴文件内容')
  fireEvent.change(box, { target: { value: '{不是 JSON' } })
  fireEvent.click(screen.getByRole('button', { name: '导入' }))
  expect(screen.getByRole('alert')).toHaveTextContent('文件内容不是有效的 JSON')

  fireEvent.change(box, { target: { value: JSON.stringify(file) } })
  await act(async () => {
    fireEvent.click(screen.getByRole('button', { name: '导入' }))
  })
  expect(screen.getByRole('alert')).toHaveTextContent('春节缺少法定假日 2027-02-06')
  expect(box).toHaveValue(JSON.stringify(file))

  await act(async () => {
    fireEvent.click(screen.getByRole('button', { name: '导入' }))
  })
  expect(screen.getByRole('status')).toHaveTextContent('已导入 2027 年节假日安排')
  expect(screen.getByRole('cell', { name: '国办发明电〔2026〕7号' })).toBeInTheDocument()
  expect(screen.queryByRole('alert')).toBeNull()
})
