import { RegionPickerScreen } from '@/features/region/RegionPickerScreen'

export default function RegionPickerPage() {
  return <RegionPickerScreen />
}
