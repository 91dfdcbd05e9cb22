import Taro from '@tarojs/taro'
import { Text, View } from '@tarojs/components'
import { useEffect, useState } from 'react'
import { GRANT_SCOPE_LABELS, NotificationsResponseSchema, type FamilyRequest } from '@contract'
import { currentToken } from '@/shared/api/auth'
import { client } from '@/shared/api/client'
import { ElderOffer, ElderSwitch } from '@/shared/elder/ElderSwitch'
import { useQuery } from '@/shared/hooks/useQuery'
import { navigate, ROUTES } from '@/shared/nav'
import { useCurrentRegion } from '@/shared/region/store'
import { signOut, useSession } from '@/shared/session'
import { useElderMode } from '@/shared/theme/prefs'
import { AsyncView, Button, Cell, CellGroup, EmptyState, Screen, Section } from '@/shared/ui'
import { role } from '@/shared/ui/a11y'
import { fetchFamilyRequests, fetchRegionItems } from './api'
import { pickFrequent } from './frequent'
import './home.scss'

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
/**
 * A tile's decorative character, drawn by CSS (`::before { content: attr(data-glyph) }`) so it is not text: the tile's
 * visible text is then exactly its label, and its accessible name contains it (WCAG 2.5.3 Label in Name).
 */
function Glyph({ className, char }: { className: string; char: string }) {
  return <Text className={className} data-glyph={char} aria-hidden='true' />
}

/** `reloadSignal` goes up when home is shown again (the page's usePageReload): the family requests are asked again. */
export function HomeScreen({ reloadSignal = 0 }: { reloadSignal?: number }) {
  const elder = useElderMode()
  return elder ? <ElderHome reloadSignal={reloadSignal} /> : <StandardHome reloadSignal={reloadSignal} />
}

/**
 * 长辈版 home: the region and its switch, the six services used most as big tiles with their names written
 * out, 常用服务 of the region as big tiles too, then the switch (to turn it off again) and the account.
 */
export const ELDER_HOME_TILES = [
  { key: 'evoucher', label: '医保码', glyph: '码', hint: '看病买药出示', route: ROUTES.evoucher },
  { key: 'applications', label: '我的办件', glyph: '件', hint: '看办理进度', route: ROUTES.applications },
  { key: 'search', label: '搜索办事', glyph: '搜', hint: '找要办的事', route: ROUTES.search },
  { key: 'record', label: '医保档案', glyph: '档', hint: '参保和缴费', route: ROUTES.record },
  { key: 'messages', label: '消息', glyph: '信', hint: '办事通知', route: ROUTES.messages },
  { key: 'family', label: '亲情账户', glyph: '亲', hint: '帮家人办', route: ROUTES.family }
] as const

function ElderHome({ reloadSignal }: { reloadSignal: number }) {
  const unread = useUnreadCount()
  return (
    <Screen className='home home--elder'>
      <View className='home-elder__head'>
        <Text className='home-elder__title' {...role('heading')} aria-level={1}>
          医保掌上办
        </Text>
        <RegionSwitch elder />
      </View>
      <FamilyInvites reloadSignal={reloadSignal} />
      <View className='home-elder__grid'>
        {ELDER_HOME_TILES.map((t) => {
          const hint = t.key === 'messages' && unread > 0 ? `${unread} 条未读` : t.hint
          // the name says what the tile shows, label then hint (WCAG 2.5.3)
          const label = `${t.label} ${hint}`
          return (
            <View
              key={t.key}
              className='home-elder__tile'
              hoverClass='home-elder__tile--pressed'
              {...role('button')}
              aria-label={label}
              onClick={() => navigate(t.route)}
            >
              <Glyph className='home-elder__glyph' char={t.glyph} />
              <Text className='home-elder__label'>{t.label}</Text>
              <Text className='home-elder__hint'>{hint}</Text>
            </View>
          )
        })}
      </View>
      <Section title='常用服务'>
        <FrequentServices elder />
      </Section>
      <View className='home-elder__switch'>
        <ElderSwitch />
      </View>
      <AccountCells />
    </Screen>
  )
}

/** The current region and the way to change it (a city or county decides which items are offered, 001 §5.1.1). */
function RegionSwitch({ elder = false }: { elder?: boolean }) {
  const { region } = useCurrentRegion()
  return (
    <View
      className={`home-region${elder ? ' home-region--elder' : ''}`}
      {...role('button')}
      aria-label={`${region.name} 切换（当前地区，点击切换到您所在的地区）`}
      onClick={() => navigate(ROUTES.regionPicker)}
    >
      <Text className='home-region__name'>{region.name}</Text>
      <Text className='home-region__switch'>切换</Text>
    </View>
  )
}

/** 常用服务 of the current region: a tile per item, opening its guide; in 长辈版 two big tiles a row. */
function FrequentServices({ elder = false }: { elder?: boolean }) {
  const { region } = useCurrentRegion()
  const items = useQuery(`home-items:${region.code}`, () => fetchRegionItems(region.code))
  return (
    <AsyncView
      query={items}
      loadingText='正在加载常用服务…'
      isEmpty={(all) => pickFrequent(all).length === 0}
      empty={<EmptyState title='该地区暂无常用服务' hint='可切换地区或按部门查找事项' />}
    >
      {(all) => (
        <View className={`home-grid${elder ? ' home-grid--elder' : ''}`}>
          {pickFrequent(all).map(({ label, item }) => (
            <View
              key={item.id}
              className='home-tile'
              hoverClass='home-tile--pressed'
              {...role('button')}
              aria-label={`${label}（${item.name}）`}
              onClick={() => navigate(ROUTES.guide, { id: item.id, region: region.code })}
            >
              <Glyph className={`home-tile__glyph home-tile__glyph--${item.handlingMode}`} char={label.slice(0, 1)} />
              <Text className='home-tile__label'>{label}</Text>
            </View>
          ))}
        </View>
      )}
    </AsyncView>
  )
}

