import { create } from 'zustand'
import { FamilyMembersResponseSchema, type GrantScope } from '@contract'
import { apiGet } from '../api/client'

/**
 * Whom the user is acting for ("switch the person you are acting for at the top of e-voucher, apply, my
 * cases and record pages; the person acted for is always visible"). Shared by those capabilities, which do not
 * import each other; the family capability manages the members, this store only reads them.
 * Not persisted: every app start acts for oneself, so nobody shows a relative's code by surprise.
 */
export interface ActingPerson {
  /** 'self' or a FamilyMember id (the BFF's `insuredId`) */
  id: string
  /** masked name */
  name: string
  /** 本人, or the relationship (父母, 子女…) */
  label: string
  scopes: GrantScope[]
}

export const SELF: ActingPerson = { id: 'self', name: '', label: '本人', scopes: ['evoucher', 'apply', 'cases', 'rate', 'record'] }

interface ActingState {
  insuredId: string
  members: ActingPerson[]
  loaded: boolean
  choose: (id: string) => void
  load: () => Promise<void>
  reset: () => void
}

export const useActingStore = create<ActingState>()((set) => ({
  insuredId: 'self',
  members: [],
  loaded: false,
  choose: (id) => set({ insuredId: id }),
  load: async () => {
    const res = await apiGet('/api/v1/family/members', FamilyMembersResponseSchema)
    const members = res.members
      .filter((m) => m.status === 'active')
      .map((m) => ({ id: m.id, name: m.name, label: m.relationshipLabel, scopes: m.scopes }))
    set((s) => ({ members, loaded: true, insuredId: members.some((m) => m.id === s.insuredId) ? s.insuredId : 'self' }))
  },
  reset: () => set({ insuredId: 'self', members: [], loaded: false })
}))

/** The people the user may act for with this scope: oneself first, then members holding the grant. */
export function peopleFor(members: ActingPerson[], scope: GrantScope): ActingPerson[] {
  return [SELF, ...members.filter((m) => m.scopes.includes(scope))]
}

/** The person acted for on a page with this scope (falls back to oneself when the grant was narrowed). */
export function useActingFor(scope: GrantScope): ActingPerson {
  const { insuredId, members } = useActingStore()
  return peopleFor(members, scope).find((p) => p.id === insuredId) ?? SELF
}
