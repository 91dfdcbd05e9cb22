import { z } from 'zod'
import {
  FamilyMemberSchema,
  FamilyMembersResponseSchema,
  FamilyRequestsResponseSchema,
  GrantSchema,
  GrantsResponseSchema,
  ProxyLogResponseSchema,
  type AddFamilyMemberRequest,
  type FamilyMember,
  type FamilyMembersResponse,
  type FamilyRequest,
  type Grant,
  type GrantScope,
  type ProxyLogEntry
} from '@contract'
import { apiDelete, apiGet, apiPost, apiPut } from '@/shared/api/client'
import { API } from '@/shared/api/routes'

/** The family routes of contract/family.ts (亲情账户, 授权代理, 他人为我办理). */
const FAMILY_API = {
  members: '/api/v1/family/members',
  member: (id: string) => `/api/v1/family/members/${encodeURIComponent(id)}`,
  requests: API.familyRequests,
  accept: (id: string) => `/api/v1/family/requests/${encodeURIComponent(id)}/accept`,
  decline: (id: string) => `/api/v1/family/requests/${encodeURIComponent(id)}/decline`,
  grants: '/api/v1/family/grants',
  grant: (id: string) => `/api/v1/family/grants/${encodeURIComponent(id)}`,
  log: '/api/v1/family/proxy-log'
} as const

const Nothing = z.unknown()

export const familyApi = {
  members: (): Promise<FamilyMembersResponse> => apiGet(FAMILY_API.members, FamilyMembersResponseSchema),
  add: (req: AddFamilyMemberRequest): Promise<FamilyMember> => apiPost(FAMILY_API.members, FamilyMemberSchema, req),
  remove: async (id: string): Promise<void> => {
    await apiDelete(FAMILY_API.member(id), Nothing)
  },
  requests: async (): Promise<FamilyRequest[]> => (await apiGet(FAMILY_API.requests, FamilyRequestsResponseSchema)).requests,
  accept: (id: string, scopes: GrantScope[]): Promise<Grant> => apiPost(FAMILY_API.accept(id), GrantSchema, { scopes }),
  decline: async (id: string): Promise<void> => {
    await apiPost(FAMILY_API.decline(id), Nothing)
  },
  grants: async (): Promise<Grant[]> => (await apiGet(FAMILY_API.grants, GrantsResponseSchema)).grants,
  updateGrant: (id: string, scopes: GrantScope[]): Promise<Grant> => apiPut(FAMILY_API.grant(id), GrantSchema, { scopes }),
  revoke: async (id: string): Promise<void> => {
    await apiDelete(FAMILY_API.grant(id), Nothing)
  },
  log: async (): Promise<ProxyLogEntry[]> => (await apiGet(FAMILY_API.log, ProxyLogResponseSchema)).entries
}
