import { Input, Text, View } from '@tarojs/components'
import { useEffect, useState } from 'react'
import type { Reminder } from '@contract'
import { toAppError } from '@/shared/api/errors'
import { shanghaiDate, shanghaiDateTime } from '@/shared/format'
import { useQuery } from '@/shared/hooks/useQuery'
import { buildUrl, navigate, ROUTES } from '@/shared/nav'
import { AsyncView, Button, EmptyState, Notice, Section, Tag } from '@/shared/ui'
import { confirmReminder, declineReminder, fetchReminders } from './api'
import { deemedConsentLine } from '../../../domain/reminders'
import { SignedInScreen, useSignedIn } from '@/shared/session/gate'
import './messages.scss'

export const DECLINE_REASON_MAX = 200

/**
 * 提醒办 (000 §6.1.2.1.2 自动触发提醒): the agency, from shared data, proposes a case the citizen only confirms —
 * e.g. a newborn's 城乡居民参保登记 (000 §6.2.3.1). 确认办理 makes a prefilled draft and opens its form — or, where the
 * source supplied the whole application (000 图4), the case the agency made and decided at once; 暂不办理 records the
 * decision with an optional reason. Where the guide promises 规定时间内未确认的视同同意办理 (000 §6.1.2.1.2, §6.2.6.1,
 * §6.7.1) the card says until when one may object and offers 不同意, one tap and final. Decided proposals stay below.
 */
function ReminderCard({
  r,
  highlighted,
  onDecided
}: {
  r: Reminder
  highlighted: boolean
  onDecided: (r: Reminder) => void
}) {
  const [mode, setMode] = useState<'idle' | 'confirming' | 'declineForm' | 'declining'>('idle')
  const [reason, setReason] = useState('')
  const [error, setError] = useState<string | null>(null)

  const confirm = async () => {
    setMode('confirming')
    setError(null)
    try {
      const { reminder, draftId, applicationId } = await confirmReminder(r.id)
      onDecided(reminder)
      if (applicationId) navigate(ROUTES.application, { id: applicationId })
      else if (draftId) navigate(ROUTES.applyForm, { draftId })
      setMode('idle')
    } catch (e) {
      setError(toAppError(e).message)
      setMode('idle')
    }
  }

  const decline = async () => {
    setMode('declining')
    setError(null)
    try {
      onDecided(await declineReminder(r.id, reason))
    } catch (e) {
      setError(toAppError(e).message)
      setMode(r.objectionDeadline ? 'idle' : 'declineForm')
    }
  }

  return (
    <View className={`messages-reminder${highlighted ? ' messages-reminder--highlighted' : ''}`} aria-label={`提醒办：${r.itemName}`}>
      <Text className='messages-reminder__item'>{r.itemName}</Text>
      <Text className='messages-reminder__reason'>{r.reason}</Text>
      <Text className='messages-reminder__meta'>
        办理对象：{r.personName} · {r.region.name} · {shanghaiDate(r.createdAt)}
      </Text>
      {r.objectionDeadline ? <Text className='messages-reminder__deadline'>{deemedConsentLine(r.objectionDeadline)}</Text> : null}
      {error ? <Text className='messages-error'>{error}</Text> : null}
      {r.objectionDeadline ? (
        // 不同意 asks for nothing more: one tap, final (the agency then does not handle it)
        <View className='messages-reminder__actions'>
          <Button size='small' variant='secondary' disabled={mode !== 'idle'} onClick={() => void decline()}>
            {mode === 'declining' ? '正在提交…' : '不同意'}
          </Button>
          <Button size='small' disabled={mode !== 'idle'} onClick={() => void confirm()}>
            {mode === 'confirming' ? '正在办理…' : '确认办理'}
          </Button>
        </View>
      ) : mode === 'declineForm' || mode === 'declining' ? (
        <View className='messages-decline'>
          <Input
            className='messages-decline__input'
            placeholder='暂不办理的原因（选填）'
            maxlength={DECLINE_REASON_MAX}
            value={reason}
            onInput={(e) => setReason(e.detail.value)}
          />
          <View className='messages-reminder__actions'>
            <Button size='small' variant='secondary' disabled={mode === 'declining'} onClick={() => setMode('idle')}>
              取消
            </Button>
            <Button size='small' disabled={mode === 'declining'} onClick={() => void decline()}>
              {mode === 'declining' ? '正在提交…' : '确认暂不办理'}
            </Button>
          </View>
        </View>
      ) : (
        <View className='messages-reminder__actions'>
          <Button size='small' variant='secondary' disabled={mode === 'confirming'} onClick={() => setMode('declineForm')}>
            暂不办理
          </Button>
          <Button size='small' disabled={mode === 'confirming'} onClick={() => void confirm()}>
            {mode === 'confirming' ? '正在生成申请…' : '确认办理'}
          </Button>
        </View>
      )}
    </View>
  )
}

