import Taro from '@tarojs/taro'
import { Text, View } from '@tarojs/components'
import { useEffect, useMemo, useRef, useState } from 'react'
import type { Notification } from '@contract'
import { toAppError } from '@/shared/api/errors'
import { shanghaiDateTime } from '@/shared/format'
import { useQuery } from '@/shared/hooks/useQuery'
import { navigate, ROUTES } from '@/shared/nav'
import { AsyncView, Button, Cell, EmptyState } from '@/shared/ui'
import { role } from '@/shared/ui/a11y'
import { inform } from '@/shared/ui/inform'
import { fetchNotifications, fetchReminders, markAllRead, markRead } from './api'
import { SignedInScreen, useSignedIn } from '@/shared/session/gate'
import './messages.scss'

/** Taro.eventCenter event with the new unread count (src/features/home listens for the 消息 badge). */
export const UNREAD_EVENT = 'yb:unread-changed'

/**
 * 消息 (000 §6.1.4: progress and results are pushed to the citizen; 001 §5.3.2 the result is notified): newest
 * first, unread marked; a tap marks it read and opens the case or the reminder; 全部已读. The 提醒办 entry on top
 * shows how many proposals wait for a decision (000 §6.1.2.1.2).
 */
export function MessagesScreen({ reloadSignal = 0, onReloaded }: { reloadSignal?: number; onReloaded?: () => void }) {
  const auth = useSignedIn(ROUTES.messages, reloadSignal)
  const ready = auth.state === 'ready'
  const list = useQuery(ready ? `notifications:${reloadSignal}` : null, fetchNotifications)
  const reminders = useQuery(ready ? `reminders:${reloadSignal}` : null, fetchReminders)
  /** read on this device since the list was loaded (the BFF is told at once) */
  const [readHere, setReadHere] = useState<Set<string>>(new Set())
  const [allRead, setAllRead] = useState(false)
  const [busy, setBusy] = useState(false)
  const waiting = useRef(false)

  useEffect(() => {
    setReadHere(new Set())
    setAllRead(false)
  }, [list.data])
  // pull-down refresh: the key changes with the signal; the spinner stops when the new answer (or error) is in
  useEffect(() => {
    if (!reloadSignal) return
    if (ready) waiting.current = true
    else onReloaded?.()
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [reloadSignal])
  useEffect(() => {
    if (waiting.current && !list.loading) {
      waiting.current = false
      onReloaded?.()
    }
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [list.data, list.error, list.loading])

  const items = useMemo(
    () =>
      [...(list.data?.notifications ?? [])]
        .sort((a, b) => b.createdAt.localeCompare(a.createdAt))
        .map((n) => (allRead || readHere.has(n.id) ? { ...n, read: true } : n)),
    [list.data, readHere, allRead]
  )
  const unread = items.filter((n) => !n.read).length
  const pending = (reminders.data ?? []).filter((r) => r.status === 'pending').length

  // the home page's 消息 badge listens for this (features do not import each other: the event name is the contract)
  useEffect(() => {
    if (list.data) Taro.eventCenter.trigger(UNREAD_EVENT, unread)
  }, [unread, list.data])

  const open = (n: Notification) => {
    if (!n.read) {
      setReadHere((s) => new Set(s).add(n.id))
      // best effort: a failure only leaves it unread on the next load
      markRead(n.id).catch(() => undefined)
    }
    if (n.applicationId) navigate(ROUTES.application, { id: n.applicationId })
    else if (n.reminderId) navigate(ROUTES.reminders, { id: n.reminderId })
  }

  const readAll = async () => {
    setBusy(true)
    try {
      await markAllRead()
      setAllRead(true)
    } catch (e) {
      inform(toAppError(e).message, 'none')
    } finally {
      setBusy(false)
    }
  }

  return (
    <SignedInScreen auth={auth} className='messages'>
      <View className='messages-entry'>
        <Cell
          title='提醒办'
          description={pending > 0 ? `有 ${pending} 项可办理的事项待您确认` : '经办机构主动提醒您可以办理的事项'}
          extra={pending > 0 ? <Text className='messages-badge'>{pending}</Text> : undefined}
          onClick={() => navigate(ROUTES.reminders)}
        />
      </View>
      <AsyncView
        query={list}
        loadingText='正在加载消息…'
        isEmpty={(d) => d.notifications.length === 0}
        empty={<EmptyState title='暂无消息' hint='办件有进展、需要补正、办结出结果或有提醒办事项时，会在这里通知您' />}
      >
        {() => (
          <View>
            <View className='messages-bar'>
              <Text className='messages-bar__count'>{unread > 0 ? `${unread} 条未读` : '没有未读消息'}</Text>
              <Button size='small' variant='text' disabled={unread === 0 || busy} onClick={() => void readAll()}>
                全部已读
              </Button>
            </View>
            <View className='messages-list'>
              {items.map((n) => (
                <View
                  key={n.id}
                  className={`messages-item${n.read ? '' : ' messages-item--unread'}`}
                  hoverClass='messages-item--pressed'
                  {...role('button')}
                  onClick={() => open(n)}
                >
                  <View className='messages-item__head'>
                    {n.read ? null : <Text className='messages-item__dot'>未读</Text>}
                    <Text className='messages-item__title'>{n.title}</Text>
                    <Text className='messages-item__time'>{shanghaiDateTime(n.createdAt)}</Text>
                  </View>
                  <Text className='messages-item__body'>{n.body}</Text>
                  {n.applicationId || n.reminderId ? <Text className='messages-item__link'>{n.applicationId ? '查看办件 ›' : '去确认 ›'}</Text> : null}
                </View>
              ))}
            </View>
          </View>
        )}
      </AsyncView>
    </SignedInScreen>
  )
}
