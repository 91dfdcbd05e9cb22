import type { FastifyInstance, InjectOptions } from 'fastify'
import type { ComplaintCategory } from '../../../contract/evaluation'
import { testApp } from '../helpers'
import { SAMPLE, multipart, photo, preparedDraft, signIn, type Session } from '../apply/helpers'
import { staffAuth } from '../staff/helpers'

/**
 * "the BFF checks the grant on every read and write about another person". Every route of the BFF is
 * classified below. A route about a person is called by an intruder (李明, signed in and real-named, with no grant
 * from 王建国) against 王建国's own things and must answer 403 or 404. A new route that is not classified fails the
 * first test, so it cannot ship without its check.
 */

/** Routes that carry no one's personal data, or reach only the caller's own account (with why). */
const NOT_ABOUT_ANOTHER: Record<string, string> = {
  'GET /healthz': 'public',
  'GET /docs': 'public',
  'GET /api/v1/regions': 'public catalog',
  'GET /api/v1/national-regions': 'public catalog (GB/T 2260)',
  'GET /api/v1/departments': 'public catalog',
  'GET /api/v1/items': 'public catalog',
  'GET /api/v1/items/{id}': 'public catalog',
  'GET /api/v1/search': 'public catalog',
  'GET /api/v1/search/hot': 'public catalog',
  'GET /api/v1/results/verify/{code}': 'public: anyone holding a document may check it (only masked data)',
  'POST /api/v1/results/verify/{code}': 'public: as above',
  'POST /api/v1/auth/sms-code': 'sign-in',
  'POST /api/v1/auth/login': 'sign-in',
  'POST /api/v1/auth/platform-login': 'sign-in',
  'POST /api/v1/auth/refresh': 'sign-in',
  'POST /api/v1/auth/logout': 'own session',
  'POST /api/v1/auth/realname': 'own account',
  'GET /api/v1/me': 'own account',
  'DELETE /api/v1/me': 'own account (closing it)',
  'GET /api/v1/dev/outbox': 'development only, absent in production',
  'GET /api/v1/drafts': 'own drafts (filtered by grant: see family.test)',
  'GET /api/v1/notifications': 'own messages',
  'POST /api/v1/notifications/read-all': 'own messages',
  'GET /api/v1/reminders': 'own reminders',
  'GET /api/v1/family/members': 'own family list',
  'POST /api/v1/family/members': 'a request the member must accept (family.test)',
  'GET /api/v1/family/requests': 'requests addressed to the caller',
  'GET /api/v1/family/grants': 'grants the caller gave',
  'GET /api/v1/family/proxy-log': 'actions taken for the caller',
  'POST /api/v1/evoucher/decode': 'counters only (X-Terminal-Key); a citizen token gets 401 TERMINAL_UNAUTHORIZED',
  'GET /api/v1/evaluations/pending': 'own cases awaiting a rating',
  'GET /api/v1/evaluations': 'own ratings',
  'GET /api/v1/complaints': 'own complaints',
  'GET /api/v1/metrics': 'public aggregates, no personal data',
  'POST /api/v1/tts': 'public: speaks the text the caller sends, reads no one\'s data'
}
const STAFF_PREFIX = ' /api/v1/staff/'
const COMPLAINT_CATEGORY: ComplaintCategory = 'delay'

interface Ctx {
  draftId: string
  uploadId: string
  materialId: string
  caseId: string
  notificationId: string
  reminderId: string
  /** 张丽华's member row for 王建国 (the grant he gave her) */
  grantId: string
  /** 李明's own member row for 王建国, pending: he asked, 王建国 never accepted */
  pendingMemberId: string
  complaintId: string
  /** a decode of 王建国's code (fetched by 张丽华 under her grant) in his 使用记录 */
  usageEntryId: string
}

type Probe = (c: Ctx) => InjectOptions

