import { Text, View } from '@tarojs/components'
import { showComingSoon } from '@/shared/comingSoon'
import { useQuery } from '@/shared/hooks/useQuery'
import { navigate, ROUTES } from '@/shared/nav'
import { useCurrentRegion } from '@/shared/region/store'
import { AsyncView, Cell, EmptyState, Screen, Section } from '@/shared/ui'
import { role } from '@/shared/ui/a11y'
import { fetchRegionItems } from './api'
import { pickFrequent } from './frequent'
import './home.scss'

/** Entries of later issues: shown now, and they say plainly 即将上线 when tapped. */
export const COMING_SOON = [
  { key: 'applications', label: '我的办件', glyph: '件' },
  { key: 'eVoucher', label: '医保电子凭证', glyph: '码' },
  { key: 'familyMember', label: '亲情账户', glyph: '亲' },
  { key: 'elderMode', label: '长辈版', glyph: '长' }
] as const

/**
 * Home (main package): region, search box, 常用服务 from the catalog, 办事指南 by department (001 §5.1.1: the two
 * ways into an item — 部门导航 and 搜索), and the entries of later issues.
 */
export function HomeScreen() {
  const { region, chosen } = useCurrentRegion()
  const items = useQuery(`home-items:${region.code}`, () => fetchRegionItems(region.code))

  return (
    <Screen className='home'>
      <View className='home-hero'>
        <View className='home-hero__top'>
          <Text className='home-hero__title'>医保掌上办</Text>
          <View
            className='home-region'
            {...role('button')}
            aria-label={`当前地区：${region.name}，点击切换`}
            onClick={() => navigate(ROUTES.regionPicker)}
          >
            <Text className='home-region__name'>{region.name}</Text>
            <Text className='home-region__switch'>切换</Text>
          </View>
        </View>
        {!chosen ? <Text className='home-hero__hint'>当前为默认地区，可点击右上角切换到您所在的地区</Text> : null}
        <View className='home-search' {...role('search')} aria-label='搜索事项' onClick={() => navigate(ROUTES.search)}>
          <Text className='home-search__icon'>⌕</Text>
          <Text className='home-search__placeholder'>搜索事项，如“异地就医备案”</Text>
        </View>
      </View>

      <Section title='常用服务'>
        <AsyncView
          query={items}
          loadingText='正在加载常用服务…'
          isEmpty={(all) => pickFrequent(all).length === 0}
          empty={<EmptyState title='该地区暂无常用服务' hint='可切换地区或按部门查找事项' />}
        >
          {(all) => (
            <View className='home-grid'>
              {pickFrequent(all).map(({ label, item }) => (
                <View
                  key={item.id}
                  className='home-tile'
                  hoverClass='home-tile--pressed'
                  {...role('button')}
                  aria-label={`${label}（${item.name}）`}
                  onClick={() => navigate(ROUTES.guide, { id: item.id, region: region.code })}
                >
                  <Text className={`home-tile__glyph home-tile__glyph--${item.handlingMode}`}>{label.slice(0, 1)}</Text>
                  <Text className='home-tile__label'>{label}</Text>
                </View>
              ))}
            </View>
          )}
        </AsyncView>
      </Section>

      <Section title='办事指南'>
        <View className='home-cells'>
          <Cell
            title='按部门查找'
            description={`${region.name}的办事部门和事项`}
            onClick={() => navigate(ROUTES.departments, { region: region.code })}
          />
          <Cell
            title='全部事项'
            description='查看所有事项的办事指南'
            onClick={() => navigate(ROUTES.items, { region: region.code })}
          />
        </View>
      </Section>

      <Section title='我的服务'>
        <View className='home-grid'>
          {COMING_SOON.map((e) => (
            <View
              key={e.key}
              className='home-tile home-tile--soon'
              {...role('button')}
              aria-label={`${e.label}，即将上线`}
              onClick={() => showComingSoon(e.label)}
            >
              <Text className='home-tile__glyph home-tile__glyph--soon'>{e.glyph}</Text>
              <Text className='home-tile__label'>{e.label}</Text>
              <Text className='home-tile__badge'>即将上线</Text>
            </View>
          ))}
        </View>
      </Section>
    </Screen>
  )
}
