import { MessagesScreen } from '@/features/messages/MessagesScreen'
import { usePageReload } from '@/shared/hooks/usePageReload'

export default function MessagesPage() {
  const { signal, done } = usePageReload()
  return <MessagesScreen reloadSignal={signal} onReloaded={done} />
}
