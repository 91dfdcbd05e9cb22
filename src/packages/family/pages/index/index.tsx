import { useEffect } from 'react'
import { FamilyScreen } from '@/features/family/FamilyScreen'
import { usePageReload } from '@/shared/hooks/usePageReload'

export default function FamilyPage() {
  const { signal, done } = usePageReload()
  // the screen reloads on the signal; the platform's pull-down spinner stops at once
  useEffect(() => {
    if (signal) done()
  }, [signal, done])
  return <FamilyScreen reloadSignal={signal} />
}
