import { useRouter } from '@tarojs/taro'
import { ConfirmScreen } from '@/features/apply/ConfirmScreen'
import { readParam } from '@/shared/nav'

export default function ApplyConfirmPage() {
  const { params } = useRouter()
  return <ConfirmScreen draftId={readParam(params.draftId)} />
}
