import { SMS_CODE_TTL_SECONDS } from '../../contract/auth'
import { PRIVACY_POLICY } from '../../src/features/account/terms'
import { ACCESS_TOKEN_TTL_SECONDS, REFRESH_TOKEN_TTL_DAYS } from '../src/services/tokens'

/**
 * The 隐私政策 the app shows says how long sign-in data is kept; these are the BFF's own figures, so the text cannot
 * drift from what the code does (a change to a lifetime fails here until the policy says it).
 */
describe('隐私政策 matches what the BFF keeps', () => {
  const text = PRIVACY_POLICY.sections.flatMap((s) => s.paragraphs).join('\n')
  it('states the SMS code and token lifetimes the BFF uses', () => {
    expect(text).toContain(`短信验证码 ${SMS_CODE_TTL_SECONDS / 60} 分钟内有效`)
    expect(text).toContain(`登录凭证 ${ACCESS_TOKEN_TTL_SECONDS / 60} 分钟有效`)
    expect(text).toContain(`最长 ${REFRESH_TOKEN_TTL_DAYS} 天`)
  })
  it('says the data serve no advertising, and who sees a case', () => {
    expect(PRIVACY_POLICY.intro).toMatch(/不用于广告或营销/)
    expect(text).toMatch(/受理您办件的医保经办机构工作人员/)
  })
})
