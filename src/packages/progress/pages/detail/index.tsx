import { useRouter } from '@tarojs/taro'
import { ApplicationScreen } from '@/features/progress/ApplicationScreen'
import { readParam } from '@/shared/nav'
import { usePageReload } from '@/shared/hooks/usePageReload'

export default function ApplicationPage() {
  const { params } = useRouter()
  const { signal, done } = usePageReload()
  return <ApplicationScreen id={readParam(params.id)} reloadSignal={signal} onReloaded={done} />
}
