import type { FastifyInstance, InjectOptions, LightMyRequestResponse } from 'fastify'
import { GRANT_SCOPES, type GrantScope } from '../../../contract/family'
import { testApp } from '../helpers'
import { SAMPLE, multipart, photo, signIn, type Session } from '../apply/helpers'
import { insertCase } from '../evaluation/helpers'
import { staffAuth } from '../staff/helpers'

/**
 * The access-control matrix: roles × personal routes × grant states. 张丽华 (the proxy) applied for her father
 * 王建国 (the member) while she held his grant: she submitted the cases, rated one, added its photo and 追评, filed a
 * complaint and fetched his e-voucher. Then the grant changes state — all scopes; each scope taken away in turn;
 * revoked by him; removed by her — and every personal route is asked by every role. What she may do follows from the
 * grant alone: having submitted the case, rated it or complained about it gives her nothing once the grant is gone.
 *
 * An answer counts as "denied" when it is 401/403, or 404 with a code that means "not yours"; anything else below 500
 * (200, or a 409/400 that only a caller who got past the check can see) counts as "allowed". List routes are judged by
 * whether the member's thing is in the list. The figures of the run go to the README's Security section.
 */

type Role = 'member' | 'proxy' | 'stranger' | 'unrealnamed' | 'anonymous'
const ROLES: Role[] = ['member', 'proxy', 'stranger', 'unrealnamed', 'anonymous']
type State = 'granted' | `without ${GrantScope}` | 'revoked' | 'removed'
const STATES: State[] = ['granted', ...GRANT_SCOPES.map((s) => `without ${s}` as State), 'revoked', 'removed']

/** codes that mean "not yours" (the thing is hidden as if it did not exist) */
const NOT_YOURS = new Set(['APPLICATION_UNKNOWN', 'DRAFT_UNKNOWN', 'FAMILY_MEMBER_UNKNOWN', 'COMPLAINT_UNKNOWN', 'GRANT_UNKNOWN', 'FAMILY_REQUEST_UNKNOWN'])

interface Ctx {
  memberId: string
  draftId: string
  caseId: string
  unratedCaseId: string
  complaintId: string
  /** an e-voucher code she fetched while she held the grant */
  code: string
}

interface Probe {
  /** the proxy is allowed when her grant holds any of these; 'member-only': only the person themselves */
  scopes: GrantScope[] | 'member-only' | 'nobody-else'
  /** allowed for the member themselves (drafts are their author's working copies) */
  member: boolean
  /** the member only while a grant exists (managing it) */
  whileGranted?: boolean
  request?: (c: Ctx, role: Role) => InjectOptions & { file?: boolean }
  /** list routes and decode: judge by the answer, not its status */
  judge?: (res: LightMyRequestResponse, c: Ctx) => boolean
}

/** the member asks about himself; everyone else names him by her member id (which is no one else's) */
const insured = (c: Ctx, role: Role): string => (role === 'member' ? 'self' : c.memberId)
const contains = (id: (c: Ctx) => string) => (res: LightMyRequestResponse, c: Ctx) => res.statusCode === 200 && res.body.includes(id(c))