/** Every route about a person, with a request an intruder makes against 王建国's things. */
const ABOUT_A_PERSON: Record<string, Probe> = {
  'POST /api/v1/drafts': (c) => ({ payload: { itemId: 'special-drug-filing', region: '331121', insuredId: c.pendingMemberId } }),
  'GET /api/v1/drafts/{id}': (c) => ({ url: `/api/v1/drafts/${c.draftId}` }),
  'PUT /api/v1/drafts/{id}': (c) => ({ url: `/api/v1/drafts/${c.draftId}`, payload: { values: {}, baseVersion: 1 } }),
  'DELETE /api/v1/drafts/{id}': (c) => ({ url: `/api/v1/drafts/${c.draftId}` }),
  'POST /api/v1/drafts/{id}/materials/{materialId}': (c) => ({ url: `/api/v1/drafts/${c.draftId}/materials/${c.materialId}`, multipart: true }),
  'DELETE /api/v1/drafts/{id}/uploads/{uploadId}': (c) => ({ url: `/api/v1/drafts/${c.draftId}/uploads/${c.uploadId}` }),
  // a query about a family member (001 §5.2.1) needs their `record` grant
  'POST /api/v1/items/{id}/query': (c) => ({ url: '/api/v1/items/personal-insurance-record/query', payload: { insuredId: c.pendingMemberId } }),
  'POST /api/v1/drafts/{id}/submit': (c) => ({ url: `/api/v1/drafts/${c.draftId}/submit`, headers: { 'idempotency-key': 'intruder-key-0001' }, payload: {} }),
  'GET /api/v1/applications': (c) => ({ url: `/api/v1/applications?insuredId=${c.pendingMemberId}` }),
  'GET /api/v1/applications/{id}': (c) => ({ url: `/api/v1/applications/${c.caseId}` }),
  'POST /api/v1/applications/{id}/materials/{materialId}': (c) => ({ url: `/api/v1/applications/${c.caseId}/materials/${c.materialId}`, multipart: true }),
  'POST /api/v1/applications/{id}/resubmit': (c) => ({ url: `/api/v1/applications/${c.caseId}/resubmit`, headers: { 'idempotency-key': 'intruder-key-0002' }, payload: {} }),
  'GET /api/v1/applications/{id}/result.pdf': (c) => ({ url: `/api/v1/applications/${c.caseId}/result.pdf` }),
  'GET /api/v1/applications/{id}/guide': (c) => ({ url: `/api/v1/applications/${c.caseId}/guide` }),
  'POST /api/v1/notifications/{id}/read': (c) => ({ url: `/api/v1/notifications/${c.notificationId}/read` }),
  'POST /api/v1/reminders/{id}/confirm': (c) => ({ url: `/api/v1/reminders/${c.reminderId}/confirm` }),
  'POST /api/v1/reminders/{id}/decline': (c) => ({ url: `/api/v1/reminders/${c.reminderId}/decline`, payload: {} }),
  'DELETE /api/v1/family/members/{id}': (c) => ({ url: `/api/v1/family/members/${c.grantId}` }),
  'POST /api/v1/family/requests/{id}/accept': (c) => ({ url: `/api/v1/family/requests/${c.pendingMemberId}/accept`, payload: { scopes: ['apply'] } }),
  'POST /api/v1/family/requests/{id}/decline': (c) => ({ url: `/api/v1/family/requests/${c.pendingMemberId}/decline` }),
  'PUT /api/v1/family/grants/{id}': (c) => ({ url: `/api/v1/family/grants/${c.grantId}`, payload: { scopes: ['apply'] } }),
  'DELETE /api/v1/family/grants/{id}': (c) => ({ url: `/api/v1/family/grants/${c.grantId}` }),
  'GET /api/v1/evoucher': (c) => ({ url: `/api/v1/evoucher?insuredId=${c.pendingMemberId}` }),
  'GET /api/v1/evoucher/usage': (c) => ({ url: `/api/v1/evoucher/usage?insuredId=${c.pendingMemberId}` }),
  // 「不是我」 on a use of his code: it would freeze his codes and file a complaint in his name
  'POST /api/v1/evoucher/usage/{id}/not-me': (c) => ({ url: `/api/v1/evoucher/usage/${c.usageEntryId}/not-me` }),
  'GET /api/v1/record/enrollment': (c) => ({ url: `/api/v1/record/enrollment?insuredId=${c.pendingMemberId}` }),
  'GET /api/v1/record/contributions': (c) => ({ url: `/api/v1/record/contributions?insuredId=${c.pendingMemberId}` }),
  'GET /api/v1/record/account': (c) => ({ url: `/api/v1/record/account?insuredId=${c.pendingMemberId}` }),
  'GET /api/v1/record/visits': (c) => ({ url: `/api/v1/record/visits?insuredId=${c.pendingMemberId}` }),
  'GET /api/v1/record/family-sharing': (c) => ({ url: `/api/v1/record/family-sharing?insuredId=${c.pendingMemberId}` }),
  'GET /api/v1/record/certificate.pdf': (c) => ({ url: `/api/v1/record/certificate.pdf?insuredId=${c.pendingMemberId}` }),
  // 好差评 and complaints: his case and his complaint
  'GET /api/v1/applications/{id}/evaluation': (c) => ({ url: `/api/v1/applications/${c.caseId}/evaluation` }),
  'POST /api/v1/applications/{id}/evaluation': (c) => ({ url: `/api/v1/applications/${c.caseId}/evaluation`, payload: { level: 'veryDissatisfied', reasons: ['other'] } }),
  'POST /api/v1/applications/{id}/evaluation/photo': (c) => ({ url: `/api/v1/applications/${c.caseId}/evaluation/photo`, multipart: true }),
  'GET /api/v1/applications/{id}/evaluation/photo': (c) => ({ url: `/api/v1/applications/${c.caseId}/evaluation/photo` }),
  'POST /api/v1/applications/{id}/evaluation/comment': (c) => ({ url: `/api/v1/applications/${c.caseId}/evaluation/comment`, payload: { text: '追评' } }),
  'POST /api/v1/applications/{id}/evaluation/feedback': (c) => ({ url: `/api/v1/applications/${c.caseId}/evaluation/feedback`, payload: { accept: true } }),
  'POST /api/v1/complaints': (c) => ({ payload: { subject: 'application', applicationId: c.caseId, category: COMPLAINT_CATEGORY, text: '冒用他人办件投诉' } }),
  'GET /api/v1/complaints/{id}': (c) => ({ url: `/api/v1/complaints/${c.complaintId}` }),
  'POST /api/v1/complaints/{id}/rate': (c) => ({ url: `/api/v1/complaints/${c.complaintId}/rate`, payload: { satisfied: false } })
}

