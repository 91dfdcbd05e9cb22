import { TermsScreen } from '@/features/account/TermsScreen'
import { USER_AGREEMENT } from '@/features/account/terms'

export default function AgreementPage() {
  return <TermsScreen doc={USER_AGREEMENT} />
}