/**
 * Family members asking to act for me (亲情账户): on home until I answer, so the request reaches me even when I never
 * open 亲情账户. Asked quietly (signed in and real-named only), again whenever home is shown.
 */
function FamilyInvites({ reloadSignal }: { reloadSignal: number }) {
  const session = useSession()
  const [requests, setRequests] = useState<FamilyRequest[]>([])
  useEffect(() => {
    if (!session.realNamed) {
      setRequests([])
      return
    }
    let alive = true
    fetchFamilyRequests().then(
      (r) => alive && setRequests(r),
      () => undefined
    )
    return () => {
      alive = false
    }
  }, [session.realNamed, reloadSignal])
  if (requests.length === 0) return null
  return (
    <View className='home-invites' {...role('region')} aria-label='家人授权申请'>
      <Text className='home-invites__title'>{`家人授权申请（${requests.length}）`}</Text>
      {requests.map((r) => (
        <Text key={r.id} className='home-invites__text'>
          {`${r.fromName}（${r.fromPhone}）是您的${r.relationshipLabel}，申请代您${r.requestedScopes.map((x) => GRANT_SCOPE_LABELS[x]).join('、')}。`}
        </Text>
      ))}
      <Button block onClick={() => navigate(ROUTES.family)}>
        去同意或拒绝
      </Button>
    </View>
  )
}

/** 001 §3.1.2: the account, its real-name state, and signing out */
function AccountCells() {
  const session = useSession()
  return (
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
  )
}

function StandardHome({ reloadSignal }: { reloadSignal: number }) {
  const { region, chosen } = useCurrentRegion()
  const unread = useUnreadCount()

  return (
    <Screen className='home'>
      {/* on first run with a large system font, 长辈版 is offered here once (inline, not a pop-up) */}
      <ElderOffer />
      <View className='home-hero'>
        <View className='home-hero__top'>
          <Text className='home-hero__title'>医保掌上办</Text>
          <RegionSwitch />
        </View>
        {!chosen ? <Text className='home-hero__hint'>当前为默认地区，可点击右上角切换到您所在的地区</Text> : null}
        <View className='home-search' {...role('button')} onClick={() => navigate(ROUTES.search)}>
          <Text className='home-search__icon' aria-hidden='true' />
          <Text className='home-search__placeholder'>搜索事项，如“异地就医备案”</Text>
        </View>
        {/* 000 §3.2, §7: the e-voucher is what citizens open most (at every counter): first thing on the page */}
        <View className='home-evoucher' hoverClass='home-evoucher--pressed' {...role('button')} onClick={() => navigate(ROUTES.evoucher)}>
          <Glyph className='home-evoucher__glyph' char='码' />
          <View className='home-evoucher__body'>
            <Text className='home-evoucher__title'>医保码</Text>
            <Text className='home-evoucher__hint'>看病买药出示医保电子凭证</Text>
          </View>
          {/* drawn by CSS: a › at this size and weight was a font strike of its own on the first screen */}
          <Text className='home-evoucher__arrow' aria-hidden='true' />
        </View>
      </View>

      <FamilyInvites reloadSignal={reloadSignal} />

      <Section title='常用服务'>
        <FrequentServices />
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
          {/* 001 §6.2: public service metrics */}
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
            <Glyph className='home-tile__glyph' char='件' />
            <Text className='home-tile__label'>我的办件</Text>
          </View>
          {/* 000 §3.3, §6.1.6 b: 医保云档案 (参保、缴费、个人账户、就诊、家庭共济) */}
          <View className='home-tile' hoverClass='home-tile--pressed' {...role('button')} aria-label='医保档案' onClick={() => navigate(ROUTES.record)}>
            <Glyph className='home-tile__glyph' char='档' />
            <Text className='home-tile__label'>医保档案</Text>
          </View>
          <View
            className='home-tile'
            hoverClass='home-tile--pressed'
            {...role('button')}
            aria-label={unread > 0 ? `消息，${unread} 条未读` : '消息'}
            onClick={() => navigate(ROUTES.messages)}
          >
            <Glyph className='home-tile__glyph' char='信' />
            {/* the label before the badge: the visible text reads 消息 3, as the name does (WCAG 2.5.3) */}
            <Text className='home-tile__label'>消息</Text>
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
          </View>
          {/* family members and grants (亲情账户, 授权代理) */}
          <View className='home-tile' hoverClass='home-tile--pressed' {...role('button')} aria-label='亲情账户' onClick={() => navigate(ROUTES.family)}>
            <Glyph className='home-tile__glyph' char='亲' />
            <Text className='home-tile__label'>亲情账户</Text>
          </View>
          {/* 003 §11.3: complaints */}
          <View className='home-tile' hoverClass='home-tile--pressed' {...role('button')} aria-label='投诉' onClick={() => navigate(ROUTES.complaints)}>
            <Glyph className='home-tile__glyph' char='诉' />
            <Text className='home-tile__label'>投诉</Text>
          </View>
          {/* 设置 (the 长辈版 switch lives there too) */}
          <View className='home-tile' hoverClass='home-tile--pressed' {...role('button')} aria-label='设置' onClick={() => navigate(ROUTES.settings)}>
            <Glyph className='home-tile__glyph' char='设' />
            <Text className='home-tile__label'>设置</Text>
          </View>
        </View>
        {/* the 长辈版 switch, on home itself */}
        <View className='home-elder-switch'>
          <ElderSwitch />
        </View>
        <AccountCells />
      </Section>
    </Screen>
  )
}
