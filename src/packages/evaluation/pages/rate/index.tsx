import { useRouter } from '@tarojs/taro'
import { RateScreen } from '@/features/evaluation/RateScreen'
import { readParam } from '@/shared/nav'
import { usePageReload } from '@/shared/hooks/usePageReload'

export default function RatePage() {
  const { params } = useRouter()
  const { signal, done } = usePageReload()
  return <RateScreen id={readParam(params.id)} reloadSignal={signal} onReloaded={done} />
}
