import { useRouter } from '@tarojs/taro'
import { QueryScreen } from '@/features/apply/QueryScreen'
import { readParam } from '@/shared/nav'

export default function ApplyQueryPage() {
  const { params } = useRouter()
  return <QueryScreen itemId={readParam(params.itemId)} region={readParam(params.region)} />
}
