/**
 * The search engine's own knowledge of how citizens say things, beside the agency's maintained list
 * (catalog/synonyms.json, which an agency edits with its catalog). What is here is not an agency's choice but how
 * the seeds and the guides name things against how people talk; each entry says where it comes from.
 */
import type { SynonymRule } from '../../contract/catalog-data'

/** Everyday phrases → the catalog's words, read like the maintained rules (longest phrase first). */
export const EVERYDAY_RULES: readonly SynonymRule[] = [
  // 003 §7.1.5 职工参保信息变更 and §7.1.2 职工参保登记: the person a company insures is a 职工 (参保单位的职工);
  // "公司员工" names that person, not the company (参保单位信息变更 is §7.1.4, a different item)
  { from: ['公司员工', '单位员工', '企业员工', '公司职工', '公司的员工', '单位的员工', '公司里的人'], to: '职工' },
  // 003 §7.1.3 灵活就业人员参保登记: "灵活就业人员，含参加医疗保险的无雇工的个体工商户、未在用人单位参加医疗保险的
  // 非全日制从业人员" — the words people use for themselves
  // (个体户, 个体工商户 and 自由职业 are in the maintained list)
  { from: ['自由职业者', '打零工的', '非全日制', '兼职'], to: '灵活就业' },
  // "交医保" said of oneself is to be insured (参保: 003 §7.1.3 "提出参保申请，确立医疗保险关系"; the paying follows,
  // the guides' FAQ 参保后怎么缴费); "交医保费" (the fee itself) stays 缴费 in the maintained list
  { from: ['交医保', '缴医保', '交社保', '缴社保'], to: '参保' },
  // the 手工报销 guide's 禁止 line "在境外就医的医疗费用，不纳入基本医疗保险基金支付范围" and 003 §6 (出国 among the
  // reasons to leave): seeing a doctor abroad is 境外就医, not the 出国(境)带药 filing
  { from: ['在国外看病', '国外看病', '出国看病', '在国外就医', '国外就医', '出国就医', '境外看病', '在境外看病', '国外住院', '在国外住院'], to: '境外就医' },
  // the 手工报销 guide's 禁止 line "应当由第三人负担的医疗费用，不纳入基本医疗保险基金支付范围（第三人不支付或者无法确定
  // 第三人的，可申请先行支付）" and 003 (意外伤害费用: 申请先行支付需…无法确定第三人的证明): hurt by someone else is the
  // third party's bill first
  { from: ['被人打伤', '被打伤', '被人打', '被别人打伤', '被人撞伤', '被人撞'], to: '第三人' },
  // the 禁止 lines of the 医保码 and 就医凭证 guides: "仅限本人使用，不得出租、出借或转让给他人使用"
  { from: ['借给', '借别人', '借给别人', '借人', '转借', '租给'], to: '出借' },
  // the 生育 guides' "在国外以及港澳台地区发生的…" — a citizen names the place (在香港生孩子)
  { from: ['在香港', '在澳门', '在台湾', '香港', '澳门', '台湾'], to: '港澳台' }
]

/**
 * Words that give the direction of a transfer of the insurance relation (003 §7.1.9 医疗保险关系市外转入: "将市外原
 * 参保地的医疗保险关系转入本市"; §7.1.10 转出市外: "将本市医疗保险关系转出市外"): a query saying one direction
 * does not ask for an item named for the other (外地医保转到本地 is 转入, not 医保转到外地).
 */
export const DIRECTION_WORDS: Readonly<Record<'in' | 'out', readonly string[]>> = {
  in: ['转入', '转进来', '转回', '转到本地', '转来本地', '转到这里', '转到本市', '接续', '迁入'],
  out: ['转出', '转走', '转到外地', '转去外地', '转到老家', '转回老家', '转到外省', '迁出', '转出市外']
}

export type Direction = keyof typeof DIRECTION_WORDS

/**
 * The one direction a text gives (longest word first at each place: 转回老家 is out, 转回 in), or null when it gives
 * none or both.
 */
export function directionOf(text: string): Direction | null {
  let found: Direction | null = null
  for (let i = 0; i < text.length; ) {
    let best: { dir: Direction; len: number } | null = null
    for (const dir of ['in', 'out'] as const)
      for (const w of DIRECTION_WORDS[dir]) if (text.startsWith(w, i) && (!best || w.length > best.len)) best = { dir, len: w.length }
    if (!best) {
      i += 1
      continue
    }
    if (found && found !== best.dir) return null
    found = best.dir
    i += best.len
  }
  return found
}
