import type { FastifyInstance } from 'fastify'
import sharp from 'sharp'
import { ApplicationDetailSchema, DraftSchema, type ApplicationDetail } from '../../../contract/apply'
import { maskName } from '../../../contract/identity'
import { outbox } from '../auth/helpers'
import { testApp } from '../helpers'
import { SAMPLE, multipart, photo, preparedDraft, refresh, signIn, type Session } from './helpers'
import { staffAuth } from '../staff/helpers'

/**
 * Applying and following a case through the BFF (001 §5.1–5.3, 000 §6.1), with the embedded adapters.
 * The clock is injected so due dates are exact: Monday 2026-11-23 10:00 in Shanghai.
 */
let now = new Date('2026-11-23T02:00:00Z')
const clock = (): Date => now

let app: FastifyInstance
let dataDir: string
let cleanup: () => Promise<void>
let zhang: Session
const zhangApplicant = { name: SAMPLE.zhang.name, idNumber: SAMPLE.zhang.idNumber, phone: SAMPLE.zhang.phone }

beforeAll(async () => {
  const t = await testApp({ clock, config: { staffToken: 'test-staff-token-0123456789' } })
  app = t.app
  dataDir = t.dataDir
  cleanup = t.cleanup
  zhang = await signIn(app, SAMPLE.zhang.phone, SAMPLE.zhang)
})
afterAll(async () => cleanup())

/** Moves the test clock and keeps the citizen signed in (the access token lives 15 minutes). */
async function travel(iso: string): Promise<void> {
  now = new Date(iso)
  await refresh(app, zhang)
}

function key(): string {
  return `k-${Math.random().toString(36).slice(2)}-${Date.now()}`
}

async function submit(draftId: string, k = key(), payload: object = {}, s: Session = zhang) {
  return app.inject({ method: 'POST', url: `/api/v1/drafts/${draftId}/submit`, headers: { ...s.headers, 'idempotency-key': k }, payload })
}

async function act(id: string, body: object) {
  return app.inject({ method: 'POST', url: `/api/v1/staff/applications/${id}/actions`, headers: await staffAuth(app), payload: body })
}

async function detail(id: string): Promise<ApplicationDetail> {
  const res = await app.inject({ method: 'GET', url: `/api/v1/applications/${id}`, headers: zhang.headers })
  expect(res.statusCode).toBe(200)
  return ApplicationDetailSchema.parse(res.json())
}

describe('smart items (智能办理, 001 §5.2.2, §5.3.1)', () => {
  it('are decided at once with a result naming item, applicant and time, and a verifiable PDF', async () => {
    const draftId = await preparedDraft(app, zhang, 'referral-filing', '331102', zhangApplicant)
    const res = await submit(draftId)
    expect(res.statusCode).toBe(201)
    const a = ApplicationDetailSchema.parse(res.json())
    expect(a.status).toBe('completed')
    // decided, then archived at once (000 §6.1.5: a smart case ends with its decision)
    expect(a.events.map((e) => e.to)).toEqual(['submitted', 'completed', 'completed'])
    expect(a.events.at(-1)?.label).toBe('已归档')
    expect(a.result?.decision).toBe('approved')
    expect(a.result?.text).toContain('转外就医')
    expect(a.caseNo).toMatch(/^YB33110220261123\d{5}$/)
    // the citizen's own view masks the ID number everywhere
    expect(res.body).not.toContain(SAMPLE.zhang.idNumber)
    expect(a.sharedVerified.length).toBeGreaterThan(0)

    const pdf = await app.inject({ method: 'GET', url: `/api/v1/applications/${a.id}/result.pdf`, headers: zhang.headers })
    expect(pdf.statusCode).toBe(200)
    expect(pdf.headers['content-type']).toBe('application/pdf')
    expect(pdf.rawPayload.subarray(0, 5).toString()).toBe('%PDF-')

    const code = a.result!.verifyCode
    const genuine = await app.inject({ method: 'GET', url: `/api/v1/results/verify/${code}` })
    expect(genuine.statusCode).toBe(200)
    expect(genuine.json()).toMatchObject({ genuine: true, caseNo: a.caseNo, decision: 'approved' })
    // the PDF prints the code in groups of four; typed that way (or in lower case) it is the same code
    const grouped = encodeURIComponent(code.toLowerCase().match(/.{1,4}/g)!.join(' '))
    expect((await app.inject({ method: 'GET', url: `/api/v1/results/verify/${grouped}` })).statusCode).toBe(200)

    const same = await app.inject({ method: 'POST', url: `/api/v1/results/verify/${code}`, headers: { 'content-type': 'application/pdf' }, payload: pdf.rawPayload })
    expect(same.json()).toMatchObject({ genuine: true, unaltered: true })
    const altered = Buffer.from(pdf.rawPayload)
    altered[Math.floor(altered.length / 2)] ^= 0x01
    const bad = await app.inject({ method: 'POST', url: `/api/v1/results/verify/${code}`, headers: { 'content-type': 'application/pdf' }, payload: altered })
    expect(bad.json()).toMatchObject({ genuine: true, unaltered: false })

    const unknown = await app.inject({ method: 'GET', url: '/api/v1/results/verify/NOSUCHCODE000000' })
    expect(unknown.statusCode).toBe(404)
    expect(unknown.json().code).toBe('RESULT_UNKNOWN')
  })
})