const PROBES: Record<string, Probe> = {
  // drafts (代为申办)
  'GET /api/v1/drafts': { scopes: ['apply'], member: false, request: () => ({ url: '/api/v1/drafts' }), judge: contains((c) => c.draftId) },
  'GET /api/v1/drafts/{id}': { scopes: ['apply'], member: false, request: (c) => ({ url: `/api/v1/drafts/${c.draftId}` }) },
  // a stale version: allowed callers meet 409 DRAFT_CONFLICT and nothing is written
  'PUT /api/v1/drafts/{id}': { scopes: ['apply'], member: false, request: (c) => ({ method: 'PUT', url: `/api/v1/drafts/${c.draftId}`, payload: { values: {}, baseVersion: 0 } }) },
  'POST /api/v1/drafts/{id}/materials/{materialId}': { scopes: ['apply'], member: false, request: (c) => ({ method: 'POST', url: `/api/v1/drafts/${c.draftId}/materials/disease-proof`, file: true }) },
  'DELETE /api/v1/drafts/{id}/uploads/{uploadId}': { scopes: ['apply'], member: false, request: (c) => ({ method: 'DELETE', url: `/api/v1/drafts/${c.draftId}/uploads/no-such-upload` }) },
  'POST /api/v1/drafts/{id}/submit': {
    scopes: ['apply'],
    member: false,
    request: (c) => ({ method: 'POST', url: `/api/v1/drafts/${c.draftId}/submit`, headers: { 'idempotency-key': `matrix-${Math.random().toString(36).slice(2, 14)}` }, payload: {} })
  },
  'POST /api/v1/drafts (for the member)': {
    scopes: ['apply'],
    member: true,
    request: (c, role) => ({ method: 'POST', url: '/api/v1/drafts', payload: { itemId: 'special-drug-filing', region: '331121', insuredId: insured(c, role) } })
  },
  // cases and their progress (查看办件进度; the submitter may follow what she applied for while she may apply)
  'GET /api/v1/applications': { scopes: ['cases', 'apply'], member: true, request: () => ({ url: '/api/v1/applications' }), judge: contains((c) => c.caseId) },
  'GET /api/v1/applications?insuredId=': { scopes: ['cases'], member: true, request: (c, role) => ({ url: `/api/v1/applications?insuredId=${insured(c, role)}` }), judge: contains((c) => c.caseId) },
  'GET /api/v1/applications/{id}': { scopes: ['cases', 'apply'], member: true, request: (c) => ({ url: `/api/v1/applications/${c.caseId}` }) },
  'GET /api/v1/applications/{id}/result.pdf': { scopes: ['cases', 'apply'], member: true, request: (c) => ({ url: `/api/v1/applications/${c.caseId}/result.pdf` }) },
  'POST /api/v1/applications/{id}/materials/{materialId}': { scopes: ['apply'], member: true, request: (c) => ({ method: 'POST', url: `/api/v1/applications/${c.caseId}/materials/prescription`, file: true }) },
  'POST /api/v1/applications/{id}/resubmit': {
    scopes: ['apply'],
    member: true,
    request: (c) => ({ method: 'POST', url: `/api/v1/applications/${c.caseId}/resubmit`, headers: { 'idempotency-key': `matrix-${Math.random().toString(36).slice(2, 14)}` }, payload: {} })
  },
  // 好差评 (代为评价): the rating, 追评, photo and the loop
  'GET /api/v1/evaluations': { scopes: ['rate'], member: true, request: () => ({ url: '/api/v1/evaluations' }), judge: contains((c) => c.caseId) },
  'GET /api/v1/evaluations/pending': { scopes: ['rate'], member: true, request: () => ({ url: '/api/v1/evaluations/pending' }), judge: contains((c) => c.unratedCaseId) },
  'GET /api/v1/applications/{id}/evaluation': { scopes: ['rate'], member: true, request: (c) => ({ url: `/api/v1/applications/${c.caseId}/evaluation` }) },
  'POST /api/v1/applications/{id}/evaluation': { scopes: ['rate'], member: true, request: (c) => ({ method: 'POST', url: `/api/v1/applications/${c.caseId}/evaluation`, payload: { level: 'satisfied' } }) },
  'POST /api/v1/applications/{id}/evaluation/photo': { scopes: ['rate'], member: true, request: (c) => ({ method: 'POST', url: `/api/v1/applications/${c.caseId}/evaluation/photo`, file: true }) },
  'GET /api/v1/applications/{id}/evaluation/photo': { scopes: ['rate'], member: true, request: (c) => ({ url: `/api/v1/applications/${c.caseId}/evaluation/photo` }) },
  'POST /api/v1/applications/{id}/evaluation/comment': { scopes: ['rate'], member: true, request: (c) => ({ method: 'POST', url: `/api/v1/applications/${c.caseId}/evaluation/comment`, payload: { text: '再补充一句' } }) },
  'POST /api/v1/applications/{id}/evaluation/feedback': { scopes: ['rate'], member: true, request: (c) => ({ method: 'POST', url: `/api/v1/applications/${c.caseId}/evaluation/feedback`, payload: { accept: true } }) },
  // complaints about the case: filing needs the grant; her own complaint shows the case only while she holds it
  'POST /api/v1/complaints': {
    scopes: ['rate'],
    member: true,
    request: (c) => ({ method: 'POST', url: '/api/v1/complaints', payload: { subject: 'application', applicationId: c.caseId, category: 'delay', text: '矩阵测试投诉' } })
  },
  'GET /api/v1/complaints/{id} (the case it names)': {
    scopes: ['rate'],
    member: false,
    request: (c) => ({ url: `/api/v1/complaints/${c.complaintId}` }),
    judge: (res, c) => res.statusCode === 200 && (res.json() as { applicationId: string | null }).applicationId === c.caseId
  },
  // 医保电子凭证 (出示医保码): a fresh code, and the code she fetched before the change, at a counter
  'GET /api/v1/evoucher': { scopes: ['evoucher'], member: true, request: (c, role) => ({ url: `/api/v1/evoucher?insuredId=${insured(c, role)}` }) },
  'POST /api/v1/evoucher/decode (her earlier code)': { scopes: ['evoucher'], member: true, judge: (res) => res.statusCode === 200 },
  // 医保云档案 (查看医保档案)
  ...Object.fromEntries(
    ['enrollment', 'contributions', 'account', 'visits', 'family-sharing', 'certificate.pdf'].map((p) => [
      `GET /api/v1/record/${p}`,
      { scopes: ['record'], member: true, request: (c: Ctx, role: Role) => ({ url: `/api/v1/record/${p}?insuredId=${insured(c, role)}` }) } satisfies Probe
    ])
  ),
  // 亲情账户: the grant is the member's to narrow or revoke, and the log of what was done for him is his
  'GET /api/v1/family/grants': { scopes: 'member-only', member: true, whileGranted: true, request: () => ({ url: '/api/v1/family/grants' }), judge: contains((c) => c.memberId) },
  'GET /api/v1/family/proxy-log': { scopes: 'member-only', member: true, request: () => ({ url: '/api/v1/family/proxy-log' }), judge: (res) => res.statusCode === 200 && res.body.includes('出示医保码') },
  'PUT /api/v1/family/grants/{id}': { scopes: 'nobody-else', member: true, whileGranted: true, request: (c) => ({ method: 'PUT', url: `/api/v1/family/grants/${c.memberId}`, payload: { scopes: [...GRANT_SCOPES] } }) }
}

