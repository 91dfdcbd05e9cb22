import { act, fireEvent, screen } from '@testing-library/react'
import { renderScreen } from '../../../test/render'
import { usePrefsStore } from '@/shared/theme/prefs'
import { SettingsScreen } from './SettingsScreen'

afterEach(() => {
  act(() => usePrefsStore.setState({ elderMode: false, elderModeChosen: false, fontScale: 1 }))
})

describe('设置', () => {
  it('has the 长辈版 switch and says what it changes; the choice is kept', () => {
    renderScreen(<SettingsScreen />)
    expect(screen.getByText(/首页只留最常用的 6 项服务/)).toBeInTheDocument()
    expect(screen.getByText(/长辈版未开启/)).toBeInTheDocument()
    fireEvent.click(screen.getByRole('switch', { name: '长辈版（大字模式）' }))
    expect(screen.getByText(/长辈版已开启/)).toBeInTheDocument()
    expect(usePrefsStore.getState()).toMatchObject({ elderMode: true, elderModeChosen: true })
    expect(document.querySelector('.yb-screen')).toHaveClass('yb-elder')
  })
})