describe('idempotent submit', () => {
  it('makes one case from 10 concurrent submits with the same key', async () => {
    const draftId = await preparedDraft(app, zhang, 'offsite-care-filing', '331102', zhangApplicant)
    const k = key()
    const results = await Promise.all(Array.from({ length: 10 }, () => submit(draftId, k)))
    const ids = new Set(results.map((r) => (r.json() as { id: string }).id))
    expect(ids.size).toBe(1)
    // every one answered as the first was: 201 with the same body; the repeats say they are replays
    expect(results.map((r) => r.statusCode)).toEqual(Array(10).fill(201))
    expect(new Set(results.map((r) => r.body)).size).toBe(1)
    expect(results.filter((r) => r.headers['idempotent-replayed'] === 'true')).toHaveLength(9)
    const list = await app.inject({ method: 'GET', url: '/api/v1/applications', headers: zhang.headers })
    const sameDraft = (list.json() as { applications: Array<{ id: string }> }).applications.filter((x) => ids.has(x.id))
    expect(sameDraft).toHaveLength(1)

    // another key for the same, already submitted draft: no second case
    const other = await submit(draftId, key())
    expect(other.statusCode).toBe(409)
    expect(other.json().code).toBe('DRAFT_SUBMITTED')
  })

  it('refuses a submit without a key, and a key reused for another draft', async () => {
    const d1 = await preparedDraft(app, zhang, 'long-term-offsite-filing', '331102', zhangApplicant)
    const none = await app.inject({ method: 'POST', url: `/api/v1/drafts/${d1}/submit`, headers: zhang.headers, payload: {} })
    expect(none.statusCode).toBe(400)
    expect(none.json().code).toBe('IDEMPOTENCY_KEY_REQUIRED')
    const k = key()
    expect((await submit(d1, k)).statusCode).toBe(201)
    const d2 = await preparedDraft(app, zhang, 'special-drug-filing', '331102', zhangApplicant)
    const reused = await submit(d2, k)
    expect(reused.statusCode).toBe(422)
    expect(reused.json().code).toBe('IDEMPOTENCY_KEY_REUSED')
  })
})