function expected(role: Role, state: State, probe: Probe): boolean {
  if (role === 'member') return probe.member && !(probe.whileGranted && (state === 'revoked' || state === 'removed'))
  if (role !== 'proxy') return false
  if (!Array.isArray(probe.scopes)) return false
  if (state === 'revoked' || state === 'removed') return false
  const held = state === 'granted' ? [...GRANT_SCOPES] : GRANT_SCOPES.filter((s) => `without ${s}` !== state)
  return probe.scopes.some((s) => held.includes(s))
}

let app: FastifyInstance
let cleanup: () => Promise<void>
let sessions: Record<Exclude<Role, 'anonymous'>, Session>
let ctx: Ctx
let terminal: string
let img: Buffer
let memberIdCurrent = ''

// signs in four people and runs ~1 000 requests: slow on a loaded 2-core machine
jest.setTimeout(120_000)

async function call(s: Session | null, opts: InjectOptions): Promise<LightMyRequestResponse> {
  return app.inject({ ...opts, headers: { ...(s?.headers ?? {}), ...(opts.headers ?? {}) } })
}

/** 张丽华 asks again (a re-added member is pending) and 王建国 grants every scope. */
async function grantAll(): Promise<void> {
  const zhang = sessions.proxy
  const wang = sessions.member
  const added = await call(zhang, { method: 'POST', url: '/api/v1/family/members', payload: { relationship: 'parent', name: SAMPLE.wang.name, idNumber: SAMPLE.wang.idNumber } })
  if (added.statusCode === 201) memberIdCurrent = added.json().id
  else if (added.json().code !== 'FAMILY_MEMBER_EXISTS') throw new Error(`add ${added.statusCode} ${added.body}`)
  const accepted = await call(wang, { method: 'POST', url: `/api/v1/family/requests/${memberIdCurrent}/accept`, payload: { scopes: [...GRANT_SCOPES] } })
  if (accepted.statusCode !== 200) {
    const put = await call(wang, { method: 'PUT', url: `/api/v1/family/grants/${memberIdCurrent}`, payload: { scopes: [...GRANT_SCOPES] } })
    if (put.statusCode !== 200) throw new Error(`grant ${put.statusCode} ${put.body}`)
  }
}

