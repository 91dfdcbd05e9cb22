import { useRouter } from '@tarojs/taro'
import { GuideScreen } from '@/features/catalog/GuideScreen'
import { readParam } from '@/shared/nav'

export default function GuidePage() {
  const { params } = useRouter()
  return <GuideScreen itemId={readParam(params.id)} regionCode={readParam(params.region)} />
}
