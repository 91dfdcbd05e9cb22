import type { FastifyInstance } from 'fastify'
import { ApplicationDetailSchema, StaffActionPreviewSchema, type ApplicationDetail } from '../../../contract/apply'
import { ErrorCode } from '../../../contract/common'
import { StaffAssigneesResponseSchema, TodoSchema } from '../../../contract/workbench'
import { maskName } from '../../../contract/identity'
import { PAPER_PART_LABEL } from '../../../domain/case-actions'
import { SAMPLE, itemDetail, multipart, photo, preparedDraft, signIn, type Session } from '../apply/helpers'
import { testApp } from '../helpers'
import { staffAuth, submitReimbursement } from './helpers'

/**
 * The window's steps with the citizen's wording shown first (001 §5.2.3): the dry run answers the applicant's exact
 * message and writes nothing; 收到原件 per paper material; 送达 by post needs a tracking number; a 科长 reassigns an
 * assigned case to another clerk of its region; a decided case stays in 待办 until delivered; roles and regions hold.
 */
const now = new Date('2026-11-02T02:00:00Z') // Monday 10:00 in Shanghai
let app: FastifyInstance
let cleanup: () => Promise<void>
let zhang: Session
const COUNTY = '331102'

type Who = 'admin' | 'clerk' | 'clerk2' | 'otherClerk' | 'reviewer' | 'chief'
const people: Record<Who, { role: 'admin' | 'clerk' | 'reviewer' | 'chief'; region: string; name: string }> = {
  admin: { role: 'admin', region: '330000', name: '赵管理' },
  clerk: { role: 'clerk', region: COUNTY, name: '甲窗口' },
  clerk2: { role: 'clerk', region: COUNTY, name: '乙窗口' },
  otherClerk: { role: 'clerk', region: '331121', name: '青田窗口' },
  reviewer: { role: 'reviewer', region: COUNTY, name: '钱审核' },
  chief: { role: 'chief', region: '331100', name: '丽水科长' }
}
const as = (who: Who) => staffAuth(app, { ...people[who], enrolled: true })
const idOf = async (who: Who): Promise<string> => (await app.inject({ url: '/api/v1/staff/me', headers: await as(who) })).json().id as string
const post = async (who: Who, id: string, payload: Record<string, unknown>, preview = false) =>
  app.inject({ method: 'POST', url: `/api/v1/staff/applications/${id}/actions${preview ? '/preview' : ''}`, headers: await as(who), payload })
const act = async (who: Who, id: string, payload: Record<string, unknown>): Promise<ApplicationDetail> => {
  const res = await post(who, id, payload)
  expect(res.statusCode).toBe(200)
  return ApplicationDetailSchema.parse(res.json())
}
const todoIds = async (who: Who): Promise<Array<[string, string]>> =>
  TodoSchema.parse((await app.inject({ url: '/api/v1/staff/todo', headers: await as(who) })).json()).items.map((i) => [i.id, i.urgencyLabel])

/** the case or an action's answer as sent, for what it shows of the applicant */
const viewBody = async (who: Who, id: string): Promise<string> => {
  const res = await app.inject({ url: `/api/v1/staff/applications/${id}`, headers: await as(who) })
  expect(res.statusCode).toBe(200)
  return res.body
}
const actBody = async (who: Who, id: string, payload: Record<string, unknown>): Promise<string> => {
  const res = await post(who, id, payload)
  expect([res.statusCode, res.statusCode === 200 ? '' : res.body]).toEqual([200, ''])
  return res.body
}
/**
 * Whether a view shows the applicant whole (contract/staff.ts staffSeesApplicantWhole: the one handling the case)
 * or masked as the citizen's own view: all or nothing, a view half masked would leak the other half.
 */
const whole = (body: string): boolean => {
  const c = JSON.parse(body) as { applicantName: string }
  const has = [body.includes(SAMPLE.zhang.idNumber), body.includes(SAMPLE.zhang.phone), c.applicantName === SAMPLE.zhang.name]
  expect(new Set(has).size).toBe(1)
  if (!has[0]) expect(c.applicantName).toBe(maskName(SAMPLE.zhang.name))
  return has[0]
}

