import { Text, View } from '@tarojs/components'
import { useEffect, useMemo, useState } from 'react'
import type { ApplicationSummary } from '@contract'
import { shanghaiDate } from '@/shared/format'
import { navigate, ROUTES } from '@/shared/nav'
import { Button, EmptyState, ErrorState, LoadingState, Tag } from '@/shared/ui'
import { role } from '@/shared/ui/a11y'
import { inform } from '@/shared/ui/inform'
import { fetchApplications, fetchCasesToRate } from './api'
import { GROUP_TABS, groupApplications, statusTone, type GroupKey } from './format'
import { SignedInScreen, useSignedIn } from '@/shared/session/gate'
import { useLoad } from '@/shared/hooks/useLoad'
import { useActingFor } from '@/shared/acting'
import { ActingForBar } from '@/shared/acting/ActingForBar'
import './progress.scss'

const EMPTY: Record<GroupKey, { title: string; hint: string }> = {
  inProgress: { title: '暂无办理中的办件', hint: '在首页搜索事项或按部门找到事项，在线申请后，可在这里随时查看办理进度' },
  actionNeeded: { title: '没有需要补正的办件', hint: '工作人员要求补正材料时，会通过消息和短信通知您，届时在这里补正' },
  done: { title: '暂无已办结的办件', hint: '办件办结后，可在这里查看办理结果、下载结果文书' }
}

/** One case in the list: item, case number, status, submitted, due date (已超期 in red), what to do next. */
export function CaseCard({ app, toRate = false }: { app: ApplicationSummary; toRate?: boolean }) {
  return (
    <View
      className='progress-case'
      hoverClass='progress-case--pressed'
      {...role('button')}
      onClick={() => navigate(ROUTES.application, { id: app.id })}
    >
      <View className='progress-case__head'>
        <Text className='progress-case__title'>{app.itemName}</Text>
        {/* a query case (001 §5.2.1) is told apart from an application: 查询 · 已办结 */}
        {app.handlingMode === 'query' ? <Tag tone='query'>查询</Tag> : null}
        <Tag tone={statusTone(app.status)}>{app.statusLabel}</Tag>
        {toRate ? <Tag tone='warning'>待评价</Tag> : null}
      </View>
      <Text className='progress-case__line'>申请人：{app.applicantName}</Text>
      <Text className='progress-case__line'>办件编号：{app.caseNo}</Text>
      <Text className='progress-case__line'>
        {app.handlingMode === 'query' ? '查询日期' : '提交日期'}：{shanghaiDate(app.submittedAt)}
      </Text>
      {app.dueDate ? (
        <View className='progress-case__due'>
          <Text className={`progress-case__line${app.overdue ? ' progress-case__line--overdue' : ''}`}>办结期限：{app.dueDate}</Text>
          {app.overdue ? <Text className='progress-overdue'>已超期</Text> : null}
        </View>
      ) : null}
      {app.nextStep ? <Text className='progress-case__next'>下一步：{app.nextStep}</Text> : null}
    </View>
  )
}

/**
 * 我的办件 (001 §3.1.4, §5.2.3.8: progress of every case): tabs 办理中 / 待补正 / 已办结 with counts, newest first.
 * Opens on 待补正 when something waits for the citizen. `reloadSignal` changes on pull-down refresh and when the
 * page is shown again (the page shell counts them); `onReloaded` then stops the platform's refresh spinner.
 */
export function ApplicationsScreen({ reloadSignal = 0, onReloaded }: { reloadSignal?: number; onReloaded?: () => void }) {
  const auth = useSignedIn(ROUTES.applications, reloadSignal)
  const acting = useActingFor('cases')
  const apps = useLoad(auth.state === 'ready' ? `applications:${acting.id}` : null, () => fetchApplications(acting.id))
  const [tab, setTab] = useState<GroupKey | null>(null)
  // 好差评: decided cases still awaiting a rating carry 待评价
  const [toRate, setToRate] = useState<Set<string>>(new Set())
  useEffect(() => {
    if (auth.state !== 'ready') return
    let alive = true
    void fetchCasesToRate().then((ids) => alive && setToRate(ids))
    return () => {
      alive = false
    }
  }, [auth.state, reloadSignal])
  const groups = useMemo(() => groupApplications(apps.data ?? []), [apps.data])
  const current: GroupKey = tab ?? (groups.actionNeeded.length > 0 ? 'actionNeeded' : 'inProgress')

  useEffect(() => {
    if (!reloadSignal) return
    apps
      .reload()
      .catch((e: { message?: string }) => {
        inform(e?.message ?? '刷新失败，请稍后重试', 'none')
      })
      .finally(() => onReloaded?.())
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [reloadSignal])

  let body
  if (apps.loading) body = <LoadingState text='正在加载我的办件…' />
  else if (apps.error) body = <ErrorState error={apps.error} onRetry={apps.retry} />
  else {
    const list = groups[current]
    body =
      list.length === 0 ? (
        <EmptyState
          title={EMPTY[current].title}
          hint={EMPTY[current].hint}
          action={
            current === 'inProgress' ? (
              <Button variant='secondary' onClick={() => navigate(ROUTES.search)}>
                搜索事项去办理
              </Button>
            ) : undefined
          }
        />
      ) : (
        <View className='progress-list'>
          {list.map((a) => (
            <CaseCard key={a.id} app={a} toRate={toRate.has(a.id)} />
          ))}
        </View>
      )
  }

  return (
    <SignedInScreen auth={auth} className='progress'>
      <ActingForBar scope='cases' />
      <View className='progress-tabs' {...role('tablist')}>
        {GROUP_TABS.map((t) => {
          const n = groups[t.key].length
          const active = t.key === current
          return (
            <View
              key={t.key}
              className={`progress-tab${active ? ' progress-tab--active' : ''}`}
              {...role('tab')}
              aria-selected={active ? 'true' : 'false'}
              aria-label={`${t.label} ${n} 件`}
              onClick={() => setTab(t.key)}
            >
              <Text className='progress-tab__label'>{t.label}</Text>
              {apps.data ? <Text className={`progress-tab__count${t.key === 'actionNeeded' && n > 0 ? ' progress-tab__count--alert' : ''}`}>{n}</Text> : null}
            </View>
          )
        })}
      </View>
      {apps.refreshing ? <Text className='progress-refreshing'>正在刷新…</Text> : null}
      {body}
    </SignedInScreen>
  )
}
