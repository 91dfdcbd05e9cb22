import { birthDateOf, isValidIdNumber, maskIdNumber, maskName } from '../../../../contract/identity'
import { shanghaiDate, shanghaiDateTime } from '../../../../domain/calendar'
import type { DataSharingAdapter, Enrollment, PersonEvent, PersonRecord } from '../datasharing/types'
import type {
  AgencyAdapter,
  Applicant,
  QueryInput,
  QueryResult,
  ReminderProposal,
  SmartCheckInput,
  SmartDecision
} from './types'

/** 000 §6.1.2.1.2 / §6.2.3.1: a newborn is proposed for 城乡居民参保登记 within this many days of birth. */
export const NEWBORN_REMINDER_DAYS = 90
export const RESIDENT_ENROLLMENT_ITEM = 'resident-enrollment'
/** how long after another department's report (PersonEvent) the agency still proposes the item */
export const EVENT_REMINDER_DAYS = 90

/**
 * The items whose guides promise 自动触发提醒 (000 §6.1.2.1.2) and the reported fact that triggers each: 职工 / 城乡居民
 * 参保信息变更 on a 公安 identity change (§6.2.5.1, §6.2.6.1), 门诊慢特病备案 on a first settlement with a 慢特病 diagnosis
 * (§6.7.1), 生育津贴 on a birth of an insured employee (§6.10.3.1).
 */
function eventProposal(e: PersonEvent, enrollment: Enrollment): { itemId: string; reason: string; values?: Record<string, string> } | null {
  switch (e.kind) {
    case 'identity-change':
      if (enrollment === 'none') return null
      return {
        itemId: enrollment === 'employee' ? 'employee-info-change' : 'resident-info-change',
        reason: `公安部门登记的您的${e.detail}已于${e.date}变更，医保参保信息尚未同步，可办理${enrollment === 'employee' ? '职工' : '城乡居民'}参保信息变更登记`,
        ...(e.values ? { values: e.values } : {})
      }
    case 'chronic-diagnosis':
      if (enrollment === 'none') return null
      return {
        itemId: 'chronic-disease-filing',
        reason: `您${e.date}在定点医疗机构就诊，诊断为${e.detail}，属于门诊慢特病病种，可办理门诊慢特病病种备案`,
        // §6.7.1: the hospital's upload names the diagnosis and the hospital; the scheme is the agency's own record
        ...(e.values ? { values: { insuranceType: ENROLLMENT_LABEL[enrollment], ...e.values } } : {})
      }
    case 'childbirth':
      if (enrollment !== 'employee') return null
      return { itemId: 'maternity-allowance', reason: `您${e.date}在定点医疗机构${e.detail}，可申领生育津贴` }
  }
}

const ENROLLMENT_LABEL: Record<Enrollment, string> = {
  employee: '职工基本医疗保险',
  resident: '城乡居民基本医疗保险',
  none: '未参保'
}

/** 家庭共济 may bind only a spouse, parents or children (003 §7.1.16, 000 §6.8.2). */
type Relation = '配偶' | '父母' | '子女'
const RELATION_WORDS: Record<string, Relation> = {
  配偶: '配偶',
  夫妻: '配偶',
  丈夫: '配偶',
  妻子: '配偶',
  父母: '父母',
  父亲: '父母',
  母亲: '父母',
  子女: '子女',
  儿子: '子女',
  女儿: '子女'
}
/** a parent and a child are at least this many years apart for the relation to be plausible */
const MIN_GENERATION_GAP_YEARS = 16
const DAY_MS = 86_400_000

export interface EmbeddedAgencyDeps {
  /** to look up other people a rule needs (家庭共济: the family member) */
  dataSharing: DataSharingAdapter
  /** the name of a region code for query answers (e.g. from the catalog); the code itself when absent */
  regionName?: (code: string) => string | null
}

/** What a rule sees: the input, the applicant's record and text helpers. */
interface RuleContext extends SmartCheckInput {
  /** 王**（331102********0025） */
  who: string
  enrollment: Enrollment
  approve(done: string, extra?: string): SmartDecision
  reject(why: string, todo: string): SmartDecision
}

