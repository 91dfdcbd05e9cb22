import { useRouter } from '@tarojs/taro'
import { VisitScreen } from '@/features/record/VisitScreens'
import { readParam } from '@/shared/nav'

export default function VisitPage() {
  const { params } = useRouter()
  return <VisitScreen settlementNo={readParam(params.no)} />
}