describe('drafts: nothing is lost', () => {
  it('resume on another device, refuse a stale save, keep verified identity values', async () => {
    const created = await app.inject({ method: 'POST', url: '/api/v1/drafts', headers: zhang.headers, payload: { itemId: 'chronic-disease-filing', region: '331102' } })
    expect(created.statusCode).toBe(201)
    const draft = DraftSchema.parse(created.json())
    expect(draft.applicant.idNumber).not.toBe(SAMPLE.zhang.idNumber)
    const saved = await app.inject({ method: 'PUT', url: `/api/v1/drafts/${draft.id}`, headers: zhang.headers, payload: { values: {}, step: 'form', baseVersion: draft.version } })
    expect(saved.statusCode).toBe(200)
    expect(saved.json().version).toBe(draft.version + 1)

    // a second device (a new session of the same account) finds the same draft, at the same step
    await travel(new Date(now.getTime() + 61_000).toISOString())
    const device2 = await signIn(app, SAMPLE.zhang.phone)
    const again = await app.inject({ method: 'POST', url: '/api/v1/drafts', headers: device2.headers, payload: { itemId: 'chronic-disease-filing', region: '331102' } })
    expect(again.statusCode).toBe(200)
    expect(again.json()).toMatchObject({ id: draft.id, step: 'form' })
    const list = await app.inject({ method: 'GET', url: '/api/v1/drafts', headers: device2.headers })
    expect((list.json() as { drafts: Array<{ id: string }> }).drafts.map((d) => d.id)).toContain(draft.id)

    // the first device saves on the version it started from: refused, nothing overwritten
    const stale = await app.inject({ method: 'PUT', url: `/api/v1/drafts/${draft.id}`, headers: zhang.headers, payload: { values: {}, step: 'notice', baseVersion: draft.version } })
    expect(stale.statusCode).toBe(409)
    expect(stale.json().code).toBe('DRAFT_CONFLICT')

    const unknown = await app.inject({ method: 'PUT', url: `/api/v1/drafts/${draft.id}`, headers: zhang.headers, payload: { values: { nope: 'x' }, baseVersion: draft.version + 1 } })
    expect(unknown.statusCode).toBe(400)
    expect(unknown.json().fields).toHaveProperty(['values.nope'])
  })

  it('a draft survives a restart of the BFF (SQLite, not memory)', async () => {
    const created = await app.inject({ method: 'POST', url: '/api/v1/drafts', headers: zhang.headers, payload: { itemId: 'two-diseases-filing', region: '331102' } })
    const id = (created.json() as { id: string }).id
    const img = await photo()
    const mp = multipart('病历.jpg', img, 'image/jpeg')
    const up = await app.inject({ method: 'POST', url: `/api/v1/drafts/${id}/materials/medical-history`, headers: { ...zhang.headers, ...mp.headers }, payload: mp.payload })
    expect(up.statusCode).toBe(200)
    expect(up.json().uploads[0].fileName).toBe('病历.jpg')

    const { app: app2, cleanup: c2 } = await testApp({ dataDir, clock, config: { staffToken: 'test-staff-token-0123456789' } })
    try {
      const res = await app2.inject({ method: 'GET', url: `/api/v1/drafts/${id}`, headers: zhang.headers })
      expect(res.statusCode).toBe(200)
      expect(res.json().uploads).toHaveLength(1)
    } finally {
      await app2.close()
      void c2
    }
  })

  it('refuses a submit with missing materials or invalid values, with field messages', async () => {
    const created = await app.inject({ method: 'POST', url: '/api/v1/drafts', headers: zhang.headers, payload: { itemId: 'home-sickbed-filing', region: '331102' } })
    const id = (created.json() as { id: string }).id
    const res = await submit(id)
    expect(res.statusCode).toBe(400)
    expect(['VALIDATION_FAILED', 'MATERIALS_MISSING']).toContain(res.json().code)
    expect(res.json().message).toMatch(/[\u4e00-\u9fa5]/)
  })
})

