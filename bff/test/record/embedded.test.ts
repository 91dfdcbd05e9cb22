import { idNumberCheckChar, maskName } from '../../../contract/identity'
import type { PersonalAccount } from '../../../contract/record'
import { EmbeddedDataSharing } from '../../src/adapters/datasharing/embedded'
import { ACCOUNT_INTEREST_RATE, EmbeddedRecordAdapter, Prng } from '../../src/adapters/record/embedded'
import type { RegionLookup } from '../../src/adapters/record/types'

/**
 * The embedded record adapter on its own, over many invented people: the numbers are deterministic and add up for
 * everyone, not only for the sample persons; 家庭共济 pays for an insured child.
 */
function id(region: string, birth: string, seq: number): string {
  const body = `${region}${birth.replace(/-/g, '')}${String(seq).padStart(3, '0')}`
  return body + idNumberCheckChar(body)
}

const CHILD = { idNumber: id('331102', '2020-05-10', 31), name: '周小雨', birthDate: '2020-05-10', enrolled: true }
const UNBORN_YET = { idNumber: id('331102', '2026-09-01', 41), name: '周小星', birthDate: '2026-09-01', enrolled: true }
const PARENT = id('331102', '1985-07-21', 12)

const people = [
  ...Array.from({ length: 24 }, (_, i) => ({
    idNumber: id(i % 2 ? '331102' : '330802', `${1965 + i}-0${(i % 9) + 1}-1${i % 10}`, 100 + i),
    name: `测试职工${i}`,
    phone: null,
    regionCode: i % 2 ? '331102' : '330802',
    documents: ['id-card'],
    enrollment: 'employee' as const,
    children: []
  })),
  ...Array.from({ length: 8 }, (_, i) => ({
    idNumber: id('331121', `${1940 + i * 9}-11-0${i + 1}`, 200 + i),
    name: `测试居民${i}`,
    phone: null,
    regionCode: '331121',
    documents: ['id-card'],
    enrollment: 'resident' as const,
    children: []
  })),
  { idNumber: PARENT, name: '周丽', phone: null, regionCode: '331102', documents: ['id-card'], enrollment: 'employee' as const, children: [CHILD, UNBORN_YET] }
]

const REGIONS: Record<string, { name: string; fullName: string; agencyName: string | null }> = {
  '331100': { name: '丽水市', fullName: '浙江省丽水市', agencyName: null },
  '331102': { name: '莲都区', fullName: '浙江省丽水市莲都区', agencyName: null },
  '331121': { name: '青田县', fullName: '浙江省丽水市青田县', agencyName: null },
  '330800': { name: '衢州市', fullName: '浙江省衢州市', agencyName: null },
  '330802': { name: '柯城区', fullName: '浙江省衢州市柯城区', agencyName: null }
}
const region: RegionLookup = (code) => REGIONS[code] ?? null
const adapter = (): EmbeddedRecordAdapter => new EmbeddedRecordAdapter({ dataSharing: new EmbeddedDataSharing({ persons: people }), region })

const CLOCKS = ['2026-03-02T01:00:00Z', '2026-12-31T17:00:00Z' /* 2027-01-01 in Shanghai */, '2027-06-15T08:00:00Z'].map((t) => new Date(t))

function expectAccountAddsUp(a: PersonalAccount | Omit<PersonalAccount, 'demo'>): void {
  let running = 0
  for (const m of [...a.movements].reverse()) {
    running += m.amount
    expect(m.balanceAfter).toBe(running)
    expect(running).toBeGreaterThanOrEqual(0)
  }
  expect(a.balance).toBe(running)
}

describe('Prng', () => {
  it('is a function of its key', () => {
    const seq = (k: string): number[] => {
      const r = new Prng(k)
      return Array.from({ length: 50 }, () => r.next())
    }
    expect(seq('a|b')).toEqual(seq('a|b'))
    expect(seq('a|b')).not.toEqual(seq('a|c'))
    for (const x of seq('range')) {
      expect(x).toBeGreaterThanOrEqual(0)
      expect(x).toBeLessThan(1)
    }
    const r = new Prng('ints')
    const ints = Array.from({ length: 2000 }, () => r.int(3, 7))
    expect(new Set(ints)).toEqual(new Set([3, 4, 5, 6, 7]))
  })
})

