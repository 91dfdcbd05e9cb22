import { useRouter } from '@tarojs/taro'
import { ComplaintScreen } from '@/features/evaluation/ComplaintScreen'
import { readParam } from '@/shared/nav'
import { usePageReload } from '@/shared/hooks/usePageReload'

export default function ComplaintPage() {
  const { params } = useRouter()
  const { signal, done } = usePageReload()
  return <ComplaintScreen id={readParam(params.id)} reloadSignal={signal} onReloaded={done} />
}
