import { useRouter } from '@tarojs/taro'
import { DepartmentsScreen } from '@/features/catalog/DepartmentsScreen'
import { readParam } from '@/shared/nav'

export default function DepartmentsPage() {
  const { params } = useRouter()
  return <DepartmentsScreen regionCode={readParam(params.region)} />
}