type SmartRule = (ctx: RuleContext, deps: EmbeddedAgencyDeps) => Promise<SmartDecision> | SmartDecision

function whoOf(a: Applicant): string {
  return `${maskName(a.name)}（${maskIdNumber(a.idNumber)}）`
}

/** The item needs a current basic medical insurance enrollment (参保状态正常). */
function requireEnrolled(ctx: RuleContext, done: string, extra?: string): SmartDecision {
  if (ctx.enrollment === 'none') {
    return ctx.reject(
      `未查询到${ctx.who}有效的基本医疗保险参保记录`,
      '本事项仅限参保状态正常的参保人员办理；请先办理参保登记，或联系参保地医保经办机构核实参保信息'
    )
  }
  return ctx.approve(done, extra)
}

/** The item needs the given scheme (职工医保 or 城乡居民医保); the other one has its own item. */
function requireScheme(
  ctx: RuleContext,
  scheme: 'employee' | 'resident',
  otherItemName: string,
  done: string,
  extra?: string
): SmartDecision {
  if (ctx.enrollment === scheme) return ctx.approve(done, extra)
  if (ctx.enrollment === 'none') {
    return ctx.reject(
      `未查询到${ctx.who}的${ENROLLMENT_LABEL[scheme]}参保记录`,
      '请先办理参保登记，或联系参保地医保经办机构核实参保信息'
    )
  }
  return ctx.reject(`${ctx.who}参加的是${ENROLLMENT_LABEL[ctx.enrollment]}，不适用本事项`, `请改为办理“${otherItemName}”`)
}

/** Whole years from birth date a to birth date b (positive when a is older). */
function yearsApart(a: string, b: string): number {
  const [ay, am, ad] = a.split('-').map(Number)
  const [by, bm, bd] = b.split('-').map(Number)
  let years = by - ay
  if (bm < am || (bm === am && bd < ad)) years--
  return years
}

/** The bound family member's 身份证号 from the form: a valid one other than the applicant's, named fields first. */
function familyMemberId(values: Record<string, string>, applicantId: string): string | null {
  const entries = Object.entries(values).map(([k, v]) => [k, v.trim().toUpperCase()] as const)
  const candidates = entries.filter(([, v]) => /^\d{17}[\dX]$/.test(v) && v !== applicantId.toUpperCase())
  const named = candidates.find(([k]) => /family|member|relative|bound|spouse|child|parent/i.test(k))
  const pick = named ?? candidates[0]
  return pick ? pick[1] : null
}

/** The relation the citizen chose: a Relation, 'other' for any other relation named, or null when none given. */
function statedRelation(values: Record<string, string>): Relation | 'other' | null {
  for (const [k, v] of Object.entries(values)) {
    if (/relation|关系/i.test(k) && v.trim()) return RELATION_WORDS[v.trim()] ?? 'other'
  }
  for (const v of Object.values(values)) {
    const r = RELATION_WORDS[v.trim()]
    if (r) return r
  }
  return null
}

/**
 * The rules of the smart person items, by item id. Each reads only the data-sharing record and the form; what a
 * rule cannot know from the record (e.g. 累计缴费年限, 慢特病资格, 就医记录) is not invented — the rule checks what
 * the record holds, and says so in a comment.
 */
