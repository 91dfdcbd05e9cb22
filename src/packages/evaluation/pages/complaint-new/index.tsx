import { useRouter } from '@tarojs/taro'
import { ComplaintFormScreen } from '@/features/evaluation/ComplaintFormScreen'
import { readParam } from '@/shared/nav'

export default function ComplaintNewPage() {
  const { params } = useRouter()
  return <ComplaintFormScreen applicationId={readParam(params.applicationId)} />
}
