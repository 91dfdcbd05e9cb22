import { ProxyLogScreen } from '@/features/family/ProxyLogScreen'

export default function ProxyLogPage() {
  return <ProxyLogScreen />
}
