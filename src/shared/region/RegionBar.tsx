import { Text, View } from '@tarojs/components'
import { useQuery } from '../hooks/useQuery'
import { navigate, ROUTES } from '../nav'
import { Button } from '../ui/Button'
import { fetchRegions, regionFullName } from './api'
import { useCurrentRegion } from './store'

/**
 * "办事地区 … 切换地区" at the top of region-dependent screens. A page opened for another region (a shared link)
 * names that region from the region tree.
 */
export function RegionBar({ code }: { code: string }) {
  const { region } = useCurrentRegion()
  const other = code !== region.code
  const tree = useQuery(other ? 'regions' : null, fetchRegions)
  const name = other ? (tree.data && regionFullName(tree.data, code)) ?? '' : region.fullName
  return (
    <View className='yb-region-bar'>
      <View className='yb-region-bar__body'>
        <Text className='yb-region-bar__label'>办事地区</Text>
        <Text className='yb-region-bar__name'>{name}</Text>
      </View>
      <Button variant='secondary' size='small' onClick={() => navigate(ROUTES.regionPicker)}>
        切换地区
      </Button>
    </View>
  )
}
