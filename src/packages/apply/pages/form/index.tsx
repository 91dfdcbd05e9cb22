import { useRouter } from '@tarojs/taro'
import { FormScreen } from '@/features/apply/FormScreen'
import { readParam } from '@/shared/nav'

export default function ApplyFormPage() {
  const { params } = useRouter()
  return <FormScreen draftId={readParam(params.draftId)} />
}
