import { useRouter } from '@tarojs/taro'
import { SearchScreen } from '@/features/search/SearchScreen'
import { readParam } from '@/shared/nav'

export default function SearchPage() {
  const { params } = useRouter()
  return <SearchScreen initialQuery={readParam(params.q)} />
}
