import { useCallback, useEffect, useRef, useState, type ReactNode } from 'react'
import { ensureSignedIn } from './index'
import { EmptyState, ErrorState, LoadingState, Screen } from '../ui'

export type SignInState = 'checking' | 'ready' | 'away' | 'failed'

/**
 * 001 §3.1.2: cases and messages are for the signed-in, real-name-verified citizen only. The session module signs in
 * and verifies, then brings the citizen back to `redirect`; it resolves false when it sent them away to do so.
 * `recheck` (the page's reload signal: shown again, pulled down) asks again while not signed in — e.g. when the
 * citizen comes back from sign-in to this same page.
 */
export function useSignedIn(redirect: string, recheck = 0): { state: SignInState; retry: () => void } {
  const [state, setState] = useState<SignInState>('checking')
  const [attempt, setAttempt] = useState(0)
  const stateRef = useRef(state)
  stateRef.current = state
  useEffect(() => {
    if (recheck && stateRef.current !== 'ready' && stateRef.current !== 'checking') setAttempt((n) => n + 1)
  }, [recheck])
  useEffect(() => {
    let alive = true
    setState('checking')
    ensureSignedIn({ realName: true, redirect }).then(
      (r: unknown) => {
        if (alive) setState(r !== false && r !== null && r !== undefined ? 'ready' : 'away')
      },
      () => {
        if (alive) setState('failed')
      }
    )
    return () => {
      alive = false
    }
  }, [redirect, attempt])
  const retry = useCallback(() => setAttempt((n) => n + 1), [])
  return { state, retry }
}

/** What a signed-in page shows until the session is confirmed. */
export function SignInGate({ state, retry }: { state: SignInState; retry: () => void }) {
  if (state === 'away') return <EmptyState title='请先登录并完成实名认证' hint='登录后可查看您的办件进度和消息' />
  if (state === 'failed') return <ErrorState error={{ code: 'SESSION', message: '暂时无法确认登录状态，请检查网络后重试' }} onRetry={retry} />
  return <LoadingState text='正在确认登录状态…' />
}

/**
 * The frame of every page for the signed-in citizen: opened without what it shows (`missing`: e.g. no case id) →
 * that empty state; the session not confirmed → the sign-in gate; else the page's content (its loader, then its
 * body). A function as `children` or `footer` is called only once signed in, for content that needs the data.
 */
export function SignedInScreen({
  auth,
  className,
  missing,
  footer,
  children
}: {
  auth: { state: SignInState; retry: () => void }
  className: string
  missing?: ReactNode
  footer?: ReactNode | (() => ReactNode)
  children: ReactNode | (() => ReactNode)
}) {
  const ready = !missing && auth.state === 'ready'
  const content = missing || (ready ? (typeof children === 'function' ? children() : children) : <SignInGate state={auth.state} retry={auth.retry} />)
  return (
    <Screen className={className} footer={ready ? (typeof footer === 'function' ? footer() : footer) : undefined}>
      {content}
    </Screen>
  )
}
