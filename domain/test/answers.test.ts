import { exampleValues } from '../../catalog/examples'
import { loadCatalogFiles } from '../../catalog/index'
import { ErrorCode } from '../../contract/common'
import { AGENCY_DEFAULT_TIME_LIMIT_DAYS, applicableMaterials, caseHandlingMode, caseTimeLimitDays, needsPaper, paperMaterials } from '../answers'
import { caseDueDate, checkSubmission, projectedDueDate } from '../cases'
import { Catalog } from '../catalog'

const files = loadCatalogFiles()
const catalog = Catalog.of(files)
const REGION = '331100'
const item = (id: string) => catalog.itemDetail(id, REGION)

describe('a smart sub-path per form answer (003 §7.6.3.5 b; 000 §6.6)', () => {
  const filing = item('offsite-care-filing')

  it('decides 其他临时外出就医人员 filed online by rule, keeps staff review for the other filing types', () => {
    expect(filing.handlingMode).toBe('manual')
    expect(caseHandlingMode(filing, { filingType: '其他临时外出就医人员' })).toBe('smart')
    expect(caseHandlingMode(filing, { filingType: '异地安置退休人员' })).toBe('manual')
    expect(caseHandlingMode(filing, { filingType: '常驻异地工作人员' })).toBe('manual')
    expect(caseHandlingMode(filing, {})).toBe('manual')
  })

  it('says so in the guide before the citizen applies', () => {
    expect(filing.guide.itemType.description).toContain('选择“其他临时外出就医人员”在线提交的，系统即时核验办结，无需人工审核')
  })

  it('a smart case has no clock: it is decided at submit', () => {
    expect(caseTimeLimitDays(filing, { filingType: '其他临时外出就医人员' })).toBeNull()
    expect(projectedDueDate(filing, { filingType: '其他临时外出就医人员' }, new Date('2026-12-07T02:00:00Z'))).toBeNull()
  })

  it('only a manual item takes a sub-path: smart items stay smart, query items stay query', () => {
    for (const d of files.items) {
      if (d.handlingMode !== 'manual') expect(d.smartPaths ?? []).toEqual([])
    }
  })
})