const RULES: Record<string, SmartRule> = {
  // 003 §7.2.1, 000 §6.2.3.2: not in 职工医保, not already insured as a resident
  'resident-enrollment': (ctx) => {
    if (ctx.enrollment === 'employee') {
      return ctx.reject(
        `${ctx.who}已参加职工基本医疗保险，同一时期不能同时参加城乡居民医保`,
        '如已与用人单位解除劳动关系，请先办理职工医保关系中止，再申请城乡居民参保登记'
      )
    }
    if (ctx.enrollment === 'resident') {
      return ctx.reject(`${ctx.who}已参加城乡居民基本医疗保险，无需重复登记`, '如医保关系已暂停，请办理“城乡居民续保”')
    }
    return ctx.approve(
      '办理城乡居民基本医疗保险参保登记',
      '请在规定缴费期内通过线上或线下渠道缴纳医保费，逾期未缴费的视为放弃参保，参保登记作废；缴费成功后请激活医保电子凭证'
    )
  },
  // 003 §7.1.3, 000 §6.2.2.2: not yet in 职工医保 (a resident switching over suspends the resident scheme)
  'flexible-employment-enrollment': (ctx) => {
    if (ctx.enrollment === 'employee') {
      return ctx.reject(
        `${ctx.who}已参加职工基本医疗保险，不能重复参保`,
        '如需确认参保情况，请使用“参保人员查询打印社会保险信息”查询'
      )
    }
    return ctx.approve(
      '办理职工基本医疗保险参保登记（灵活就业人员）',
      ctx.enrollment === 'resident'
        ? '您目前还参加着城乡居民医保，请同时办理“城乡居民停保”，避免重复参保；请按月缴纳职工医保费'
        : '请按月缴纳职工医保费，并激活医保电子凭证'
    )
  },
  // 003 §7.1.5, 000 §6.2.5.2–6.2.5.3
  'employee-info-change': (ctx) =>
    requireScheme(
      ctx,
      'employee',
      '城乡居民基本医疗保险参保信息变更登记',
      '完成职工基本医疗保险参保信息变更登记',
      '变更姓名、身份证号等关键信息的，请同时变更社会保障卡和医保电子凭证'
    ),
  // 003 §7.2.5, 000 §6.2.6.2–6.2.6.3
  'resident-info-change': (ctx) =>
    requireScheme(
      ctx,
      'resident',
      '基本医疗保险参保职工信息变更登记',
      '完成城乡居民基本医疗保险参保信息变更登记',
      '变更姓名、身份证号等关键信息的，请同时变更社会保障卡和医保电子凭证'
    ),
  // 003 §7.6.2, 000 §6.6.4.2: 参保状态正常 (the referring hospital's approval is the uploaded referral certificate)
  'referral-filing': (ctx) => requireEnrolled(ctx, '完成转外就医备案登记', '请凭转诊医疗机构的转诊单到备案的市外医疗机构就医，按规定直接结算'),
  // 003 §7.6.3.5 b (000 §6.6): 其他临时外出就医人员 filed online are decided at once; 003 §7.6.3.2: the care is
  // outside the insured person's 设区市. The other filing types of this item keep staff review (smartPaths).
  'offsite-care-filing': (ctx) => {
    const care = (ctx.values.careRegion ?? '').trim()
    const home = ctx.person?.regionCode ?? ''
    if (care && home && care.slice(0, 4) === home.slice(0, 4)) {
      return ctx.reject(
        `所选就医地与${ctx.who}的参保地同属一个设区市，无需办理异地就医备案`,
        '在参保地所在市内的定点医疗机构就医可直接结算；如需到市外就医，请重新选择就医地'
      )
    }
    return requireEnrolled(ctx, '完成其他临时外出就医人员备案登记', '备案信息已传送至异地就医结算平台，可在就医地联网定点医疗机构持医保码或社会保障卡直接结算')
  },
  // 000 §6.8.1.2: 参保状态正常 (the embedded record has no hospital visits; the guide asks for them when missing)
  'overseas-medicine-filing': (ctx) =>
    requireEnrolled(ctx, '完成出国（境）带药备案登记', '带药品种和数量按本市规定执行，超出规定的部分医保不予支付'),
  // 003 §7.1.16, 000 §6.8.2: an 职工医保 applicant binds an insured spouse, parent or child
  'family-sharing-filing': async (ctx, deps) => {
    if (ctx.enrollment !== 'employee') {
      return ctx.reject(
        `家庭共济备案的申请人须为职工基本医疗保险参保人员，${ctx.who}${ctx.enrollment === 'none' ? '未查询到参保记录' : '参加的是城乡居民医保'}`,
        '城乡居民医保参保人员可作为被绑定的家庭成员，由参加职工医保的配偶、父母或子女申请绑定'
      )
    }
    const memberId = familyMemberId(ctx.values, ctx.applicant.idNumber)
    if (!memberId || !isValidIdNumber(memberId)) {
      return ctx.reject('未填写被绑定家庭成员的有效身份证号', '请返回表单，填写配偶、父母或子女的身份证号后重新提交')
    }
    const stated = statedRelation(ctx.values)
    if (stated === 'other') {
      return ctx.reject('家庭共济只能绑定配偶、父母或子女，不能绑定其他亲属或非亲属', '请重新选择被绑定人')
    }
    const member = await deps.dataSharing.person(memberId)
    const memberWho = `${maskName(member?.name ?? '')}（${maskIdNumber(memberId)}）`
    if (!member || member.enrollment === 'none') {
      return ctx.reject(
        `未查询到被绑定人${member ? memberWho : `（${maskIdNumber(memberId)}）`}的基本医疗保险参保记录`,
        '被绑定人须为本省基本医疗保险参保人员，请先为其办理参保登记'
      )
    }
    // what the record proves: a child listed under the applicant, or the applicant listed under the member
    const applicant = ctx.person as PersonRecord
    const proven: Relation | null = applicant.children.some((c) => c.idNumber === memberId)
      ? '子女'
      : member.children.some((c) => c.idNumber === applicant.idNumber)
        ? '父母'
        : null
    if (proven && stated && stated !== proven) {
      return ctx.reject(`经数据核验，被绑定人是您的${proven}，与填写的关系“${stated}”不一致`, '请核对后重新选择与被绑定人的关系')
    }
    let relation: Relation | null = proven
    if (!relation && stated) {
      // not in the record: the stated relation must at least agree with the birth dates and certificates held
      const gap = yearsApart(birthDateOf(applicant.idNumber), birthDateOf(memberId))
      const plausible =
        stated === '子女'
          ? gap >= MIN_GENERATION_GAP_YEARS
          : stated === '父母'
            ? -gap >= MIN_GENERATION_GAP_YEARS
            : applicant.documents.includes('marriage-certificate') || member.documents.includes('marriage-certificate')
      if (plausible) relation = stated
    }
    if (!relation) {
      return ctx.reject(
        `未能通过公安、卫健部门数据核验您与被绑定人${memberWho}的${stated ? `${stated}` : '亲属'}关系`,
        '请选择正确的关系，或携带结婚证、户口簿或出生医学证明等亲属关系证明到医保经办窗口办理'
      )
    }
    return ctx.approve(
      `完成历年账户家庭共济绑定备案，被绑定人：${memberWho}（${relation}）`,
      '共济资金只能用于家庭成员在定点医药机构发生的个人负担医疗费用'
    )
  },
  // 003 §7.1.6: retired (人社 shares the 退休审批) and in 职工医保; 累计缴费年限 is not in the embedded record
  'benefit-change': (ctx) => {
    if (ctx.enrollment !== 'employee') {
      return ctx.reject(
        `待遇变更（在职转退休）仅适用于职工基本医疗保险参保人员，${ctx.who}${ctx.enrollment === 'none' ? '未查询到参保记录' : '参加的是城乡居民医保'}`,
        '如有疑问，请联系参保地医保经办机构'
      )
    }
    if (!ctx.person?.documents.includes('retirement-approval')) {
      return ctx.reject(`未查询到${ctx.who}的退休审批信息`, '请先在人社部门办理退休手续；已办理的，请携带《养老保险退休审批表》到医保经办窗口办理')
    }
    return ctx.approve('完成医疗保险待遇变更（在职转退休）', '自变更之日起按退休人员享受职工医保待遇')
  },
  // 003 §7.1.7
  'employee-suspension': (ctx) =>
    requireScheme(ctx, 'employee', '城乡居民停保', '完成职工基本医疗保险关系中止登记', '中止期间暂停享受职工医保待遇，恢复缴费后按规定享受'),
  // 003 §7.2.3
  'resident-suspension': (ctx) =>
    requireScheme(ctx, 'resident', '职工医保关系中止', '完成城乡居民基本医疗保险停保登记', '停保后不再享受城乡居民医保待遇，需要时可办理“城乡居民续保”'),
  // 003 §7.2.4: not in 职工医保 and the resident relation not active
  'resident-renewal': (ctx) => {
    if (ctx.enrollment === 'employee') {
      return ctx.reject(`${ctx.who}已参加职工基本医疗保险，不能同时续保城乡居民医保`, '如已离职，请先办理职工医保关系中止')
    }
    if (ctx.enrollment === 'resident') {
      return ctx.reject(`${ctx.who}的城乡居民医保关系正常，无需续保`, '如需缴费，请办理“城乡居民医保缴费”')
    }
    return ctx.approve('恢复城乡居民基本医疗保险关系（续保）', '请在规定缴费期内缴纳医保费，缴费后按规定享受待遇')
  },
  // 003 §7.2.6: registered as a resident, not in 职工医保
  'resident-contribution': (ctx) => {
    if (ctx.enrollment === 'employee') {
      return ctx.reject(`${ctx.who}已参加职工基本医疗保险，不需要缴纳城乡居民医保费`, '请勿重复缴费')
    }
    if (ctx.enrollment === 'none') {
      return ctx.reject(`未查询到${ctx.who}的城乡居民医保参保登记`, '请先办理“城乡居民基本医疗保险参保登记”，登记后再缴费')
    }
    return ctx.approve('完成城乡居民基本医疗保险费缴纳', '电子缴费凭证可在办件详情中查看下载')
  },
  // 000 §6.7.1: a filing the agency makes from the hospital's upload of a first settlement with a 慢特病 diagnosis
  // (图4, after the citizen's confirmation or no objection): 参保状态正常, the diagnosis and hospital from that upload
  'chronic-disease-filing': (ctx) =>
    requireEnrolled(
      ctx,
      `完成门诊慢特病病种备案（病种：${ctx.values.diseaseName ?? ''}，定点医疗机构：${ctx.values.hospital ?? ''}）`,
      '请到备案的定点医疗机构就医，门诊慢特病费用按规定直接结算'
    ),
  // 003 §7.3.6: 参保状态正常 (the embedded record has no 慢特病 qualification; a real platform checks it here)
  'chronic-hospital-change': (ctx) => requireEnrolled(ctx, '完成门诊慢性病特殊病定点医疗机构变更', '请到变更后的定点医疗机构就医'),
  // 003 §7.7.3: an insured person, real-named (identity is verified before a citizen applies, 001 §3.1.2)
  'evoucher-activation': (ctx) => requireEnrolled(ctx, '完成医保码（医保电子凭证）申领', '医保码仅限本人使用，不得出租、出借')
}

