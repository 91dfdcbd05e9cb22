import Taro from '@tarojs/taro'
import { act, fireEvent, screen } from '@testing-library/react'
import { Text } from '@tarojs/components'
import { recordNavigation, renderScreen, type NavRecord } from '../../../test/render'
import { ROUTES } from '../nav'
import { usePrefsStore } from '../theme/prefs'
import { FONT_SCALE } from '../theme/tokens'
import { Screen } from '../ui'
import { matchAppFunctions } from '../appFunctions'
import { ELDER_MODE_LABEL, ElderOffer, ElderSwitch } from './ElderSwitch'

function reset(): void {
  act(() => usePrefsStore.setState({ elderMode: false, elderModeChosen: false, fontScale: FONT_SCALE.standard }))
  Taro.removeStorageSync('yb.prefs')
}

let nav: NavRecord
beforeEach(() => {
  reset()
  nav = recordNavigation()
})
afterEach(() => {
  nav.restore()
  reset()
})

describe('the 长辈版 switch', () => {
  it('switches 长辈版 on and off, says so in words (not colour only) and inline (no toast)', () => {
    renderScreen(
      <Screen>
        <ElderSwitch />
        <Text>正文</Text>
      </Screen>
    )
    const sw = screen.getByRole('switch', { name: ELDER_MODE_LABEL })
    expect(sw).toHaveAttribute('aria-checked', 'false')
    expect(sw).toHaveTextContent('已关闭')
    const root = document.querySelector('.yb-screen') as HTMLElement
    expect(root).not.toHaveClass('yb-elder')
    expect(root.style.getPropertyValue('--yb-fs-body')).toBe('16px')

    fireEvent.click(sw)
    expect(sw).toHaveAttribute('aria-checked', 'true')
    expect(sw).toHaveTextContent('已开启')
    expect(screen.getByRole('status')).toHaveTextContent('已开启长辈版')
    // every page root: the class, elder sizes (px) and the ≥ 60px tap target; <html> too (H5 portals)
    expect(root).toHaveClass('yb-elder')
    expect(parseInt(root.style.getPropertyValue('--yb-fs-caption'), 10)).toBeGreaterThanOrEqual(18)
    expect(parseInt(root.style.getPropertyValue('--yb-tap'), 10)).toBeGreaterThanOrEqual(60)
    expect(document.documentElement).toHaveClass('yb-elder')

    fireEvent.click(sw)
    expect(sw).toHaveAttribute('aria-checked', 'false')
    expect(screen.getByRole('status')).toHaveTextContent('已关闭长辈版')
    expect(root).not.toHaveClass('yb-elder')
    expect(document.documentElement).not.toHaveClass('yb-elder')
  })

  it('persists the choice in Taro storage and reads it back on the next start', async () => {
    renderScreen(<ElderSwitch />)
    fireEvent.click(screen.getByRole('switch', { name: ELDER_MODE_LABEL }))
    const stored = JSON.parse(Taro.getStorageSync('yb.prefs') as string) as { state: Record<string, unknown> }
    expect(stored.state).toMatchObject({ elderMode: true, elderModeChosen: true, fontScale: FONT_SCALE.elder })
    // a new start: memory is fresh, storage keeps the choice
    act(() => usePrefsStore.setState({ elderMode: false, elderModeChosen: false, fontScale: 1 }))
    Taro.setStorageSync('yb.prefs', JSON.stringify(stored))
    await act(async () => {
      await usePrefsStore.persist.rehydrate()
    })
    expect(usePrefsStore.getState()).toMatchObject({ elderMode: true, elderModeChosen: true })
    expect(screen.getByRole('switch', { name: ELDER_MODE_LABEL })).toHaveAttribute('aria-checked', 'true')
  })
})

describe('the first-run offer (follows the system font size)', () => {
  it('is offered inline when the system font is large and nobody chose; 开启 turns 长辈版 on and it is not offered again', () => {
    const first = renderScreen(<ElderOffer detect={() => true} />)
    expect(screen.getByText('您的手机字体较大，要开启长辈版吗？')).toBeInTheDocument()
    // inline, not a pop-up
    expect(screen.queryByRole('dialog')).not.toBeInTheDocument()
    fireEvent.click(screen.getByRole('button', { name: '开启' }))
    expect(usePrefsStore.getState()).toMatchObject({ elderMode: true, elderModeChosen: true })
    expect(screen.queryByText('您的手机字体较大，要开启长辈版吗？')).not.toBeInTheDocument()
    first.unmount()
    renderScreen(<ElderOffer detect={() => true} />)
    expect(screen.queryByText('您的手机字体较大，要开启长辈版吗？')).not.toBeInTheDocument()
  })

  it('不用了 keeps the standard version and remembers the answer', () => {
    const first = renderScreen(<ElderOffer detect={() => true} />)
    fireEvent.click(screen.getByRole('button', { name: '不用了' }))
    expect(usePrefsStore.getState()).toMatchObject({ elderMode: false, elderModeChosen: true })
    expect(screen.queryByText('您的手机字体较大，要开启长辈版吗？')).not.toBeInTheDocument()
    first.unmount()
    const detect = jest.fn(() => true)
    renderScreen(<ElderOffer detect={detect} />)
    expect(screen.queryByText('您的手机字体较大，要开启长辈版吗？')).not.toBeInTheDocument()
    expect(detect).not.toHaveBeenCalled()
  })

  it('is not offered when the system font is standard or unknown', () => {
    renderScreen(
      <>
        <ElderOffer detect={() => false} />
        <ElderOffer detect={() => null} />
      </>
    )
    expect(screen.queryByText('您的手机字体较大，要开启长辈版吗？')).not.toBeInTheDocument()
    expect(usePrefsStore.getState().elderModeChosen).toBe(false)
  })
})

describe('app functions the search finds', () => {
  it.each(['长辈版', '关怀版', '关怀模式', '亲情版', '大字版', '老年', '老年模式', '我要大字版'])('“%s” finds 长辈版（大字模式） first', (q) => {
    const hits = matchAppFunctions(q)
    expect(hits[0]?.title).toBe('长辈版（大字模式）')
    expect(hits[0]?.route).toBe(ROUTES.settings)
  })

  it('finds nothing for an item search', () => {
    expect(matchAppFunctions('异地就医备案')).toEqual([])
    expect(matchAppFunctions('  ')).toEqual([])
  })
})
