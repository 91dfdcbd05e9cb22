import { http } from 'msw'
import {
  AcceptRequestSchema,
  AddFamilyMemberRequestSchema,
  FAMILY_CONSENT_AGE,
  FAMILY_MAX_MEMBERS,
  GRANT_SCOPES,
  MEMBER_STATUS_LABELS,
  RELATIONSHIP_LABELS,
  UpdateGrantSchema,
  birthDateOf,
  maskIdNumber,
  maskName,
  maskPhone,
  shanghaiToday,
  type FamilyMember,
  type FamilyRequest,
  type Grant,
  type ProxyLogEntry
} from '../contract'
import { errors } from '../domain/errors'
import { MOCK_APPLICANT, mockId } from './apply-store'
import { jsonBody, parse, route } from './http'

/**
 * msw handlers for 亲情账户 (contract/family.ts), in memory with the BFF's rules and codes: at most 5 members; a member
 * under 16 is active at once (the mock's household check accepts the children of MOCK_APPLICANT's sample), 16 and
 * over waits as `pending` (the other account confirms in the real BFF); requests, grants and the 他人为我办理 log of
 * MOCK_APPLICANT come from `seedMockFamily` (tests) and are empty otherwise.
 */
const MOCK_CHILDREN = new Set(['331102202610150040'])

interface MockFamily {
  members: FamilyMember[]
  requests: FamilyRequest[]
  grants: Grant[]
  log: ProxyLogEntry[]
}
let state: MockFamily = { members: [], requests: [], grants: [], log: [] }

export function resetMockFamily(): void {
  state = { members: [], requests: [], grants: [], log: [] }
}
export function seedMockFamily(s: Partial<MockFamily>): void {
  state = { ...state, ...s }
}
export function mockFamily(): MockFamily {
  return state
}

function ageOn(birth: string, day: string): number {
  const [by, bm, bd] = birth.split('-').map(Number)
  const [y, m, d] = day.split('-').map(Number)
  return y - by - (m < bm || (m === bm && d < bd) ? 1 : 0)
}




const P = '*/api/v1/family'

export const familyHandlers = [
  http.get(`${P}/members`, route('family', async () => ({ body: { members: state.members, limit: FAMILY_MAX_MEMBERS } }))),
  http.post(
    `${P}/members`,
    route('family', async (request) => {
      const req = parse(AddFamilyMemberRequestSchema, await jsonBody(request))
      const idNumber = req.idNumber.toUpperCase()
      if (idNumber === MOCK_APPLICANT.idNumber) throw errors.familySelf()
      if (state.members.some((m) => m.idNumber === maskIdNumber(idNumber) && m.status !== 'declined' && m.status !== 'revoked')) throw errors.familyMemberExists()
      if (state.members.filter((m) => m.status === 'active' || m.status === 'pending').length >= FAMILY_MAX_MEMBERS) throw errors.familyLimit(FAMILY_MAX_MEMBERS)
      const age = ageOn(birthDateOf(idNumber), shanghaiToday())
      const minor = age < FAMILY_CONSENT_AGE
      if (minor && !MOCK_CHILDREN.has(idNumber)) throw errors.householdUnverified()
      const requested = req.scopes?.length ? req.scopes : [...GRANT_SCOPES]
      const status = minor ? 'active' : 'pending'
      const m: FamilyMember = {
        id: mockId('member'),
        relationship: req.relationship,
        relationshipLabel: RELATIONSHIP_LABELS[req.relationship],
        name: maskName(req.name),
        idNumber: maskIdNumber(idNumber),
        age,
        minor,
        status,
        statusLabel: MEMBER_STATUS_LABELS[status],
        scopes: minor ? [...GRANT_SCOPES] : [],
        requestedScopes: requested,
        addedAt: new Date().toISOString()
      }
      state.members = [...state.members, m]
      return { status: 201, body: m }
    })
  ),
  http.delete(
    `${P}/members/:id`,
    route('family', async (_r, params) => {
      if (!state.members.some((m) => m.id === params.id)) throw errors.familyMemberUnknown()
      state.members = state.members.filter((m) => m.id !== params.id)
      return { status: 204 }
    })
  ),
  http.get(`${P}/requests`, route('family', async () => ({ body: { requests: state.requests } }))),
  http.post(
    `${P}/requests/:id/accept`,
    route('family', async (request, params) => {
      const { scopes } = parse(AcceptRequestSchema, await jsonBody(request))
      const r = state.requests.find((x) => x.id === params.id)
      if (!r) throw errors.familyRequestUnknown()
      state.requests = state.requests.filter((x) => x !== r)
      const g: Grant = { id: r.id, proxyName: r.fromName, proxyPhone: r.fromPhone, relationship: r.relationship, relationshipLabel: r.relationshipLabel, scopes, grantedAt: new Date().toISOString() }
      state.grants = [...state.grants, g]
      return { body: g }
    })
  ),
  http.post(
    `${P}/requests/:id/decline`,
    route('family', async (_r, params) => {
      if (!state.requests.some((x) => x.id === params.id)) throw errors.familyRequestUnknown()
      state.requests = state.requests.filter((x) => x.id !== params.id)
      return { status: 204 }
    })
  ),
  http.get(`${P}/grants`, route('family', async () => ({ body: { grants: state.grants } }))),
  http.put(
    `${P}/grants/:id`,
    route('family', async (request, params) => {
      const { scopes } = parse(UpdateGrantSchema, await jsonBody(request))
      const g = state.grants.find((x) => x.id === params.id)
      if (!g) throw errors.grantUnknown()
      const next = { ...g, scopes }
      state.grants = state.grants.map((x) => (x === g ? next : x))
      return { body: next }
    })
  ),
  http.delete(
    `${P}/grants/:id`,
    route('family', async (_r, params) => {
      if (!state.grants.some((x) => x.id === params.id)) throw errors.grantUnknown()
      state.grants = state.grants.filter((x) => x.id !== params.id)
      return { status: 204 }
    })
  ),
  http.get(`${P}/proxy-log`, route('family', async () => ({ body: { entries: state.log } })))
]

/** A request from another account to act for MOCK_APPLICANT, for tests and H5 demos. */
export function mockRequest(over: Partial<FamilyRequest> = {}): FamilyRequest {
  return {
    id: mockId('request'),
    fromName: maskName('王小明'),
    fromPhone: maskPhone('13800000009'),
    relationship: 'child',
    relationshipLabel: RELATIONSHIP_LABELS.child,
    requestedScopes: ['evoucher', 'apply', 'cases'],
    createdAt: '2026-11-20T02:00:00.000Z',
    ...over
  }
}