/** Smart items without a specific rule here (the employer items): the identity check of 000 §6.1.3 only. */
const DEFAULT_RULE: SmartRule = (ctx) => ctx.approve(`办理“${ctx.itemName}”`)

/** The item ids with their own smart rule (a test checks every smart person item of the catalog is among them). */
export const SMART_RULE_ITEMS: readonly string[] = Object.keys(RULES)

/**
 * The default agency adapter: the rules of the seeds applied to the data-sharing platform's record (sample
 * persons), run in-process.
 */
export class EmbeddedAgency implements AgencyAdapter {
  readonly kind = 'embedded'

  constructor(private readonly deps: EmbeddedAgencyDeps) {}

  /** 001 §5.2.2: verify and decide at once; §5.3.1: the result names the item, the person and the time. */
  async smartCheck(input: SmartCheckInput): Promise<SmartDecision> {
    const who = whoOf(input.applicant)
    const at = shanghaiDateTime(input.now)
    const ctx: RuleContext = {
      ...input,
      who,
      enrollment: input.person?.enrollment ?? 'none',
      approve: (done, extra) => ({
        approved: true,
        text: `“${input.itemName}”已办结：已为${who}${done}。${extra ? `${extra}。` : ''}办理时间：${at}。`
      }),
      reject: (why, todo) => ({
        approved: false,
        text: `“${input.itemName}”未通过智能核验：${why}。${todo}。核验时间：${at}。`
      })
    }
    if (!isValidIdNumber(input.applicant.idNumber)) {
      return ctx.reject('申请对象的身份证号未通过核验', '请核对实名信息后重新申请')
    }
    return (RULES[input.itemId] ?? DEFAULT_RULE)(ctx, this.deps)
  }

