import { randomUUID } from 'node:crypto'
import { ApplicationDetailSchema, DraftSchema, type ApplicationDetail } from '../../../contract/apply'
import { ErrorCode } from '../../../contract/common'
import { ComplaintSchema, EvaluationSchema, MetricsResponseSchema, StaffEvaluationSchema } from '../../../contract/evaluation'
import { EVoucherSchema, EVoucherUsageSchema, NotMeResultSchema } from '../../../contract/evoucher'
import { applicableMaterials } from '../../../domain/answers'
import { addWorkingDays, shanghaiDate, shanghaiDateTime } from '../../../domain/calendar'
import { QUERY_ACTOR_NAME } from '../../../domain/queries'
import { SOURCE_CASE_ACTOR, sourceCaseLabel } from '../../../domain/reminders'
import { NODE_LABEL } from '../../../domain/workflow'
import { ARCHIVE_LABEL } from '../../../domain/archive'
import { paperPhoto, type Side } from './sides'

/**
 * The scenarios of the contract suite: each runs against the msw handlers and against the BFF (contract.test.ts)
 * with the same assertions, so what the app's tests see in the mocks is what the BFF does. Each scenario names the
 * drift it pins (docs/thin-bff.md) where there was one.
 */
export interface Scenario {
  name: string
  run(side: Side): Promise<void>
}

/** 丽水市莲都区: both sides serve every item of the city's counties here */
const REGION = '331102'
/** manual, no paper originals, 5 working days; 银行卡 (one photo) to upload */
const REFUND = 'employee-refund'
/** manual, no paper originals, 10 working days; nothing to upload for 张丽华 (身份证 shared-verified) */
const SUBSIDY = 'maternity-nutrition-subsidy'
/** smart: decided at once (001 §5.2.2) */
const SMART = 'resident-contribution'
/** manual, with a smart sub-path for 其他临时外出就医人员 (003 §7.6.3.5 b) */
const OFFSITE = 'offsite-care-filing'
/** manual, 即时办结 (003 §7.6.1.7): due the same working day */
const SAME_DAY = 'long-term-offsite-filing'
/** manual, pays money, paper originals mailed; 门诊 5 / 住院 10, 特殊情况 ≤ 20 working days (003 §7.4.1.7) */
const CLAIM = 'medical-reimbursement'
/** a query item (001 §5.2.1) */
const QUERY = 'personal-insurance-record'

const key = (): string => randomUUID()

async function ok(p: Promise<{ status: number; body: unknown }>, status = 200): Promise<any> { // eslint-disable-line @typescript-eslint/no-explicit-any
  const a = await p
  if (a.status !== status) throw new Error(`expected ${status}, got ${a.status}: ${JSON.stringify(a.body)}`)
  return a.body
}

function refused(a: { status: number; body: { code?: string } }, status: number, code: string): void {
  expect({ status: a.status, code: a.body?.code }).toEqual({ status, code })
}

/** A draft filled with valid values and the photos its required materials need; returns the draft id. */
async function filledDraft(side: Side, itemId: string, answers: Record<string, string> = {}): Promise<string> {
  const item = await side.item(itemId, REGION)
  const created = await side.citizen('POST', '/drafts', { itemId, region: REGION })
  expect([200, 201]).toContain(created.status)
  const draft = DraftSchema.parse(created.body)
  const saved = DraftSchema.parse(await ok(side.citizen('PUT', `/drafts/${draft.id}`, { values: { ...side.values(item), ...answers }, baseVersion: draft.version, step: 'materials' })))
  // what applies to these answers; a mailed original is photographed too (domain/cases.ts checkSubmission)
  for (const m of applicableMaterials(item, { ...side.values(item), ...answers })) {
    if (!m.required || saved.sharedVerified.includes(m.id)) continue
    await ok(side.upload(`/drafts/${draft.id}/materials/${m.id}`, { name: `${m.id}.jpg`, bytes: await paperPhoto(), mime: 'image/jpeg' }))
  }
  return draft.id
}

async function submitted(side: Side, itemId: string, answers: Record<string, string> = {}): Promise<ApplicationDetail> {
  const draftId = await filledDraft(side, itemId, answers)
  const a = ApplicationDetailSchema.parse(await ok(side.citizen('POST', `/drafts/${draftId}/submit`, { paperPledge: true }, { 'Idempotency-Key': key() }), 201))
  // staff take it up an hour later (what was uploaded before a 补正 request does not answer it)
  await side.setNow(new Date(side.now().getTime() + 3_600_000).toISOString())
  return a
}

async function act(side: Side, id: string, body: Record<string, unknown>, name?: string): Promise<ApplicationDetail> {
  return ApplicationDetailSchema.parse(await ok(side.staff('POST', `/staff/applications/${id}/actions`, body, name)))
}

/** A manual case taken to a decision by staff. */
async function decided(side: Side, itemId = SUBSIDY): Promise<ApplicationDetail> {
  const a = await submitted(side, itemId)
  await act(side, a.id, { action: 'assign', staffName: '王敏' })
  await act(side, a.id, { action: 'accept' })
  await act(side, a.id, { action: 'startReview' })
  return act(side, a.id, { action: 'complete' })
}

const labels = (a: ApplicationDetail): string[] => a.events.map((e) => e.label)

async function staffEvaluationOf(side: Side, applicationId: string): Promise<{ id: string }> {
  const list = (await ok(side.staff('GET', '/staff/evaluations'))).evaluations as Array<{ id: string; applicationId: string }>
  const e = list.find((x) => x.applicationId === applicationId)
  if (!e) throw new Error('rating not in the staff list')
  return e
}

async function badRating(side: Side): Promise<{ app: ApplicationDetail; evaluationId: string }> {
  const app = await decided(side)
  await ok(side.citizen('POST', `/applications/${app.id}/evaluation`, { level: 'dissatisfied', reasons: ['attitude'], text: '窗口答复不耐烦' }), 201)
  return { app, evaluationId: (await staffEvaluationOf(side, app.id)).id }
}

