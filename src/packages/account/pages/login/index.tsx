import { useRouter } from '@tarojs/taro'
import { LoginScreen } from '@/features/account/LoginScreen'
import { readParam } from '@/shared/nav'

export default function LoginPage() {
  const { params } = useRouter()
  return <LoginScreen redirect={readParam(params.redirect)} />
}
