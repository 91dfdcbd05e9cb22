import { loadCatalogFiles } from '../../catalog/index'
import { caseEnded } from '../archive'
import { Catalog } from '../catalog'
import { objectionDeadline } from '../reminder-deadline'
import { AGENCY_DEFAULT_DEEMED_CONSENT_DAYS, deemedConsentDue, deemedConsentLine, reminderMessage } from '../reminders'
import type { CaseState } from '../workflow'

const files = loadCatalogFiles()
const catalog = Catalog.of(files)
const REGION = '331100'

describe('超时未反对默认办理 (000 §6.1.2.1.2; §6.2.2.1, §6.2.5.1, §6.2.6.1, §6.7.1)', () => {
  it('is part of exactly the guides that say 规定时间内未确认的视同同意办理, as the agency’s own period', () => {
    const promised = catalog.items(REGION).filter((i) => catalog.itemDetail(i.id, REGION).guide.process.deemedConsent).map((i) => i.id).sort()
    expect(promised).toEqual(['chronic-disease-filing', 'employee-enrollment', 'employee-info-change', 'employer-info-change', 'resident-info-change'])
    // 生育津贴 and a newborn's 城乡居民参保 are proposed too, but their guides promise no such thing
    expect(catalog.itemDetail('maternity-allowance', REGION).guide.process.deemedConsent).toBeUndefined()
    expect(catalog.itemDetail('resident-enrollment', REGION).guide.process.deemedConsent).toBeUndefined()
    const rule = catalog.itemDetail('resident-info-change', REGION).guide.process.deemedConsent!
    expect(rule.workingDays).toBe(AGENCY_DEFAULT_DEEMED_CONSENT_DAYS)
    expect(rule.text).toContain('标准未规定具体期限，本经办机构规定')
  })

  it('a region sets its own period (deemedConsentDays)', () => {
    const configs = files.regionConfigs.map((c) => (c.code === REGION ? { ...c, deemedConsentDays: 5 } : c))
    const own = Catalog.of({ ...files, regionConfigs: configs }).itemDetail('resident-info-change', REGION)
    expect(own.guide.process.deemedConsent?.workingDays).toBe(5)
    // Friday 4 December 2026 + 5 working days: Friday 11 December
    expect(objectionDeadline(own, true, new Date('2026-12-04T02:00:00Z'))).toBe('2026-12-11')
  })

  it('gives a deadline only where the source supplied the application and the guide promises it', () => {
    const change = catalog.itemDetail('resident-info-change', REGION)
    const now = new Date('2026-11-23T02:00:00Z')
    expect(objectionDeadline(change, true, now)).toBe('2026-12-07')
    expect(objectionDeadline(change, false, now)).toBeNull()
    expect(objectionDeadline(catalog.itemDetail('maternity-allowance', REGION), true, now)).toBeNull()
  })

  it('the whole deadline day still counts; only a pending reminder is deemed', () => {
    const r = { status: 'pending' as const, objectionDeadline: '2026-12-07' }
    expect(deemedConsentDue(r, '2026-12-07')).toBe(false)
    expect(deemedConsentDue(r, '2026-12-08')).toBe(true)
    expect(deemedConsentDue({ ...r, status: 'declined' }, '2026-12-08')).toBe(false)
    expect(deemedConsentDue({ ...r, objectionDeadline: null }, '2027-01-01')).toBe(false)
  })

  it('says the deadline in the app and in the message', () => {
    expect(deemedConsentLine('2026-12-07')).toBe('12月7日前未表示不同意的，将视同同意办理')
    expect(reminderMessage('可办理参保信息变更', '2026-12-07').body).toContain('12月7日前未表示不同意的，将视同同意办理')
    expect(reminderMessage('可办理参保登记').body).toBe('可办理参保登记，点此确认办理。')
  })
})

describe('归档 when the case ends (000 §6.1.5)', () => {
  const base: CaseState = { status: 'completed', handlingMode: 'manual', needsPaper: false, paperReceived: false, supplementReturnTo: null, delivered: false, materialsReturned: false }
  it('a smart case ends with its decision', () => {
    expect(caseEnded({ ...base, handlingMode: 'smart' })).toBe(true)
    expect(caseEnded({ ...base, handlingMode: 'smart', status: 'rejected' })).toBe(true)
    expect(caseEnded({ ...base, handlingMode: 'smart', status: 'submitted' })).toBe(false)
  })
  it('a manual case ends when delivered (001 §5.2.3.7), and kept originals returned (001 §5.2.3.6)', () => {
    expect(caseEnded({ ...base, status: 'inReview', delivered: true })).toBe(false)
    expect(caseEnded(base)).toBe(false)
    expect(caseEnded({ ...base, delivered: true })).toBe(true)
    expect(caseEnded({ ...base, status: 'rejected', delivered: true })).toBe(true)
    expect(caseEnded({ ...base, delivered: true, needsPaper: true, paperReceived: true })).toBe(false)
    expect(caseEnded({ ...base, delivered: true, needsPaper: true, paperReceived: true, materialsReturned: true })).toBe(true)
    // originals pledged but never received: nothing to return
    expect(caseEnded({ ...base, delivered: true, needsPaper: true, paperReceived: false })).toBe(true)
  })
})