describe('every manual case has a clock (001 §4.1.2 #9)', () => {
  const manualPersonItems = files.items.filter((d) => d.handlingMode === 'manual' && d.serviceObject === 'person')

  it('gives every manual person item a due date, whatever the answers', () => {
    const withoutStatedLimit = manualPersonItems.filter((d) => d.guide.timeLimit.workingDays === null).map((d) => d.id)
    // the 8 items the seeds give no number of working days
    expect(withoutStatedLimit.sort()).toEqual(
      [
        'chronic-disease-filing',
        'employee-termination',
        'home-sickbed-filing',
        'long-term-offsite-filing',
        'medical-certificate',
        'offsite-care-filing',
        'relation-transfer-out',
        'two-diseases-filing'
      ].sort()
    )
    for (const d of manualPersonItems) {
      const detail = item(d.id)
      expect(caseTimeLimitDays(detail, {})).not.toBeNull()
      expect(projectedDueDate(detail, {}, new Date('2026-12-07T02:00:00Z'))).not.toBeNull()
    }
  })

  it('即时办结 manual items are due the same working day (003 §7.6.1.7, §7.3.5.7)', () => {
    for (const id of ['offsite-care-filing', 'chronic-disease-filing', 'long-term-offsite-filing', 'relation-transfer-out', 'employee-termination', 'two-diseases-filing']) {
      expect(caseTimeLimitDays(item(id), { filingType: '异地安置退休人员' })).toBe(0)
    }
    // Monday 2026-12-07: due that day
    expect(projectedDueDate(item('chronic-disease-filing'), {}, new Date('2026-12-07T02:00:00Z'))).toBe('2026-12-07')
    // submitted on Saturday 2026-12-05: due the next working day, Monday
    const clock = { handlingMode: 'manual' as const, timeLimitDays: 0, submittedAt: '2026-12-05T02:00:00Z', clockStartDate: null, pausedSinceDate: null, pausedWorkingDays: 0 }
    expect(caseDueDate(clock, new Date('2026-12-05T02:00:00Z'))).toBe('2026-12-07')
  })

  it('no stated limit: the agency default, shown as such in the guide', () => {
    for (const id of ['medical-certificate', 'home-sickbed-filing']) {
      const d = item(id)
      expect(d.guide.timeLimit.agencyDefault).toBe(true)
      expect(d.guide.timeLimit.workingDays).toBe(AGENCY_DEFAULT_TIME_LIMIT_DAYS)
      expect(d.guide.timeLimit.text).toContain(`本经办机构承诺 ${AGENCY_DEFAULT_TIME_LIMIT_DAYS} 个工作日内办结`)
      expect(d.timeLimitDays).toBe(AGENCY_DEFAULT_TIME_LIMIT_DAYS)
      expect(caseTimeLimitDays(d, {})).toBe(AGENCY_DEFAULT_TIME_LIMIT_DAYS)
    }
  })

  it('a region configures its own default', () => {
    const configs = files.regionConfigs.map((c) => (c.code === REGION ? { ...c, defaultTimeLimitDays: 7 } : c))
    const own = Catalog.of({ ...files, regionConfigs: configs }).itemDetail('medical-certificate', REGION)
    expect(own.guide.timeLimit.workingDays).toBe(7)
    expect(own.guide.timeLimit.text).toContain('7 个工作日')
  })

  it('tiers follow the answers: 门诊 5, 住院 10 working days (003 §7.4.1.7)', () => {
    const claim = item('medical-reimbursement')
    expect(caseTimeLimitDays(claim, { careCategory: '门诊' })).toBe(5)
    expect(caseTimeLimitDays(claim, { careCategory: '住院' })).toBe(10)
    // 003 §7.5.1.7: 产前检查, 生育医疗 and 计划生育医疗 are all 10
    for (const expenseType of ['产前检查', '住院分娩', '计划生育医疗']) expect(caseTimeLimitDays(item('maternity-reimbursement'), { expenseType })).toBe(10)
  })
})

describe('materials follow the answers (001 §5.1.4; 003 §7.4.1.4)', () => {
  const claim = item('medical-reimbursement')
  const ids = (values: Record<string, string>) => applicableMaterials(claim, values).map((m) => m.id)

  it('门诊 lists the 门急诊费用清单, 住院 the 住院费用清单 and 出院小结, never both', () => {
    expect(ids({ careCategory: '门诊' })).toEqual(expect.arrayContaining(['receipts', 'outpatient-list', 'prescription']))
    expect(ids({ careCategory: '门诊' })).not.toContain('inpatient-list')
    expect(ids({ careCategory: '住院' })).toEqual(expect.arrayContaining(['receipts', 'inpatient-list', 'discharge-summary']))
    expect(ids({ careCategory: '住院' })).not.toContain('outpatient-list')
  })

  it('票据遗失 (003 §7.4.1.4 f): the loss certificate and statement instead of the receipts', () => {
    const lost = ids({ careCategory: '门诊', receiptStatus: '原始票据遗失' })
    expect(lost).toEqual(expect.arrayContaining(['lost-receipt-proof', 'lost-statement']))
    expect(lost).not.toContain('receipts')
    expect(ids({ careCategory: '门诊' })).not.toContain('lost-receipt-proof')
  })

  it('意外伤害 (003 §7.4.1.4 d) only when that is the reason', () => {
    expect(ids({ reason: '意外伤害' })).toContain('accident-proof')
    expect(ids({ reason: '医保信息系统未联网或故障' })).not.toContain('accident-proof')
  })

  it('only the originals that apply are mailed and pledged', () => {
    expect(needsPaper(claim, { careCategory: '住院' })).toBe(true)
    expect(paperMaterials(claim, { careCategory: '住院' }).map((m) => m.id)).not.toContain('outpatient-list')
    // an item that mails nothing for these answers asks for no pledge
    expect(needsPaper(item('home-sickbed-filing'), {})).toBe(false)
  })
})

