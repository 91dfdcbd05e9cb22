import { HomeScreen } from '@/features/home/HomeScreen'
import { usePageReload } from '@/shared/hooks/usePageReload'

export default function HomePage() {
  // shown again (back from 亲情账户…): what home shows about the account is asked again
  const { signal } = usePageReload()
  return <HomeScreen reloadSignal={signal} />
}
