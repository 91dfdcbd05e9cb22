import { setSession } from '@/shared/session'

/** Tests of the 医保码 page: signed in with a verified identity (sign-in itself is src/shared/session's, tested there). */
export function signInSample(): void {
  setSession({
    accessToken: 'access-test',
    refreshToken: 'refresh-test',
    expiresIn: 900,
    user: { id: 'u1', phone: '138****0001', realName: { name: '张**', idNumber: '331102********0025', verifiedAt: '2026-11-22T02:00:00Z' }, platforms: [] }
  })
}

/** The father of the mocks, who granted `evoucher` and `record`. */
export { fatherMember as familyMember } from '../../../test/family'
