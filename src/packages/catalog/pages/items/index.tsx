import { useRouter } from '@tarojs/taro'
import { ItemListScreen } from '@/features/catalog/ItemListScreen'
import { readParam } from '@/shared/nav'

export default function ItemsPage() {
  const { params } = useRouter()
  return <ItemListScreen regionCode={readParam(params.region)} departmentId={readParam(params.department)} />
}
