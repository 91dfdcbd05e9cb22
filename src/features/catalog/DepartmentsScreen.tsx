import { useQuery } from '@/shared/hooks/useQuery'
import { navigate, ROUTES } from '@/shared/nav'
import { RegionBar } from '@/shared/region/RegionBar'
import { useRegionCode } from '@/shared/region/store'
import { AsyncView, Cell, CellGroup, EmptyState, Screen } from '@/shared/ui'
import { fetchDepartments } from './api'

/**
 * 部门导航 (001 §5.1.1: 依次选择地区、办事部门，选择具体办事事项). The region is the page's `region` param when given
 * (a shared link), else the citizen's region.
 */
export function DepartmentsScreen({ regionCode }: { regionCode?: string }) {
  const code = useRegionCode(regionCode)
  const departments = useQuery(`departments:${code}`, () => fetchDepartments(code))
  return (
    <Screen className='catalog'>
      <RegionBar code={code} />
      <AsyncView
        query={departments}
        loadingText='正在加载办事部门…'
        isEmpty={(d) => d.length === 0}
        empty={<EmptyState title='该地区暂无办事部门' hint='请切换到其他市或县（市、区）' />}
      >
        {(list) => (
          <CellGroup title='请选择办事部门'>
            {list.map((d) => (
              <Cell
                key={d.id}
                title={d.name}
                extra={`${d.itemCount} 项`}
                onClick={() => navigate(ROUTES.items, { region: code, department: d.id })}
              />
            ))}
          </CellGroup>
        )}
      </AsyncView>
    </Screen>
  )
}
