import { ApplicationsScreen } from '@/features/progress/ApplicationsScreen'
import { usePageReload } from '../../usePageReload'

export default function ApplicationsPage() {
  const { signal, done } = usePageReload()
  return <ApplicationsScreen reloadSignal={signal} onReloaded={done} />
}