  /** 001 §5.2.1: answered at once (000 §6.1.6 b, §6.4.2). */
  async answerQuery(input: QueryInput): Promise<QueryResult> {
    const at = shanghaiDateTime(input.now)
    const identity = [
      { label: '姓名', value: maskName(input.applicant.name) },
      { label: '身份证号', value: maskIdNumber(input.applicant.idNumber) }
    ]
    switch (input.itemId) {
      case 'personal-insurance-record': {
        const p = input.person
        if (!p || p.enrollment === 'none') {
          return {
            rows: [...identity, { label: '参保状态', value: '未查询到参保记录' }],
            note: `查询时间：${at}。未查询到您的基本医疗保险参保记录；如已参保，请联系参保地医保经办机构核实。`
          }
        }
        const region = this.deps.regionName?.(p.regionCode) ?? p.regionCode
        return {
          rows: [
            ...identity,
            { label: '参保险种', value: ENROLLMENT_LABEL[p.enrollment] },
            { label: '参保状态', value: '正常参保' },
            { label: '参保地', value: region }
          ],
          note: `查询时间：${at}。以上信息来自医保经办平台；如信息有误，请联系参保地医保经办机构。`
        }
      }
      case 'medical-aid-qualification':
        // 003 §7.2.2: the qualification is decided by 民政 and others and imported by the agency; the embedded
        // record carries no such mark
        return {
          rows: [...identity, { label: '医疗救助对象标识', value: '未标识' }],
          note: `查询时间：${at}。医疗救助资格由民政、退役军人事务、农业农村、总工会等部门认定后提供名单，由医保经办机构导入标识，个人无需申请；如认为符合条件，请向户籍所在地乡镇（街道）或民政部门申请认定。`
        }
      case 'employer-insurance-record':
        return { rows: [], note: '参保单位社会保险信息需由单位经办人使用单位账号查询打印。' }
      default:
        return { rows: [], note: `“${input.itemName}”暂不支持在线查询，请联系医保经办机构。` }
    }
  }

