import { z } from 'zod'
import { IdNumberSchema, PersonNameSchema, PhoneSchema } from './identity'

/**
 * Family accounts (亲情账户), proxies (亲友代办) and grants (授权代理) — 002 (适老化: 医保信息系统支持授权代理、亲友代办),
 * 003 附录 1.14 (授权代办、亲情绑定). Every route takes `Authorization: Bearer <accessToken>` of a real-named account.
 *
 * The proxy's side (the user who adds family members and acts for them):
 *   GET    /api/v1/family/members                          → FamilyMembersResponse (up to FAMILY_MAX_MEMBERS)
 *   POST   /api/v1/family/members  AddFamilyMemberRequest   → FamilyMember (201)
 *            under 16: active at once on the user's declaration + a household-relation check (data-sharing adapter)
 *            16 and over: `pending` until the member accepts from their own account; the member is told by SMS (their
 *            account's phone, else the `phone` given) and in the app (home and 亲情账户 show the request until answered)
 *   DELETE /api/v1/family/members/:id                      → 204 (the user removes a member at any time; grants end)
 *
 * The member's side (the person acted for, 16+):
 *   GET    /api/v1/family/requests                          → FamilyRequestsResponse (requests awaiting my answer)
 *   POST   /api/v1/family/requests/:id/accept  {scopes}     → Grant (the member may narrow the scopes asked for)
 *   POST   /api/v1/family/requests/:id/decline              → 204
 *   GET    /api/v1/family/grants                            → GrantsResponse (everyone who may act for me, and how)
 *   PUT    /api/v1/family/grants/:id  {scopes}              → Grant (narrow or widen; at least one scope)
 *   DELETE /api/v1/family/grants/:id                        → 204 (revoked at once)
 *   GET    /api/v1/family/proxy-log                         → ProxyLogResponse ("他人为我办理": every action taken for me)
 *
 * Acting for someone: routes about a person take `insuredId` — `self` (default) or a FamilyMember id — and the BFF
 * checks the grant's scope on every read and write (403 GRANT_REQUIRED; 404 FAMILY_MEMBER_UNKNOWN for an id that is
 * not one of the user's members). Records made by a proxy carry both the actor (the account) and the applicant.
 */

export const FAMILY_MAX_MEMBERS = 5
/** under this age a member is added on the user's declaration (guardian) plus a household-relation check */
export const FAMILY_CONSENT_AGE = 16

/** What a proxy may do for a member. */
export const GRANT_SCOPES = ['evoucher', 'apply', 'cases', 'rate', 'record'] as const
export const GrantScopeSchema = z.enum(GRANT_SCOPES)
export type GrantScope = z.infer<typeof GrantScopeSchema>
export const GRANT_SCOPE_LABELS: Record<GrantScope, string> = {
  evoucher: '出示医保码',
  apply: '代为申办',
  cases: '查看办件进度',
  rate: '代为评价',
  record: '查看医保档案'
}

export const RELATIONSHIPS = ['parent', 'spouse', 'child', 'grandparent', 'grandchild', 'sibling', 'other'] as const
export const RelationshipSchema = z.enum(RELATIONSHIPS, { errorMap: () => ({ message: '请选择与您的关系' }) })
export type Relationship = z.infer<typeof RelationshipSchema>
/** the member is the user's … */
export const RELATIONSHIP_LABELS: Record<Relationship, string> = {
  parent: '父母',
  spouse: '配偶',
  child: '子女',
  grandparent: '祖父母/外祖父母',
  grandchild: '孙子女/外孙子女',
  sibling: '兄弟姐妹',
  other: '其他亲属'
}

export const ScopesSchema = z
  .array(GrantScopeSchema, { invalid_type_error: '请选择授权范围' })
  .min(1, '请至少选择一项授权')
  .max(GRANT_SCOPES.length)
  .transform((s) => [...new Set(s)])