let app: FastifyInstance
let cleanup: () => Promise<void>
let routes: string[]
let intruder: Session
let wang: Session
let zhang: Session
let ctx: Ctx
let img: Buffer

// the setup signs in three people and makes a case, a draft and uploads: slow on a loaded 2-core machine
jest.setTimeout(30_000)

beforeAll(async () => {
  const t = await testApp({ config: { staffToken: 'test-staff-token-0123456789' } })
  app = t.app
  cleanup = t.cleanup
  const doc = (await app.inject({ method: 'GET', url: '/docs/json' })).json() as { paths: Record<string, Record<string, unknown>> }
  routes = Object.entries(doc.paths).flatMap(([path, ops]) => Object.keys(ops).map((m) => `${m.toUpperCase()} ${path}`))

  wang = await signIn(app, SAMPLE.wang.phone, SAMPLE.wang)
  zhang = await signIn(app, SAMPLE.zhang.phone, SAMPLE.zhang)
  intruder = await signIn(app, '13800000003', { name: '李明', idNumber: '330802199001010037' })
  img = await photo(400, 300)
  const wangApplicant = { name: SAMPLE.wang.name, idNumber: SAMPLE.wang.idNumber, phone: SAMPLE.wang.phone }

  // 王建国's own things: a submitted case, an open draft with an upload, a message, a reminder
  const submittedDraft = await preparedDraft(app, wang, 'special-drug-filing', '331121', wangApplicant)
  const sub = await app.inject({ method: 'POST', url: `/api/v1/drafts/${submittedDraft}/submit`, headers: { ...wang.headers, 'idempotency-key': 'wang-key-0001' }, payload: {} })
  const caseId = sub.json().id as string
  const draftId = await preparedDraft(app, wang, 'referral-filing', '331121', wangApplicant)
  const draft = (await app.inject({ method: 'GET', url: `/api/v1/drafts/${draftId}`, headers: wang.headers })).json()
  const upload = draft.uploads[0]
  const notificationId = (await app.inject({ method: 'GET', url: '/api/v1/notifications', headers: wang.headers })).json().notifications[0].id
  const reminder = await app.inject({
    method: 'POST',
    url: '/api/v1/staff/reminders',
    headers: await staffAuth(app),
    payload: { idNumber: SAMPLE.wang.idNumber, itemId: 'special-drug-filing', region: '331121', reason: '测试提醒' }
  })
  // 张丽华 holds a grant from him; 李明 asked for one and was never answered
  const zm = await app.inject({ method: 'POST', url: '/api/v1/family/members', headers: zhang.headers, payload: { relationship: 'parent', name: SAMPLE.wang.name, idNumber: SAMPLE.wang.idNumber } })
  await app.inject({ method: 'POST', url: `/api/v1/family/requests/${zm.json().id}/accept`, headers: wang.headers, payload: { scopes: ['evoucher', 'apply', 'cases', 'rate', 'record'] } })
  const lm = await app.inject({ method: 'POST', url: '/api/v1/family/members', headers: intruder.headers, payload: { relationship: 'parent', name: SAMPLE.wang.name, idNumber: SAMPLE.wang.idNumber } })
  const complaint = await app.inject({
    method: 'POST',
    url: '/api/v1/complaints',
    headers: wang.headers,
    payload: { subject: 'application', applicationId: caseId, category: COMPLAINT_CATEGORY, text: '等了很久没有人处理' }
  })
  if (complaint.statusCode !== 201) throw new Error(`complaint ${complaint.statusCode} ${complaint.body}`)
  // a counter decodes the code 张丽华 fetched for him (the development terminal key: this machine)
  const code = (await app.inject({ url: `/api/v1/evoucher?insuredId=${zm.json().id}`, headers: zhang.headers })).json().code as string
  await app.inject({ method: 'POST', url: '/api/v1/evoucher/decode', headers: { 'x-terminal-key': app.terminal.key! }, payload: { code } })
  const usageEntryId = (await app.inject({ url: '/api/v1/evoucher/usage', headers: wang.headers })).json().entries[0].id as string
  ctx = {
    usageEntryId,
    complaintId: complaint.json().id,
    draftId,
    uploadId: upload.id,
    materialId: upload.materialId,
    caseId,
    notificationId,
    reminderId: reminder.json().id,
    grantId: zm.json().id,
    pendingMemberId: lm.json().id
  }
})
afterAll(async () => cleanup())