  /**
   * 000 §6.1.2.1.2 自动触发提醒, §6.2.3.1: a child born in the last NEWBORN_REMINDER_DAYS days (Shanghai dates)
   * and not yet insured is proposed for 城乡居民基本医疗保险参保登记 in the parent's region; a fact another department
   * reported in the last EVENT_REMINDER_DAYS days proposes its item (eventProposal) for the person.
   */
  async proposeReminders(person: PersonRecord, now: Date): Promise<ReminderProposal[]> {
    const today = Date.parse(`${shanghaiDate(now)}T00:00:00Z`)
    const out: ReminderProposal[] = []
    for (const c of person.children) {
      const born = Date.parse(`${c.birthDate}T00:00:00Z`)
      if (Number.isNaN(born) || c.enrolled) continue
      const days = Math.round((today - born) / DAY_MS)
      if (days < 0 || days > NEWBORN_REMINDER_DAYS) continue
      out.push({
        itemId: RESIDENT_ENROLLMENT_ITEM,
        reason: `您的孩子${maskName(c.name)}（${c.birthDate}出生）已完成出生登记，尚未参加基本医疗保险，可为其办理城乡居民基本医疗保险参保登记`,
        forIdNumber: c.idNumber,
        forName: c.name,
        region: person.regionCode
      })
    }
    for (const e of person.events ?? []) {
      const days = Math.round((today - Date.parse(`${e.date}T00:00:00Z`)) / DAY_MS)
      if (!(days >= 0 && days <= EVENT_REMINDER_DAYS)) continue
      const p = eventProposal(e, person.enrollment)
      if (p) out.push({ ...p, forIdNumber: person.idNumber, forName: person.name, region: person.regionCode })
    }
    return out
  }
}
