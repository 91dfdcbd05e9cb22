import Taro from '@tarojs/taro'
import { Text, View } from '@tarojs/components'
import { useEffect, useState } from 'react'
import { NotificationsResponseSchema } from '@contract'
import { currentToken } from '@/shared/api/auth'
import { client } from '@/shared/api/client'
import { showComingSoon } from '@/shared/comingSoon'
import { useQuery } from '@/shared/hooks/useQuery'
import { navigate, ROUTES } from '@/shared/nav'
import { useCurrentRegion } from '@/shared/region/store'
import { signOut, useSession } from '@/shared/session'
import { AsyncView, Cell, CellGroup, EmptyState, Screen, Section } from '@/shared/ui'
import { role } from '@/shared/ui/a11y'
import { fetchRegionItems } from './api'
import { pickFrequent } from './frequent'
import './home.scss'

/** Entries of later issues: shown now, and they say plainly 即将上线 when tapped. */
export const COMING_SOON = [
  { key: 'elderMode', label: '长辈版', glyph: '长' }
] as const

/** Taro.eventCenter event the message centre sends with the new unread count (so the badge follows at once). */
export const UNREAD_EVENT = 'yb:unread-changed'

/**
 * The unread count for the 消息 badge (000 §6.1.4): asked only when signed in, quietly — a 401 here must not send the
 * citizen to sign-in from the home page, so the status is read here instead of failing the request.
 */
function useUnreadCount(): number {
  const [n, setN] = useState(0)
  useEffect(() => {
    let alive = true
    void (async () => {
      if (!(await currentToken())) return
      const res = await client.get<unknown>('/api/v1/notifications', { validateStatus: () => true })
      const parsed = NotificationsResponseSchema.safeParse(res.data)
      if (alive && res.status === 200 && parsed.success) setN(parsed.data.unread)
    })().catch(() => undefined)
    const onChange = (count: unknown) => {
      if (typeof count === 'number') setN(count)
    }
    Taro.eventCenter.on(UNREAD_EVENT, onChange)
    return () => {
      alive = false
      Taro.eventCenter.off(UNREAD_EVENT, onChange)
    }
  }, [])
  return n
}

/**
 * Home (main package): region, search box, 常用服务 from the catalog, 办事指南 by department (001 §5.1.1: the two
 * ways into an item — 部门导航 and 搜索), and the entries of later issues.
 */
export function HomeScreen() {
  const { region, chosen } = useCurrentRegion()
  const items = useQuery(`home-items:${region.code}`, () => fetchRegionItems(region.code))
  const unread = useUnreadCount()
  const session = useSession()

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
        {/* 000 §3.2, §7: the e-voucher is what citizens open most (at every counter): first thing on the page */}
        <View className='home-evoucher' hoverClass='home-evoucher--pressed' {...role('button')} aria-label='医保码，出示医保电子凭证' onClick={() => navigate(ROUTES.evoucher)}>
          <Text className='home-evoucher__glyph'>码</Text>
          <View className='home-evoucher__body'>
            <Text className='home-evoucher__title'>医保码</Text>
            <Text className='home-evoucher__hint'>看病买药出示医保电子凭证</Text>
          </View>
          <Text className='home-evoucher__arrow'>›</Text>
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
          {/* 001 §6.2: public service metrics (issue 5) */}
          <Cell
            title='服务评价数据'
            description={`${region.name}的按时办结率、满意率等`}
            onClick={() => navigate(ROUTES.metrics, { region: region.code })}
          />
        </View>
      </Section>

      <Section title='我的服务'>
        <View className='home-grid'>
          {/* 001 §3.1.4: progress of one's cases; 000 §6.1.4: notices of progress and results */}
          <View className='home-tile' hoverClass='home-tile--pressed' {...role('button')} aria-label='我的办件' onClick={() => navigate(ROUTES.applications)}>
            <Text className='home-tile__glyph'>件</Text>
            <Text className='home-tile__label'>我的办件</Text>
          </View>
          {/* 000 §3.3, §6.1.6 b: 医保云档案 (参保、缴费、个人账户、就诊、家庭共济) */}
          <View className='home-tile' hoverClass='home-tile--pressed' {...role('button')} aria-label='医保档案' onClick={() => navigate(ROUTES.record)}>
            <Text className='home-tile__glyph'>档</Text>
            <Text className='home-tile__label'>医保档案</Text>
          </View>
          <View
            className='home-tile'
            hoverClass='home-tile--pressed'
            {...role('button')}
            aria-label={unread > 0 ? `消息，${unread} 条未读` : '消息'}
            onClick={() => navigate(ROUTES.messages)}
          >
            <Text className='home-tile__glyph'>信</Text>
            {unread > 0 ? (
              <Text
                className='home-tile__unread'
                style={{
                  position: 'absolute',
                  top: '2px',
                  right: '14%',
                  minWidth: '20px',
                  padding: '0 5px',
                  borderRadius: '999px',
                  fontSize: '13px',
                  lineHeight: '20px',
                  fontWeight: 700,
                  textAlign: 'center',
                  background: 'var(--yb-c-danger, #b3261e)',
                  color: 'var(--yb-c-on-primary, #fff)'
                }}
              >
                {unread > 99 ? '99+' : String(unread)}
              </Text>
            ) : null}
            <Text className='home-tile__label'>消息</Text>
          </View>
          {/* issue 4: family members and grants (亲情账户, 授权代理) */}
          <View className='home-tile' hoverClass='home-tile--pressed' {...role('button')} aria-label='亲情账户' onClick={() => navigate(ROUTES.family)}>
            <Text className='home-tile__glyph'>亲</Text>
            <Text className='home-tile__label'>亲情账户</Text>
          </View>
          {/* 003 §11.3: complaints (issue 5) */}
          <View className='home-tile' hoverClass='home-tile--pressed' {...role('button')} aria-label='投诉' onClick={() => navigate(ROUTES.complaints)}>
            <Text className='home-tile__glyph'>诉</Text>
            <Text className='home-tile__label'>投诉</Text>
          </View>
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
        {/* 001 §3.1.2: the account, its real-name state, and signing out */}
        <CellGroup>
          {session.signedIn && session.user ? (
            <>
              <Cell
                title={session.user.phone}
                description={session.realNamed ? `已实名：${session.user.realName?.name ?? ''}` : '未实名认证，在线办理前需要实名'}
                onClick={session.realNamed ? undefined : () => navigate(ROUTES.realname, { redirect: ROUTES.home })}
              />
              <Cell title='退出登录' onClick={() => void signOut()} />
            </>
          ) : (
            <Cell title='登录 / 注册' description='登录后可在线办理、查看办件进度' onClick={() => navigate(ROUTES.login, { redirect: ROUTES.home })} />
          )}
        </CellGroup>
      </Section>
    </Screen>
  )
}