/** What became of a decided proposal: its tag and, where it says more than the tag, one result line. */
function decidedView(r: Reminder): { tag: string; line: string | null } {
  switch (r.status) {
    case 'confirmed':
      return { tag: '已确认办理', line: r.applicationId ? '已按共享数据自动办理，无需再提交材料' : null }
    case 'deemedConsented':
      return { tag: '视同同意办理', line: `${r.objectionDeadline ? `${deemedConsentLine(r.objectionDeadline).replace('将视同', '已视同')}；` : ''}系统已自动办理` }
    case 'declined':
      return r.objectionDeadline ? { tag: '不同意', line: '您已表示不同意，经办机构不会为您办理此事项' } : { tag: '暂不办理', line: null }
    default:
      return { tag: '待确认', line: null }
  }
}

function HistoryRow({ r, last }: { r: Reminder; last: boolean }) {
  const v = decidedView(r)
  return (
    <View className={`messages-history${last ? ' messages-history--last' : ''}`} aria-label={`${r.itemName}，${v.tag}`}>
      <View className='messages-history__head'>
        <Text className='messages-reminder__item'>{r.itemName}</Text>
        <Tag tone={r.status === 'declined' ? 'neutral' : 'success'}>{v.tag}</Tag>
      </View>
      {v.line ? <Text className='messages-reminder__reason'>{v.line}</Text> : null}
      <Text className='messages-reminder__meta'>
        办理对象：{r.personName}
        {r.decidedAt ? ` · 处理于 ${shanghaiDateTime(r.decidedAt)}` : ''}
      </Text>
      {r.applicationId ? (
        <Button size='small' variant='text' onClick={() => navigate(ROUTES.application, { id: r.applicationId! })}>
          查看办件
        </Button>
      ) : null}
      {r.status === 'confirmed' && r.draftId ? (
        <Button size='small' variant='text' onClick={() => navigate(ROUTES.applyForm, { draftId: r.draftId! })}>
          继续填写申请
        </Button>
      ) : null}
    </View>
  )
}

export function RemindersScreen({ highlightId, reloadSignal = 0, onReloaded }: { highlightId?: string; reloadSignal?: number; onReloaded?: () => void }) {
  const auth = useSignedIn(highlightId ? buildUrl(ROUTES.reminders, { id: highlightId }) : ROUTES.reminders, reloadSignal)
  const ready = auth.state === 'ready'
  const q = useQuery(ready ? `reminders:${reloadSignal}` : null, fetchReminders)
  const [decided, setDecided] = useState<Record<string, Reminder>>({})

  useEffect(() => setDecided({}), [q.data])
  useEffect(() => {
    if (reloadSignal && !q.loading) onReloaded?.()
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [q.data, q.error])

  return (
    <SignedInScreen auth={auth} className='messages'>
      <Notice tone='info' title='什么是提醒办'>
        <Text>经办机构通过部门间共享的数据，发现您或家人符合办理条件时主动提醒您。确认办理后会为您生成已预填的申请，核对后提交即可。</Text>
      </Notice>
      <AsyncView
        query={q}
        loadingText='正在加载提醒…'
        isEmpty={(list) => list.length === 0}
        empty={<EmptyState title='暂无提醒办事项' hint='经办机构发现您或家人可以办理的事项时，会在这里和“消息”中提醒您' />}
      >
        {(list) => {
          const all = list.map((r) => decided[r.id] ?? r).sort((a, b) => b.createdAt.localeCompare(a.createdAt))
          const pending = all.filter((r) => r.status === 'pending')
          const history = all.filter((r) => r.status !== 'pending')
          return (
            <View>
              <Section title={`待确认（${pending.length}）`}>
                {pending.length === 0 ? (
                  <Text className='messages-empty-line'>没有待确认的提醒</Text>
                ) : (
                  pending.map((r) => <ReminderCard key={r.id} r={r} highlighted={r.id === highlightId} onDecided={(x) => setDecided((d) => ({ ...d, [x.id]: x }))} />)
                )}
              </Section>
              {history.length > 0 ? (
                <Section title='已处理'>
                  {history.map((r, i) => (
                    <HistoryRow key={r.id} r={r} last={i === history.length - 1} />
                  ))}
                </Section>
              ) : null}
            </View>
          )
        }}
      </AsyncView>
    </SignedInScreen>
  )
}
