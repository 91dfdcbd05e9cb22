import { VisitsScreen } from '@/features/record/VisitScreens'

export default function VisitsPage() {
  return <VisitsScreen />
}
