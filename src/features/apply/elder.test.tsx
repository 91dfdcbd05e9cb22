import { act, screen } from '@testing-library/react'
import { renderScreen } from '../../../test/render'
import { usePrefsStore } from '@/shared/theme/prefs'
import { ApplySteps } from './parts'

afterEach(() => {
  act(() => usePrefsStore.setState({ elderMode: false, elderModeChosen: false, fontScale: 1 }))
})

describe('长辈版 on the form steps (a short hint on each step of a form)', () => {
  it('shows no hint in the standard version', () => {
    renderScreen(<ApplySteps current='form' />)
    expect(screen.queryByRole('note')).not.toBeInTheDocument()
    expect(screen.getByRole('list', { name: '办理步骤' })).toBeInTheDocument()
  })

  it.each([
    ['form', '第 1 步，共 3 步：填写信息'],
    ['materials', '第 2 步，共 3 步：拍照上传材料'],
    ['confirm', '第 3 步，共 3 步：核对并提交']
  ] as const)('step %s: says which step of how many and what to do', (step, start) => {
    act(() => usePrefsStore.getState().setElderMode(true))
    renderScreen(<ApplySteps current={step} />)
    const hint = screen.getByRole('note')
    expect(hint.textContent?.startsWith(start)).toBe(true)
    expect(hint.textContent?.length).toBeLessThan(70)
  })
})
