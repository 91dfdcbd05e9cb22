import { Button as TaroButton, Text } from '@tarojs/components'
import TaroApi from '@tarojs/taro'
import { useCallback, useEffect, useRef, useState } from 'react'
import { role } from '../ui/a11y'
import { chooseSpeechEngine, readAloud, type ReadAloudSession, type SpeechEngine } from './index'
import './speech.scss'

/**
 * The page-hide hook (works in any component of a page, Taro ≥ 3). The jest shim of @tarojs/taro (the H5 API only)
 * has no page hooks: there the H5 visibilitychange listener below does the job. Chosen once, so hook order is stable.
 */
const useDidHide: (fn: () => void) => void =
  typeof (TaroApi as { useDidHide?: unknown }).useDidHide === 'function' ? (TaroApi as unknown as { useDidHide: (fn: () => void) => void }).useDidHide : () => undefined

type State = 'idle' | 'loading' | 'speaking' | 'failed'

const LABEL: Record<State, string> = { idle: '朗读', loading: '正在准备…', speaking: '停止朗读', failed: '朗读' }
const ARIA: Record<State, string> = {
  idle: '朗读本页内容',
  loading: '正在准备朗读，点按取消',
  speaking: '停止朗读',
  failed: '朗读本页内容'
}

/**
 * Read-aloud (语音版, 002; issue 6): reads the text the screen assembles (`getText`, called at the tap so it reads
 * what is shown then). A big labelled button (the shared button's classes: ≥ 44 px, ≥ 60 px in 长辈版 through
 * --yb-tap); 朗读 → 正在准备… → 停止朗读. Stops when the page hides or the screen unmounts. Hidden when no engine works
 * on this device (no Chinese voice and the BFF cannot be reached).
 */
export function ReadAloudButton({ getText, className }: { getText: () => string; className?: string }) {
  const [engine, setEngine] = useState<SpeechEngine | null>(null)
  const [state, setState] = useState<State>('idle')
  const session = useRef<ReadAloudSession | null>(null)
  const mounted = useRef(true)

  useEffect(() => {
    mounted.current = true
    chooseSpeechEngine()
      .then((e) => mounted.current && setEngine(e))
      .catch(() => mounted.current && setEngine('none'))
    return () => {
      mounted.current = false
    }
  }, [])

  const stop = useCallback(() => {
    const s = session.current
    session.current = null
    s?.stop()
    if (mounted.current) setState('idle')
  }, [])

  // the screen goes away, the page is hidden (mini-programs), the tab is hidden (H5): silence
  useEffect(() => () => session.current?.stop(), [])
  useDidHide(stop)
  useEffect(() => {
    if (typeof document === 'undefined') return
    const on = (): void => {
      if (document.visibilityState === 'hidden') stop()
    }
    document.addEventListener('visibilitychange', on)
    return () => document.removeEventListener('visibilitychange', on)
  }, [stop])

  if (engine === 'none') return null
  if (!engine) {
    // while the engine is being chosen (up to VOICES_WAIT_MS, or a BFF probe) the button's place is kept, unseen and
    // out of the accessibility tree, so the page below does not jump when it appears
    return (
      <TaroButton className={['yb-btn', 'yb-btn--secondary', 'yb-read-aloud', className ?? ''].filter(Boolean).join(' ')} style={{ visibility: 'hidden' }} aria-hidden='true'>
        <Text className='yb-read-aloud__icon'>▶</Text>
        {LABEL.idle}
      </TaroButton>
    )
  }

  const start = (): void => {
    const text = getText()
    if (!text.trim()) return
    setState('loading')
    const s = readAloud(text, engine, () => {
      if (session.current === s && mounted.current) setState('speaking')
    })
    session.current = s
    s.done.then(
      () => {
        if (session.current === s) {
          session.current = null
          if (mounted.current) setState('idle')
        }
      },
      () => {
        if (session.current === s) {
          session.current = null
          if (mounted.current) setState('failed')
        }
      }
    )
  }

  const busy = state === 'loading' || state === 'speaking'
  return (
    <TaroButton
      className={['yb-btn', 'yb-btn--secondary', 'yb-read-aloud', busy ? 'yb-read-aloud--busy' : '', className ?? ''].filter(Boolean).join(' ')}
      {...role('button')}
      aria-label={ARIA[state]}
      aria-pressed={state === 'speaking' ? 'true' : 'false'}
      onClick={() => (busy ? stop() : start())}
    >
      <Text className='yb-read-aloud__icon' aria-hidden='true'>
        {busy ? '■' : '▶'}
      </Text>
      {LABEL[state]}
      {state === 'failed' ? <Text className='yb-read-aloud__hint'>（未能朗读，请再试）</Text> : null}
    </TaroButton>
  )
}