beforeAll(async () => {
  const t = await testApp({ clock: () => now })
  app = t.app
  cleanup = t.cleanup
  zhang = await signIn(app, SAMPLE.zhang.phone, SAMPLE.zhang)
  for (const who of Object.keys(people) as Who[]) await as(who)
  const rule = await app.inject({ method: 'PUT', url: '/api/v1/staff/assignment-rules', headers: await as('admin'), payload: { region: COUNTY, itemId: '*', clerkIds: [await idOf('clerk')] } })
  expect(rule.statusCode).toBe(200)
})
afterAll(async () => cleanup())

it('shows the exact message the applicant will get before the step, and the step sends that message', async () => {
  const c = await submitReimbursement(app, zhang, now)
  const preview = await post('clerk', c.id, { action: 'preAccept', note: '请于 10 日内寄出发票原件' }, true)
  expect(preview.statusCode).toBe(200)
  const p = StaffActionPreviewSchema.parse(preview.json())
  expect(p).toMatchObject({ actionLabel: '预受理', timelineLabel: '已预受理，待收纸质材料', statusAfter: 'preAccepted', statusAfterLabel: expect.any(String) })
  expect(p.notice.body).toBe(`您申请的“${c.itemName}”（${c.caseNo}）已预受理，待收纸质材料：请于 10 日内寄出发票原件`)
  // a dry run writes nothing
  const unchanged = ApplicationDetailSchema.parse((await app.inject({ url: `/api/v1/staff/applications/${c.id}`, headers: await as('clerk') })).json())
  expect(unchanged.status).toBe('assigned')
  expect(unchanged.events).toHaveLength(c.events.length) // submitted and assigned at once, nothing since
  await act('clerk', c.id, { action: 'preAccept', note: '请于 10 日内寄出发票原件' })
  const inbox = (await app.inject({ url: '/api/v1/notifications', headers: zhang.headers })).json().notifications as Array<{ title: string; body: string }>
  expect(inbox.map((n) => n.body)).toContain(p.notice.body)
})

it('records each paper original as it arrives and accepts the case when all have; refuses what is not one', async () => {
  const c = await submitReimbursement(app, zhang, now)
  await act('clerk', c.id, { action: 'preAccept' })
  const paper = c.paper!.materials
  expect(paper.length).toBeGreaterThan(1)
  const wrong = await post('clerk', c.id, { action: 'receivePaper', materialIds: ['no-such-material'] })
  expect(wrong.statusCode).toBe(400)
  expect(wrong.json().code).toBe(ErrorCode.PAPER_MATERIAL_UNKNOWN)
  const part = await act('clerk', c.id, { action: 'receivePaper', materialIds: [paper[0].id] })
  expect(part.status).toBe('preAccepted')
  expect(part.paper!.materials.map((m) => m.receivedAt !== null)).toEqual(paper.map((_, i) => i === 0))
  expect(part.events.at(-1)).toMatchObject({ label: PAPER_PART_LABEL, from: 'preAccepted', to: 'preAccepted' })
  expect(part.events.at(-1)!.note).toContain(`尚未收到：${paper[1].name}`)
  const preview = StaffActionPreviewSchema.parse((await post('clerk', c.id, { action: 'receivePaper' }, true)).json())
  expect(preview.statusAfter).toBe('accepted')
  const all = await act('clerk', c.id, { action: 'receivePaper' })
  expect(all.status).toBe('accepted')
  expect(all.paper!.received).toBe(true)
  expect(all.paper!.materials.every((m) => m.receivedAt)).toBe(true)
  // the first arrival keeps its own time
  expect(all.paper!.materials[0].receivedAt).toBe(part.paper!.materials[0].receivedAt)
})