describe('uploads are checked by their bytes (001 §5.1.2)', () => {
  let draftId: string
  beforeAll(async () => {
    const created = await app.inject({ method: 'POST', url: '/api/v1/drafts', headers: zhang.headers, payload: { itemId: 'special-drug-filing', region: '331121' } })
    draftId = (created.json() as { id: string }).id
  })
  const upload = (name: string, bytes: Buffer, mime: string) => {
    const mp = multipart(name, bytes, mime)
    return app.inject({ method: 'POST', url: `/api/v1/drafts/${draftId}/materials/disease-proof`, headers: { ...zhang.headers, ...mp.headers }, payload: mp.payload })
  }

  it('a renamed .exe is refused', async () => {
    const exe = Buffer.concat([Buffer.from('MZ\x90\x00\x03\x00\x00\x00', 'latin1'), Buffer.alloc(4000, 1)])
    const res = await upload('诊断证明.jpg', exe, 'image/jpeg')
    expect(res.statusCode).toBe(415)
    expect(res.json().code).toBe('UPLOAD_TYPE_UNSUPPORTED')
  })

  it('a truncated JPEG is refused', async () => {
    const jpg = await photo()
    const res = await upload('cut.jpg', jpg.subarray(0, Math.floor(jpg.length / 2)), 'image/jpeg')
    expect(res.statusCode).toBe(422)
    expect(res.json().code).toBe('UPLOAD_CORRUPT')
  })

  it('a 50 MB file is refused', async () => {
    const res = await upload('big.jpg', Buffer.alloc(50 * 1024 * 1024, 7), 'image/jpeg')
    expect(res.statusCode).toBe(413)
    expect(res.json().code).toBe('UPLOAD_TOO_LARGE')
  })

  it('a 30000×30000 image is refused', async () => {
    const png = await sharp({ create: { width: 1, height: 1, channels: 3, background: '#fff' } }).png().toBuffer()
    // IHDR width/height at bytes 16..23; the CRC no longer matches, which is also what a forged header looks like
    png.writeUInt32BE(30000, 16)
    png.writeUInt32BE(30000, 20)
    const res = await upload('huge.png', png, 'image/png')
    expect(res.statusCode).toBe(422)
    expect(['UPLOAD_DIMENSIONS', 'UPLOAD_CORRUPT']).toContain(res.json().code)
  })

  it('a shared-verified material cannot be uploaded (免提交·已核验, 001 §3.2.2)', async () => {
    const mp = multipart('id.jpg', await photo(), 'image/jpeg')
    const res = await app.inject({ method: 'POST', url: `/api/v1/drafts/${draftId}/materials/id-card`, headers: { ...zhang.headers, ...mp.headers }, payload: mp.payload })
    expect(res.statusCode).toBe(409)
    expect(res.json().code).toBe('MATERIAL_SHARED_VERIFIED')
  })
})