export const AddFamilyMemberRequestSchema = z.object({
  relationship: RelationshipSchema,
  name: PersonNameSchema,
  idNumber: IdNumberSchema,
  /** what the user asks to be allowed to do (a 16+ member decides; for under-16 members every scope) */
  scopes: ScopesSchema.optional(),
  /**
   * the member's mobile, to tell a 16+ member of the request by SMS when they have no account yet (a member with an
   * account is told on their own phone and on their home page)
   */
  phone: z.preprocess((v) => (typeof v === 'string' && v.trim() === '' ? undefined : v), PhoneSchema.optional())
})
export type AddFamilyMemberRequest = z.input<typeof AddFamilyMemberRequestSchema>

export const MemberStatusSchema = z.enum(['active', 'pending', 'declined', 'revoked'])
export type MemberStatus = z.infer<typeof MemberStatusSchema>
export const MEMBER_STATUS_LABELS: Record<MemberStatus, string> = {
  active: '已授权',
  pending: '待对方确认',
  declined: '对方已拒绝',
  revoked: '对方已取消授权'
}

export const FamilyMemberSchema = z.object({
  id: z.string(),
  relationship: RelationshipSchema,
  relationshipLabel: z.string(),
  /** masked: 张*华 */
  name: z.string(),
  /** masked: 3311**********0019 */
  idNumber: z.string(),
  age: z.number().int(),
  /** under FAMILY_CONSENT_AGE: added by the guardian's declaration */
  minor: z.boolean(),
  status: MemberStatusSchema,
  statusLabel: z.string(),
  /** what the user may do now (empty until accepted; the member may narrow or revoke) */
  scopes: z.array(GrantScopeSchema),
  /** what was asked for */
  requestedScopes: z.array(GrantScopeSchema),
  addedAt: z.string()
})
export type FamilyMember = z.infer<typeof FamilyMemberSchema>
export const FamilyMembersResponseSchema = z.object({ members: z.array(FamilyMemberSchema), limit: z.number().int() })
export type FamilyMembersResponse = z.infer<typeof FamilyMembersResponseSchema>

/** A request to act for me, as the member sees it. */
export const FamilyRequestSchema = z.object({
  id: z.string(),
  /** the requesting account's real name (masked) and phone (masked) */
  fromName: z.string(),
  fromPhone: z.string(),
  /** how the requester says they relate to me: I am their … */
  relationship: RelationshipSchema,
  relationshipLabel: z.string(),
  requestedScopes: z.array(GrantScopeSchema),
  createdAt: z.string()
})
export type FamilyRequest = z.infer<typeof FamilyRequestSchema>
export const FamilyRequestsResponseSchema = z.object({ requests: z.array(FamilyRequestSchema) })
export const AcceptRequestSchema = z.object({ scopes: ScopesSchema })
export const UpdateGrantSchema = z.object({ scopes: ScopesSchema })

/** A grant as the member sees it: who may act for me and how. */
export const GrantSchema = z.object({
  id: z.string(),
  proxyName: z.string(),
  proxyPhone: z.string(),
  relationship: RelationshipSchema,
  relationshipLabel: z.string(),
  scopes: z.array(GrantScopeSchema),
  grantedAt: z.string()
})
export type Grant = z.infer<typeof GrantSchema>
export const GrantsResponseSchema = z.object({ grants: z.array(GrantSchema) })

/** 他人为我办理: an action a proxy took for me. */
export const ProxyLogEntrySchema = z.object({
  id: z.string(),
  at: z.string(),
  /** the proxy's name (masked) */
  actorName: z.string(),
  action: z.string(),
  /** 代为申办“…”, 出示医保码, 查看办件… */
  label: z.string(),
  applicationId: z.string().nullable()
})
export type ProxyLogEntry = z.infer<typeof ProxyLogEntrySchema>
export const ProxyLogResponseSchema = z.object({ entries: z.array(ProxyLogEntrySchema) })

/** `insuredId` of routes about a person: self, or one of the user's family member ids. */
export const InsuredIdSchema = z.string().min(1).max(64).default('self')
export const InsuredQuerySchema = z.object({ insuredId: InsuredIdSchema })