it('a 科长 reassigns an assigned case to another clerk of its region, who is told; nobody else may', async () => {
  const c = await submitReimbursement(app, zhang, now)
  const clerkId = await idOf('clerk')
  const clerk2Id = await idOf('clerk2')
  expect((await todoIds('clerk')).map((t) => t[0])).toContain(c.id)
  const byClerk = await post('clerk', c.id, { action: 'reassign', staffId: clerk2Id })
  expect(byClerk.statusCode).toBe(403)
  expect(byClerk.json().code).toBe(ErrorCode.STAFF_FORBIDDEN)
  const same = await post('chief', c.id, { action: 'reassign', staffId: clerkId })
  expect(same.statusCode).toBe(409)
  expect(same.json().code).toBe(ErrorCode.REASSIGN_SAME_STAFF)
  const away = await post('chief', c.id, { action: 'reassign', staffId: await idOf('otherClerk') })
  expect(away.statusCode).toBe(400)
  // the picker offers whom the step accepts: the region's active clerks and 科长, the one holding it marked; another
  // county's clerk, the reviewer and the administrator are not offered; the reviewer may not ask; another county 404s
  const picker = await app.inject({ url: `/api/v1/staff/applications/${c.id}/assignees`, headers: await as('chief') })
  expect(picker.statusCode).toBe(200)
  const offered = StaffAssigneesResponseSchema.parse(picker.json()).assignees
  expect(offered.map((a) => [a.name, a.current]).sort()).toEqual([['丽水科长', false], ['乙窗口', false], ['甲窗口', true]].sort())
  expect(offered.every((a) => !a.away)).toBe(true)
  expect((await app.inject({ url: `/api/v1/staff/applications/${c.id}/assignees`, headers: await as('reviewer') })).statusCode).toBe(403)
  expect((await app.inject({ url: `/api/v1/staff/applications/${c.id}/assignees`, headers: await as('otherClerk') })).statusCode).toBe(404)
  const preview = StaffActionPreviewSchema.parse((await post('chief', c.id, { action: 'reassign', staffId: clerk2Id, note: '甲窗口休假' }, true)).json())
  expect(preview.notice.body).toContain('改由 乙窗口 经办：甲窗口休假')
  const moved = await act('chief', c.id, { action: 'reassign', staffId: clerk2Id, note: '甲窗口休假' })
  expect(moved.status).toBe('assigned')
  expect((await todoIds('clerk')).map((t) => t[0])).not.toContain(c.id)
  expect((await todoIds('clerk2')).map((t) => t[0])).toContain(c.id)
  const notices = (await app.inject({ url: '/api/v1/staff/notices', headers: await as('clerk2') })).json().notices as Array<{ applicationId: string }>
  expect(notices.map((n) => n.applicationId)).toContain(c.id)
})

it('a decided case stays in 待办 as 待送达 until delivered; 邮寄 needs a tracking number; another county sees nothing', async () => {
  const c = await submitReimbursement(app, zhang, now)
  await act('clerk', c.id, { action: 'preAccept' })
  await act('clerk', c.id, { action: 'receivePaper' })
  expect((await post('clerk', c.id, { action: 'complete', amountFen: 1000 })).json().code).toBe(ErrorCode.STAFF_FORBIDDEN)
  await act('reviewer', c.id, { action: 'startReview' })
  await act('reviewer', c.id, { action: 'complete', amountFen: 12_345 })
  expect(await todoIds('clerk')).toContainEqual([c.id, '待送达'])
  const noNumber = await post('clerk', c.id, { action: 'deliver', method: 'mail' }, true)
  expect(noNumber.statusCode).toBe(400)
  expect(noNumber.json().code).toBe(ErrorCode.TRACKING_NO_REQUIRED)
  const elsewhere = await post('otherClerk', c.id, { action: 'deliver', method: 'mail', trackingNo: 'SF1234567890' }, true)
  expect(elsewhere.statusCode).toBe(404)
  expect(elsewhere.json().code).toBe(ErrorCode.APPLICATION_UNKNOWN)
  const p = StaffActionPreviewSchema.parse((await post('clerk', c.id, { action: 'deliver', method: 'mail', trackingNo: 'SF1234567890' }, true)).json())
  expect(p.notice.body).toContain('邮寄送达，运单号 SF1234567890')
  await act('clerk', c.id, { action: 'deliver', method: 'mail', trackingNo: 'SF1234567890' })
  expect((await todoIds('clerk')).map((t) => t[0])).not.toContain(c.id)
})

