import Taro from '@tarojs/taro'
import { fireEvent, screen } from '@testing-library/react'
import { recordNavigation, renderScreen, type NavRecord } from '../../../test/render'
import { REGION_STORAGE_KEY, useRegionStore } from '@/shared/region/store'
import { RegionPickerScreen } from './RegionPickerScreen'

let nav: NavRecord
beforeEach(() => {
  nav = recordNavigation()
})
afterEach(() => nav.restore())

describe('RegionPickerScreen (001 §5.1.1 选择地区)', () => {
  it('picks province → city → county, remembers it in Taro storage and goes back', async () => {
    renderScreen(<RegionPickerScreen />)
    expect(screen.getByText('浙江省丽水市')).toBeInTheDocument() // the default until chosen
    expect(screen.getByText('默认')).toBeInTheDocument()
    fireEvent.click(await screen.findByText('浙江省'))
    fireEvent.click(await screen.findByText('丽水市'))
    expect(screen.getByText('丽水市（市本级）')).toBeInTheDocument()
    fireEvent.click(screen.getByText('莲都区'))

    expect(useRegionStore.getState().selected).toEqual({ code: '331102', name: '莲都区', fullName: '浙江省丽水市莲都区', level: 'county' })
    const stored = JSON.parse(Taro.getStorageSync(REGION_STORAGE_KEY) as string) as { state: { selected: { code: string } } }
    expect(stored.state.selected.code).toBe('331102')
    // back to where the citizen came from
    expect(nav.urls).toEqual(['<back>'])
  })

  it('lets the citizen go back up a level with the breadcrumb, and choose a city itself', async () => {
    renderScreen(<RegionPickerScreen />)
    fireEvent.click(await screen.findByText('江苏省'))
    fireEvent.click(await screen.findByText('盐城市'))
    fireEvent.click(screen.getByText('盐城市')) // breadcrumb: back to the cities of 江苏省
    expect(screen.getByText('江苏省的城市')).toBeInTheDocument()
    fireEvent.click(screen.getByText('江苏省')) // breadcrumb: back to the provinces
    expect(screen.getByText('请选择省份')).toBeInTheDocument()
    fireEvent.click(screen.getByText('江苏省'))
    fireEvent.click(screen.getByText('盐城市'))
    fireEvent.click(screen.getByText('盐城市（市本级）'))
    expect(useRegionStore.getState().selected).toMatchObject({ code: '320900', level: 'city', fullName: '江苏省盐城市' })
  })

})
