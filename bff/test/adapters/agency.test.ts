import { loadCatalogFiles } from '../../../catalog/index'
import { maskIdNumber } from '../../../contract/identity'
import {
  EmbeddedAgency,
  NEWBORN_REMINDER_DAYS,
  RESIDENT_ENROLLMENT_ITEM,
  SMART_RULE_ITEMS,
  createAgencyAdapter,
  type AgencyAdapter,
  type ReminderProposal
} from '../../src/adapters/agency'
import { EmbeddedDataSharing, createDataSharingAdapter, type DataSharingAdapter, type PersonRecord } from '../../src/adapters/datasharing'
import samplePersons from '../../src/adapters/sample/persons.json'

const ZHANG = '331102198803120025' // 张丽华: employee insured, married, newborn 王小宝 (2026-10-15)
const WANG = '331121195106080019' // 王建国: 75, resident insured, retired
const LI = '330802199001010037' // 李明: employee insured, registered unemployed
const LIU = '430602197005200026' // 刘芳: not enrolled
const CHILD = '331102202610150040' // 王小宝
const STRANGER = '11010519491231002X'
const NAMES: Record<string, string> = { [ZHANG]: '张丽华', [WANG]: '王建国', [LI]: '李明', [LIU]: '刘芳', [CHILD]: '王小宝', [STRANGER]: '赵六' }
const ALL = [ZHANG, WANG, LI, LIU, CHILD, STRANGER]

const NOW = new Date('2026-11-22T02:30:00Z') // 10:30 in Shanghai
const items = loadCatalogFiles().items
const itemName = (id: string): string => items.find((i) => i.id === id)?.name ?? id

const dataSharing = createDataSharingAdapter('embedded')
const agency = createAgencyAdapter('embedded', { dataSharing, regionName: (c) => ({ '331102': '丽水市莲都区' })[c] ?? null })

/** A platform where the sample has changed: 王小宝 is insured; 李明 retired. */
function variantPlatform(): DataSharingAdapter {
  const copy = JSON.parse(JSON.stringify(samplePersons)) as typeof samplePersons
  copy.persons[0].children[0].enrolled = true
  copy.persons[2].documents.push('retirement-approval')
  return new EmbeddedDataSharing(copy)
}

async function check(
  itemId: string,
  idNumber: string,
  values: Record<string, string> = {},
  a: AgencyAdapter = agency,
  ds: DataSharingAdapter = dataSharing
) {
  return a.smartCheck({
    itemId,
    itemName: itemName(itemId),
    applicant: { name: NAMES[idNumber] ?? '赵六', idNumber },
    values,
    person: await ds.person(idNumber),
    now: NOW
  })
}

/** The decision's text names the item and the masked applicant, and never a whole 身份证号 or name. */
function expectDecisionText(text: string, itemId: string, idNumber: string) {
  expect(text).toContain(`“${itemName(itemId)}”`)
  expect(text).not.toMatch(/\d{17}[\dX]/)
  expect(text).not.toContain(NAMES[idNumber])
}