it('staff of the region open an uploaded material, each view in the audit trail; other counties get 404', async () => {
  // a photo of a material that is not mailed, uploaded before submitting
  const applicant = { name: SAMPLE.zhang.name, idNumber: SAMPLE.zhang.idNumber, phone: SAMPLE.zhang.phone }
  const draftId = await preparedDraft(app, zhang, 'medical-reimbursement', COUNTY, applicant, undefined, now)
  const shared = (await app.inject({ url: `/api/v1/drafts/${draftId}`, headers: zhang.headers })).json().sharedVerified as string[]
  const m = (await itemDetail(app, 'medical-reimbursement', COUNTY)).guide.materials.find((x) => !x.paper && !shared.includes(x.id))!
  const mp = multipart('receipt.jpg', await photo(), 'image/jpeg')
  expect((await app.inject({ method: 'POST', url: `/api/v1/drafts/${draftId}/materials/${m.id}`, headers: { ...zhang.headers, ...mp.headers }, payload: mp.payload })).statusCode).toBe(200)
  const sent = await app.inject({ method: 'POST', url: `/api/v1/drafts/${draftId}/submit`, headers: { ...zhang.headers, 'idempotency-key': `k-${draftId}` }, payload: { paperPledge: true } })
  const c = ApplicationDetailSchema.parse(sent.json())
  const u = c.uploads[0]
  const url = `/api/v1/staff/applications/${c.id}/uploads/${u.id}`
  const res = await app.inject({ url, headers: await as('clerk') })
  expect(res.statusCode).toBe(200)
  expect(res.headers['content-type']).toBe(u.mime)
  expect(res.headers['cache-control']).toBe('private, no-store')
  expect(res.rawPayload.length).toBe(u.size)
  const away = await app.inject({ url, headers: await as('otherClerk') })
  expect(away.statusCode).toBe(404)
  expect(away.json().code).toBe(ErrorCode.APPLICATION_UNKNOWN)
  const none = await app.inject({ url: `/api/v1/staff/applications/${c.id}/uploads/nope`, headers: await as('clerk') })
  expect(none.json().code).toBe(ErrorCode.UPLOAD_UNKNOWN)
  expect((await app.inject({ url })).statusCode).toBe(401)
  const audit = (await app.inject({ url: '/api/v1/staff/audit', headers: await as('admin') })).json().entries as Array<{ staffName: string; route: string; targetId: string; status: number }>
  expect(audit).toContainEqual(expect.objectContaining({ staffName: '甲窗口', route: '/api/v1/staff/applications/:id/uploads/:uploadId', targetId: c.id, status: 200 }))
  expect(audit).toContainEqual(expect.objectContaining({ staffName: '青田窗口', targetId: c.id, status: 404 }))
})

it('shows the applicant whole to the one handling the case and masked to everyone else', async () => {
  const c = await submitReimbursement(app, zhang, now)
  // assigned at once to 甲窗口 by the rule
  expect(whole(await viewBody('clerk', c.id))).toBe(true)
  expect(whole(await viewBody('clerk2', c.id))).toBe(false)
  expect(whole(await viewBody('chief', c.id))).toBe(false)
  // a reviewer has no business with it before 受理
  expect(whole(await viewBody('reviewer', c.id))).toBe(false)
  // the lists never show more than a masked name
  const list = await app.inject({ url: '/api/v1/staff/queue', headers: await as('chief') })
  expect(list.body).not.toContain(SAMPLE.zhang.name)
  expect(list.body).not.toContain(SAMPLE.zhang.idNumber)

  // the answer to an action is the same view as the case's: the 科长's preAccept does not unmask it
  expect(whole(await actBody('chief', c.id, { action: 'preAccept' }))).toBe(false)
  expect(whole(await actBody('clerk', c.id, { action: 'receivePaper' }))).toBe(true)
  expect(whole(await viewBody('reviewer', c.id))).toBe(true) // 已受理: waiting for review

  // the 科长 takes the case: now it is theirs to handle, and the clerk it was taken from sees it masked
  expect(whole(await actBody('chief', c.id, { action: 'reassign', staffId: await idOf('chief') }))).toBe(true)
  expect(whole(await viewBody('chief', c.id))).toBe(true)
  expect(whole(await viewBody('clerk', c.id))).toBe(false)
})

it('masks a closed case for everyone, the clerk who handled it included', async () => {
  const c = await submitReimbursement(app, zhang, now)
  await actBody('clerk', c.id, { action: 'preAccept' })
  await actBody('clerk', c.id, { action: 'receivePaper' })
  await actBody('reviewer', c.id, { action: 'startReview' })
  expect(whole(await viewBody('reviewer', c.id))).toBe(true)
  const decided = await actBody('reviewer', c.id, { action: 'reject', reason: '材料不符合报销条件', conditions: [{ part: 'requirements', no: 2 }] })
  expect(whole(decided)).toBe(false) // out of review
  expect(whole(await viewBody('clerk', c.id))).toBe(true) // 待送达: still the clerk's work
  await actBody('clerk', c.id, { action: 'deliver', method: 'pickup' })
  for (const who of ['clerk', 'reviewer', 'chief'] as const) expect(whole(await viewBody(who, c.id))).toBe(false)
})