async function enter(state: State): Promise<void> {
  const wang = sessions.member
  await grantAll()
  // she shows his code under the full grant; the state then changes before a counter scans it
  const ev = await call(sessions.proxy, { url: `/api/v1/evoucher?insuredId=${memberIdCurrent}` })
  if (ev.statusCode !== 200) throw new Error(`evoucher ${ev.statusCode} ${ev.body}`)
  ctx.code = ev.json().code
  ctx.memberId = memberIdCurrent
  if (state.startsWith('without ')) {
    const drop = state.slice('without '.length)
    const res = await call(wang, { method: 'PUT', url: `/api/v1/family/grants/${memberIdCurrent}`, payload: { scopes: GRANT_SCOPES.filter((s) => s !== drop) } })
    if (res.statusCode !== 200) throw new Error(`narrow ${res.statusCode} ${res.body}`)
  } else if (state === 'revoked') {
    const res = await call(wang, { method: 'DELETE', url: `/api/v1/family/grants/${memberIdCurrent}` })
    if (res.statusCode !== 204) throw new Error(`revoke ${res.statusCode} ${res.body}`)
  } else if (state === 'removed') {
    const res = await call(sessions.proxy, { method: 'DELETE', url: `/api/v1/family/members/${memberIdCurrent}` })
    if (res.statusCode !== 204) throw new Error(`remove ${res.statusCode} ${res.body}`)
  }
}

async function ask(role: Role, name: string, probe: Probe): Promise<boolean> {
  const s = role === 'anonymous' ? null : sessions[role]
  if (name.startsWith('POST /api/v1/evoucher/decode')) {
    // the member's own code in his column, hers in the proxy's; a code nobody of that role fetched is denied
    let code = ctx.code
    if (role === 'member') code = (await call(sessions.member, { url: '/api/v1/evoucher' })).json().code
    else if (role !== 'proxy') return false
    const res = await app.inject({ method: 'POST', url: '/api/v1/evoucher/decode', headers: { 'x-terminal-key': terminal }, payload: { code } })
    return probe.judge!(res, ctx)
  }
  const opts = probe.request!(ctx, role)
  if (opts.file) {
    const mp = multipart('x.jpg', img, 'image/jpeg')
    opts.headers = { ...(opts.headers ?? {}), ...mp.headers }
    opts.payload = mp.payload
    delete opts.file
  }
  const res = await call(s, opts)
  if (res.statusCode >= 500) throw new Error(`${role} ${name}: ${res.statusCode} ${res.body}`)
  if (probe.judge) return probe.judge(res, ctx)
  if (res.statusCode === 401 || res.statusCode === 403) return false
  if (res.statusCode === 404 && NOT_YOURS.has(res.json().code)) return false
  return true
}

