import type { GrantScope } from '../../../contract/family'
import type { ActingUser } from './apply'

/** The person a request is about: the signed-in user themselves, or a family member they act for under a grant. */
export interface InsuredPerson {
  name: string
  /** 身份证号, whole (server side only) */
  idNumber: string
  /** the FamilyMember id when acting for a member, null for oneself */
  memberId: string | null
}

/**
 * Every read and write about a person goes through here: the BFF checks the grant on every read and write about
 * another person. Implemented by FamilyService. Every method reads or writes the database: await it.
 */
export interface PersonAccess {
  /**
   * `insuredId` 'self' (or undefined) → the user's own real-named identity (403 REALNAME_REQUIRED without one);
   * a family member id → that member when the user holds an active grant with `scope` (403 GRANT_REQUIRED), else
   * 404 FAMILY_MEMBER_UNKNOWN for an id that is not one of the user's members.
   */
  resolve(user: ActingUser, insuredId: string | undefined, scope: GrantScope): Promise<InsuredPerson>
  /**
   * The one authorisation decision for reading or writing data about a person (keyed by the person's 身份证号 and the
   * scope): the account's own identity, an active grant with `scope`, or a 提醒办 the agency addressed to the account about that person (apply
   * and cases only). Every personal route — drafts, cases and their progress, ratings, 追评, photos, complaints about a
   * case, e-voucher, record, notifications about a case — asks this, the account that submitted a case included.
   */
  allows(userId: string, idNumber: string, scope: GrantScope): Promise<boolean>
  /** 他人为我办理: log an action a proxy took for a member (no-op when the user acts for themselves) */
  logProxyAction(user: ActingUser, person: InsuredPerson, action: string, label: string, applicationId?: string | null): Promise<void>
}