describe('smart checks (001 §5.2.2, 000 §6.1.3)', () => {
  it('has a rule of its own for every smart item a person applies for', () => {
    const personSmart = items.filter((i) => i.handlingMode === 'smart' && i.serviceObject === 'person').map((i) => i.id)
    expect(personSmart.length).toBeGreaterThan(10)
    for (const id of personSmart) expect(SMART_RULE_ITEMS).toContain(id)
    for (const id of SMART_RULE_ITEMS) expect(items.map((i) => i.id)).toContain(id)
  })

  it('has a rule for every smart sub-path of a manual item (003 §7.6.3.5 b)', () => {
    const paths = items.filter((i) => i.handlingMode === 'manual' && i.smartPaths?.length).map((i) => i.id)
    expect(paths).toContain('offsite-care-filing')
    for (const id of paths) expect(SMART_RULE_ITEMS).toContain(id)
  })

  it('其他临时外出就医人员备案 (003 §7.6.3.5 b, §7.6.3.2): files care outside the insured city, refuses care at home', async () => {
    const away = await check('offsite-care-filing', ZHANG, { filingType: '其他临时外出就医人员', careRegion: '310101' })
    expect(away.approved).toBe(true)
    expect(away.text).toContain('完成其他临时外出就医人员备案登记')
    expectDecisionText(away.text, 'offsite-care-filing', ZHANG)
    const home = await check('offsite-care-filing', ZHANG, { filingType: '其他临时外出就医人员', careRegion: '331121' })
    expect(home.approved).toBe(false)
    expect(home.text).toContain('同属一个设区市')
    expect((await check('offsite-care-filing', LIU, { filingType: '其他临时外出就医人员', careRegion: '310101' })).approved).toBe(false)
  })

  it('城乡居民参保登记 (000 §6.2.3): approves the uninsured newborn, names item, masked child and time', async () => {
    const d = await check('resident-enrollment', CHILD)
    expect(d.approved).toBe(true)
    expect(d.text).toContain('已为王**（331102********0040）办理城乡居民基本医疗保险参保登记')
    expect(d.text).toContain('办理时间：2026-11-22 10:30')
    expect(d.text).toContain('缴费')
    expectDecisionText(d.text, 'resident-enrollment', CHILD)
    expect((await check('resident-enrollment', LIU)).approved).toBe(true)
    expect((await check('resident-enrollment', STRANGER)).approved).toBe(true)
  })

  it('城乡居民参保登记: refuses who is in 职工医保 or already a resident insured, saying what to do', async () => {
    const zhang = await check('resident-enrollment', ZHANG)
    expect(zhang.approved).toBe(false)
    expect(zhang.text).toContain('已参加职工基本医疗保险')
    expect(zhang.text).toContain('请先办理职工医保关系中止')
    expectDecisionText(zhang.text, 'resident-enrollment', ZHANG)
    const wang = await check('resident-enrollment', WANG)
    expect(wang.approved).toBe(false)
    expect(wang.text).toContain('无需重复登记')
    expect(wang.text).toContain('城乡居民续保')
  })

  it('转外就医备案 and 出国（境）带药备案: only for the insured', async () => {
    for (const item of ['referral-filing', 'overseas-medicine-filing']) {
      for (const id of [ZHANG, WANG, LI]) {
        const d = await check(item, id)
        expect([item, id, d.approved]).toEqual([item, id, true])
        expectDecisionText(d.text, item, id)
      }
      for (const id of [LIU, STRANGER, CHILD]) {
        const d = await check(item, id)
        expect([item, id, d.approved]).toEqual([item, id, false])
        expect(d.text).toContain('未查询到')
        expect(d.text).toContain('请先办理参保登记')
      }
    }
  })

  it('职工 / 城乡居民 信息变更 and 停保: each scheme its own item', async () => {
    expect((await check('employee-info-change', LI)).approved).toBe(true)
    const wrong = await check('employee-info-change', WANG)
    expect(wrong.approved).toBe(false)
    expect(wrong.text).toContain('请改为办理“城乡居民基本医疗保险参保信息变更登记”')
    expect((await check('resident-info-change', WANG)).approved).toBe(true)
    expect((await check('resident-info-change', ZHANG)).approved).toBe(false)
    expect((await check('resident-suspension', WANG)).approved).toBe(true)
    expect((await check('employee-suspension', WANG)).approved).toBe(false)
    expect((await check('employee-suspension', LIU)).text).toContain('未查询到')
  })

  it('城乡居民续保 / 缴费 and 灵活就业参保: no double insurance (003 §7.2.4, §7.2.6, §7.1.3)', async () => {
    expect((await check('resident-renewal', LIU)).approved).toBe(true)
    expect((await check('resident-renewal', WANG)).text).toContain('无需续保')
    expect((await check('resident-renewal', ZHANG)).approved).toBe(false)
    expect((await check('resident-contribution', WANG)).approved).toBe(true)
    expect((await check('resident-contribution', LIU)).text).toContain('请先办理“城乡居民基本医疗保险参保登记”')
    expect((await check('resident-contribution', LI)).approved).toBe(false)
    expect((await check('flexible-employment-enrollment', LI)).approved).toBe(false)
    expect((await check('flexible-employment-enrollment', LIU)).approved).toBe(true)
    const switching = await check('flexible-employment-enrollment', WANG)
    expect(switching.approved).toBe(true)
    expect(switching.text).toContain('城乡居民停保')
  })

  it('医疗保险待遇变更 (003 §7.1.6): an employee-insured person with the 退休审批 shared by 人社', async () => {
    expect((await check('benefit-change', WANG)).text).toContain('参加的是城乡居民医保')
    const li = await check('benefit-change', LI)
    expect(li.approved).toBe(false)
    expect(li.text).toContain('未查询到李*（330802********0037）的退休审批信息')
    const ds = variantPlatform()
    const a = new EmbeddedAgency({ dataSharing: ds })
    expect((await check('benefit-change', LI, {}, a, ds)).approved).toBe(true)
  })

  describe('家庭共济备案 (000 §6.8.2, 003 §7.1.16)', () => {
    it('binds an insured parent when the birth dates agree', async () => {
      const d = await check('family-sharing-filing', ZHANG, { familyIdNumber: WANG, relationship: '父母' })
      expect(d.approved).toBe(true)
      expect(d.text).toContain('被绑定人：王**（331121********0019）（父母）')
      expectDecisionText(d.text, 'family-sharing-filing', ZHANG)
    })

    it('binds a child the record lists under the applicant, and refuses a relation that contradicts the record', async () => {
      const ds = variantPlatform()
      const a = new EmbeddedAgency({ dataSharing: ds })
      const ok = await check('family-sharing-filing', ZHANG, { memberIdNumber: CHILD }, a, ds)
      expect(ok.approved).toBe(true)
      expect(ok.text).toContain('（子女）')
      const contradicted = await check('family-sharing-filing', ZHANG, { memberIdNumber: CHILD, relation: '配偶' }, a, ds)
      expect(contradicted.approved).toBe(false)
      expect(contradicted.text).toContain('经数据核验，被绑定人是您的子女')
    })

    it('refuses an uninsured family member (the newborn not yet enrolled)', async () => {
      const d = await check('family-sharing-filing', ZHANG, { familyIdNumber: CHILD, relationship: '子女' })
      expect(d.approved).toBe(false)
      expect(d.text).toContain('未查询到被绑定人王**（331102********0040）的基本医疗保险参保记录')
      expect(d.text).toContain('请先为其办理参保登记')
    })

    it('refuses a relation the birth dates contradict, other relatives, a missing member, and a resident-insured applicant', async () => {
      const parent = await check('family-sharing-filing', ZHANG, { familyIdNumber: LI, relationship: '父母' })
      expect(parent.approved).toBe(false)
      expect(parent.text).toContain('未能通过公安、卫健部门数据核验')
      const sibling = await check('family-sharing-filing', ZHANG, { familyIdNumber: LI, relationship: '兄弟姐妹' })
      expect(sibling.text).toContain('只能绑定配偶、父母或子女')
      const self = await check('family-sharing-filing', ZHANG, { familyIdNumber: ZHANG, relationship: '配偶' })
      expect(self.text).toContain('未填写被绑定家庭成员的有效身份证号')
      const resident = await check('family-sharing-filing', WANG, { familyIdNumber: ZHANG, relationship: '子女' })
      expect(resident.approved).toBe(false)
      expect(resident.text).toContain('申请人须为职工基本医疗保险参保人员')
    })

    it('accepts a spouse only where a marriage certificate is on record', async () => {
      expect((await check('family-sharing-filing', ZHANG, { familyIdNumber: LI, relationship: '配偶' })).approved).toBe(true)
      const noCertificate = await check('family-sharing-filing', LI, { familyIdNumber: WANG, relationship: '配偶' })
      expect(noCertificate.approved).toBe(false)
    })
  })

  it('rejects an applicant whose 身份证号 does not verify', async () => {
    const d = await agency.smartCheck({
      itemId: 'resident-enrollment',
      itemName: itemName('resident-enrollment'),
      applicant: { name: '刘芳', idNumber: '430602197005200027' },
      values: {},
      person: null,
      now: NOW
    })
    expect(d.approved).toBe(false)
    expect(d.text).toContain('身份证号未通过核验')
  })

  it('decides every smart item for every sample person with a Chinese text that keeps personal data masked', async () => {
    const smart = items.filter((i) => i.handlingMode === 'smart')
    let approved = 0
    let rejected = 0
    for (const item of smart) {
      for (const id of ALL) {
        const d = await check(item.id, id, { familyIdNumber: WANG, relationship: '父母' })
        expectDecisionText(d.text, item.id, id)
        expect(d.text).toMatch(d.approved ? /已办结.*办理时间：2026-11-22 10:30。$/ : /未通过智能核验.*核验时间：2026-11-22 10:30。$/)
        if (d.approved) approved++
        else rejected++
      }
    }
    expect(approved).toBeGreaterThan(0)
    expect(rejected).toBeGreaterThan(0)
  })
})

