import { useRouter } from '@tarojs/taro'
import { MetricsScreen } from '@/features/evaluation/MetricsScreen'
import { readParam } from '@/shared/nav'

export default function MetricsPage() {
  const { params } = useRouter()
  return <MetricsScreen regionParam={readParam(params.region)} />
}
