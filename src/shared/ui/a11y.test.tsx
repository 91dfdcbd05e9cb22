import { fireEvent, render, screen } from '@testing-library/react'
import { Text, View } from '@tarojs/components'
import { ElderSwitch } from '../elder/ElderSwitch'
import { usePrefsStore } from '../theme/prefs'
import { role } from './a11y'
import { Button } from './Button'
import { Cell } from './Cell'

/**
 * Keyboard and switch access on H5 (WCAG 2.1.1): every control gets its role through `role()`, which also makes it
 * reachable by Tab (tabindex 0, in document order) and lets Enter and Space do what a tap does.
 */
describe('every control is reachable by Tab and works with Enter and Space', () => {
  it.each([
    ['a list row', (fn: () => void) => <Cell title='按部门查找' onClick={fn} />, 'button', '按部门查找'],
    ['a button', (fn: () => void) => <Button onClick={fn}>下一步</Button>, 'button', '下一步'],
    [
      'a tile',
      (fn: () => void) => (
        <View {...role('button')} aria-label='零星报销' onClick={fn}>
          <Text>零星报销</Text>
        </View>
      ),
      'button',
      '零星报销'
    ],
    [
      'a link',
      (fn: () => void) => (
        <Text {...role('link')} onClick={fn}>
          《隐私政策》
        </Text>
      ),
      'link',
      '《隐私政策》'
    ]
  ])('%s', (_what, ui, r, name) => {
    const fn = jest.fn()
    render(ui(fn))
    const el = screen.getByRole(r as 'button', { name })
    expect(el).toHaveAttribute('tabindex', '0')
    fireEvent.keyDown(el, { key: 'Enter' })
    fireEvent.keyDown(el, { key: ' ' })
    expect(fn).toHaveBeenCalledTimes(2)
    // other keys, a held key and a key pressed with a modifier do nothing
    fireEvent.keyDown(el, { key: 'a' })
    fireEvent.keyDown(el, { key: 'Enter', repeat: true })
    fireEvent.keyDown(el, { key: 'Enter', ctrlKey: true })
    expect(fn).toHaveBeenCalledTimes(2)
  })

  it('a switch toggles with Space and says its state', () => {
    usePrefsStore.setState({ elderMode: false })
    render(<ElderSwitch />)
    const sw = screen.getByRole('switch', { name: '长辈版（大字模式）' })
    expect(sw).toHaveAttribute('tabindex', '0')
    fireEvent.keyDown(sw, { key: ' ' })
    expect(sw).toHaveAttribute('aria-checked', 'true')
    usePrefsStore.setState({ elderMode: false, elderModeChosen: false, fontScale: 1 })
  })

  it('roles that are not controls stay out of the Tab order', () => {
    render(
      <View {...role('heading')} aria-level={2}>
        <Text>常用服务</Text>
      </View>
    )
    expect(screen.getByRole('heading', { name: '常用服务' })).not.toHaveAttribute('tabindex')
  })
})
