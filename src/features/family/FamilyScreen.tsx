import Taro from '@tarojs/taro'
import { Text, View } from '@tarojs/components'
import { useEffect, useState } from 'react'
import { GRANT_SCOPES, GRANT_SCOPE_LABELS, type FamilyMember, type FamilyRequest, type Grant, type GrantScope } from '@contract'
import { toAppError } from '@/shared/api/errors'
import { useActingStore } from '@/shared/acting'
import { useLoad } from '@/shared/hooks/useLoad'
import { navigate, ROUTES } from '@/shared/nav'
import { SignedInScreen, useSignedIn } from '@/shared/session/gate'
import { Button, EmptyState, ErrorState, LoadingState, Notice, Section, Tag } from '@/shared/ui'
import { role } from '@/shared/ui/a11y'
import { inform } from '@/shared/ui/inform'
import { familyApi } from './api'
import './family.scss'

interface Overview {
  members: FamilyMember[]
  limit: number
  requests: FamilyRequest[]
  grants: Grant[]
}

async function loadOverview(): Promise<Overview> {
  const [m, requests, grants] = await Promise.all([familyApi.members(), familyApi.requests(), familyApi.grants()])
  return { members: m.members, limit: m.limit, requests, grants }
}

async function confirm(title: string, content: string, confirmText: string): Promise<boolean> {
  try {
    const r = await Taro.showModal({ title, content, confirmText, cancelText: '再想想' })
    return Boolean(r.confirm)
  } catch {
    return false
  }
}

function toast(title: string): void {
  inform(title, 'none')
}

/** Scope chips a member ticks (role=checkbox), used to accept a request and to adjust a grant. */
export function ScopePicker({ value, onChange, label }: { value: GrantScope[]; onChange: (v: GrantScope[]) => void; label: string }) {
  return (
    <View className='family-scopes' {...role('group')} aria-label={label}>
      {GRANT_SCOPES.map((s) => {
        const on = value.includes(s)
        return (
          <View
            key={s}
            className={`family-scope${on ? ' family-scope--on' : ''}`}
            {...role('checkbox')}
            aria-checked={on ? 'true' : 'false'}
            onClick={() => onChange(on ? value.filter((x) => x !== s) : [...value, s])}
          >
            <Text>{`${on ? '✓ ' : ''}${GRANT_SCOPE_LABELS[s]}`}</Text>
          </View>
        )
      })}
    </View>
  )
}

function MemberCard({ m, onRemove }: { m: FamilyMember; onRemove: () => void }) {
  return (
    <View className='family-card' aria-label={`${m.relationshipLabel} ${m.name}，${m.statusLabel}`}>
      <View className='family-card__head'>
        <Text className='family-card__title'>{`${m.relationshipLabel} ${m.name}`}</Text>
        <Tag tone={m.status === 'active' ? 'success' : m.status === 'pending' ? 'info' : 'warning'}>{m.statusLabel}</Tag>
      </View>
      <Text className='family-card__line'>{`身份证号：${m.idNumber} ${m.age} 岁${m.minor ? '（未成年人，由您监护代办）' : ''}`}</Text>
      <Text className='family-card__line'>
        {m.status === 'active'
          ? `可代办：${m.scopes.map((s) => GRANT_SCOPE_LABELS[s]).join('、')}`
          : `申请代办：${m.requestedScopes.map((s) => GRANT_SCOPE_LABELS[s]).join('、')}`}
      </Text>
      {m.status === 'pending' ? <Text className='family-card__hint'>请对方用本人手机登录“医保掌上办”，在“亲情账户”中确认。</Text> : null}
      <View className='family-card__actions'>
        <Button variant='secondary' onClick={onRemove}>
          移除
        </Button>
      </View>
    </View>
  )
}

function RequestCard({ r, onDone }: { r: FamilyRequest; onDone: () => void }) {
  const [scopes, setScopes] = useState<GrantScope[]>(r.requestedScopes)
  const [busy, setBusy] = useState(false)
  const [error, setError] = useState<string | null>(null)
  const act = async (accept: boolean): Promise<void> => {
    if (busy) return
    if (accept && scopes.length === 0) {
      setError('请至少选择一项授权')
      return
    }
    setBusy(true)
    setError(null)
    try {
      if (accept) await familyApi.accept(r.id, scopes)
      else await familyApi.decline(r.id)
      toast(accept ? '已同意授权' : '已拒绝')
      onDone()
    } catch (e) {
      setError(toAppError(e).message)
    } finally {
      setBusy(false)
    }
  }
  return (
    <View className='family-card family-card--request'>
      <Text className='family-card__title'>{`${r.fromName}（${r.fromPhone}）申请添加您为家庭成员`}</Text>
      <Text className='family-card__line'>{`对方是您的：${r.relationshipLabel}。同意后，对方可以代您办理下面勾选的事情，您可随时取消。`}</Text>
      <ScopePicker value={scopes} onChange={setScopes} label='授权对方代办的范围' />
      {error ? (
        <Text className='family-error' {...role('alert')}>
          {error}
        </Text>
      ) : null}
      <View className='family-card__actions'>
        <Button disabled={busy} onClick={() => void act(true)}>
          同意并授权
        </Button>
        <Button variant='secondary' disabled={busy} onClick={() => void act(false)}>
          拒绝
        </Button>
      </View>
    </View>
  )
}