describe('query answers (001 §5.2.1, 000 §6.4.2)', () => {
  async function ask(itemId: string, idNumber: string) {
    return agency.answerQuery({
      itemId,
      itemName: itemName(itemId),
      applicant: { name: NAMES[idNumber], idNumber },
      person: await dataSharing.person(idNumber),
      now: NOW
    })
  }

  it('参保人员查询打印社会保险信息: the enrollment, with the ID masked', async () => {
    const a = await ask('personal-insurance-record', ZHANG)
    expect(a.rows).toEqual([
      { label: '姓名', value: '张**' },
      { label: '身份证号', value: maskIdNumber(ZHANG) },
      { label: '参保险种', value: '职工基本医疗保险' },
      { label: '参保状态', value: '正常参保' },
      { label: '参保地', value: '丽水市莲都区' }
    ])
    expect(a.note).toContain('查询时间：2026-11-22 10:30')
    const wang = await ask('personal-insurance-record', WANG)
    expect(wang.rows).toContainEqual({ label: '参保险种', value: '城乡居民基本医疗保险' })
    expect(wang.rows).toContainEqual({ label: '参保地', value: '331121' }) // no name given for it
    expect(JSON.stringify(wang)).not.toContain(WANG)
  })

  it('参保人员查询: says so when there is no enrollment', async () => {
    for (const id of [LIU, STRANGER]) {
      const a = await ask('personal-insurance-record', id)
      expect(a.rows).toContainEqual({ label: '参保状态', value: '未查询到参保记录' })
      expect(a.note).toContain('请联系参保地医保经办机构核实')
    }
  })

  it('医疗救助待遇资格标识 and unknown queries answer with a note', async () => {
    const aid = await ask('medical-aid-qualification', WANG)
    expect(aid.rows).toContainEqual({ label: '医疗救助对象标识', value: '未标识' })
    expect(aid.note).toContain('个人无需申请')
    const unknown = await agency.answerQuery({ itemId: 'nothing', itemName: '某查询', applicant: { name: '刘芳', idNumber: LIU }, person: null, now: NOW })
    expect(unknown).toEqual({ rows: [], note: '“某查询”暂不支持在线查询，请联系医保经办机构。' })
  })
})

