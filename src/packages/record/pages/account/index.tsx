import { AccountScreen } from '@/features/record/RecordScreens'

export default function AccountPage() {
  return <AccountScreen />
}
