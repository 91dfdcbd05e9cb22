import type { SynonymRule } from '../../contract/catalog-data'
import { SearchEngine, itemToSearchDoc } from '../search/engine'
import { guideReason } from '../search/guide'
import { directionOf } from '../search/words'

/**
 * The engine's everyday words (domain/search/words.ts), the direction of a transfer, a wrong character read by its
 * pinyin, and which line the reason names — on small hand-made docs with the agency's rules they build on.
 */
const item = (id: string, name: string, popularName: string, parentName: string, keywords: string[] = [], guide?: object) => ({
  id,
  name,
  popularName,
  parentName,
  keywords,
  ...(guide ? { guide } : {})
})
const RULES: SynonymRule[] = [
  { from: ['公司', '企业'], to: '单位' },
  { from: ['员工'], to: '职工' },
  { from: ['修改'], to: '变更' },
  { from: ['外地'], to: '异地' },
  { from: ['个体户'], to: '灵活就业' },
  { from: ['交费', '交'], to: '缴费' },
  { from: ['国外'], to: '出国境' },
  { from: ['看病'], to: '就医' },
  { from: ['看病花的钱', '能报'], to: '报销' },
  { from: ['辞职'], to: '中止' }
]
const engine = SearchEngine.build(
  [
    item('employee-info', '基本医疗保险参保职工信息变更登记', '改职工医保信息', '参保信息变更登记', ['职工信息变更']),
    item('employer-info', '基本医疗保险参保单位信息变更登记', '改单位医保信息', '参保信息变更登记', ['单位信息变更']),
    item('transfer-out', '基本医疗保险关系转移', '医保转到外地', '关系转移接续', ['医保转出']),
    item('transfer-in', '基本医疗保险关系接续', '外地医保转进来', '关系转移接续', ['医保转入']),
    item('flexible', '灵活就业人员参保登记', '个体户参加职工医保', '职工医保申报登记', ['灵活就业']),
    item('flexible-refund', '个人医疗保险退费', '多交的医保费退回来', '职工医保申报登记', ['灵活就业退费']),
    item('overseas-medicine', '参保人员出国(境)带药备案', '出国前多开药备案', '就医管理备案', ['出国带药']),
    item('reimbursement', '个人医疗费用手工报销', '看病垫付的钱报销', '医疗费用报销', [], {
      conditions: { prohibitions: ['在境外就医的医疗费用，不纳入基本医疗保险基金支付范围'] }
    }),
    item('chronic', '门诊慢性病待遇申请', '办门诊慢特病', '就医管理备案'),
    item('suspension', '职工医保关系中止', '职工医保停保', '职工医保申报登记', [], {
      faq: [{ q: '辞职了，医保怎么办？', a: '由单位办理减员，医保关系中止。' }]
    })
  ].map((i) => itemToSearchDoc(i)),
  RULES
)
const first = (q: string) => engine.search(q).results[0]
const ids = (q: string): string[] => engine.search(q).results.map((r) => r.itemId)

describe('everyday words (words.ts)', () => {
  it('reads 公司员工 as the insured 职工, not as the company (003 §7.1.5, not §7.1.4)', () => {
    const { results, normalized } = engine.search('公司员工信息修改')
    expect(normalized).toBe('职工信息变更')
    expect(results[0]).toMatchObject({ itemId: 'employee-info' })
    expect(results[0].matchedBy).toContain('公司员工→职工')
    // the company's own change is still found by the company
    expect(first('公司信息修改').itemId).toBe('employer-info')
  })

  it('reads 交医保 as being insured (参保), so a 个体户 finds the enrolment before the refund', () => {
    expect(engine.search('个体户交医保').normalized).toBe('灵活就业参保')
    expect(ids('个体户交医保')[0]).toBe('flexible')
  })

  it('reads seeing a doctor abroad as 境外就医, the 报销 guide’s 禁止 line, not the 出国带药 filing', () => {
    const { results, normalized } = engine.search('在国外看病花的钱回来能报吗')
    expect(normalized).toContain('境外就医')
    expect(results[0].itemId).toBe('reimbursement')
    expect(results[0].reason).toBe('指南禁止事项：在境外就医的医疗费用，不纳入基本医疗保险基金支付范围')
  })
})

describe('the direction of a transfer', () => {
  it('is read from the longest direction word; none or both give none', () => {
    expect(directionOf('外地医保转到本地')).toBe('in')
    expect(directionOf('医保关系转到老家')).toBe('out')
    expect(directionOf('医保转回老家')).toBe('out')
    expect(directionOf('医保转回来')).toBe('in')
    expect(directionOf('医保关系转移')).toBeNull()
    expect(directionOf('转入还是转出')).toBeNull()
  })

  it('ranks the item named for the other direction below the one the query asks for', () => {
    expect(ids('外地医保转到本地').slice(0, 2)).toEqual(['transfer-in', 'transfer-out'])
    expect(ids('医保转到外地').slice(0, 2)).toEqual(['transfer-out', 'transfer-in'])
  })
})

describe('a wrong character read by its pinyin', () => {
  it('reads 申情 as 申请 (the same syllables, shen qing) and says so', () => {
    const { results, normalized } = engine.search('慢性病待遇申情')
    expect(normalized).toBe('慢性病待遇申请')
    expect(results[0]).toMatchObject({ itemId: 'chronic', matchedBy: '纠错：情→请' })
    expect(results[0].reason).toBe('“情”按“请”，名称含“慢性病待遇申请”')
  })
})

describe('the reason line', () => {
  it('names the FAQ that asks the question when the name only matches its words', () => {
    const hit = first('辞职了以后医保怎么办')
    expect(hit.itemId).toBe('suspension')
    expect(hit.reason).toBe('指南常见问题：辞职了，医保怎么办？')
  })

  it('names the name when the query stands in it as written', () => {
    expect(first('职工医保关系中止')).toMatchObject({ itemId: 'suspension', reason: '名称含“职工医保关系中止”' })
  })

  it('shows a long line from where it holds the query’s words', () => {
    const line = {
      kind: 'prohibition' as const,
      topic: '与用人单位存在劳动关系的职工应当参加职工医保，用人单位不得以“自愿放弃”为由为其终止',
      grams: new Set<string>()
    }
    const words = ['自愿', '愿放', '放弃'].map((gram) => ({ gram }))
    expect(guideReason(line, words)).toMatch(/^指南禁止事项：……[^…]*“自愿放弃”[^…]*$/)
    // without the query's words: from the start, cut at the end
    expect(guideReason(line)).toBe('指南禁止事项：与用人单位存在劳动关系的职工应当参加职工医保，用人单位不……')
  })
})