describe('提醒办 (000 §6.1.2.1.2, §6.2.3.1)', () => {
  async function zhang(): Promise<PersonRecord> {
    const p = await dataSharing.person(ZHANG)
    if (!p) throw new Error('张丽华 missing from the sample')
    return p
  }

  const newborn = (ps: ReminderProposal[]): ReminderProposal[] => ps.filter((p) => p.itemId === RESIDENT_ENROLLMENT_ITEM)

  it('proposes 城乡居民参保登记 for 张丽华’s uninsured newborn, in her region, without whole personal data in the reason', async () => {
    expect(items.some((i) => i.id === RESIDENT_ENROLLMENT_ITEM && i.handlingMode === 'smart')).toBe(true)
    const proposals = newborn(await agency.proposeReminders(await zhang(), NOW))
    expect(proposals).toEqual([
      {
        itemId: 'resident-enrollment',
        reason: expect.stringContaining('可为其办理城乡居民基本医疗保险参保登记'),
        forIdNumber: CHILD,
        forName: '王小宝',
        region: '331102'
      }
    ])
    expect(proposals[0].reason).toContain('王**（2026-10-15出生）')
    expect(proposals[0].reason).not.toContain('王小宝')
    expect(proposals[0].reason).not.toContain(CHILD)
  })

  it(`proposes it for ${NEWBORN_REMINDER_DAYS} days after the birth, counted in Shanghai dates`, async () => {
    const p = await zhang()
    expect(newborn(await agency.proposeReminders(p, new Date('2026-10-15T00:00:00+08:00')))).toHaveLength(1) // the birthday
    expect(newborn(await agency.proposeReminders(p, new Date('2027-01-13T23:59:00+08:00')))).toHaveLength(1) // day 90
    expect(newborn(await agency.proposeReminders(p, new Date('2027-01-13T16:30:00Z')))).toHaveLength(0) // already Jan 14 in Shanghai
    expect(newborn(await agency.proposeReminders(p, new Date('2026-10-14T12:00:00+08:00')))).toHaveLength(0) // before the birth
  })

  it('proposes what the guides promise from other departments’ reports (000 §6.2.5.1, §6.2.6.1, §6.7.1, §6.10.3.1), for the person, within the window', async () => {
    const base = (await dataSharing.person(LI)) as PersonRecord
    const at = (enrollment: PersonRecord['enrollment'], events: PersonRecord['events']) => agency.proposeReminders({ ...base, enrollment, children: [], events }, NOW)
    const ids = async (enrollment: PersonRecord['enrollment'], kind: 'identity-change' | 'chronic-diagnosis' | 'childbirth') =>
      (await at(enrollment, [{ kind, date: '2026-11-02', detail: kind === 'identity-change' ? '姓名' : kind === 'chronic-diagnosis' ? '2型糖尿病' : '分娩' }])).map((p) => p.itemId)
    expect(await ids('employee', 'identity-change')).toEqual(['employee-info-change'])
    expect(await ids('resident', 'identity-change')).toEqual(['resident-info-change'])
    expect(await ids('resident', 'chronic-diagnosis')).toEqual(['chronic-disease-filing'])
    expect(await ids('employee', 'childbirth')).toEqual(['maternity-allowance'])
    // 生育津贴 is an employee's benefit (003 §7.5.3); an uninsured person is proposed nothing
    expect(await ids('resident', 'childbirth')).toEqual([])
    expect(await ids('none', 'chronic-diagnosis')).toEqual([])
    const [p] = await at('employee', [{ kind: 'chronic-diagnosis', date: '2026-11-02', detail: '2型糖尿病' }])
    expect(p).toMatchObject({ forIdNumber: base.idNumber, forName: base.name, region: base.regionCode })
    expect(p.reason).not.toContain(base.idNumber)
    // a report older than the window, or dated after today, proposes nothing
    expect(await at('employee', [{ kind: 'childbirth', date: '2026-01-02', detail: '分娩' }])).toEqual([])
    expect(await at('employee', [{ kind: 'childbirth', date: '2027-01-02', detail: '分娩' }])).toEqual([])
  })

  it('proposes nothing for an insured child or a person without children', async () => {
    const ds = variantPlatform()
    const insuredChild = await ds.person(ZHANG)
    expect(newborn(await agency.proposeReminders(insuredChild as PersonRecord, NOW))).toEqual([])
    for (const id of [WANG, LI, LIU]) {
      expect(newborn(await agency.proposeReminders((await dataSharing.person(id)) as PersonRecord, NOW))).toEqual([])
    }
  })
})