beforeAll(async () => {
  const t = await testApp({ config: { terminalKey: 'matrix-terminal-key-0123456789' } })
  app = t.app
  cleanup = t.cleanup
  terminal = 'matrix-terminal-key-0123456789'
  img = await photo(400, 300)
  sessions = {
    member: await signIn(app, SAMPLE.wang.phone, SAMPLE.wang),
    proxy: await signIn(app, SAMPLE.zhang.phone, SAMPLE.zhang),
    stranger: await signIn(app, '13800000003', { name: '李明', idNumber: '330802199001010037' }),
    unrealnamed: await signIn(app, '13800000004')
  }
  await grantAll()
  const zhangId = (await call(sessions.proxy, { url: '/api/v1/me' })).json().user.id as string
  const wang = { name: SAMPLE.wang.name, idNumber: SAMPLE.wang.idNumber }
  // two decided cases she submitted for him (the submitter), one she rated
  const at = new Date().toISOString()
  const caseId = await insertCase(app.db, { userId: zhangId, applicant: wang, region: '331121', regionName: '青田县', submittedAt: at, decidedAt: at })
  const unratedCaseId = await insertCase(app.db, { userId: zhangId, applicant: wang, region: '331121', regionName: '青田县', submittedAt: at, decidedAt: at })
  const ok = (res: LightMyRequestResponse, what: string): LightMyRequestResponse => {
    if (res.statusCode >= 300) throw new Error(`${what} ${res.statusCode} ${res.body}`)
    return res
  }
  ok(await call(sessions.proxy, { method: 'POST', url: `/api/v1/applications/${caseId}/evaluation`, payload: { level: 'dissatisfied', reasons: ['timeLimit'] } }), 'rate')
  const mp = multipart('x.jpg', img, 'image/jpeg')
  ok(await call(sessions.proxy, { method: 'POST', url: `/api/v1/applications/${caseId}/evaluation/photo`, headers: mp.headers, payload: mp.payload }), 'photo')
  ok(await call(sessions.proxy, { method: 'POST', url: `/api/v1/applications/${caseId}/evaluation/comment`, payload: { text: '追评' } }), 'comment')
  const complaint = ok(
    await call(sessions.proxy, { method: 'POST', url: '/api/v1/complaints', payload: { subject: 'application', applicationId: caseId, category: 'delay', text: '替父亲投诉' } }),
    'complaint'
  )
  const draft = ok(await call(sessions.proxy, { method: 'POST', url: '/api/v1/drafts', payload: { itemId: 'special-drug-filing', region: '331121', insuredId: memberIdCurrent } }), 'draft')
  ctx = { memberId: memberIdCurrent, draftId: draft.json().id, caseId, unratedCaseId, complaintId: complaint.json().id, code: '' }
})
afterAll(async () => cleanup())

it('every role gets exactly what the grant gives, for every personal route, in every grant state', async () => {
  const mismatches: string[] = []
  let cells = 0
  let allowed = 0
  for (const state of STATES) {
    await enter(state)
    for (const [name, probe] of Object.entries(PROBES)) {
      for (const role of ROLES) {
        const got = await ask(role, name, probe)
        const want = expected(role, state, probe)
        cells++
        if (got) allowed++
        if (got !== want) mismatches.push(`${state} · ${role} · ${name}: ${got ? 'allowed' : 'denied'}, expected ${want ? 'allowed' : 'denied'}`)
      }
    }
  }
  expect(mismatches).toEqual([])
  // the figures for the README's Security section
  console.log(`access-control matrix: ${ROLES.length} roles × ${Object.keys(PROBES).length} routes × ${STATES.length} grant states = ${cells} checks, ${allowed} allowed, ${cells - allowed} denied, ${mismatches.length} wrong`)
  expect(cells).toBe(ROLES.length * Object.keys(PROBES).length * STATES.length)
})

it('after the grant ends, progress messages of a case she submitted go to the member only', async () => {
  // the last state of the matrix: she removed him, no grant is left
  const zhangId = (await call(sessions.proxy, { url: '/api/v1/me' })).json().user.id as string
  const at = new Date().toISOString()
  const caseId = await insertCase(app.db, {
    userId: zhangId,
    applicant: { name: SAMPLE.wang.name, idNumber: SAMPLE.wang.idNumber },
    region: '331121',
    regionName: '青田县',
    status: 'submitted',
    submittedAt: at
  })
  const acted = await app.inject({ method: 'POST', url: `/api/v1/staff/applications/${caseId}/actions`, headers: await staffAuth(app), payload: { action: 'assign', staffName: '李芳' } })
  expect(acted.statusCode).toBe(200)
  const about = async (s: Session): Promise<number> =>
    ((await call(s, { url: '/api/v1/notifications' })).json().notifications as Array<{ applicationId: string | null }>).filter((n) => n.applicationId === caseId).length
  expect(await about(sessions.member)).toBe(1)
  expect(await about(sessions.proxy)).toBe(0)
})
