import { ApplicationsScreen } from '@/features/progress/ApplicationsScreen'
import { usePageReload } from '@/shared/hooks/usePageReload'

export default function ApplicationsPage() {
  const { signal, done } = usePageReload()
  return <ApplicationsScreen reloadSignal={signal} onReloaded={done} />
}
