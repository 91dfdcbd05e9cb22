import { RecordHomeScreen } from '@/features/record/RecordHomeScreen'

export default function RecordPage() {
  return <RecordHomeScreen />
}
