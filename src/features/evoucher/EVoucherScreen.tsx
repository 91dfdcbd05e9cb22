import { Text, View } from '@tarojs/components'
import { useEffect, useRef, useState } from 'react'
import type { EVoucher } from '@contract'
import { useActingFor } from '@/shared/acting'
import { ActingForBar } from '@/shared/acting/ActingForBar'
import { currentPlatform, type MediaPlatform } from '@/shared/media'
import { navigate, ROUTES } from '@/shared/nav'
import { useSession } from '@/shared/session'
import { SignedInScreen, useSignedIn } from '@/shared/session/gate'
import { Button, ErrorState, Field, LoadingState, Notice, Tag } from '@/shared/ui'
import { role } from '@/shared/ui/a11y'
import { OfficialChannel } from './OfficialChannel'
import { QrCode } from './QrCode'
import { useScreenGuard } from '@/shared/platform/screen'
import { useEVoucher, type EVoucherState } from './useEVoucher'
import { useEVoucherUsage } from './useEVoucherUsage'
import { UsageLog } from './UsageLog'
import './evoucher.scss'

export const DEMO_NOTICE = '演示码，不能在医院药店使用'
export const PERSONAL_USE_NOTICE = '仅限本人就医使用·请勿截图'

/** H5: true while the tab is in the background (the QR is hidden, so the app switcher shows no live code). */
function useDocumentHidden(platform: MediaPlatform): boolean {
  const [hidden, setHidden] = useState(false)
  useEffect(() => {
    if (platform !== 'h5' || typeof document === 'undefined') return
    const on = () => setHidden(document.visibilityState === 'hidden')
    on()
    document.addEventListener('visibilitychange', on)
    return () => document.removeEventListener('visibilitychange', on)
  }, [platform])
  return hidden
}

function countdownText(q: EVoucherState): string {
  if (q.refreshing) return '正在刷新医保码…'
  if (q.expired) return '医保码已过期，请点击“刷新”'
  return `有效期剩余 ${q.secondsLeft} 秒，到期前自动刷新`
}

function VoucherCard({ v, q, concealed, platform }: { v: EVoucher; q: EVoucherState; concealed: boolean; platform: MediaPlatform }) {
  const hideQr = concealed || q.expired
  return (
    <View className='evoucher-card'>
      <View className='evoucher-card__head'>
        <Text className='evoucher-card__title'>医保电子凭证</Text>
        {v.demo ? <Tag tone='warning'>演示</Tag> : null}
      </View>
      {v.demo ? (
        <Notice tone='warning' title={DEMO_NOTICE}>
          <Text>这是演示环境生成的医保码，仅供体验。就医购药请使用国家医保服务平台，或微信、支付宝中的医保码。</Text>
        </Notice>
      ) : null}
      <View className='evoucher-holder'>
        <Text className='evoucher-holder__name'>{v.name}</Text>
        <Text className='evoucher-holder__id'>{v.idNumber}</Text>
      </View>
      <View className='evoucher-qr'>
        {hideQr ? (
          <View className='evoucher-qr__hidden' {...role('img')} aria-label={q.expired ? '医保码已过期' : '医保码已隐藏'}>
            <Text className='evoucher-qr__hidden-text'>{q.expired ? '医保码已过期' : '医保码已隐藏'}</Text>
          </View>
        ) : (
          <QrCode code={v.code} platform={platform} label={`${v.name}的医保码`} />
        )}
      </View>
      <Text className={`evoucher-countdown${q.expired ? ' evoucher-countdown--expired' : ''}`} aria-live='polite'>
        {countdownText(q)}
      </Text>
      {q.error ? (
        <Text className='evoucher-error' {...role('alert')}>
          刷新失败：{q.error.message}
        </Text>
      ) : null}
      {/* a new function each render: Taro's H5 event sync drops a stable handler once `disabled` has toggled */}
      <Button block variant={q.expired ? 'primary' : 'secondary'} disabled={q.refreshing} onClick={() => q.refresh()}>
        {q.refreshing ? '正在刷新…' : '刷新'}
      </Button>
      <Text className='evoucher-personal'>{PERSONAL_USE_NOTICE}</Text>
      <View className='evoucher-fields'>
        <Field label='参保地'>{v.insuredPlace?.name ?? '—'}</Field>
        <Field label='险种'>{v.insuranceType ?? '—'}</Field>
        <Field label='参保状态'>{v.enrollmentStatus}</Field>
      </View>
    </View>
  )
}

