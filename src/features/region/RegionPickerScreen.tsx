import { Text, View } from '@tarojs/components'
import { useState } from 'react'
import type { RegionNode } from '@contract'
import { useQuery } from '@/shared/hooks/useQuery'
import { goBack } from '@/shared/nav'
import { useCurrentRegion, useRegionStore, type SelectedRegion } from '@/shared/region/store'
import { AsyncView, Cell, CellGroup, EmptyState, Screen, Tag } from '@/shared/ui'
import { role } from '@/shared/ui/a11y'
import { fetchRegions } from '@/shared/region/api'
import { inform } from '@/shared/ui/inform'
import './region.scss'

/**
 * 选择地区 (001 §5.1.1): province → city → county. A city can be chosen itself (市本级) or one of its counties;
 * provinces offer no items of their own. The choice is remembered across restarts (shared/region/store.ts).
 */
export function RegionPickerScreen({ onPicked }: { onPicked?: (r: SelectedRegion) => void }) {
  const regions = useQuery('regions', fetchRegions)
  const { region: current, chosen } = useCurrentRegion()
  const setRegion = useRegionStore((s) => s.setRegion)
  const [province, setProvince] = useState<RegionNode | null>(null)
  const [city, setCity] = useState<RegionNode | null>(null)

  const pick = (node: RegionNode, fullName: string) => {
    const r: SelectedRegion = { code: node.code, name: node.name, fullName, level: node.level }
    setRegion(r)
    inform(`已切换到${node.name}`, 'none')
    if (onPicked) onPicked(r)
    else goBack()
  }

  return (
    <Screen className='region'>
      <View className='region-current'>
        <Text className='region-current__label'>当前地区</Text>
        <Text className='region-current__name'>{current.fullName}</Text>
        {!chosen ? <Tag tone='info'>默认</Tag> : null}
      </View>
      <View className='region-crumbs' {...role('navigation')} aria-label='已选层级'>
        <Text
          className={`region-crumb${province ? ' region-crumb--link' : ' region-crumb--active'}`}
          {...role(province ? 'button' : undefined)}
          onClick={() => {
            setProvince(null)
            setCity(null)
          }}
        >
          {province ? province.name : '请选择省份'}
        </Text>
        {province ? (
          <>
            <Text className='region-crumb__sep'>›</Text>
            <Text
              className={`region-crumb${city ? ' region-crumb--link' : ' region-crumb--active'}`}
              {...role(city ? 'button' : undefined)}
              onClick={() => setCity(null)}
            >
              {city ? city.name : '请选择城市'}
            </Text>
          </>
        ) : null}
        {city ? (
          <>
            <Text className='region-crumb__sep'>›</Text>
            <Text className='region-crumb region-crumb--active'>请选择区县</Text>
          </>
        ) : null}
      </View>
      <AsyncView query={regions} loadingText='正在加载地区…' isEmpty={(r) => r.length === 0} empty={<EmptyState title='暂无可选地区' />}>
        {(tree) => {
          if (!province) {
            return (
              <CellGroup title='省份'>
                {tree.map((p) => (
                  <Cell key={p.code} title={p.name} onClick={() => setProvince(p)} />
                ))}
              </CellGroup>
            )
          }
          if (!city) {
            const cities = province.children ?? []
            return cities.length === 0 ? (
              <EmptyState title={`${province.name}暂无可选城市`} />
            ) : (
              <CellGroup title={`${province.name}的城市`}>
                {cities.map((c) => (
                  <Cell key={c.code} title={c.name} onClick={() => setCity(c)} />
                ))}
              </CellGroup>
            )
          }
          const cityFull = province.name + city.name
          return (
            <>
              <CellGroup title='市本级'>
                <Cell title={`${city.name}（市本级）`} description='市级医保部门办理的事项' onClick={() => pick(city, cityFull)} />
              </CellGroup>
              {(city.children ?? []).length > 0 ? (
                <CellGroup title={`${city.name}的区县`}>
                  {(city.children ?? []).map((k) => (
                    <Cell key={k.code} title={k.name} onClick={() => pick(k, cityFull + k.name)} />
                  ))}
                </CellGroup>
              ) : null}
            </>
          )
        }}
      </AsyncView>
    </Screen>
  )
}
