import { ComplaintsScreen } from '@/features/evaluation/ComplaintsScreen'
import { usePageReload } from '@/shared/hooks/usePageReload'

export default function ComplaintsPage() {
  const { signal, done } = usePageReload()
  return <ComplaintsScreen reloadSignal={signal} onReloaded={done} />
}
