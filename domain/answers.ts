import type { AnswerCondition, HandlingMode, ItemDetail, Material, SmartPath, TimeLimit } from '../contract/catalog'

/**
 * The rules that follow the form's answers: whether a manual item is decided by rule at submit (a smart sub-path),
 * which time limit applies (即时办结, a tier, or the agency's default), and which materials apply. Pure: the BFF's
 * case system, the msw mocks and the app decide with these and nothing else.
 */

/** Whether the answers meet a condition: a select answer among `in` (blank never is), or not among `notIn`. */
export function answerMatches(cond: AnswerCondition, values: Record<string, string>): boolean {
  const v = (values[cond.key] ?? '').trim()
  if (cond.notIn) return !cond.notIn.includes(v)
  return v !== '' && (cond.in ?? []).includes(v)
}

/**
 * The smart sub-path these answers take, if any: e.g. 003 §7.6.3.5 b — 其他临时外出就医人员备案 filed online is
 * “秒申秒办，无需审核” (000 §6.6), while 异地安置退休 and 常驻异地工作 filings keep staff review (§7.6.1.5).
 */
export function smartPathOf(item: Pick<ItemDetail, 'handlingMode' | 'smartPaths'>, values: Record<string, string>): SmartPath | null {
  if (item.handlingMode !== 'manual') return null
  return item.smartPaths?.find((p) => answerMatches(p.when, values)) ?? null
}

/** How a case of this item with these answers is handled: the item's mode, or smart on a smart sub-path. */
export function caseHandlingMode(item: Pick<ItemDetail, 'handlingMode' | 'smartPaths'>, values: Record<string, string>): HandlingMode {
  return smartPathOf(item, values) ? 'smart' : item.handlingMode
}

/**
 * The agency's time limit for a manual item whose guide states none (e.g. 领取就医凭证, 家庭病床备案: the seeds give
 * no number). A region's configuration may set its own (`defaultTimeLimitDays`); this is the value without one,
 * the 一般业务 limit the seeds give for comparable manual reviews (003 §7.4.1.7, §7.5.1.7: 10 working days).
 */
export const AGENCY_DEFAULT_TIME_LIMIT_DAYS = 10

/**
 * The time limit of a served guide (001 §4.1.2 #9): the stated one, 0 for a manual 即时办结 (due the same working
 * day), or — where the seeds state none — the agency's default, marked as such and said so in the text.
 */
export function servedTimeLimit(t: TimeLimit, handlingMode: HandlingMode, agencyDefaultDays: number | undefined): TimeLimit {
  if (handlingMode !== 'manual' || t.workingDays !== null) return t
  if (t.sameDay) return { ...t, workingDays: 0 }
  const days = agencyDefaultDays ?? AGENCY_DEFAULT_TIME_LIMIT_DAYS
  return { ...t, workingDays: days, agencyDefault: true, text: `${t.text}。标准未规定具体时限，本经办机构承诺 ${days} 个工作日内办结` }
}

/**
 * The time limit (working days) of a case at submit: none for smart and query cases (decided at once), the tier
 * the answers choose (003 §7.4.1.7: 单次门诊小额 5, 一般 10 working days), else the served guide's limit.
 * Every manual case gets a number: 0 is 即时办结, due the same working day.
 */
export function caseTimeLimitDays(item: Pick<ItemDetail, 'handlingMode' | 'smartPaths' | 'guide'>, values: Record<string, string>): number | null {
  if (caseHandlingMode(item, values) !== 'manual') return null
  const t = item.guide.timeLimit
  const tier = t.tiers?.find((x) => answerMatches(x.when, values))
  if (tier) return tier.workingDays
  return t.workingDays ?? (t.sameDay ? 0 : AGENCY_DEFAULT_TIME_LIMIT_DAYS)
}

/** The materials that apply to these answers (001 §5.1.4): those without a condition, and those whose answer is given. */
export function applicableMaterials(item: Pick<ItemDetail, 'guide'>, values: Record<string, string>): Material[] {
  return item.guide.materials.filter((m) => !m.when || answerMatches(m.when, values))
}

/**
 * 001 §5.1.4: paper originals are awaited when the item mails originals for verification and a material that
 * applies to these answers is one (a 门诊 claim mails its 门急诊费用清单, not a 住院费用清单).
 */
export function needsPaper(item: ItemDetail, values: Record<string, string>): boolean {
  return item.mailing !== null && paperMaterials(item, values).length > 0
}

/** The paper originals to mail for these answers (001 §5.1.4). */
export function paperMaterials(item: ItemDetail, values: Record<string, string>): Material[] {
  return applicableMaterials(item, values).filter((m) => m.paper)
}

/**
 * Region answers that contradict the item: a 就医地 inside the 设区市 where one applies (and is insured) for an item of
 * 异地就医 (003 §7.6.1–7.6.3: 备案 is for care outside the city; care at home is settled directly). Field key → message.
 */
export function regionProblems(item: Pick<ItemDetail, 'form' | 'region'>, values: Record<string, string>): Record<string, string> {
  const out: Record<string, string> = {}
  const city = item.region.code.slice(0, 4)
  for (const f of item.form?.fields ?? []) {
    const v = (values[f.key] ?? '').trim()
    if (f.kind === 'region' && f.outsideItemCity && v.slice(0, 4) === city) {
      out[f.key] = `${f.label}须选择参保地（${item.region.fullName}）所在市以外的地区；在本市就医可直接结算，无需备案`
    }
  }
  return out
}
