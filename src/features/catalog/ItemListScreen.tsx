import Taro from '@tarojs/taro'
import { Text, View } from '@tarojs/components'
import { useEffect, useState } from 'react'
import { HANDLING_MODE_LABEL, HandlingModeSchema, type HandlingMode } from '@contract'
import { timeLimitText } from '@/shared/format'
import { useQuery } from '@/shared/hooks/useQuery'
import { navigate, ROUTES } from '@/shared/nav'
import { RegionBar } from '@/shared/region/RegionBar'
import { useRegionCode } from '@/shared/region/store'
import { AsyncView, Cell, CellGroup, EmptyState, ModeTag, Screen } from '@/shared/ui'
import { role } from '@/shared/ui/a11y'
import { fetchDepartments, fetchItems } from './api'
import './catalog.scss'

type Filter = 'all' | HandlingMode

/** The items of a region (optionally of one department), each with its 办理方式 tag (001 §4.1.1). */
export function ItemListScreen({ regionCode, departmentId }: { regionCode?: string; departmentId?: string }) {
  const code = useRegionCode(regionCode)
  const items = useQuery(`items:${code}:${departmentId ?? ''}`, () => fetchItems(code, departmentId))
  // the department's name for the title; the list does not depend on it
  const departments = useQuery(departmentId ? `departments:${code}` : null, () => fetchDepartments(code))
  const department = departments.data?.find((d) => d.id === departmentId)
  const [filter, setFilter] = useState<Filter>('all')

  useEffect(() => {
    if (department) Taro.setNavigationBarTitle({ title: department.name }).catch(() => undefined)
  }, [department])

  return (
    <Screen className='catalog'>
      <RegionBar code={code} />
      {department ? <Text className='catalog-heading'>{department.name}</Text> : null}
      <View className='catalog-filters' {...role('tablist')} aria-label='按办理方式筛选'>
        {(['all', ...HandlingModeSchema.options] as Filter[]).map((f) => (
          <Text
            key={f}
            className={`catalog-filter${filter === f ? ' catalog-filter--active' : ''}`}
            {...role('tab')}
            aria-selected={filter === f}
            onClick={() => setFilter(f)}
          >
            {f === 'all' ? '全部' : HANDLING_MODE_LABEL[f]}
          </Text>
        ))}
      </View>
      <AsyncView
        query={items}
        loadingText='正在加载事项…'
        isEmpty={(list) => list.length === 0}
        empty={<EmptyState title='暂无可办理的事项' hint='请切换地区或部门' />}
      >
        {(list) => {
          const shown = filter === 'all' ? list : list.filter((i) => i.handlingMode === filter)
          if (shown.length === 0) return <EmptyState title={`没有「${HANDLING_MODE_LABEL[filter as HandlingMode]}」类的事项`} />
          return (
            <CellGroup title={`共 ${shown.length} 个事项`}>
              {shown.map((item) => {
                const limit = timeLimitText(item.timeLimitDays)
                return (
                  <Cell
                    key={item.id}
                    title={item.popularName}
                    description={item.name}
                    meta={
                      <>
                        <ModeTag mode={item.handlingMode} />
                        {limit ? <Text className='catalog-limit'>办结时限：{limit}</Text> : null}
                      </>
                    }
                    onClick={() => navigate(ROUTES.guide, { id: item.id, region: code })}
                  />
                )
              })}
            </CellGroup>
          )
        }}
      </AsyncView>
    </Screen>
  )
}