function GrantCard({ g, onChanged }: { g: Grant; onChanged: () => void }) {
  const [scopes, setScopes] = useState<GrantScope[]>(g.scopes)
  const [busy, setBusy] = useState(false)
  const [error, setError] = useState<string | null>(null)
  const dirty = scopes.length !== g.scopes.length || scopes.some((s) => !g.scopes.includes(s))
  const save = async (): Promise<void> => {
    if (scopes.length === 0) {
      setError('请至少保留一项授权；不再授权请点“取消授权”')
      return
    }
    setBusy(true)
    setError(null)
    try {
      await familyApi.updateGrant(g.id, scopes)
      toast('授权范围已更新')
      onChanged()
    } catch (e) {
      setError(toAppError(e).message)
    } finally {
      setBusy(false)
    }
  }
  const revoke = async (): Promise<void> => {
    if (!(await confirm('取消授权', `取消后，${g.proxyName}将不能再为您办理任何事项。`, '取消授权'))) return
    setBusy(true)
    try {
      await familyApi.revoke(g.id)
      toast('已取消授权')
      onChanged()
    } catch (e) {
      setError(toAppError(e).message)
    } finally {
      setBusy(false)
    }
  }
  return (
    <View className='family-card'>
      <Text className='family-card__title'>{`${g.relationshipLabel} ${g.proxyName}（${g.proxyPhone}）`}</Text>
      <Text className='family-card__line'>可以为您：</Text>
      <ScopePicker value={scopes} onChange={setScopes} label={`${g.proxyName}可以为您办理的事`} />
      {error ? (
        <Text className='family-error' {...role('alert')}>
          {error}
        </Text>
      ) : null}
      <View className='family-card__actions'>
        {dirty ? (
          <Button disabled={busy} onClick={() => void save()}>
            保存授权范围
          </Button>
        ) : null}
        <Button variant='secondary' disabled={busy} onClick={() => void revoke()}>
          取消授权
        </Button>
      </View>
    </View>
  )
}

/**
 * 亲情账户 (002 适老化: 授权代理、亲友代办): the people I act for (add, remove), requests to act for me
 * (accept with the scopes I choose, or decline), the grants I gave (narrow, revoke at any time) and the
 * 他人为我办理 log.
 */
export function FamilyScreen({ reloadSignal = 0 }: { reloadSignal?: number }) {
  const auth = useSignedIn(ROUTES.family, reloadSignal)
  const data = useLoad(auth.state === 'ready' ? 'family' : null, loadOverview)
  // after a change, and when the page shows again: load again keeping what is shown (no flash of a spinner)
  const reload = (): void => {
    data.reload().catch((e: unknown) => inform(toAppError(e).message))
    // the person switch on other pages lists only active members
    useActingStore.getState().load().catch(() => undefined)
  }
  useEffect(() => {
    if (reloadSignal) reload()
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [reloadSignal])
  useEffect(() => {
    Taro.setNavigationBarTitle({ title: '亲情账户' }).catch(() => undefined)
  }, [])

  const overview = data.loading && !data.data ? 'loading' : data.error || !data.data ? 'failed' : data.data
  const active = typeof overview === 'object' ? activeCount(overview.members) : 0
  const limit = typeof overview === 'object' ? overview.limit : 0
  return (
    <SignedInScreen
      auth={auth}
      className='family'
      footer={
        typeof overview === 'object' ? (
          <Button block disabled={active >= limit} onClick={() => navigate(ROUTES.familyAdd)}>
            {active >= limit ? `最多添加 ${limit} 位家庭成员` : '添加家庭成员'}
          </Button>
        ) : null
      }
    >
      {() =>
        overview === 'loading' ? (
          <LoadingState text='正在加载亲情账户…' />
        ) : overview === 'failed' ? (
          <ErrorState error={data.error ?? { message: '加载失败，请重试', code: 'UNKNOWN' }} onRetry={data.retry} />
        ) : (
          <FamilyOverview overview={overview} reload={reload} />
        )
      }
    </SignedInScreen>
  )
}

function activeCount(members: FamilyMember[]): number {
  return members.filter((m) => m.status === 'active' || m.status === 'pending').length
}

function FamilyOverview({ overview, reload }: { overview: Overview; reload: () => void }) {
  const { members, limit, requests, grants } = overview
  const active = activeCount(members)
  const remove = async (m: FamilyMember): Promise<void> => {
    if (!(await confirm('移除家庭成员', `移除后，您将不能再为${m.relationshipLabel}${m.name}办理事项。`, '移除'))) return
    try {
      await familyApi.remove(m.id)
      toast('已移除')
      reload()
    } catch (e) {
      toast(toAppError(e).message)
    }
  }

  return (
    <>
      {requests.length > 0 ? (
        <Section title={`待我确认（${requests.length}）`}>
          {requests.map((r) => (
            <RequestCard key={r.id} r={r} onDone={reload} />
          ))}
        </Section>
      ) : null}
      <Section title={`我可以代办的家人（${active}/${limit}）`}>
        {members.length === 0 ? (
          <EmptyState title='还没有添加家庭成员' hint='添加父母、子女等家人后，可以为他们出示医保码、代办事项、查看进度。' />
        ) : (
          members.map((m) => <MemberCard key={m.id} m={m} onRemove={() => void remove(m)} />)
        )}
        <Notice tone='info'>
          <Text>未满 16 周岁的子女，核验户籍关系后直接添加；16 周岁及以上的家人，需要对方用本人账号确认授权。</Text>
        </Notice>
      </Section>
      <Section title='谁可以为我办理'>
        {grants.length === 0 ? <Text className='family-empty'>您还没有授权任何人为您办理。</Text> : grants.map((g) => <GrantCard key={g.id} g={g} onChanged={reload} />)}
        <View className='family-link' {...role('link')} onClick={() => navigate(ROUTES.proxyLog)}>
          <Text>查看“他人为我办理”记录 ›</Text>
        </View>
      </Section>
    </>
  )
}
