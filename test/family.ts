import type { FamilyMember } from '@contract'

/**
 * The father of the mocks (mock/evoucher-api.ts `member-father`, 75, 已授权) as the family list shows him; tests of
 * any capability that acts for him name the scopes he granted.
 */
export function fatherMember(over: Partial<FamilyMember> = {}): FamilyMember {
  return {
    id: 'member-father',
    relationship: 'parent',
    relationshipLabel: '父母',
    name: '王**',
    idNumber: '331121********0019',
    age: 75,
    minor: false,
    status: 'active',
    statusLabel: '已授权',
    scopes: ['evoucher', 'record'],
    requestedScopes: ['evoucher', 'record'],
    addedAt: '2026-11-01T02:00:00.000Z',
    ...over
  }
}