describe('manual items (人工核办, 001 §5.2.3) with paper originals, 补正 and results', () => {
  it('runs the whole workflow, with working-day due dates, notifications and SMS at every node', async () => {
    const draftId = await preparedDraft(app, zhang, 'medical-reimbursement', '331102', zhangApplicant)
    const noPledge = await submit(draftId)
    expect(noPledge.statusCode).toBe(400)
    expect(noPledge.json().code).toBe('PAPER_PLEDGE_REQUIRED')
    const res = await submit(draftId, key(), { paperPledge: true })
    expect(res.statusCode).toBe(201)
    let a = ApplicationDetailSchema.parse(res.json())
    expect(a.status).toBe('submitted')
    expect(a.paper?.mailing.address).toBeTruthy()
    expect(a.nextStep).toContain('邮寄')
    const id = a.id

    // illegal: complete before anything else
    const early = await act(id, { action: 'complete' })
    expect(early.statusCode).toBe(409)
    expect(early.json().code).toBe('TRANSITION_NOT_ALLOWED')

    expect((await act(id, { action: 'assign', staffName: '李芳' })).statusCode).toBe(200)
    // originals are awaited: accept is refused, preAccept is the way (001 §5.2.3.2)
    expect((await act(id, { action: 'accept' })).statusCode).toBe(409)
    expect((await act(id, { action: 'preAccept' })).statusCode).toBe(200)
    // the originals arrive on Thursday 2026-11-26: the working days count from then — 5 for a 门诊 claim
    // (003 §7.4.1.7 单次门诊小额费用 5 个工作日; the example form answers 门诊), 10 for 住院
    expect(a.timeLimitDays).toBe(5)
    await travel('2026-11-26T02:00:00Z')
    const received = ApplicationDetailSchema.parse((await act(id, { action: 'receivePaper', note: '已收到纸质票据' })).json())
    expect(received.status).toBe('accepted')
    expect(received.dueDate).toBe('2026-12-03')
    expect((await act(id, { action: 'startReview' })).statusCode).toBe(200)

    // 补正 on Friday 2026-11-27, 5 working days → Friday 2026-12-04
    await travel('2026-11-27T02:00:00Z')
    const sup = await act(id, { action: 'requestSupplement', materialIds: ['receipts'], note: '发票照片不清晰，请重新拍摄上传', deadlineDays: 5 })
    expect(sup.statusCode).toBe(200)
    a = await detail(id)
    expect(a.status).toBe('supplementRequested')
    expect(a.supplement).toMatchObject({ materialIds: ['receipts'], deadline: '2026-12-04' })
    expect(a.nextStep).toContain('2026-12-04')

    const tooSoon = await app.inject({ method: 'POST', url: `/api/v1/applications/${id}/resubmit`, headers: { ...zhang.headers, 'idempotency-key': key() }, payload: {} })
    expect(tooSoon.statusCode).toBe(400)
    expect(tooSoon.json().code).toBe('MATERIALS_MISSING')

    // the citizen resubmits on Tuesday 2026-12-01: 2 working days (Mon 30, Tue 1) paused → due moves by 2
    await travel('2026-12-01T02:00:00Z')
    const mp = multipart('发票.jpg', await photo(), 'image/jpeg')
    const up = await app.inject({ method: 'POST', url: `/api/v1/applications/${id}/materials/receipts`, headers: { ...zhang.headers, ...mp.headers }, payload: mp.payload })
    expect(up.statusCode).toBe(200)
    const k = key()
    const [r1, r2] = await Promise.all([
      app.inject({ method: 'POST', url: `/api/v1/applications/${id}/resubmit`, headers: { ...zhang.headers, 'idempotency-key': k }, payload: {} }),
      app.inject({ method: 'POST', url: `/api/v1/applications/${id}/resubmit`, headers: { ...zhang.headers, 'idempotency-key': k }, payload: {} })
    ])
    expect([r1.statusCode, r2.statusCode]).toEqual([200, 200])
    a = await detail(id)
    expect(a.status).toBe('inReview')
    expect(a.events.filter((e) => e.action === 'resubmit')).toHaveLength(1)
    expect(a.dueDate).toBe('2026-12-07')

    // a reimbursement pays money: 办结 without the amount is refused; with it, the citizen sees amount, account, date
    const noAmount = await act(id, { action: 'complete', note: '经审核，符合报销条件' })
    expect(noAmount.statusCode).toBe(400)
    expect(noAmount.json().code).toBe('PAYMENT_AMOUNT_REQUIRED')
    const done = await act(id, { action: 'complete', note: '经审核，符合报销条件', amountFen: 123456 })
    expect(done.statusCode).toBe(200)
    const paid = await detail(id)
    expect(paid.result?.payment).toEqual({
      amountFen: 123456,
      bank: expect.any(String),
      account: '***************0123',
      accountName: maskName(SAMPLE.zhang.name),
      // 5 working days after 办结 on Tuesday 2026-12-01 (003 §7.1.12.7)
      expectedDate: '2026-12-08'
    })
    expect(paid.events.at(-1)?.note).toBe('经审核，符合报销条件（支付金额 1,234.56 元，预计 2026-12-08 前到账）')
    // no paper result to collect: nothing is promised about one
    expect(paid.nextStep).toBeNull()
    expect(paid.resultDelivery).toBeNull()
    // 就医地 as its name, never the code
    expect(paid.fields.find((f) => f.key === 'careRegion')?.value).toBe('浙江省丽水市莲都区')
    expect((await act(id, { action: 'deliver', method: 'mail', trackingNo: 'SF1234567890' })).statusCode).toBe(200)
    expect((await act(id, { action: 'deliver', method: 'mail' })).statusCode).toBe(409)
    expect((await act(id, { action: 'returnMaterials' })).statusCode).toBe(200)

    a = await detail(id)
    expect(a.status).toBe('completed')
    expect(a.events.map((e) => e.action)).toEqual([
      'submit',
      'assign',
      'preAccept',
      'receivePaper',
      'startReview',
      'requestSupplement',
      'resubmit',
      'complete',
      'deliver',
      'returnMaterials',
      // 000 §6.1.5: delivered and the originals returned, the case has ended and is archived
      'archive'
    ])
    expect(a.events.find((e) => e.action === 'assign')?.actor).toEqual({ kind: 'staff', name: '李芳' })
    expect(a.result?.decision).toBe('approved')
    expect(a.delivery?.trackingNo).toBe('SF1234567890')
    expect(a.materialsReturnedAt).not.toBeNull()
    expect(a.overdue).toBe(false)

    // every staff node told the citizen in the message centre and by SMS
    const msgs = await app.inject({ method: 'GET', url: '/api/v1/notifications', headers: zhang.headers })
    const forCase = (msgs.json() as { notifications: Array<{ applicationId: string | null }> }).notifications.filter((n) => n.applicationId === id)
    expect(forCase.length).toBeGreaterThanOrEqual(9)
    // by SMS too, merged per minute: the three steps of 12-01 10:00 (办结, 邮寄, 退还材料) are one SMS, sent when the
    // minute is over
    await app.notifications.flushDue()
    const caseSms = async () => (await outbox(app, SAMPLE.zhang.phone)).filter((m) => m.text.includes(a.caseNo))
    const before = await caseSms()
    expect(before.length).toBeGreaterThan(0)
    expect(before.some((m) => m.text.includes('已办结'))).toBe(false)
    now = new Date(now.getTime() + 61_000)
    await app.notifications.flushDue()
    const after = await caseSms()
    expect(after).toHaveLength(before.length + 1)
    expect(after[0].text).toBe(
      `【医保掌上办】办件进度（1 分钟内 3 条）：您申请的“个人医疗费用手工（零星）报销”（${a.caseNo}）` +
        '已办结：经审核，符合报销条件（支付金额 1,234.56 元，预计 2026-12-08 前到账）；' +
        '办理结果已送达：邮寄送达，运单号 SF1234567890；纸质材料已退还：纸质材料原件已退还'
    )

    // once closed, a 科长 sees the applicant masked as the citizen's own view does (contract/staff.ts); so does the citizen
    const staffView = await app.inject({ method: 'GET', url: `/api/v1/staff/applications/${id}`, headers: await staffAuth(app) })
    expect(staffView.json().applicantName).toBe(maskName(SAMPLE.zhang.name))
    expect(staffView.body).not.toContain(SAMPLE.zhang.idNumber)
    const own = await app.inject({ method: 'GET', url: `/api/v1/applications/${id}`, headers: zhang.headers })
    expect(own.body).not.toContain(SAMPLE.zhang.idNumber)
    expect(own.json().applicantName).not.toBe(SAMPLE.zhang.name)
  })

  it('flags a case past its due date as overdue', async () => {
    await travel('2026-12-02T02:00:00Z')
    const draftId = await preparedDraft(app, zhang, 'special-drug-filing', '331102', zhangApplicant)
    const a = ApplicationDetailSchema.parse((await submit(draftId)).json())
    await act(a.id, { action: 'assign', staffName: '李芳' })
    await act(a.id, { action: 'accept' })
    expect((await detail(a.id)).overdue).toBe(false)
    await travel('2026-12-10T02:00:00Z')
    const later = await detail(a.id)
    expect(later.dueDate).toBe('2026-12-03')
    expect(later.overdue).toBe(true)
  })

  it('staff routes need a staff account’s token; the shared STAFF_TOKEN only creates the first administrator', async () => {
    const res = await app.inject({ method: 'GET', url: '/api/v1/staff/applications' })
    expect(res.statusCode).toBe(401)
    expect(res.json().code).toBe('STAFF_UNAUTHORIZED')
    const citizen = await app.inject({ method: 'GET', url: '/api/v1/staff/applications', headers: zhang.headers })
    expect(citizen.statusCode).toBe(401)
    const shared = await app.inject({ method: 'GET', url: '/api/v1/staff/applications', headers: { authorization: 'Bearer test-staff-token-0123456789' } })
    expect(shared.statusCode).toBe(401)
  })

  it('another account cannot see the case', async () => {
    const list = await app.inject({ method: 'GET', url: '/api/v1/applications', headers: zhang.headers })
    const id = (list.json() as { applications: Array<{ id: string }> }).applications[0].id
    const other = await signIn(app, SAMPLE.wang.phone, SAMPLE.wang)
    const res = await app.inject({ method: 'GET', url: `/api/v1/applications/${id}`, headers: other.headers })
    expect(res.statusCode).toBe(404)
    expect(res.json().code).toBe('APPLICATION_UNKNOWN')
  })
})

