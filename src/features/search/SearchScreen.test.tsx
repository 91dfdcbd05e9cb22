import Taro from '@tarojs/taro'
import { act, fireEvent, screen, waitFor, within } from '@testing-library/react'
import { getInput, recordNavigation, renderScreen, typeInto, type NavRecord } from '../../../test/render'
import { mockApi } from '../../../mock'
import { ROUTES } from '@/shared/nav'
import { usePrefsStore } from '@/shared/theme/prefs'
import { FONT_SCALE } from '@/shared/theme/tokens'
import { HISTORY_STORAGE_KEY, useSearchHistory } from './historyStore'
import { SearchScreen } from './SearchScreen'

const PLACEHOLDER = '输入事项名称或您的说法，如“看病报销”'

let nav: NavRecord
beforeEach(() => {
  nav = recordNavigation()
  useSearchHistory.getState().clear()
})
afterEach(() => nav.restore())

/** the result rows in the order shown */
async function resultTitles(): Promise<string[]> {
  const count = await screen.findByText(/找到 \d+ 个相关事项/)
  const list = count.nextElementSibling as HTMLElement
  return within(list)
    .getAllByRole('button')
    .map((row) => row.querySelector('.yb-cell__title')?.textContent ?? '')
}

describe('SearchScreen (001 §3.1.3 事项搜索)', () => {
  it('finds items for a colloquial query, best match first, and opens the guide', async () => {
    renderScreen(<SearchScreen />)
    // what a citizen says: "the money on my medical card, for my family" → 家庭共济 (历年账户家庭共济备案)
    typeInto(getInput(PLACEHOLDER), '医保卡里的钱给家人用', true)
    expect(await screen.findByText('正在搜索…')).toBeInTheDocument()
    const titles = await resultTitles()
    const expected = (await mockApi()).search('医保卡里的钱给家人用', '331100').items
    expect(titles).toEqual(expected.map((i) => i.popularName))
    expect(expected[0].id).toBe('family-sharing-filing')
    expect(titles[0]).toBe('医保个人账户给家人用')
    // the row says the item's 办理方式 in plain words; why the engine matched it (近义词, 纠错…) is not for citizens
    const first = screen.getAllByRole('button', { name: (name) => name.startsWith(titles[0]) })[0]
    expect(within(first).getByText('智能办理')).toBeInTheDocument()
    expect(within(first).queryByText(/匹配|近义词|纠错/)).toBeNull()
    fireEvent.click(first)
    expect(nav.last()).toEqual({ route: ROUTES.guide, params: { id: 'family-sharing-filing', region: '331100' } })
  })

  it('a typo is corrected without debug words in the rows (纠错：以→医 stays in the API answer)', async () => {
    renderScreen(<SearchScreen />)
    typeInto(getInput(PLACEHOLDER), '异地就以备案', true)
    const titles = await resultTitles()
    expect(titles.length).toBeGreaterThan(0)
    expect((await mockApi()).search('异地就以备案', '331100').items[0].matchedBy).toMatch(/纠错/)
    expect(screen.queryByText(/纠错|匹配|→/)).toBeNull()
  })

  it('finds 异地就医备案 for "去外地看病"', async () => {
    renderScreen(<SearchScreen />)
    typeInto(getInput(PLACEHOLDER), '去外地看病')
    fireEvent.click(screen.getByText('搜索'))
    const titles = await resultTitles()
    expect(titles[0]).toBe('去外地看病报备')
  })

  it('keeps the search history in Taro storage, newest first, and offers it on the next visit', async () => {
    const first = renderScreen(<SearchScreen />)
    typeInto(getInput(PLACEHOLDER), '生孩子', true)
    await resultTitles()
    typeInto(getInput(PLACEHOLDER), '去外地看病', true)
    await resultTitles()
    first.unmount()

    // persisted in Taro storage, newest first
    const stored = JSON.parse(Taro.getStorageSync(HISTORY_STORAGE_KEY) as string) as { state: { queries: string[] } }
    expect(stored.state.queries).toEqual(['去外地看病', '生孩子'])

    // a new visit shows the history; tapping an entry searches again
    renderScreen(<SearchScreen />)
    expect(screen.getByText('搜索历史')).toBeInTheDocument()
    fireEvent.click(screen.getByText('生孩子'))
    const titles = await resultTitles()
    expect(titles.length).toBeGreaterThan(0)
    expect(titles.some((t) => t.includes('生孩子'))).toBe(true)
  })

  it('clears the history', async () => {
    useSearchHistory.getState().add('生育津贴')
    renderScreen(<SearchScreen />)
    expect(screen.getByText('搜索历史')).toBeInTheDocument()
    fireEvent.click(screen.getByText('清空历史'))
    expect(screen.queryByText('搜索历史')).not.toBeInTheDocument()
    const stored = JSON.parse(Taro.getStorageSync(HISTORY_STORAGE_KEY) as string) as { state: { queries: string[] } }
    expect(stored.state.queries).toEqual([])
    await screen.findByText('热门搜索')
  })

  it('shows hot searches from the BFF; tapping one searches it', async () => {
    renderScreen(<SearchScreen />)
    const hot = (await mockApi()).hot().hot
    for (const q of hot) expect(await screen.findByText(q)).toBeInTheDocument()
    fireEvent.click(screen.getByText(hot[0]))
    const titles = await resultTitles()
    expect(titles.length).toBeGreaterThan(0)
    expect(useSearchHistory.getState().queries[0]).toBe(hot[0])
  })

  it('asks for a keyword instead of searching nothing', async () => {
    renderScreen(<SearchScreen />)
    typeInto(getInput(PLACEHOLDER), '   ', true)
    expect(screen.getByText('请输入要查找的事项')).toBeInTheDocument()
    expect(useSearchHistory.getState().queries).toEqual([])
    await screen.findByText('热门搜索')
  })

  it.each(['长辈版', '关怀版', '关怀模式', '亲情版', '大字版', '老年'])(
    'finds the app function 长辈版（大字模式） first for “%s” and opens 设置',
    async (q) => {
      renderScreen(<SearchScreen />)
      typeInto(getInput(PLACEHOLDER), q, true)
      const group = await screen.findByText('应用功能')
      // no “nothing found” under a function that was found
      await waitFor(() => expect(screen.queryByText('正在搜索…')).not.toBeInTheDocument())
      // the top result, above any item
      const first = screen.getAllByRole('button').filter((b) => b.classList.contains('yb-cell'))[0]
      expect(first.querySelector('.yb-cell__title')).toHaveTextContent('长辈版（大字模式）')
      expect(group.compareDocumentPosition(first) & Node.DOCUMENT_POSITION_FOLLOWING).toBeTruthy()
      expect(screen.queryByText(`没有找到与“${q}”相关的事项`)).not.toBeInTheDocument()
      fireEvent.click(first)
      expect(nav.last()?.route).toBe(ROUTES.settings)
    }
  )

  it('says so when nothing matches, and offers 按部门查找', async () => {
    renderScreen(<SearchScreen />)
    typeInto(getInput(PLACEHOLDER), '天气预报', true)
    expect(await screen.findByText('没有找到与“天气预报”相关的事项')).toBeInTheDocument()
    fireEvent.click(screen.getByText('按部门查找'))
    expect(nav.last()?.route).toBe(ROUTES.departments)
  })

  it('says in one line why each item is suggested: a full question finds the guide line that answers it', async () => {
    renderScreen(<SearchScreen />)
    typeInto(getInput(PLACEHOLDER), '发票弄丢了还能报销吗', true)
    const titles = await resultTitles()
    expect(titles[0]).toBe('看病垫付的钱报销')
    const first = screen.getAllByRole('button', { name: (name) => name.startsWith(titles[0]) })[0]
    expect(within(first).getByText('指南常见问题：发票丢了还能报销吗？')).toBeInTheDocument()
    // every row has its line, as the mocks (the same engine as the BFF) answer
    const expected = (await mockApi()).search('发票弄丢了还能报销吗', '331100').items
    for (const hit of expected) expect(screen.getAllByText(hit.reason).length).toBeGreaterThan(0)
  })

  it('offers 12393 and the agency when nothing fits, and under the results; a tap dials', async () => {
    const dial = jest.spyOn(Taro, 'makePhoneCall').mockResolvedValue({ errMsg: 'makePhoneCall:ok' })
    try {
      renderScreen(<SearchScreen />)
      typeInto(getInput(PLACEHOLDER), '天气预报', true)
      await screen.findByText('没有找到与“天气预报”相关的事项')
      const { help } = (await mockApi()).search('天气预报', '331100')
      expect(help.agency).not.toBeNull()
      fireEvent.click(screen.getByText('拨打 12393'))
      expect(dial).toHaveBeenLastCalledWith({ phoneNumber: '12393' })
      fireEvent.click(screen.getByText(`拨打 ${help.agency!.phone}`))
      expect(dial).toHaveBeenLastCalledWith({ phoneNumber: help.agency!.phone.replace(/（.*$/, '') })
      expect(screen.getByText(new RegExp(help.agency!.name))).toBeInTheDocument()

      // with results, the same offer follows them
      typeInto(getInput(PLACEHOLDER), '出车祸受伤医保能报吗', true)
      await resultTitles()
      expect(screen.getByText('没有要找的事项？打电话咨询')).toBeInTheDocument()
      expect(screen.getByText('拨打 12393')).toBeInTheDocument()
    } finally {
      dial.mockRestore()
    }
  })

  it('shows the reason lines and the phone offer in 长辈版 sizes', async () => {
    act(() => usePrefsStore.setState({ elderMode: true, elderModeChosen: true, fontScale: FONT_SCALE.elder }))
    try {
      renderScreen(<SearchScreen />)
      typeInto(getInput(PLACEHOLDER), '出车祸受伤医保能报吗', true)
      const titles = await resultTitles()
      expect(titles[0]).toBe('看病垫付的钱报销')
      const first = screen.getAllByRole('button', { name: (name) => name.startsWith(titles[0]) })[0]
      const reason = first.querySelector('.search-reason') as HTMLElement
      expect(reason.textContent).toMatch(/^指南(常见问题|禁止事项|所需材料)：/)
      const root = document.querySelector('.yb-screen') as HTMLElement
      expect(root).toHaveClass('yb-elder')
      // the reason line uses the caption size, which 长辈版 sets to ≥ 18px; the phone rows are ≥ 60px targets
      expect(parseInt(root.style.getPropertyValue('--yb-fs-caption'), 10)).toBeGreaterThanOrEqual(18)
      expect(parseInt(root.style.getPropertyValue('--yb-tap'), 10)).toBeGreaterThanOrEqual(60)
      expect(screen.getByText('拨打 12393').closest('.yb-cell')).not.toBeNull()
    } finally {
      act(() => usePrefsStore.setState({ elderMode: false, elderModeChosen: false, fontScale: FONT_SCALE.standard }))
    }
  })
})

describe('search input', () => {
  it('limits the query length to what the BFF accepts', () => {
    renderScreen(<SearchScreen />)
    const input = getInput(PLACEHOLDER)
    expect(input.getAttribute('maxlength')).toBe('50')
    return waitFor(() => expect(screen.getByText('热门搜索')).toBeInTheDocument())
  })
})
