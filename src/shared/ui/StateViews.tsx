import { Text, View } from '@tarojs/components'
import { useEffect, type ReactNode } from 'react'
import { loadingShown } from '../shell/handoff'
import { role } from './a11y'
import { isSessionEnded, type AppError } from '../api/errors'
import { currentPageUrl, redirect, ROUTES } from '../nav'
import { Button } from './Button'

/** Loading, empty and error states: every screen shows one of these instead of a blank page. */

export function LoadingState({ text = '正在加载…' }: { text?: string }) {
  // H5: a page still loading does not take over from the prerendered shell yet
  useEffect(loadingShown, [])
  return (
    <View className='yb-state' {...role('status')} aria-live='polite'>
      <View className='yb-state__spinner' />
      <Text className='yb-state__text'>{text}</Text>
    </View>
  )
}

export function EmptyState({ title, hint, action }: { title: string; hint?: string; action?: ReactNode }) {
  return (
    <View className='yb-state'>
      <Text className='yb-state__title'>{title}</Text>
      {hint ? <Text className='yb-state__text'>{hint}</Text> : null}
      {action ? <View className='yb-state__action'>{action}</View> : null}
    </View>
  )
}

export function ErrorState({ error, onRetry }: { error: Pick<AppError, 'message' | 'code' | 'status'>; onRetry?: () => void }) {
  if (isSessionEnded(error)) return <SessionEndedState />
  return (
    <View className='yb-state yb-state--error' {...role('alert')}>
      <Text className='yb-state__title'>加载失败</Text>
      <Text className='yb-state__text'>{error.message}</Text>
      {onRetry ? (
        <View className='yb-state__action'>
          <Button onClick={onRetry}>重试</Button>
        </View>
      ) : null}
    </View>
  )
}

/**
 * The sign-in has expired (401): 重试 would fail again, so the way on is to sign in — and come back to this very page
 * (the sign-in page returns to `redirect`).
 */
export function SessionEndedState() {
  return (
    <View className='yb-state yb-state--error' {...role('alert')}>
      <Text className='yb-state__title'>登录已过期</Text>
      <Text className='yb-state__text'>为保护您的信息，请重新登录，登录后会回到这一页。</Text>
      <View className='yb-state__action'>
        <Button onClick={() => redirect(ROUTES.login, { redirect: currentPageUrl() })}>重新登录</Button>
      </View>
    </View>
  )
}

/** Renders the right state for a query: loading → error (with 重试) → empty → content. */
export function AsyncView<T>({
  query,
  isEmpty,
  empty,
  loadingText,
  children
}: {
  query: { data: T | undefined; error: AppError | undefined; loading: boolean; retry: () => void }
  isEmpty?: (data: T) => boolean
  empty?: ReactNode
  loadingText?: string
  children: (data: T) => ReactNode
}) {
  if (query.loading) return <LoadingState text={loadingText} />
  if (query.error) return <ErrorState error={query.error} onRetry={query.retry} />
  if (query.data === undefined) return <LoadingState text={loadingText} />
  if (isEmpty && isEmpty(query.data)) return <>{empty ?? <EmptyState title='暂无内容' />}</>
  return <>{children(query.data)}</>
}
