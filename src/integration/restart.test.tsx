import { fireEvent, screen, waitFor } from '@testing-library/react'
import type { ComponentType } from 'react'
import { RegionPickerScreen } from '@/features/region/RegionPickerScreen'
import { useRegionStore } from '@/shared/region/store'
import { recordNavigation, renderScreen } from '../../test/render'

/**
 * The region is remembered across restarts (001 §5.1.1: every guide belongs to the citizen's region). A restart is
 * new module instances — new stores, a new React tree — over the same Taro storage, made with jest.isolateModules.
 */
describe('after a restart', () => {
  it('home shows the region chosen in the picker before the restart', async () => {
    const nav = recordNavigation()
    const picker = renderScreen(<RegionPickerScreen />)
    fireEvent.click(await screen.findByText('浙江省'))
    fireEvent.click(await screen.findByText('丽水市'))
    fireEvent.click(screen.getByText('青田县'))
    picker.unmount()
    nav.restore()

    let fresh:
      | { render: (ui: unknown) => unknown; cleanup: () => void; Home: ComponentType; React: typeof import('react'); store: typeof useRegionStore }
      | undefined
    jest.isolateModules(() => {
      /* eslint-disable @typescript-eslint/no-var-requires -- a fresh module registry can only be loaded with require */
      const rtl = require('@testing-library/react/pure')
      fresh = {
        render: rtl.render,
        cleanup: rtl.cleanup,
        React: require('react'),
        Home: require('@/features/home/HomeScreen').HomeScreen,
        store: require('@/shared/region/store').useRegionStore
      }
      /* eslint-enable @typescript-eslint/no-var-requires */
    })
    // a new store instance, hydrated from Taro storage
    expect(fresh!.store).not.toBe(useRegionStore)
    expect(fresh!.store.getState().selected).toEqual({ code: '331121', name: '青田县', fullName: '浙江省丽水市青田县', level: 'county' })
    fresh!.render(fresh!.React.createElement(fresh!.Home))
    expect(screen.getByText('青田县')).toBeInTheDocument()
    expect(screen.queryByText('当前为默认地区，可点击右上角切换到您所在的地区')).not.toBeInTheDocument()
    await waitFor(() => expect(screen.getByText('异地就医备案')).toBeInTheDocument())
    fresh!.cleanup()
  })
})
