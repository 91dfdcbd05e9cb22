import { AddMemberScreen } from '@/features/family/AddMemberScreen'

export default function AddMemberPage() {
  return <AddMemberScreen />
}