/** 未参保: no code; say so plainly and lead to 参保登记 in the catalog. */
function NotInsured({ v, q }: { v: EVoucher; q: EVoucherState }) {
  return (
    <View className='evoucher-card'>
      <View className='evoucher-card__head'>
        <Text className='evoucher-card__title'>未参保，暂无医保电子凭证</Text>
        {v.demo ? <Tag tone='warning'>演示</Tag> : null}
      </View>
      <View className='evoucher-fields'>
        <Field label='姓名'>{v.name}</Field>
        <Field label='身份证号'>{v.idNumber}</Field>
        <Field label='参保状态'>{v.enrollmentStatus}</Field>
      </View>
      <Text className='evoucher-uninsured__text'>
        没有查询到基本医疗保险的参保信息，暂时不能使用医保电子凭证。可办理参保登记，参保后即可使用医保码看病购药。
      </Text>
      {q.error ? (
        <Text className='evoucher-error' {...role('alert')}>
          刷新失败：{q.error.message}
        </Text>
      ) : null}
      <Button block onClick={() => navigate(ROUTES.search, { q: '参保登记' })}>
        查找参保登记
      </Button>
      <Button block variant='text' disabled={q.refreshing} onClick={() => q.refresh()}>
        {q.refreshing ? '正在查询…' : '已参保？重新查询'}
      </Button>
    </View>
  )
}

/** New codes stopped after 「不是我」 (423 EVOUCHER_FROZEN): the BFF's message says until when and how to end it early. */
function Frozen({ message, onRetry }: { message: string; onRetry: () => void }) {
  return (
    <View className='evoucher-card'>
      <View className='evoucher-card__head'>
        <Text className='evoucher-card__title'>医保码已暂停使用</Text>
      </View>
      <Text className='evoucher-frozen__text' {...role('alert')}>
        {message}
      </Text>
      <Button block variant='text' onClick={onRetry}>
        重新获取
      </Button>
    </View>
  )
}

/**
 * 医保电子凭证 (000 §3.2, §7): the QR code of the person acted for, with a countdown and a new code
 * EVOUCHER_REFRESH_BEFORE_SECONDS before expiry, masked name and 身份证号, 参保地, 险种, 参保状态, 演示 for the
 * embedded adapter's codes, and 仅限本人就医使用·请勿截图. While shown: full brightness, screen kept on, hidden in
 * captures where the platform allows (screenGuard.ts); the code is hidden while the page or tab is in the background
 * and a new one is fetched when it comes back. Below the code, its 使用记录 with 「不是我」 (UsageLog). `active` is the page's shown/hidden state (useDidShow/useDidHide in
 * the page shell); `platform` is for tests.
 */
export function EVoucherScreen({ active = true, platform = currentPlatform() }: { active?: boolean; platform?: MediaPlatform }) {
  const docHidden = useDocumentHidden(platform)
  const shown = active && !docHidden
  const [shows, setShows] = useState(0)
  const wasShown = useRef(shown)
  useEffect(() => {
    if (shown && !wasShown.current) setShows((n) => n + 1)
    wasShown.current = shown
  }, [shown])

  const auth = useSignedIn(ROUTES.evoucher, shows)
  const ready = auth.state === 'ready'
  const acting = useActingFor('evoucher')
  const session = useSession()
  const q = useEVoucher(ready ? acting.id : null, shown)
  const usage = useEVoucherUsage(ready ? acting.id : null, shows)
  // bright while a code is (or is about to be) on screen; not for a person who has none
  useScreenGuard(shown && ready && q.voucher?.insured !== false, platform)

  // shown again (back from another page, the app or tab back in front): a fresh code at once
  const { refresh } = q
  useEffect(() => {
    if (shows > 0) refresh()
  }, [shows, refresh])

  let body
  if (q.loading) body = <LoadingState text='正在获取医保码…' />
  else if (!q.voucher)
    body =
      q.error?.code === 'EVOUCHER_FROZEN' ? (
        <Frozen message={q.error.message} onRetry={q.retry} />
      ) : q.error ? (
        <ErrorState error={q.error} onRetry={q.retry} />
      ) : (
        <LoadingState text='正在获取医保码…' />
      )
  else if (!q.voucher.insured) body = <NotInsured v={q.voucher} q={q} />
  else body = <VoucherCard v={q.voucher} q={q} concealed={!shown} platform={platform} />

  return (
    <SignedInScreen auth={auth} className='evoucher'>
      <ActingForBar scope='evoucher' selfName={session.user?.realName?.name} />
      {body}
      {ready ? <UsageLog u={usage} onReported={q.retry} /> : null}
      <OfficialChannel platform={platform} />
    </SignedInScreen>
  )
}