it('classifies every route of the BFF', () => {
  const unclassified = routes.filter((r) => !(r in NOT_ABOUT_ANOTHER) && !(r in ABOUT_A_PERSON) && !r.includes(STAFF_PREFIX) && !r.startsWith('GET /docs'))
  expect(unclassified).toEqual([])
  // and the table names no route that does not exist
  expect(Object.keys(ABOUT_A_PERSON).filter((r) => !routes.includes(r))).toEqual([])
})

describe('a signed-in user without a grant gets 403 or 404 from every route about another person', () => {
  it.each(Object.keys(ABOUT_A_PERSON))('%s', async (route) => {
    const [method, path] = route.split(' ')
    const probe = ABOUT_A_PERSON[route](ctx)
    const opts: InjectOptions = { method: method as InjectOptions['method'], url: probe.url ?? path, headers: { ...intruder.headers, ...(probe.headers ?? {}) } }
    if ((probe as { multipart?: boolean }).multipart) {
      const mp = multipart('x.jpg', img, 'image/jpeg')
      opts.headers = { ...opts.headers, ...mp.headers }
      opts.payload = mp.payload
    } else if (probe.payload !== undefined) {
      opts.payload = probe.payload
    }
    const res = await app.inject(opts)
    expect([403, 404]).toContain(res.statusCode)
    expect(res.json().code).toMatch(/^[A-Z_]+$/)
    // nothing of his leaks in the refusal
    expect(res.body).not.toContain(SAMPLE.wang.idNumber)
    expect(res.body).not.toContain(SAMPLE.wang.name)
  })

  it('and his things are as they were', async () => {
    const draft = (await app.inject({ method: 'GET', url: `/api/v1/drafts/${ctx.draftId}`, headers: wang.headers })).json()
    expect(draft.uploads.map((u: { id: string }) => u.id)).toContain(ctx.uploadId)
    expect(draft.applicationId).toBeNull()
    expect((await app.inject({ method: 'GET', url: `/api/v1/applications/${ctx.caseId}`, headers: wang.headers })).statusCode).toBe(200)
    expect((await app.inject({ method: 'GET', url: '/api/v1/family/grants', headers: wang.headers })).json().grants).toHaveLength(1)
    expect((await app.inject({ method: 'GET', url: '/api/v1/reminders', headers: wang.headers })).json().reminders[0].status).toBe('pending')
  })
})

it('the staff routes refuse a citizen token', async () => {
  const staffRoutes = routes.filter((r) => r.includes(STAFF_PREFIX))
  expect(staffRoutes.length).toBeGreaterThan(0)
  for (const r of staffRoutes) {
    const [method, path] = r.split(' ')
    const res = await app.inject({ method: method as InjectOptions['method'], url: path.replace(/\{[^}]+\}/g, ctx.caseId), headers: intruder.headers, payload: {} })
    // sign-in, sign-out and enrolment take no token (a malformed body is 400; signing out nothing is 204);
    // everything else refuses the citizen's token
    if (/\/staff\/(session|enroll)$/.test(path)) expect([204, 400]).toContain(res.statusCode)
    else expect([r, res.statusCode]).toEqual([r, 401])
  }
})
