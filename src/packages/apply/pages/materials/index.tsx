import { useRouter } from '@tarojs/taro'
import { MaterialsScreen } from '@/features/apply/MaterialsScreen'
import { readParam } from '@/shared/nav'

export default function ApplyMaterialsPage() {
  const { params } = useRouter()
  return <MaterialsScreen draftId={readParam(params.draftId)} />
}
