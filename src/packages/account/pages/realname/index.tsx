import { useRouter } from '@tarojs/taro'
import { RealnameScreen } from '@/features/account/RealnameScreen'
import { readParam } from '@/shared/nav'

export default function RealnamePage() {
  const { params } = useRouter()
  return <RealnameScreen redirect={readParam(params.redirect)} />
}
