import { useRouter } from '@tarojs/taro'
import { DoneScreen } from '@/features/apply/DoneScreen'
import { readParam } from '@/shared/nav'

export default function ApplyDonePage() {
  const { params } = useRouter()
  return <DoneScreen applicationId={readParam(params.applicationId)} />
}
