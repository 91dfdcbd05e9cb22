import { TermsScreen } from '@/features/account/TermsScreen'
import { PRIVACY_POLICY } from '@/features/account/terms'

export default function PrivacyPage() {
  return <TermsScreen doc={PRIVACY_POLICY} />
}
