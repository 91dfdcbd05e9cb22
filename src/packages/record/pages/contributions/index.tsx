import { ContributionsScreen } from '@/features/record/RecordScreens'

export default function ContributionsPage() {
  return <ContributionsScreen />
}