describe('account withdrawal: the heir’s papers only when an heir applies (003 §7.1.11.4 c, d)', () => {
  const withdrawal = item('account-withdrawal') as ReturnType<typeof item> & { form: NonNullable<ReturnType<typeof item>['form']> }
  const ids = (reason: string) => applicableMaterials(withdrawal, { reason }).map((m) => m.id)
  const HEIR = '参保人死亡，继承人申请'

  it('a living insured person uploads no bank card and mails nothing; the account is typed on the form (the 申请表, §7.1.11.4 b)', () => {
    expect(ids('终止或放弃医疗保险关系')).not.toContain('bank-account')
    expect(ids('关系已转出、转入地未建立个人账户')).not.toContain('bank-account')
    expect(needsPaper(withdrawal, { reason: '终止或放弃医疗保险关系' })).toBe(false)
    expect(withdrawal.form.fields.find((f) => f.key === 'bankAccount')?.required).toBe(true)
  })

  it('an heir gives their bank account, ID and, when sharing finds no death record, the mailed proofs (§7.1.11.4 c)', () => {
    expect(ids(HEIR)).toEqual(expect.arrayContaining(['bank-account', 'heir-id-card', 'heir-relationship-proof', 'heir-commitment']))
    expect(applicableMaterials(withdrawal, { reason: HEIR }).find((m) => m.id === 'bank-account')?.required).toBe(true)
    expect(needsPaper(withdrawal, { reason: HEIR })).toBe(true)
  })

  it('the statement of giving up insurance only for that reason (§7.1.11.4 d)', () => {
    expect(ids('终止或放弃医疗保险关系')).toContain('waiver-statement')
    expect(ids(HEIR)).not.toContain('waiver-statement')
  })
})

describe('a claim needs its photos (001 §5.1.4: 拍照上传，提交后邮寄原件)', () => {
  const claim = item('medical-reimbursement') as ReturnType<typeof item> & { form: NonNullable<ReturnType<typeof item>['form']> }
  const values = exampleValues(claim.form, { name: '张丽华', idNumber: '331102198803120025', phone: '13800000001' })
  const now = new Date('2026-12-07T02:00:00Z')

  it('is refused with MATERIALS_MISSING when nothing was uploaded, even though the receipts are mailed', () => {
    let code = ''
    try {
      checkSubmission(claim, { values, sharedVerified: ['id-card'], uploadedMaterialIds: [], paperPledge: true, now, nationalPlace: () => true })
    } catch (e) {
      code = (e as { code: string }).code
    }
    expect(code).toBe(ErrorCode.MATERIALS_MISSING)
    expect(checkSubmission(claim, { values, sharedVerified: ['id-card'], uploadedMaterialIds: ['receipts'], paperPledge: true, now, nationalPlace: () => true }).needsPaper).toBe(true)
  })
})

describe('就医地 ≠ 参保地 where the item is 异地就医 (003 §7.6.1–7.6.3)', () => {
  const filing = item('offsite-care-filing') as ReturnType<typeof item> & { form: NonNullable<ReturnType<typeof item>['form']> }
  const base = { phone: '13800000001', filingType: '异地安置退休人员', startDate: '2099-01-01' }
  const submit = (careRegion: string) =>
    checkSubmission(filing, { values: { ...base, name: '张丽华', idNumber: '331102198803120025', careRegion }, sharedVerified: ['id-card'], uploadedMaterialIds: [], now: new Date('2026-12-07T02:00:00Z'), nationalPlace: () => true })

  it('refuses a 就医地 in the insured city with a field message, takes one elsewhere', () => {
    let fields: Record<string, string> = {}
    try {
      submit('331121') // 青田县, 丽水市: the city of 331100
    } catch (e) {
      fields = (e as { fields: Record<string, string> }).fields
    }
    expect(fields['values.careRegion']).toContain('所在市以外')
    expect(submit('310101').values.careRegion).toBe('310101')
  })
})