export const scenarios: Scenario[] = [
  {
    name: 'drafts: created once per item, saved by version, an old version refused (409 DRAFT_CONFLICT)',
    async run(side) {
      const first = await side.citizen('POST', '/drafts', { itemId: REFUND, region: REGION })
      expect(first.status).toBe(201)
      const draft = DraftSchema.parse(first.body)
      expect(draft.applicant.idNumber).toBe('331102********0025')
      const again = await side.citizen('POST', '/drafts', { itemId: REFUND, region: REGION })
      expect({ status: again.status, id: again.body.id }).toEqual({ status: 200, id: draft.id })
      const saved = DraftSchema.parse(await ok(side.citizen('PUT', `/drafts/${draft.id}`, { values: {}, baseVersion: draft.version, step: 'form' })))
      expect(saved.version).toBe(draft.version + 1)
      refused(await side.citizen('PUT', `/drafts/${draft.id}`, { values: {}, baseVersion: draft.version }), 409, ErrorCode.DRAFT_CONFLICT)
      // the projected due date: the item's working days from today (drift 4: one calendar on both sides)
      expect(saved.projectedDueDate).toBe(addWorkingDays(shanghaiDate(side.now()), 5))
    }
  },
  {
    name: 'submit: an Idempotency-Key is required, missing materials are named, a repeat answers the same case',
    async run(side) {
      const created = DraftSchema.parse((await side.citizen('POST', '/drafts', { itemId: REFUND, region: REGION })).body)
      const item = await side.item(REFUND, REGION)
      await ok(side.citizen('PUT', `/drafts/${created.id}`, { values: side.values(item), baseVersion: created.version }))
      refused(await side.citizen('POST', `/drafts/${created.id}/submit`, {}), 400, ErrorCode.IDEMPOTENCY_KEY_REQUIRED)
      const missing = await side.citizen('POST', `/drafts/${created.id}/submit`, {}, { 'Idempotency-Key': key() })
      refused(missing, 400, ErrorCode.MATERIALS_MISSING)
      expect(missing.body.message).toContain('银行')
      await ok(side.upload(`/drafts/${created.id}/materials/bank-account`, { name: 'card.jpg', bytes: await paperPhoto(), mime: 'image/jpeg' }))
      const k = key()
      const first = await side.citizen('POST', `/drafts/${created.id}/submit`, {}, { 'Idempotency-Key': k })
      expect(first.status).toBe(201)
      const repeat = await side.citizen('POST', `/drafts/${created.id}/submit`, {}, { 'Idempotency-Key': k })
      expect([200, 201]).toContain(repeat.status)
      expect(repeat.body.id).toBe(first.body.id)
      refused(await side.citizen('PUT', `/drafts/${created.id}`, { values: {}, baseVersion: 99 }), 409, ErrorCode.DRAFT_SUBMITTED)
    }
  },
  {
    name: 'manual submit: 已提交申请, the due date from the submit day until acceptance, 申请已提交 in the messages (drifts 3, 9)',
    async run(side) {
      const a = await submitted(side, SUBSIDY)
      expect(a.status).toBe('submitted')
      expect(labels(a)).toEqual([NODE_LABEL.submit])
      expect(a.dueDate).toBe(addWorkingDays(shanghaiDate(side.now()), 10))
      const messages = await ok(side.citizen('GET', '/notifications'))
      expect(messages.notifications.some((n: { title: string; applicationId: string }) => n.title === '申请已提交' && n.applicationId === a.id)).toBe(true)
    }
  },
  {
    name: 'smart decision: decided at once by the system, with its own timeline label, a result and a message (drift 2)',
    async run(side) {
      const a = await submitted(side, SMART)
      expect(['completed', 'rejected']).toContain(a.status)
      const action = a.status === 'completed' ? 'autoComplete' : 'autoReject'
      // 000 §6.1.5: a smart case ends with its decision and is archived at once
      expect(labels(a)).toEqual([NODE_LABEL.submit, NODE_LABEL[action], ARCHIVE_LABEL])
      expect(a.events[1].actor).toEqual({ kind: 'system', name: '系统（智能办理）' })
      expect(a.result?.decision).toBe(a.status === 'completed' ? 'approved' : 'rejected')
      expect(a.dueDate).toBeNull()
      const messages = await ok(side.citizen('GET', '/notifications'))
      expect(messages.notifications.some((n: { title: string }) => n.title === (a.status === 'completed' ? '办件已办结' : '办件不予办理'))).toBe(true)
    }
  },
  {
    name: 'smart sub-path: 其他临时外出就医人员 filed online decided at once, other filing types wait for staff due the same working day (003 §7.6.3.5 b)',
    async run(side) {
      const draft = DraftSchema.parse((await side.citizen('POST', '/drafts', { itemId: OFFSITE, region: REGION })).body)
      const item = await side.item(OFFSITE, REGION)
      const temporary = { ...side.values(item), filingType: '其他临时外出就医人员', careRegion: '320902' }
      const saved = DraftSchema.parse(await ok(side.citizen('PUT', `/drafts/${draft.id}`, { values: temporary, baseVersion: draft.version })))
      // the app tells the citizen before submitting: this answer is decided at once
      expect(saved.handlingMode).toBe('smart')
      expect(saved.projectedDueDate).toBeNull()
      const a = ApplicationDetailSchema.parse(await ok(side.citizen('POST', `/drafts/${draft.id}/submit`, {}, { 'Idempotency-Key': key() }), 201))
      expect({ mode: a.handlingMode, status: a.status }).toEqual({ mode: 'smart', status: 'completed' })
      expect(labels(a)).toEqual([NODE_LABEL.submit, NODE_LABEL.autoComplete, ARCHIVE_LABEL])
      expect(a.result?.decision).toBe('approved')
      const retired = await submitted(side, OFFSITE, { filingType: '异地安置退休人员', careRegion: '320902' })
      expect({ mode: retired.handlingMode, status: retired.status }).toEqual({ mode: 'manual', status: 'submitted' })
      // 即时办结 (003 §7.6.1.7): due the day it is taken up, never without a date
      expect(retired.timeLimitDays).toBe(0)
      expect(retired.dueDate).not.toBeNull()
    }
  },
  {
    name: '就医地 from the national GB/T 2260 list, a level at a time; a code not in it is 400 REGION_NOT_IN_DATASET (003 §7.6.1–7.6.3)',
    async run(side) {
      const provinces = (await ok(side.citizen('GET', '/national-regions'))).regions as Array<{ code: string; name: string }>
      expect(provinces).toHaveLength(34)
      const cities = (await ok(side.citizen('GET', '/national-regions?parent=330000'))).regions as Array<{ code: string; name: string }>
      expect(cities.find((c) => c.code === '330100')?.name).toBe('杭州市')
      const counties = (await ok(side.citizen('GET', '/national-regions?parent=330100'))).regions as Array<{ code: string; name: string }>
      expect(counties.find((c) => c.code === '330106')?.name).toBe('西湖区')
      refused(await side.citizen('GET', '/national-regions?parent=999900'), 400, ErrorCode.REGION_NOT_IN_DATASET)
      // treated in 杭州, insured in 丽水: the case shows the place by its full name
      const hangzhou = await submitted(side, OFFSITE, { filingType: '异地安置退休人员', careRegion: '330106' })
      expect(hangzhou.fields.find((f) => f.key === 'careRegion')?.value).toBe('浙江省杭州市西湖区')
      const draftId = await filledDraft(side, OFFSITE, { filingType: '异地安置退休人员', careRegion: '339999' })
      const bad = await side.citizen('POST', `/drafts/${draftId}/submit`, { paperPledge: true }, { 'Idempotency-Key': key() })
      refused(bad, 400, ErrorCode.REGION_NOT_IN_DATASET)
      expect(bad.body.fields['values.careRegion']).toContain('就医地')
    }
  },
  {
    name: '按时办结率 (001 §6.2) by the real due date: a 即时办结 case decided 30 days later is not on time',
    async run(side) {
      const figure = async () => MetricsResponseSchema.parse(await ok(side.citizen('GET', `/metrics?item=${SAME_DAY}`))).overall.onTimeCompletion
      const before = await figure()
      const a = await submitted(side, SAME_DAY)
      expect(a.timeLimitDays).toBe(0)
      await act(side, a.id, { action: 'assign', staffName: '王敏' })
      await act(side, a.id, { action: 'accept' })
      await act(side, a.id, { action: 'startReview' })
      // 30 days on, in steps a signed-in session survives
      for (let d = 0; d < 3; d++) await side.setNow(new Date(side.now().getTime() + 10 * 86_400_000).toISOString())
      expect((await ok(side.citizen('GET', `/applications/${a.id}`))).overdue).toBe(true)
      await act(side, a.id, { action: 'complete' })
      const after = await figure()
      expect({ cases: after.denominator - before.denominator, onTime: after.numerator - before.numerator }).toEqual({ cases: 1, onTime: 0 })
    }
  },
  {
    name: 'query: answered at once and kept in 我的办件 as 查询 · 已办结, seen again there and rated like any case; asked again within 30 minutes it refreshes that case (001 §5.2.1; 000 §6.1.4.2)',
    async run(side) {
      const ask = () => ok(side.citizen('POST', `/items/${QUERY}/query`, {}))
      const queryCases = async () =>
        ((await ok(side.citizen('GET', '/applications'))).applications as Array<{ id: string; itemId: string }>).filter((a) => a.itemId === QUERY)
      const onTime = async () => MetricsResponseSchema.parse(await ok(side.citizen('GET', `/metrics?item=${QUERY}`))).overall.onTimeCompletion.denominator
      const before = (await queryCases()).length
      const answer = await ask()
      expect(answer.itemId).toBe(QUERY)
      expect(answer.rows.length).toBeGreaterThan(0)
      expect(answer.answeredAt).toBe(side.now().toISOString())
      refused(await side.citizen('POST', `/items/${SUBSIDY}/query`, {}), 400, ErrorCode.ITEM_NOT_APPLYABLE)

      const listed = ((await ok(side.citizen('GET', '/applications'))).applications as ApplicationDetail[]).filter((a) => a.id === answer.applicationId)
      expect(listed.map((a) => [a.caseNo, a.handlingMode, a.status, a.statusLabel, a.dueDate, a.overdue, a.nextStep])).toEqual([
        [answer.caseNo, 'query', 'completed', '已办结', null, false, null]
      ])
      const kept = ApplicationDetailSchema.parse(await ok(side.citizen('GET', `/applications/${answer.applicationId}`)))
      expect(kept.queryAnswer).toEqual({ answeredAt: answer.answeredAt, rows: answer.rows, note: answer.note })
      expect(kept.events.map((e) => [e.action, e.label, e.actor])).toEqual([['answerQuery', NODE_LABEL.answerQuery, { kind: 'system', name: QUERY_ACTOR_NAME }]])

      // 重新查询 ten minutes on: the same case, its answer refreshed; 我的办件 is not flooded
      await side.setNow(new Date(side.now().getTime() + 10 * 60_000).toISOString())
      const again = await ask()
      expect(again.applicationId).toBe(answer.applicationId)
      expect(ApplicationDetailSchema.parse(await ok(side.citizen('GET', `/applications/${answer.applicationId}`))).queryAnswer?.answeredAt).toBe(side.now().toISOString())
      expect((await queryCases()).length).toBe(before + 1)

      // 一事一评 covers query services too (000 §6.1.4.2)
      expect((await ok(side.citizen('GET', `/applications/${answer.applicationId}/evaluation`))).rateable).toBe(true)
      EvaluationSchema.parse(await ok(side.citizen('POST', `/applications/${answer.applicationId}/evaluation`, { level: 'verySatisfied' }), 201))

      // half an hour after the case was made, the same query is a new case; neither counts in 按时办结率 (001 §6.2)
      await side.setNow(new Date(side.now().getTime() + 25 * 60_000).toISOString())
      expect((await ask()).applicationId).not.toBe(answer.applicationId)
      expect((await queryCases()).length).toBe(before + 2)
      expect(await onTime()).toBe(0)
    }
  },
  {
    name: 'a family member’s query: with the `record` grant, kept under the member and listed with their cases; 403 GRANT_REQUIRED without it',
    async run(side) {
      const member = await side.familyMember(['record', 'cases'])
      const answer = await ok(side.citizen('POST', `/items/${QUERY}/query`, { insuredId: member }))
      const ids = async (q: string) => ((await ok(side.citizen('GET', `/applications${q}`))).applications as Array<{ id: string }>).map((a) => a.id)
      expect(await ids(`?insuredId=${member}`)).toContain(answer.applicationId)
      // the member (王建国) is the applicant, not the citizen who asked
      expect(ApplicationDetailSchema.parse(await ok(side.citizen('GET', `/applications/${answer.applicationId}`))).applicantName).toMatch(/^王\*/)
      await side.reset()
      const without = await side.familyMember(['cases'])
      refused(await side.citizen('POST', `/items/${QUERY}/query`, { insuredId: without }), 403, ErrorCode.GRANT_REQUIRED)
    }
  },
  {
    name: 'submit → assign → accept → review → 补正 → resubmit → complete: the BFF timeline, back to the step that asked (drifts 1, 2)',
    async run(side) {
      const a = await submitted(side, REFUND)
      await act(side, a.id, { action: 'assign', staffName: '王敏' })
      const accepted = await act(side, a.id, { action: 'accept' })
      expect(accepted.status).toBe('accepted')
      await act(side, a.id, { action: 'startReview' })
      const asked = await act(side, a.id, { action: 'requestSupplement', materialIds: ['bank-account'], note: '银行卡照片不清晰', deadlineDays: 5 })
      expect(asked.status).toBe('supplementRequested')
      expect(asked.supplement?.deadline).toBe(addWorkingDays(shanghaiDate(side.now()), 5))
      const seen = ApplicationDetailSchema.parse(await ok(side.citizen('GET', `/applications/${a.id}`)))
      expect(seen.nextStep).toContain('请在')
      expect(seen.overdue).toBe(false)
      await ok(side.upload(`/applications/${a.id}/materials/bank-account`, { name: 'card2.jpg', bytes: await paperPhoto(), mime: 'image/jpeg' }))
      const back = ApplicationDetailSchema.parse(await ok(side.citizen('POST', `/applications/${a.id}/resubmit`, {}, { 'Idempotency-Key': key() })))
      expect(back.status).toBe('inReview')
      // an item that pays money is completed with the amount (400 PAYMENT_AMOUNT_REQUIRED without it)
      refused(await side.staff('POST', `/staff/applications/${a.id}/actions`, { action: 'complete' }), 400, ErrorCode.PAYMENT_AMOUNT_REQUIRED)
      const done = await act(side, a.id, { action: 'complete', amountFen: 12_345 })
      expect(done.status).toBe('completed')
      expect(done.result?.payment).toMatchObject({ amountFen: 12_345, expectedDate: addWorkingDays(shanghaiDate(side.now()), 5) })
      expect(labels(done)).toEqual([
        NODE_LABEL.submit,
        NODE_LABEL.assign,
        NODE_LABEL.accept,
        NODE_LABEL.startReview,
        NODE_LABEL.requestSupplement,
        NODE_LABEL.resubmit,
        NODE_LABEL.complete
      ])
      expect(done.events[1].note).toBe('由 王敏 经办')
      expect(done.result?.documentName).toBe(`${a.itemName}办理结果通知书`)
      // no paper result to collect or mail for this item: nothing left for the citizen to do
      expect(done.nextStep).toBeNull()
    }
  },
  {
    name: '补正 uploads: the material’s own limits and the BFF’s words for a refused type (drifts 6, 7)',
    async run(side) {
      const a = await submitted(side, REFUND)
      await act(side, a.id, { action: 'assign', staffName: '王敏' })
      await act(side, a.id, { action: 'requestSupplement', materialIds: ['bank-account'], note: '请补充银行卡' })
      const pdf = await side.upload(`/applications/${a.id}/materials/bank-account`, { name: 'card.pdf', bytes: Buffer.from('%PDF-1.4\n%%EOF\n'), mime: 'application/pdf' })
      refused(pdf, 415, ErrorCode.UPLOAD_TYPE_UNSUPPORTED)
      expect(pdf.body.message).toContain('照片（JPG、PNG、HEIC 格式）')
      await ok(side.upload(`/applications/${a.id}/materials/bank-account`, { name: 'card.jpg', bytes: await paperPhoto(), mime: 'image/jpeg' }))
      const second = await side.upload(`/applications/${a.id}/materials/bank-account`, { name: 'card2.jpg', bytes: await paperPhoto(), mime: 'image/jpeg' })
      refused(second, 409, ErrorCode.UPLOAD_TOO_MANY)
      refused(await side.upload(`/applications/${a.id}/materials/id-card`, { name: 'id.jpg', bytes: await paperPhoto(), mime: 'image/jpeg' }), 404, ErrorCode.MATERIAL_UNKNOWN)
    }
  },
  {
    name: '特殊情况: staff extend a claim to 20 working days with a reason the citizen reads, once; an item without the tier refused (003 §7.4.1.7)',
    async run(side) {
      const a = await submitted(side, CLAIM, { careCategory: '住院' })
      expect(a.timeLimitDays).toBe(10)
      for (const step of [{ action: 'assign', staffName: '王敏' }, { action: 'preAccept' }, { action: 'receivePaper' }, { action: 'startReview' }]) await act(side, a.id, step)
      const extend = { action: 'extendTimeLimit', reason: '需向外省就诊医院调取病历核实' }
      const preview = await ok(side.staff('POST', `/staff/applications/${a.id}/actions/preview`, extend))
      expect(preview.notice.body).toContain('原因：需向外省就诊医院调取病历核实')
      const accepted = (await act(side, a.id, extend)).events.find((e) => e.to === 'accepted')!
      const seen = ApplicationDetailSchema.parse(await ok(side.citizen('GET', `/applications/${a.id}`)))
      // the due date moves: 20 working days from 受理 (the clock of every due date)
      expect({ limit: seen.timeLimitDays, due: seen.dueDate, status: seen.status }).toEqual({ limit: 20, due: addWorkingDays(shanghaiDate(new Date(accepted.at)), 20), status: 'inReview' })
      expect(seen.events.at(-1)).toMatchObject({ action: 'extendTimeLimit', label: NODE_LABEL.extendTimeLimit, note: expect.stringContaining('需向外省就诊医院调取病历核实') })
      refused(await side.staff('POST', `/staff/applications/${a.id}/actions`, extend), 409, ErrorCode.TIME_LIMIT_NOT_EXTENDABLE)
      const other = await submitted(side, SUBSIDY)
      await act(side, other.id, { action: 'assign', staffName: '王敏' })
      refused(await side.staff('POST', `/staff/applications/${other.id}/actions`, extend), 409, ErrorCode.TIME_LIMIT_NOT_EXTENDABLE)
    }
  },
  {
    name: 'the guide is a contract: 补正 only of its materials, 不予办理 citing its conditions, nothing extended past the due date (001 §4.1.2, §5.2.3.4; 003 §5.1.1, §7.2.1.5 a))',
    async run(side) {
      // a clearer copy of a material given, cited by its number in the guide the case was filed under
      const refund = await submitted(side, REFUND)
      await act(side, refund.id, { action: 'assign', staffName: '王敏' })
      const filed = await ok(side.citizen('GET', `/applications/${refund.id}/guide`))
      expect(filed.guideVersion).toEqual(refund.guideVersion)
      expect(filed.guideVersion.version).toBe(1)
      const no = filed.item.guide.materials.findIndex((m: { id: string }) => m.id === 'bank-account') + 1
      await act(side, refund.id, { action: 'requestSupplement', materialIds: ['bank-account'], betterCopy: ['bank-account'], note: '银行卡照片反光' })
      const asked = ApplicationDetailSchema.parse(await ok(side.citizen('GET', `/applications/${refund.id}`)))
      expect(asked.supplement?.basis).toEqual([{ part: 'materials', no, materialId: 'bank-account', text: filed.item.guide.materials[no - 1].name, betterCopy: true }])

      const a = await submitted(side, CLAIM, { careCategory: '住院' })
      for (const step of [{ action: 'assign', staffName: '王敏' }, { action: 'preAccept' }, { action: 'receivePaper' }, { action: 'startReview' }]) await act(side, a.id, step)
      const item = await side.item(CLAIM, REGION)
      const notGiven = item.guide.materials.find((m) => !a.uploads.some((u) => u.materialId === m.id))!
      const path = `/staff/applications/${a.id}/actions`
      refused(await side.staff('POST', path, { action: 'requestSupplement', materialIds: ['bank-statement'], note: '请补交银行流水' }), 400, ErrorCode.SUPPLEMENT_NOT_IN_GUIDE)
      refused(await side.staff('POST', path, { action: 'requestSupplement', materialIds: [notGiven.id], betterCopy: [notGiven.id], note: '不清晰' }), 400, ErrorCode.SUPPLEMENT_COPY_NOT_GIVEN)
      refused(await side.staff('POST', path, { action: 'reject', reason: '不符合条件' }), 400, ErrorCode.REJECTION_WITHOUT_GUIDE_CONDITION)
      // past the due date with no extension recorded before it
      const due = ApplicationDetailSchema.parse(await ok(side.citizen('GET', `/applications/${a.id}`))).dueDate!
      await side.setNow(`${addWorkingDays(due, 1)}T10:00:00+08:00`)
      refused(await side.staff('POST', path, { action: 'extendTimeLimit', reason: '需调取外省病历' }), 409, ErrorCode.TIME_LIMIT_PASSED)
      refused(await side.staff('POST', path, { action: 'requestSupplement', materialIds: [a.uploads[0].materialId], note: '补' }), 409, ErrorCode.TIME_LIMIT_PASSED)
      await act(side, a.id, { action: 'reject', reason: '费用发生在境外', conditions: [{ part: 'prohibitions', no: 4 }] })
      const seen = ApplicationDetailSchema.parse(await ok(side.citizen('GET', `/applications/${a.id}`)))
      expect(seen.result?.basis).toEqual([{ part: 'prohibitions', no: 4, materialId: null, text: item.guide.conditions.prohibitions[3], betterCopy: false }])
      expect(seen.result?.text).toBe(`费用发生在境外（依据办事指南第 4 项禁止性要求：${item.guide.conditions.prohibitions[3]}）`)
      expect(seen.events.find((e) => e.action === 'reject')?.note).toContain(`已超过办理期限（${due}），未办理延期`)
    }
  },
  {
    name: 'resubmit: nothing new uploaded is refused; corrected values are checked again (drift 8)',
    async run(side) {
      const a = await submitted(side, REFUND)
      await act(side, a.id, { action: 'assign', staffName: '王敏' })
      await act(side, a.id, { action: 'requestSupplement', materialIds: ['bank-account'], note: '请补充银行卡' })
      refused(await side.citizen('POST', `/applications/${a.id}/resubmit`, {}, { 'Idempotency-Key': key() }), 400, ErrorCode.MATERIALS_MISSING)
      await ok(side.upload(`/applications/${a.id}/materials/bank-account`, { name: 'card.jpg', bytes: await paperPhoto(), mime: 'image/jpeg' }))
      const item = await side.item(REFUND, REGION)
      const phone = item.form!.fields.find((f) => f.kind === 'phone' && !f.readonly)
      if (phone) {
        const bad = await side.citizen('POST', `/applications/${a.id}/resubmit`, { values: { [phone.key]: '123' } }, { 'Idempotency-Key': key() })
        refused(bad, 400, ErrorCode.VALIDATION)
        expect(bad.body.fields?.[`values.${phone.key}`]).toBeTruthy()
      }
      const back = await ok(side.citizen('POST', `/applications/${a.id}/resubmit`, {}, { 'Idempotency-Key': key() }))
      // asked from 待受理: back to 待受理
      expect(back.status).toBe('assigned')
      const messages = await ok(side.citizen('GET', '/notifications'))
      // the citizen's own step sends no message (drift 9)
      expect(messages.notifications.some((n: { title: string }) => n.title === '补正材料已提交')).toBe(false)
    }
  },
  {
    name: 'illegal steps: 409 TRANSITION_NOT_ALLOWED in the state machine’s words',
    async run(side) {
      const a = await submitted(side, SUBSIDY)
      const early = await side.staff('POST', `/staff/applications/${a.id}/actions`, { action: 'complete' })
      refused(early, 409, ErrorCode.TRANSITION_NOT_ALLOWED)
      expect(early.body.message).toContain('办件当前为“已提交”')
      await act(side, a.id, { action: 'assign', staffName: '王敏' })
      const pre = await side.staff('POST', `/staff/applications/${a.id}/actions`, { action: 'preAccept' })
      refused(pre, 409, ErrorCode.TRANSITION_NOT_ALLOWED)
      expect(pre.body.message).toContain('本事项无需纸质核验材料，请直接受理')
      refused(await side.citizen('POST', `/applications/${a.id}/resubmit`, {}, { 'Idempotency-Key': key() }), 409, ErrorCode.SUPPLEMENT_NOT_REQUESTED)
    }
  },
  {
    name: 'a step previewed: the citizen gets the message shown; 邮寄 without a tracking number is 400',
    async run(side) {
      const a = await decided(side)
      refused(await side.staff('POST', `/staff/applications/${a.id}/actions/preview`, { action: 'deliver', method: 'mail' }), 400, ErrorCode.TRACKING_NO_REQUIRED)
      const preview = await ok(side.staff('POST', `/staff/applications/${a.id}/actions/preview`, { action: 'deliver', method: 'mail', trackingNo: 'SF100200300' }))
      expect(preview.timelineLabel).toBe('办理结果已送达')
      expect((await ok(side.citizen('GET', `/applications/${a.id}`))).delivery).toBeNull()
      await act(side, a.id, { action: 'deliver', method: 'mail', trackingNo: 'SF100200300' })
      const messages = await ok(side.citizen('GET', '/notifications'))
      expect(messages.notifications.map((n: { body: string }) => n.body)).toContain(preview.notice.body)
    }
  },
  {
    name: 'overdue: past the due date in Shanghai, not while 待补正 (drift 10)',
    async run(side) {
      const a = await submitted(side, SUBSIDY)
      await act(side, a.id, { action: 'assign', staffName: '王敏' })
      await act(side, a.id, { action: 'accept' })
      const due = ApplicationDetailSchema.parse(await ok(side.citizen('GET', `/applications/${a.id}`))).dueDate!
      expect(due).toBe(addWorkingDays(shanghaiDate(side.now()), 10))
      await side.setNow(`${due}T23:59:00+08:00`)
      expect((await ok(side.citizen('GET', `/applications/${a.id}`))).overdue).toBe(false)
      await side.setNow(`${addWorkingDays(due, 1)}T00:01:00+08:00`)
      expect((await ok(side.citizen('GET', `/applications/${a.id}`))).overdue).toBe(true)
      const list = await ok(side.citizen('GET', '/applications'))
      expect(list.applications.find((x: { id: string }) => x.id === a.id).overdue).toBe(true)
    }
  },
  {
    name: 'rating: only a decided case, once; a good rating opens no loop',
    async run(side) {
      const open = await submitted(side, SUBSIDY)
      refused(await side.citizen('POST', `/applications/${open.id}/evaluation`, { level: 'verySatisfied' }), 409, ErrorCode.EVALUATION_NOT_OPEN)
      const a = await decided(side)
      const status = await ok(side.citizen('GET', `/applications/${a.id}/evaluation`))
      expect(status.rateable).toBe(true)
      const rated = EvaluationSchema.parse(await ok(side.citizen('POST', `/applications/${a.id}/evaluation`, { level: 'verySatisfied', text: '很快' }), 201))
      expect(rated.loop).toBeNull()
      refused(await side.citizen('POST', `/applications/${a.id}/evaluation`, { level: 'satisfied' }), 409, ErrorCode.EVALUATION_EXISTS)
      refused(await side.citizen('POST', `/applications/${a.id}/evaluation`, { level: 'dissatisfied' }), 400, ErrorCode.VALIDATION)
    }
  },
  {
    name: '差评 loop: follow-up → verify → rectify → the citizen accepts; steps out of order refused with hints (drift 12)',
    async run(side) {
      const { app, evaluationId } = await badRating(side)
      const early = await side.staff('POST', `/staff/evaluations/${evaluationId}/actions`, { action: 'verify', substantiated: true, finding: '属实' })
      refused(early, 409, ErrorCode.EVALUATION_STEP_NOT_ALLOWED)
      expect(early.body.message).toContain('请先回访评价人')
      await ok(side.staff('POST', `/staff/evaluations/${evaluationId}/actions`, { action: 'followUp', result: 'reached', note: '已电话联系' }))
      await ok(side.staff('POST', `/staff/evaluations/${evaluationId}/actions`, { action: 'verify', substantiated: false, finding: '不属实' }))
      const rectify = await side.staff('POST', `/staff/evaluations/${evaluationId}/actions`, { action: 'rectify', note: '整改' })
      refused(rectify, 409, ErrorCode.EVALUATION_STEP_NOT_ALLOWED)
      expect(rectify.body.message).toContain('无需整改')
      const explained = StaffEvaluationSchema.parse(await ok(side.staff('POST', `/staff/evaluations/${evaluationId}/actions`, { action: 'explain', note: '按规定办理' })))
      expect(explained.loop?.state).toBe('feedbackReady')
      const mine = EvaluationSchema.parse((await ok(side.citizen('GET', `/applications/${app.id}/evaluation`))).evaluation)
      expect(mine.loop?.events.map((e) => e.label)).toEqual(['已回访（已联系上评价人）', '已核实：反映的问题不属实', '已解释说明并反馈'])
      const accepted = EvaluationSchema.parse(await ok(side.citizen('POST', `/applications/${app.id}/evaluation/feedback`, { accept: true })))
      expect(accepted.loop?.state).toBe('accepted')
    }
  },
  {
    name: '差评 dispute once, then the loop starts again (000 §8.2.1)',
    async run(side) {
      const { app, evaluationId } = await badRating(side)
      const step = (b: Record<string, unknown>) => ok(side.staff('POST', `/staff/evaluations/${evaluationId}/actions`, b))
      await step({ action: 'followUp', result: 'reached', note: '已联系' })
      await step({ action: 'verify', substantiated: true, finding: '属实' })
      await step({ action: 'rectify', note: '已加强培训' })
      const disputed = EvaluationSchema.parse(await ok(side.citizen('POST', `/applications/${app.id}/evaluation/feedback`, { accept: false, text: '没有改进' })))
      expect(disputed.loop?.state).toBe('disputed')
      expect(disputed.loop?.canDispute).toBe(false)
      await step({ action: 'followUp', result: 'reached', note: '再次联系' })
      await step({ action: 'verify', substantiated: true, finding: '部分属实' })
      await step({ action: 'rectify', note: '已调整窗口' })
      refused(await side.citizen('POST', `/applications/${app.id}/evaluation/feedback`, { accept: false, text: '还是不行' }), 409, ErrorCode.EVALUATION_DISPUTE_USED)
    }
  },
  {
    name: 'appeal: upheld by another reviewer, the rating leaves the satisfaction figures (drift 11)',
    async run(side) {
      const { app, evaluationId } = await badRating(side)
      const before = MetricsResponseSchema.parse(await ok(side.citizen('GET', `/metrics?item=${SUBSIDY}`)))
      await ok(side.staff('POST', `/staff/evaluations/${evaluationId}/actions`, { action: 'appeal', reason: '评价人与办件无关的恶意差评' }, '李芳'))
      const self = await side.staff('POST', `/staff/evaluations/${evaluationId}/actions`, { action: 'decideAppeal', upheld: true, note: '成立' }, '李芳')
      refused(self, 409, ErrorCode.EVALUATION_STEP_NOT_ALLOWED)
      await ok(side.staff('POST', `/staff/evaluations/${evaluationId}/actions`, { action: 'decideAppeal', upheld: true, note: '核查属实，申诉成立' }, '赵刚'))
      const mine = EvaluationSchema.parse((await ok(side.citizen('GET', `/applications/${app.id}/evaluation`))).evaluation)
      expect(mine.loop?.state).toBe('closed')
      const after = MetricsResponseSchema.parse(await ok(side.citizen('GET', `/metrics?item=${SUBSIDY}`)))
      expect(after.overall.ratings.excluded - before.overall.ratings.excluded).toBe(1)
      expect((after.overall.ratings.byLevel.dissatisfied ?? 0) - (before.overall.ratings.byLevel.dissatisfied ?? 0)).toBe(-1)
      expect(after.overall.satisfaction.denominator - before.overall.satisfaction.denominator).toBe(-1)
      expect(after.overall.onTimeCompletion).toEqual(before.overall.onTimeCompletion)
    }
  },
  {
    name: 'default rating: a case left unrated 7 days is 未评价, its own count, never a person’s satisfaction; 000 §8.2.3 durations count it',
    async run(side) {
      const figures = async () => MetricsResponseSchema.parse(await ok(side.citizen('GET', `/metrics?item=${SUBSIDY}`))).overall
      const sum = (xs: number[]) => xs.reduce((a, b) => a + b, 0)
      // past the end of the 7th calendar day after a decision, in steps a signed-in session survives
      const tenDaysOn = async () => {
        for (let d = 0; d < 2; d++) await side.setNow(new Date(side.now().getTime() + 5 * 86_400_000).toISOString())
      }
      const a = await submitted(side, SUBSIDY)
      // the cases other scenarios decided and left unrated get their default ratings first (reading a rating sweeps)
      await tenDaysOn()
      expect((await ok(side.citizen('GET', `/applications/${a.id}/evaluation`))).rateable).toBe(false)
      const before = await figures()
      expect(sum(before.peaks.byHour)).toBeGreaterThan(0)
      await act(side, a.id, { action: 'assign', staffName: '王敏' })
      await act(side, a.id, { action: 'accept' })
      await act(side, a.id, { action: 'startReview' })
      await act(side, a.id, { action: 'complete' })
      await tenDaysOn()
      expect((await ok(side.citizen('GET', `/applications/${a.id}/evaluation`))).evaluation?.defaulted).toBe(true)
      const after = await figures()
      const delta = (f: (m: typeof after) => number) => f(after) - f(before)
      expect({
        defaulted: delta((m) => m.ratings.defaulted),
        active: delta((m) => m.ratings.active),
        basic: delta((m) => m.ratings.byLevel.basic ?? 0),
        unrated: [delta((m) => m.unratedRate.numerator), delta((m) => m.unratedRate.denominator)],
        satisfaction: [delta((m) => m.satisfaction.numerator), delta((m) => m.satisfaction.denominator)],
        satisfactionActive: [delta((m) => m.satisfactionActive.numerator), delta((m) => m.satisfactionActive.denominator)],
        good: [delta((m) => m.goodRate.numerator), delta((m) => m.goodRate.denominator)],
        activeGood: [delta((m) => m.activeGoodRate.numerator), delta((m) => m.activeGoodRate.denominator)],
        decided: delta((m) => m.processing.decided),
        submitted: [delta((m) => sum(m.peaks.byHour)), delta((m) => sum(m.peaks.byWeekday))]
      }).toEqual({
        defaulted: 1,
        active: 0,
        basic: 0,
        unrated: [1, 1],
        satisfaction: [1, 1],
        satisfactionActive: [0, 0],
        good: [0, 1],
        activeGood: [0, 0],
        decided: 1,
        // submitted before the first reading
        submitted: [0, 0]
      })
      expect(after.processing.medianHours).not.toBeNull()
    }
  },
  {
    name: 'complaint: filed, handled, answered, rated by the citizen',
    async run(side) {
      const a = await decided(side)
      const filed = ComplaintSchema.parse(
        await ok(side.citizen('POST', '/complaints', { subject: 'application', applicationId: a.id, category: 'delay', text: '办理时间比承诺的长' }), 201)
      )
      expect(filed.status).toBe('received')
      // filed in the app: 网上投诉 (003 §11.3.2)
      expect({ channel: filed.channel, channelLabel: filed.channelLabel }).toEqual({ channel: 'online', channelLabel: '网上' })
      expect(filed.dueDate).toBe(addWorkingDays(shanghaiDate(side.now()), 5))
      refused(await side.citizen('POST', `/complaints/${filed.id}/rate`, { satisfied: true }), 409, ErrorCode.COMPLAINT_STEP_NOT_ALLOWED)
      await ok(side.staff('POST', `/staff/complaints/${filed.id}/actions`, { action: 'startHandling', note: '已转经办科室' }))
      await ok(side.staff('POST', `/staff/complaints/${filed.id}/actions`, { action: 'answer', text: '已核实并致歉，今后按时办结' }))
      const answered = ComplaintSchema.parse(await ok(side.citizen('GET', `/complaints/${filed.id}`)))
      expect({ status: answered.status, canRate: answered.canRate, answer: answered.answer?.text }).toEqual({ status: 'answered', canRate: true, answer: '已核实并致歉，今后按时办结' })
      const closed = ComplaintSchema.parse(await ok(side.citizen('POST', `/complaints/${filed.id}/rate`, { satisfied: true })))
      expect(closed.status).toBe('closed')
    }
  },
  {
    name: 'e-voucher: one’s own code, decoded once at the counter',
    async run(side) {
      const v = EVoucherSchema.parse(await ok(side.citizen('GET', '/evoucher')))
      expect(v.insured).toBe(true)
      expect(v.code).toMatch(/^424\d{21}0000$/)
      const first = await side.terminal('/evoucher/decode', { code: v.code })
      expect(first.status).toBe(200)
      expect(first.body.name).toBe('张**')
      refused(await side.terminal('/evoucher/decode', { code: v.code }), 409, ErrorCode.EVOUCHER_USED)
    }
  },
  {
    name: 'proxy: a family member’s e-voucher with the grant, 403 GRANT_REQUIRED without it',
    async run(side) {
      const withGrant = await side.familyMember(['evoucher'])
      const v = EVoucherSchema.parse(await ok(side.citizen('GET', `/evoucher?insuredId=${withGrant}`)))
      expect(v.insured).toBe(true)
      await side.reset()
      const without = await side.familyMember(['record'])
      refused(await side.citizen('GET', `/evoucher?insuredId=${without}`), 403, ErrorCode.GRANT_REQUIRED)
    }
  },
  {
    name: 'reminders: proposed by the agency, confirmed into a draft once, a decided one refused (000 §6.1.2.1.2)',
    async run(side) {
      const proposed = await ok(
        side.staff('POST', '/staff/reminders', { idNumber: '331102198803120025', itemId: 'evoucher-activation', region: REGION, reason: '您已完成参保登记，可申领医保码' })
      )
      const list = await ok(side.citizen('GET', '/reminders'))
      expect(list.reminders.some((r: { id: string; status: string }) => r.id === proposed.id && r.status === 'pending')).toBe(true)
      const confirmed = await ok(side.citizen('POST', `/reminders/${proposed.id}/confirm`, {}))
      expect(confirmed.reminder.status).toBe('confirmed')
      const draft = DraftSchema.parse(await ok(side.citizen('GET', `/drafts/${confirmed.draftId}`)))
      expect(draft.itemId).toBe('evoucher-activation')
      const again = await ok(side.citizen('POST', `/reminders/${proposed.id}/confirm`, {}))
      expect(again.draftId).toBe(confirmed.draftId)
      refused(await side.citizen('POST', `/reminders/${proposed.id}/decline`, {}), 409, ErrorCode.REMINDER_DECIDED)
    }
  },
  {
    name: '视同同意 and 图4: a proposal with the source’s data carries the agency’s objection deadline; 不同意 is final; confirmed or past the deadline, the case is made from that data, decided and archived, once (000 §6.1.2.1.2, §6.1.5, §6.7.1)',
    async run(side) {
      const zhang = '331102198803120025'
      const today = shanghaiDate(side.now())
      const propose = (itemId: string, values: Record<string, string>) =>
        ok(side.staff('POST', '/staff/reminders', { idNumber: zhang, itemId, region: REGION, reason: '部门共享数据显示您的信息已变化', values }))
      const silent = await propose('employee-info-change', { changeItem: '联系地址', newValue: '浙江省丽水市莲都区人民街1号' })
      const objected = await propose('resident-info-change', { changeItem: '居住地', newValue: '浙江省丽水市莲都区人民街1号' })
      const confirmedOne = await propose('chronic-disease-filing', { insuranceType: '职工基本医疗保险', diseaseCategory: '门诊慢性病', diseaseName: '高血压', hospital: '丽水市中心医院' })
      // the agency's period (10 working days: the seeds give no number)
      expect(silent.objectionDeadline).toBe(addWorkingDays(today, 10))
      expect((await ok(side.citizen('POST', `/reminders/${objected.id}/decline`, {}))).status).toBe('declined')

      // 图4 on confirmation: the case at once, no draft to fill
      const confirmed = await ok(side.citizen('POST', `/reminders/${confirmedOne.id}/confirm`, {}))
      expect(confirmed.draftId).toBeNull()
      const c = ApplicationDetailSchema.parse(await ok(side.citizen('GET', `/applications/${confirmed.applicationId}`)))
      expect({ status: c.status, labels: labels(c) }).toEqual({ status: 'completed', labels: [sourceCaseLabel('confirm'), NODE_LABEL.autoComplete, ARCHIVE_LABEL] })
      expect((await ok(side.citizen('POST', `/reminders/${confirmedOne.id}/confirm`, {}))).applicationId).toBe(confirmed.applicationId)

      const statusOf = async (id: string) => ((await ok(side.citizen('GET', '/reminders'))).reminders as Array<{ id: string; status: string; applicationId: string | null }>).find((r) => r.id === id)!
      // the deadline day still counts
      await side.setNow(`${silent.objectionDeadline}T20:00:00+08:00`)
      await side.sweepDeemedConsent()
      expect((await statusOf(silent.id)).status).toBe('pending')
      await side.setNow(`${addWorkingDays(silent.objectionDeadline, 1)}T09:00:00+08:00`)
      await side.sweepDeemedConsent()
      await side.sweepDeemedConsent()
      const deemed = await statusOf(silent.id)
      expect(deemed.status).toBe('deemedConsented')
      expect(await statusOf(objected.id)).toMatchObject({ status: 'declined', applicationId: null })
      const a = ApplicationDetailSchema.parse(await ok(side.citizen('GET', `/applications/${deemed.applicationId}`)))
      expect({ status: a.status, labels: labels(a) }).toEqual({ status: 'completed', labels: [sourceCaseLabel('deemedConsent'), NODE_LABEL.autoComplete, ARCHIVE_LABEL] })
      expect(a.events[0].actor).toEqual({ kind: 'system', name: SOURCE_CASE_ACTOR.deemedConsent })
      expect(a.events[0].note).toContain(`${today}的提醒办在规定时间内未表示不同意`)
      // made once: one case of the item among the citizen's
      const mine = (await ok(side.citizen('GET', '/applications'))).applications as Array<{ itemId: string }>
      expect(mine.filter((x) => x.itemId === 'employee-info-change')).toHaveLength(1)
    }
  },
  {
    // last: the 24 h freeze it makes ends inside the scenario, but the BFF keeps its database between scenarios
    name: 'e-voucher usage log: each decode with the terminal and the proxy who fetched it; 「不是我」 freezes 24 h and files one 冒用 complaint',
    async run(side) {
      // apart from the decodes of earlier scenarios (the BFF keeps them)
      await side.setNow(new Date(side.now().getTime() + 90 * 60_000).toISOString())
      const member = await side.familyMember(['evoucher'])
      const his = EVoucherSchema.parse(await ok(side.citizen('GET', `/evoucher?insuredId=${member}`)))
      await ok(side.terminal('/evoucher/decode', { code: his.code }))
      const hisLog = EVoucherUsageSchema.parse(await ok(side.citizen('GET', `/evoucher/usage?insuredId=${member}`)))
      expect(hisLog.entries[0]).toMatchObject({ institutionName: '丽水市人民医院', terminalKindLabel: '挂号', terminalId: '****0017', fetchedBy: '张**', reportedAt: null })

      const mine = EVoucherSchema.parse(await ok(side.citizen('GET', '/evoucher')))
      await ok(side.terminal('/evoucher/decode', { code: mine.code }))
      const log = EVoucherUsageSchema.parse(await ok(side.citizen('GET', '/evoucher/usage')))
      const entry = log.entries[0]!
      expect({ at: entry.decodedAt, fetchedBy: entry.fetchedBy, frozen: log.frozenUntil }).toEqual({ at: side.now().toISOString(), fetchedBy: null, frozen: null })
      const report = NotMeResultSchema.parse(await ok(side.citizen('POST', `/evoucher/usage/${entry.id}/not-me`)))
      expect(report.frozenUntil).toBe(new Date(side.now().getTime() + 24 * 3_600_000).toISOString())
      expect(report.nextSteps.some((s) => s.includes('12393'))).toBe(true)
      const again = NotMeResultSchema.parse(await ok(side.citizen('POST', `/evoucher/usage/${entry.id}/not-me`)))
      expect(again.complaintNo).toBe(report.complaintNo)
      const complaints = (await ok(side.citizen('GET', '/complaints'))).complaints as Array<{ complaintNo: string; categoryLabel: string; text: string }>
      const filed = complaints.filter((c) => c.complaintNo === report.complaintNo)
      expect(filed.map((c) => c.categoryLabel)).toEqual(['冒用'])
      expect(filed[0]!.text).toContain('丽水市人民医院（挂号）')
      const frozen = await side.citizen('GET', '/evoucher')
      refused(frozen, 423, ErrorCode.EVOUCHER_FROZEN)
      expect(frozen.body.message).toContain(shanghaiDateTime(new Date(report.frozenUntil)))
      refused(await side.citizen('POST', '/evoucher/usage/no-such-entry/not-me'), 404, ErrorCode.EVOUCHER_USAGE_UNKNOWN)
      await side.setNow(report.frozenUntil)
      expect(EVoucherSchema.parse(await ok(side.citizen('GET', '/evoucher'))).insured).toBe(true)
    }
  }
]
