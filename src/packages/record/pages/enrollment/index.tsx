import { EnrollmentScreen } from '@/features/record/RecordScreens'

export default function EnrollmentPage() {
  return <EnrollmentScreen />
}
