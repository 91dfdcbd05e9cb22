import { ANY_ITEM, isAbsent, nextAssignee, ruleFor, unassignedTooLong, type AssignmentRule } from '../assignment'

const rule = (id: string, regionCode: string, itemId: string, clerkIds: string[] = ['a'], lastStaffId: string | null = null): AssignmentRule => ({
  id,
  regionCode,
  itemId,
  clerkIds,
  lastStaffId
})

describe('the rule a case follows (001 §5.2.3.1)', () => {
  const rules = [rule('prov', '330000', ANY_ITEM), rule('city', '331100', ANY_ITEM), rule('county', '331102', ANY_ITEM), rule('county-item', '331102', 'medical-reimbursement'), rule('city-item', '331100', 'birth')]

  it('takes the item’s own rule before the every-item one, and the nearest region before a wider one', () => {
    expect(ruleFor(rules, { regionCode: '331102', itemId: 'medical-reimbursement' })?.id).toBe('county-item')
    expect(ruleFor(rules, { regionCode: '331102', itemId: 'other' })?.id).toBe('county')
    expect(ruleFor(rules, { regionCode: '331121', itemId: 'birth' })?.id).toBe('city-item')
    expect(ruleFor(rules, { regionCode: '331121', itemId: 'other' })?.id).toBe('city')
    expect(ruleFor(rules, { regionCode: '330102', itemId: 'other' })?.id).toBe('prov')
  })

  it('is none outside every rule’s region', () => {
    expect(ruleFor(rules, { regionCode: '320102', itemId: 'birth' })).toBeNull()
  })
})

describe('round robin, skipping the absent', () => {
  it('goes on after the last clerk, around the end, and skips who is away', () => {
    const r = { clerkIds: ['a', 'b', 'c'], lastStaffId: null as string | null }
    const seen: Array<string | null> = []
    for (let i = 0; i < 4; i++) {
      const next = nextAssignee(r, () => true)
      seen.push(next)
      r.lastStaffId = next
    }
    expect(seen).toEqual(['a', 'b', 'c', 'a'])
    expect(nextAssignee({ clerkIds: ['a', 'b', 'c'], lastStaffId: 'a' }, (id) => id !== 'b')).toBe('c')
    expect(nextAssignee({ clerkIds: ['a', 'b', 'c'], lastStaffId: 'removed' }, () => true)).toBe('a')
    expect(nextAssignee({ clerkIds: ['a', 'b'], lastStaffId: 'a' }, () => false)).toBeNull()
    expect(nextAssignee({ clerkIds: [], lastStaffId: null }, () => true)).toBeNull()
  })

  it('counts an absence on its first and last day', () => {
    const away = [{ staffId: 'b', from: '2026-12-07', until: '2026-12-09' }]
    expect(['2026-12-06', '2026-12-07', '2026-12-09', '2026-12-10'].map((d) => isAbsent(away, 'b', d))).toEqual([false, true, true, false])
    expect(isAbsent(away, 'a', '2026-12-08')).toBe(false)
  })

  it('alerts once a case has waited the configured minutes', () => {
    const now = new Date('2026-12-07T02:30:00Z')
    expect(unassignedTooLong('2026-12-07T02:00:00Z', now, 30)).toBe(true)
    expect(unassignedTooLong('2026-12-07T02:00:01Z', now, 30)).toBe(false)
  })
})
