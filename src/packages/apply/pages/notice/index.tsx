import { useRouter } from '@tarojs/taro'
import { NoticeScreen } from '@/features/apply/NoticeScreen'
import { readParam } from '@/shared/nav'

export default function ApplyNoticePage() {
  const { params } = useRouter()
  return <NoticeScreen itemId={readParam(params.itemId)} regionCode={readParam(params.region)} />
}
