import { useRouter } from '@tarojs/taro'
import { RemindersScreen } from '@/features/messages/RemindersScreen'
import { readParam } from '@/shared/nav'
import { usePageReload } from '@/shared/hooks/usePageReload'

export default function RemindersPage() {
  const { params } = useRouter()
  const { signal, done } = usePageReload()
  return <RemindersScreen highlightId={readParam(params.id)} reloadSignal={signal} onReloaded={done} />
}
