import { FamilySharingScreen } from '@/features/record/RecordScreens'

export default function FamilySharingPage() {
  return <FamilySharingScreen />
}
