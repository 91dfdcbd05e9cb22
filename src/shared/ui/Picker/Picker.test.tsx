import { fireEvent, render, screen, waitFor, within } from '@testing-library/react'
import { Text } from '@tarojs/components'
import { useState } from 'react'
import { ChoicePicker } from './index'
import { changeDate, dateColumns, parseYmd } from './dates'

/**
 * The H5 choice sheet (001 §5.1.2 滑动菜单) as a person uses it: the field is a button that opens a titled dialog;
 * an option is chosen by tapping it or with the arrow keys; Enter / 确定 confirms, Escape / 取消 leaves the value.
 */
function Select({ onPick }: { onPick?: (v: string) => void }) {
  const options = ['中国工商银行', '中国农业银行', '中国银行', '中国建设银行']
  const [value, setValue] = useState('')
  return (
    <ChoicePicker
      mode='selector'
      label='开户银行'
      display={value || '请选择开户银行'}
      options={options}
      index={options.indexOf(value)}
      onPick={(i) => {
        setValue(options[i])
        onPick?.(options[i])
      }}
    >
      <Text>{value || '请选择开户银行'}</Text>
    </ChoicePicker>
  )
}

const dialogGone = () => waitFor(() => expect(screen.queryByRole('dialog')).toBeNull())

describe('ChoicePicker (H5 sheet)', () => {
  it('the field is a button naming what it chooses; it opens a dialog titled 选择… with 取消 and 确定', async () => {
    render(<Select />)
    const field = screen.getByRole('button', { name: '开户银行：请选择开户银行' })
    expect(field).toHaveAttribute('aria-haspopup', 'dialog')
    expect(field).toHaveAttribute('tabindex', '0')
    fireEvent.click(field)
    const dialog = await screen.findByRole('dialog', { name: '选择开户银行' })
    expect(dialog).toHaveAttribute('aria-modal', 'true')
    expect(within(dialog).getByRole('button', { name: '取消' })).toBeInTheDocument()
    expect(within(dialog).getByRole('button', { name: '确定' })).toBeInTheDocument()
    // the list takes the focus at once, the first option chosen
    const list = within(dialog).getByRole('listbox', { name: '开户银行' })
    await waitFor(() => expect(list).toHaveFocus())
    expect(within(list).getByRole('option', { name: '中国工商银行' })).toHaveAttribute('aria-selected', 'true')
  })

  it('by tap: an option, then 确定', async () => {
    const picked = jest.fn()
    render(<Select onPick={picked} />)
    fireEvent.click(screen.getByRole('button', { name: /^开户银行：/ }))
    const dialog = await screen.findByRole('dialog')
    fireEvent.click(within(dialog).getByRole('option', { name: '中国银行' }))
    expect(within(dialog).getByRole('option', { name: '中国银行' })).toHaveAttribute('aria-selected', 'true')
    fireEvent.click(within(dialog).getByRole('button', { name: '确定' }))
    await dialogGone()
    expect(picked).toHaveBeenCalledWith('中国银行')
    expect(screen.getByRole('button', { name: '开户银行：中国银行' })).toBeInTheDocument()
  })

  it('by keyboard: Space opens, arrows and End move, Enter confirms; Escape leaves the value as it was', async () => {
    const picked = jest.fn()
    render(<Select onPick={picked} />)
    const field = screen.getByRole('button', { name: /^开户银行：/ })
    fireEvent.keyDown(field, { key: ' ' })
    const list = await screen.findByRole('listbox', { name: '开户银行' })
    fireEvent.keyDown(list, { key: 'ArrowDown' })
    fireEvent.keyDown(list, { key: 'ArrowDown' })
    fireEvent.keyDown(list, { key: 'ArrowUp' })
    expect(list).toHaveAttribute('aria-activedescendant', within(list).getByRole('option', { name: '中国农业银行' }).id)
    fireEvent.keyDown(list, { key: 'Enter' })
    await dialogGone()
    expect(picked).toHaveBeenLastCalledWith('中国农业银行')

    fireEvent.keyDown(screen.getByRole('button', { name: '开户银行：中国农业银行' }), { key: 'Enter' })
    const again = await screen.findByRole('listbox', { name: '开户银行' })
    fireEvent.keyDown(again, { key: 'End' })
    expect(within(again).getByRole('option', { name: '中国建设银行' })).toHaveAttribute('aria-selected', 'true')
    fireEvent.keyDown(again, { key: 'Escape' })
    await dialogGone()
    expect(picked).toHaveBeenCalledTimes(1)
    expect(screen.getByRole('button', { name: '开户银行：中国农业银行' })).toBeInTheDocument()
  })

  it('a date: 年 / 月 / 日 columns inside the bounds; the day follows the month (31 → 30)', async () => {
    const picked = jest.fn()
    render(
      <ChoicePicker mode='date' label='出院日期' display='请选择出院日期' value='' initial='2026-03-31' start='2025-01-15' end='2026-05-20' onPick={picked}>
        <Text>请选择出院日期</Text>
      </ChoicePicker>
    )
    fireEvent.click(screen.getByRole('button', { name: /^出院日期：/ }))
    const dialog = await screen.findByRole('dialog', { name: '选择出院日期' })
    const column = (name: string) => within(dialog).getByRole('listbox', { name })
    expect(within(column('年')).getAllByRole('option').map((o) => o.textContent)).toEqual(['2025年', '2026年'])
    expect(within(column('日')).getByRole('option', { selected: true })).toHaveTextContent('31日')
    fireEvent.click(within(column('月')).getByRole('option', { name: '04月' }))
    expect(within(column('日')).getByRole('option', { selected: true })).toHaveTextContent('30日')
    fireEvent.click(within(dialog).getByRole('button', { name: '确定' }))
    await dialogGone()
    expect(picked).toHaveBeenCalledWith('2026-04-30')
  })
})

describe('date columns', () => {
  const start = parseYmd('2025-01-15')!
  const end = parseYmd('2026-05-20')!
  it('offers only what lies inside the bounds', () => {
    expect(dateColumns({ y: 2025, m: 1, d: 20 }, start, end)).toMatchObject({ months: [1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12] })
    expect(dateColumns({ y: 2025, m: 1, d: 20 }, start, end).days[0]).toBe(15)
    expect(dateColumns({ y: 2026, m: 5, d: 1 }, start, end).months).toEqual([1, 2, 3, 4, 5])
    expect(dateColumns({ y: 2026, m: 5, d: 1 }, start, end).days.at(-1)).toBe(20)
    expect(dateColumns({ y: 2024, m: 2, d: 1 }, parseYmd('2000-01-01')!, parseYmd('2030-01-01')!).days.at(-1)).toBe(29)
  })
  it('keeps a changed date real and inside the bounds', () => {
    expect(changeDate({ y: 2024, m: 2, d: 29 }, 'y', 2025, start, end)).toEqual({ y: 2025, m: 2, d: 28 })
    expect(changeDate({ y: 2026, m: 1, d: 31 }, 'm', 6, start, end)).toEqual(end)
  })
})