describe.each(CLOCKS.map((c) => [c.toISOString(), c] as const))('at %s, for every invented person', (_label, now) => {
  it.each(people.map((p) => [p.name, p.idNumber] as const))('%s: the account and the visits add up, contributions follow the rates', async (_name, idNumber) => {
    const a = adapter()
    const [enrollment, contributions, account, visits] = await Promise.all([
      a.enrollment(idNumber, now),
      a.contributions(idNumber, now),
      a.account(idNumber, now),
      a.visits(idNumber, now)
    ])
    expect(enrollment.insured).toBe(true)
    expect(enrollment.paidMonths).toBeGreaterThan(0)
    expectAccountAddsUp(account)
    for (const v of visits) {
      expect(v.lines.reduce((s, l) => s + l.amount, 0)).toBe(v.total)
      expect(v.fundPaid + v.accountPaid + v.cashPaid).toBe(v.total)
      expect(Math.min(v.fundPaid, v.accountPaid, v.cashPaid)).toBeGreaterThanOrEqual(0)
      expect(v.settlementNo).toMatch(/^\d{20}$/)
    }
    if (enrollment.insuranceType === '职工基本医疗保险') {
      expect(account.hasAccount).toBe(true)
      for (const c of contributions) {
        expect(c.personal).toBe(Math.round(c.base! * 0.02))
        expect(c.employer).toBe(Math.round(c.base! * 0.09))
      }
      // every visit paid from the account is one of its movements
      for (const v of visits.filter((x) => x.accountPaid > 0)) {
        expect(account.movements.some((m) => m.note.includes(v.settlementNo) && m.amount === -v.accountPaid)).toBe(true)
      }
    } else {
      expect(account).toEqual({ hasAccount: false, balance: 0, yearIn: 0, yearOut: 0, movements: [] })
      expect(visits.every((v) => v.accountPaid === 0)).toBe(true)
    }
    // and a second instance says exactly the same
    expect(await adapter().visits(idNumber, now)).toEqual(visits)
    expect(await adapter().account(idNumber, now)).toEqual(account)
  })
})

describe('家庭共济 (000 §6.8.2, 003 §7.1.16)', () => {
  it('an employee’s account pays for an insured child, counted in usedThisYear; a newborn only once registered', async () => {
    // the second child is born on 2026-09-01 and registered a month or more later
    const now = new Date('2026-09-20T02:00:00Z')
    const a = adapter()
    const f = await a.familySharing(PARENT, now)
    expect(f.available).toBe(true)
    expect(f.sharedWith).toHaveLength(1)
    expect(f.sharedWith[0]).toMatchObject({ name: CHILD.name, relationshipLabel: '子女' })
    expect(f.sharedWith[0].since >= '2022-01-01').toBe(true)
    const account = await a.account(PARENT, now)
    expectAccountAddsUp(account)
    const shared = account.movements.filter((m) => m.kind === '家庭共济支出')
    expect(shared.length).toBeGreaterThan(0)
    expect(shared.every((m) => m.note.includes(maskName(CHILD.name)) && m.date >= f.sharedWith[0].since)).toBe(true)
    expect(f.usedThisYear).toBe(shared.filter((m) => m.date.startsWith('2026')).reduce((s, m) => s - m.amount, 0))
    expect(f.usedThisYear).toBeGreaterThan(0)
    const later = await a.familySharing(PARENT, new Date('2027-06-01T02:00:00Z'))
    expect(later.sharedWith.map((s) => s.name)).toContain(UNBORN_YET.name)
  })
})

describe('the annual interest', () => {
  it('is credited on 31 December on the balance of that day', async () => {
    const a = adapter()
    const p = people[3].idNumber
    const account = await a.account(p, new Date('2027-01-05T02:00:00Z'))
    const oldestFirst = [...account.movements].reverse()
    const i = oldestFirst.findIndex((m) => m.kind === '年度结息' && m.date === '2026-12-31')
    expect(i).toBeGreaterThan(0)
    const before = oldestFirst[i - 1].balanceAfter
    expect(oldestFirst[i].amount).toBe(Math.round(before * ACCOUNT_INTEREST_RATE))
  })
})