describe('reminders (提醒办, 000 §6.1.2.1.2) and query items (001 §5.2.1)', () => {
  it('proposes enrolment for the newborn; confirming makes a draft for the child', async () => {
    const res = await app.inject({ method: 'GET', url: '/api/v1/reminders', headers: zhang.headers })
    expect(res.statusCode).toBe(200)
    const reminders = (res.json() as { reminders: Array<{ id: string; itemId: string; status: string }> }).reminders
    const r = reminders.find((x) => x.itemId === 'resident-enrollment')
    expect(r?.status).toBe('pending')
    const ok = await app.inject({ method: 'POST', url: `/api/v1/reminders/${r!.id}/confirm`, headers: zhang.headers })
    expect(ok.statusCode).toBe(200)
    const { draftId } = ok.json() as { draftId: string }
    const draft = DraftSchema.parse((await app.inject({ method: 'GET', url: `/api/v1/drafts/${draftId}`, headers: zhang.headers })).json())
    expect(draft.itemId).toBe('resident-enrollment')
    expect(draft.applicant.name.startsWith(SAMPLE.zhang.children[0].name[0])).toBe(true)
    expect(draft.applicant.idNumber.slice(-4)).toBe(SAMPLE.zhang.children[0].idNumber.slice(-4))
    // confirming twice gives the same draft; declining a confirmed one is refused
    const twice = await app.inject({ method: 'POST', url: `/api/v1/reminders/${r!.id}/confirm`, headers: zhang.headers })
    expect(twice.json().draftId).toBe(draftId)
    const decline = await app.inject({ method: 'POST', url: `/api/v1/reminders/${r!.id}/decline`, headers: zhang.headers, payload: {} })
    expect(decline.statusCode).toBe(409)
  })

  it('staff can propose a reminder, and the citizen can decline it', async () => {
    const res = await app.inject({
      method: 'POST',
      url: '/api/v1/staff/reminders',
      headers: await staffAuth(app),
      payload: { idNumber: SAMPLE.zhang.idNumber, itemId: 'resident-renewal', region: '331102', reason: '您的城乡居民医保即将到期，可办理续保' }
    })
    expect(res.statusCode).toBe(200)
    const id = (res.json() as { id: string }).id
    const declined = await app.inject({ method: 'POST', url: `/api/v1/reminders/${id}/decline`, headers: zhang.headers, payload: { reason: '已在单位参保' } })
    expect(declined.json().status).toBe('declined')
  })

  it('answers a query item at once and keeps it as a query case, personal numbers masked (001 §5.2.1, §3.1.2)', async () => {
    const res = await app.inject({ method: 'POST', url: '/api/v1/items/personal-insurance-record/query', headers: zhang.headers, payload: { region: '331102' } })
    expect(res.statusCode).toBe(200)
    expect(res.json().rows.length).toBeGreaterThan(0)
    expect(res.body).not.toContain(SAMPLE.zhang.idNumber)
    const kept = await app.inject({ method: 'GET', url: `/api/v1/applications/${res.json().applicationId}`, headers: zhang.headers })
    expect(ApplicationDetailSchema.parse(kept.json())).toMatchObject({ handlingMode: 'query', status: 'completed', timeLimitDays: null, result: null })
    expect(kept.body).not.toContain(SAMPLE.zhang.idNumber)
  })

  it('the same query sent five times at once makes one query case (locked per person, item and region)', async () => {
    const ask = () => app.inject({ method: 'POST', url: '/api/v1/items/medical-aid-qualification/query', headers: zhang.headers, payload: { region: '331102' } })
    const answers = await Promise.all([ask(), ask(), ask(), ask(), ask()])
    expect(answers.map((a) => a.statusCode)).toEqual([200, 200, 200, 200, 200])
    expect(new Set(answers.map((a) => a.json().applicationId)).size).toBe(1)
    const list = (await app.inject({ method: 'GET', url: '/api/v1/applications', headers: zhang.headers })).json() as { applications: Array<{ itemId: string }> }
    expect(list.applications.filter((a) => a.itemId === 'medical-aid-qualification')).toHaveLength(1)
  })

  it('needs real-name identity before applying', async () => {
    const anon = await signIn(app, '13900000099')
    const res = await app.inject({ method: 'POST', url: '/api/v1/drafts', headers: anon.headers, payload: { itemId: 'referral-filing' } })
    expect(res.statusCode).toBe(403)
    expect(res.json().code).toBe('REALNAME_REQUIRED')
  })
})
